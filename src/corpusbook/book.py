"""What every chapter starts with: the corpus, the curated tables and the token table, loaded once.

Examples
--------
>>> from corpusbook.book import load
>>> data = load()                # doctest: +SKIP
>>> data.tokens.head()           # doctest: +SKIP
"""

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from corpusbook.actors import canonical_names
from corpusbook.corpus import Corpus, load_corpus
from corpusbook.preprocess import Resources, load_resources, token_table
from corpusbook.settings import cache_dir, corpus_dir, project_root


@dataclass(frozen=True)
class BookData:
    """The inputs of every chapter.

    Attributes
    ----------
    corpus : Corpus
    resources : Resources
    tokens : pandas.DataFrame
        The token table (:func:`corpusbook.preprocess.token_table`), with the metadata columns
        ``period`` and ``slice`` joined on and the canonical entity names as lemmas
        (:func:`corpusbook.actors.canonical_names`).
    """

    corpus: Corpus
    resources: Resources
    tokens: pd.DataFrame
    archive: Path | None = None
    folder: Path | None = None

    def frequencies(self, by=None, min_count=1):
        """The frequency table (:func:`corpusbook.frequency.frequency_table`) of the whole corpus or per group.

        When the project has the counts of an archive (``corpus/counts/``, written by
        ``python -m corpusbook.archive … --out corpus/counts``), the table comes from those counts of
        every article of the archive (:func:`corpusbook.counts.frequency_from_counts`, equal to the
        in-memory table); otherwise from the token table. ``by`` is None, ``"period"`` or ``"slice"``
        with an archive, any column of the token table without one.
        """
        from corpusbook.frequency import frequency_table

        if self.archive is None:
            return frequency_table(self.tokens, by=by, min_count=min_count)
        from corpusbook.archive import GROUPINGS, WHOLE, load_counts
        from corpusbook.counts import frequency_from_counts
        from corpusbook.errors import CorpusError

        key = by or WHOLE
        if key not in GROUPINGS:
            raise CorpusError(f"{self.archive}: the archive's counts are grouped by "
                              f"{', '.join(g for g in GROUPINGS if g != WHOLE)} only, not by '{by}'.")
        table = frequency_from_counts(*load_counts(self.archive, key), key, min_count=min_count)
        return table.drop(columns=WHOLE) if by is None else table

    def scope(self):
        """What the chapters read: ``{"archive": bool, "counted": n, "with_text": n, "seed": int or None}``.

        ``counted`` is the number of articles behind the frequencies, ``with_text`` the number whose
        text the other chapters read (the whole corpus, or the archive's seeded sample).
        """
        with_text = len(self.corpus.documents)
        if self.archive is None:
            return {"archive": False, "counted": with_text, "with_text": with_text, "seed": None}
        import json

        counted = len(pd.read_parquet(self.archive / "articles.parquet", columns=["doc_id"]))
        info = self.archive / "sample.json"
        seed = json.loads(info.read_text())["seed"] if info.is_file() else None
        return {"archive": True, "counted": counted, "with_text": with_text, "seed": seed}

    @property
    def documents(self):
        return self.corpus.documents

    def missing(self, *phrases):
        """The phrases that no paragraph of the corpus contains (empty when the texts say all of them).

        A chapter that describes what an article says checks it this way, so the description is flagged
        when that article leaves the corpus.
        """
        text = "\n".join(self.corpus.paragraphs["text"])
        return [p for p in phrases if p not in text]

    @cached_property
    def frames(self):
        """The frame dictionary, ``frames.csv`` of the corpus folder (:func:`corpusbook.frames.load_frames`)."""
        from corpusbook.frames import load_frames

        return load_frames(self.folder / "frames.csv")

    @cached_property
    def counts(self):
        """Article × lemma counts of the content lemmas (:class:`corpusbook.keyness.Counts`), by period and slice."""
        from corpusbook.keyness import Counts

        return Counts(self.tokens, "lemma", by=("period", "slice"))


def load(root=None):
    """Load, validate, clean and preprocess the corpus of the project at ``root``.

    Parameters
    ----------
    root : path-like, optional
        The project folder (default: found from the current directory, see
        :func:`corpusbook.settings.project_root`).

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
        Where the token table is cached (default :func:`corpusbook.settings.cache_dir`).
    cache : bool, default True
        False recomputes the token table and writes nothing.

    Returns
    -------
    BookData
    """
    from corpusbook.archive import COUNTS_FOLDER

    folder = Path(folder)
    corpus = load_corpus(folder)
    resources = load_resources(folder)
    tokens = token_table(corpus.paragraphs, resources, cache=cache, folder=cache_folder)
    meta = corpus.documents.set_index("doc_id")
    tokens = tokens.assign(period=tokens["doc_id"].map(meta["period"]), slice=tokens["doc_id"].map(meta["slice"]))
    tokens = canonical_names(tokens)  # one name per entity in every chapter
    counts = folder / COUNTS_FOLDER
    archive = counts if (counts / "articles.parquet").is_file() else None
    return BookData(corpus=corpus, resources=resources, tokens=tokens, archive=archive, folder=folder)
