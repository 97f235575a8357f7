"""What every chapter starts with: the corpus, its token table and its article × lemma counts, loaded once.

The first chapter of a build computes them; the others read them from the on-disk cache
(:class:`joblib.Memory` in ``_build/cache``), keyed on a hash of every file of the corpus folder and of
the package's code, so a change to any of them computes them again.
"""

import hashlib
import json
import shutil
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd
from joblib import Memory

from corpusbook.corpus import Corpus, load_corpus
from corpusbook.counts import Counts, frequency_from_counts
from corpusbook.errors import CorpusError, read_table
from corpusbook.frames import load_frames
from corpusbook.frequency import frequency_table
from corpusbook.preprocess import Resources, build_token_table, canonical_names, load_resources
from corpusbook.settings import cache_dir, corpus_dir, project_root

#: Folder of a corpus that holds an archive's counts (``python -m corpusbook.archive … --out corpus/counts``).
COUNTS_FOLDER = "counts"
#: Groupings an archive's counts are summed by (``corpus`` is the whole collection).
ARCHIVE_GROUPINGS = ("corpus", "period", "slice")
#: Loaded corpora kept in the cache (the latest ones; older ones are deleted).
CACHE_ITEMS = 3


@dataclass(frozen=True)
class BookData:
    """The inputs of every chapter.

    Attributes
    ----------
    corpus : Corpus
    resources : Resources
    tokens : pandas.DataFrame
        The token table (:func:`corpusbook.preprocess.build_token_table`) with one name per entity
        (:func:`corpusbook.preprocess.canonical_names`) and ``period`` and ``slice`` joined on.
    counts : Counts
        Article × lemma counts of the content lemmas, by period and slice.
    folder : pathlib.Path
        The corpus folder.
    """

    corpus: Corpus
    resources: Resources
    tokens: pd.DataFrame
    counts: Counts
    folder: Path

    @property
    def documents(self):
        return self.corpus.documents

    @property
    def archive(self):
        """The folder of an archive's counts in the corpus, or None."""
        folder = self.folder / COUNTS_FOLDER
        return folder if (folder / "articles.parquet").is_file() else None

    @cached_property
    def glosses(self):
        """English glosses of German lemmas (lemma → gloss) from ``glosses.csv``; empty without the file."""
        path = self.folder / "glosses.csv"
        if not path.is_file():
            return {}
        table = read_table(path, required=("lemma", "gloss"))
        return dict(zip(table["lemma"], table["gloss"]))

    @cached_property
    def frames(self):
        """The frame dictionary, ``frames.csv`` of the corpus folder (:func:`corpusbook.frames.load_frames`)."""
        return load_frames(self.folder / "frames.csv")

    def frequencies(self, by=None, min_count=1):
        """The frequency table (:func:`corpusbook.frequency.frequency_table`) of the whole corpus or per group.

        With an archive's counts (``corpus/counts/``) the table comes from them
        (:func:`corpusbook.counts.frequency_from_counts`) and ``by`` is None, ``"period"`` or ``"slice"``.

        Parameters
        ----------
        by : str, optional
            Grouping column (None: the whole corpus).
        min_count : int, default 1
            Smallest count kept.

        Returns
        -------
        pandas.DataFrame
        """
        if self.archive is None:
            return frequency_table(self.tokens, by=by, min_count=min_count)
        from corpusbook.archive import load_counts  # noqa: PLC0415 (Dask loads only for an archive)

        key = by or "corpus"
        if key not in ARCHIVE_GROUPINGS:
            raise CorpusError(
                f"{self.archive}: the archive's counts are grouped by "
                f"{', '.join(g for g in ARCHIVE_GROUPINGS if g != 'corpus')} only, not by '{by}'."
            )
        table = frequency_from_counts(*load_counts(self.archive, key), key, min_count=min_count)
        return table.drop(columns="corpus") if by is None else table

    def scope(self):
        """What the chapters read: ``{"archive": bool, "counted": n, "with_text": n, "seed": int or None}``.

        ``counted`` articles are behind the frequencies; the other chapters read the text of ``with_text``.
        """
        with_text = len(self.corpus.documents)
        if self.archive is None:
            return {"archive": False, "counted": with_text, "with_text": with_text, "seed": None}
        counted = len(pd.read_parquet(self.archive / "articles.parquet", columns=["doc_id"]))
        info = self.archive / "sample.json"
        seed = json.loads(info.read_text())["seed"] if info.is_file() else None
        return {"archive": True, "counted": counted, "with_text": with_text, "seed": seed}

    def missing(self, *phrases):
        """The phrases that no paragraph of the corpus contains (empty when the texts say all of them)."""
        text = "\n".join(self.corpus.paragraphs["text"])
        return [p for p in phrases if p not in text]


def load(root=None):
    """Load, validate, clean and preprocess the corpus of the project at ``root`` (cached on disk).

    Parameters
    ----------
    root : path-like, optional
        The project folder (default: :func:`corpusbook.settings.project_root`).

    Returns
    -------
    BookData
    """
    root = project_root(root)
    return load_folder(corpus_dir(root), cache_folder=cache_dir(root))


def load_folder(folder, cache_folder=None, cache=True):
    """:func:`load` for a corpus folder anywhere (tests, benchmarks): the same steps, the same tables.

    Parameters
    ----------
    folder : path-like
        A folder laid out like the project's ``corpus/``.
    cache_folder : path-like, optional
        Where loaded corpora are cached (default :func:`corpusbook.settings.cache_dir`).
    cache : bool, default True
        False computes everything and writes nothing.

    Returns
    -------
    BookData
    """
    folder = Path(folder)
    if not cache:
        return prepare(folder)
    location = Path(cache_folder or cache_dir()) / "joblib"
    created = [p for p in (location, *location.parents) if not p.exists()]  # removed again if loading fails
    memory = Memory(location, verbose=0)
    try:
        data = memory.cache(_prepare_keyed, ignore=["folder"])(folder, fingerprint(folder))
    except CorpusError:
        if created:  # a corpus with problems leaves nothing behind
            shutil.rmtree(created[-1], ignore_errors=True)
        raise
    memory.reduce_size(items_limit=CACHE_ITEMS)
    return BookData(data.corpus, data.resources, data.tokens, data.counts, folder)


def prepare(folder):
    """Everything a chapter reads, computed from the corpus folder (no cache)."""
    folder = Path(folder)
    corpus, resources = load_corpus(folder), load_resources(folder)
    meta = corpus.documents.set_index("doc_id")
    tokens = canonical_names(build_token_table(corpus.paragraphs, resources))  # one name per entity
    tokens = tokens.assign(period=tokens["doc_id"].map(meta["period"]), slice=tokens["doc_id"].map(meta["slice"]))
    return BookData(corpus, resources, tokens, Counts(tokens, "lemma", by=("period", "slice")), folder)


def _prepare_keyed(folder, key):
    """:func:`prepare`, cached under ``key`` (the folder's :func:`fingerprint`) rather than the path."""
    return prepare(folder)


def fingerprint(folder):
    """SHA-256 of every file of a corpus folder (paths and bytes) and of the package's code."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for top in (Path(folder), package):
        for path in sorted(p for p in top.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(top).as_posix().encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
