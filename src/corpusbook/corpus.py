"""Load and validate the corpus: ``corpus/metadata.csv`` plus one UTF-8 text file per article.

Each text is normalised as it is loaded (:mod:`corpusbook.normalise`), so the same article gives the same
numbers in whatever form it was saved; the file on disk is not changed. Loading is all-or-nothing: every row
and file is checked first, and one :class:`~corpusbook.errors.CorpusError` lists every problem.
"""

import dataclasses
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from corpusbook.cleaning import clean_text, load_rules
from corpusbook.errors import CorpusError, decode_utf8, read_table
from corpusbook.normalise import KINDS, normalise_text
from corpusbook.rules import MAX_ARTICLE_WORDS, file_problems, label_problems, text_problems
from corpusbook.settings import PERIOD_COLUMN, SLICE_COLUMN

#: Columns every metadata row must fill.
REQUIRED_FIELDS = ("doc_id", "file", "title", "outlet", "date", "source_language", "provenance")
#: Columns that may be empty (period defaults to the year of the date, slice to the period;
#: ``text_language`` "de" overrules the language check, see :mod:`corpusbook.rules`).
OPTIONAL_FIELDS = (PERIOD_COLUMN, SLICE_COLUMN, "source_url", "text_language", "original_outlet")
#: What a well-formed value of some fields looks like (used to say which field holds an unquoted comma).
FIELD_SHAPES = {
    "file": lambda v: v == "" or v.endswith(".txt"),
    "date": lambda v: v == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) is not None,
    "source_language": lambda v: re.fullmatch(r"[a-z]{0,3}", v) is not None,
    "source_url": lambda v: v == "" or "://" in v,
    "text_language": lambda v: re.fullmatch(r"[a-z]{0,3}", v) is not None,
}
#: Folder (inside ``corpus/``) that holds the article files.
TEXT_FOLDER = "texts"


@dataclass(frozen=True)
class Corpus:
    """A validated, cleaned corpus.

    Attributes
    ----------
    documents : pandas.DataFrame
        The metadata, ``raw_text`` (normalised, not cleaned), ``text`` (cleaned), ``n_paragraphs``.
    paragraphs : pandas.DataFrame
        ``doc_id``, ``paragraph`` (0-based position in the document), ``text``.
    cleaning_log : pandas.DataFrame
        One row per removed line or prefix: ``doc_id``, ``line`` (1-based, in the raw file), ``rule_id``, ``removed``.
    cleaning_report : pandas.DataFrame
        Per document: ``doc_id``, ``chars_raw``, ``chars_clean``, ``chars_removed``, ``lines_removed``, ``rules``.
    normalisation : pandas.DataFrame
        Per document in ``doc_id`` order: ``doc_id`` and a count per kind of :data:`corpusbook.normalise.KINDS`.
    """

    documents: pd.DataFrame
    paragraphs: pd.DataFrame
    cleaning_log: pd.DataFrame
    cleaning_report: pd.DataFrame
    normalisation: pd.DataFrame = dataclasses.field(default_factory=lambda: pd.DataFrame(columns=["doc_id", *KINDS]))


def read_metadata(path):
    """Read ``metadata.csv`` as strings (ids such as ``000`` keep their zeros).

    Raises
    ------
    CorpusError
        If the file is missing, not UTF-8, lacks a required column, or a row has an unquoted comma.
    """
    path = Path(path)
    if not path.is_file():
        raise CorpusError(f"{path}: metadata file not found; create it with the columns {', '.join(REQUIRED_FIELDS)}.")
    meta = read_table(path, required=REQUIRED_FIELDS, fields=FIELD_SHAPES)
    return meta.assign(**dict.fromkeys([c for c in OPTIONAL_FIELDS if c not in meta.columns], ""))


def validate(meta, corpus_dir, metadata_name="metadata.csv"):
    """Check metadata rows against the files; return the decoded texts or raise.

    Parameters
    ----------
    meta : pandas.DataFrame
        As returned by :func:`read_metadata`.
    corpus_dir : path-like
        The ``corpus/`` folder; ``file`` paths are relative to it.
    metadata_name : str
        The metadata file's name in messages.

    Returns
    -------
    dict
        ``doc_id -> Normalised`` (:func:`corpusbook.normalise.normalise_text`).

    Raises
    ------
    CorpusError
        Listing every problem: empty required fields, duplicate ids, bad dates, missing or unlisted files,
        unreadable or empty texts, and the rules of :mod:`corpusbook.rules`.
    """
    corpus_dir = Path(corpus_dir)
    problems = []
    texts = {}
    for i, row in meta.iterrows():
        where = f"{metadata_name}, row {i + 2}"  # header is line 1
        doc = row.get("doc_id") or f"(row {i + 2})"
        for field in REQUIRED_FIELDS:
            if not row[field]:
                problems.append(f"{where} (doc_id {doc}): required field '{field}' is empty; fill it in.")
        problems += label_problems(row, f"{where} (doc_id {doc})")
        if row["date"] and pd.isna(pd.to_datetime(row["date"], format="%Y-%m-%d", errors="coerce")):
            problems.append(
                f"{where} (doc_id {doc}): field 'date' has '{row['date']}', which is not a date; use YYYY-MM-DD."
            )
        if row["file"]:
            path = corpus_dir / row["file"]
            if not path.is_file():
                problems.append(f"{where} (doc_id {doc}): field 'file' names {row['file']}, which does not exist.")
                continue
            try:
                raw = decode_utf8(path.read_bytes(), row["file"])
            except CorpusError as err:
                problems.append(str(err))
                continue
            if not raw.strip():
                problems.append(
                    f"{row['file']}: the text is empty or only whitespace; add the article text or remove the row."
                )
                continue
            found = file_problems(raw, row["file"])
            if found:
                problems += found
                continue
            text = normalise_text(raw)
            if not text.text.strip():
                problems.append(
                    f"{row['file']}: the text is empty after normalisation: the file holds only invisible "
                    "characters or special spaces (corpus/README.md, 'What loading changes'); "
                    "add the article text or remove the row."
                )
                continue
            problems += text_problems(text.text, row, where)
            texts[row["doc_id"]] = text
    dupes = meta.loc[meta["doc_id"].duplicated(keep=False) & (meta["doc_id"] != ""), "doc_id"]
    for doc in sorted(set(dupes)):
        rows = [str(i + 2) for i in meta.index[meta["doc_id"] == doc]]
        problems.append(
            f"{metadata_name}: field 'doc_id' value '{doc}' is used by rows {', '.join(rows)}; ids must be unique."
        )
    listed = {str(Path(f)) for f in meta["file"] if f}
    for rel in sorted(str(p.relative_to(corpus_dir)) for p in (corpus_dir / TEXT_FOLDER).glob("*.txt")):
        if rel not in listed:
            problems.append(
                f"{rel}: text file has no row in {metadata_name}; add a row with file '{rel}' or remove the file."
            )
    if problems:
        raise CorpusError(problems)
    return texts


def load_corpus(corpus_dir, rules=None):
    """Load, validate and clean the corpus in ``corpus_dir``.

    Parameters
    ----------
    corpus_dir : path-like
        Folder with ``metadata.csv``, ``texts/`` and ``cleaning_rules.csv``.
    rules : pandas.DataFrame, optional
        Cleaning rules (default: read from ``corpus_dir/cleaning_rules.csv``).

    Returns
    -------
    Corpus
        Documents sorted by ``doc_id``; ``period`` defaults to the year of ``date`` (a ``datetime64`` column)
        and ``slice`` to the period.

    Raises
    ------
    CorpusError
        On any validation problem (see :func:`validate`).
    """
    corpus_dir = Path(corpus_dir)
    meta = read_metadata(corpus_dir / "metadata.csv")
    texts = validate(meta, corpus_dir)
    if rules is None:
        rules = load_rules(corpus_dir / "cleaning_rules.csv")

    docs = meta.copy()
    docs["date"] = pd.to_datetime(docs["date"], format="%Y-%m-%d")
    docs[PERIOD_COLUMN] = docs[PERIOD_COLUMN].where(docs[PERIOD_COLUMN] != "", docs["date"].dt.year.astype(str))
    docs[SLICE_COLUMN] = docs[SLICE_COLUMN].where(docs[SLICE_COLUMN] != "", docs[PERIOD_COLUMN])
    docs["raw_text"] = docs["doc_id"].map({doc_id: t.text for doc_id, t in texts.items()})

    logs, cleaned = [], []
    for doc_id in docs["doc_id"]:
        text, log = clean_text(texts[doc_id].text, rules, line_numbers=texts[doc_id].line_numbers)
        cleaned.append(text)
        logs.extend({"doc_id": doc_id, **entry} for entry in log)
    docs["text"] = cleaned
    empty = docs.loc[docs["text"].str.strip() == "", "file"]
    if len(empty):
        raise CorpusError([f"{f}: nothing is left after cleaning; check corpus/cleaning_rules.csv." for f in empty])
    docs = docs.sort_values("doc_id", kind="stable").reset_index(drop=True)

    paragraphs = split_paragraphs(docs)
    docs["n_paragraphs"] = docs["doc_id"].map(paragraphs.groupby("doc_id").size()).astype(int)
    log = pd.DataFrame(logs, columns=["doc_id", "line", "rule_id", "removed"])
    changes = normalisation_report(docs["doc_id"], {doc_id: t.counts for doc_id, t in texts.items()})
    return Corpus(docs, paragraphs, log, cleaning_report(docs, log), changes)


def split_paragraphs(documents):
    """Split cleaned texts into paragraphs (``doc_id``, ``paragraph``, ``text``): every non-blank line is one.

    Parameters
    ----------
    documents : pandas.DataFrame
        With columns ``doc_id`` and ``text``.

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id``, ``paragraph`` (0-based), ``text``.
    """
    rows = []
    for doc_id, text in zip(documents["doc_id"], documents["text"]):
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        rows.extend({"doc_id": doc_id, "paragraph": i, "text": line} for i, line in enumerate(lines))
    return pd.DataFrame(rows, columns=["doc_id", "paragraph", "text"])


def normalisation_report(doc_ids, counts):
    """What normalisation changed in each document: one row per document, one column per kind.

    Parameters
    ----------
    doc_ids : sequence of str
        The documents, in the order of the rows.
    counts : dict
        ``doc_id -> {kind: count}`` (:attr:`corpusbook.normalise.Normalised.counts`).

    Returns
    -------
    pandas.DataFrame
        ``doc_id`` and the columns of :data:`corpusbook.normalise.KINDS`, integers.

    Examples
    --------
    >>> from corpusbook.normalise import normalise_text
    >>> report = normalisation_report(["a"], {"a": normalise_text("Stra\u00dfe&nbsp;1").counts})
    >>> report[["doc_id", "entities", "spaces"]].to_dict("records")
    [{'doc_id': 'a', 'entities': 1, 'spaces': 1}]
    """
    rows = [{"doc_id": doc_id, **counts[doc_id]} for doc_id in doc_ids]
    return pd.DataFrame(rows, columns=["doc_id", *KINDS]).astype(dict.fromkeys(KINDS, "int64"))


def cleaning_report(documents, log):
    """Summarise cleaning per document: characters before/after and the rules that fired."""
    fired = log.groupby("doc_id")["rule_id"].agg(lambda s: ", ".join(sorted(set(s))))
    raw, clean = documents["raw_text"].str.len(), documents["text"].str.len()
    report = pd.DataFrame(
        {"doc_id": documents["doc_id"], "chars_raw": raw, "chars_clean": clean, "chars_removed": raw - clean}
    )
    report["lines_removed"] = report["doc_id"].map(log.groupby("doc_id").size()).fillna(0).astype(int)
    report["rules"] = [fired.get(doc, "") for doc in report["doc_id"]]  # no rule fired anywhere: all ""
    return report.reset_index(drop=True)


_ENGLISH = (
    "The president said that he would not meet the minister, but that the talks with the "
    "government of the country would go on. They have been working on it for years, and "
    "there is no reason why they should stop now, he said."
)


def validation_examples():
    """The message a user sees for each kind of corpus problem, produced by the real validator.

    Each problem is planted alone in a small temporary corpus and :func:`validate` is run on it.

    Returns
    -------
    pandas.DataFrame
        Columns ``problem`` and ``message``.
    """
    fields = REQUIRED_FIELDS + OPTIONAL_FIELDS
    defaults = dict(
        zip(REQUIRED_FIELDS, ["005", "texts/005_x.txt", "Titel", "example.org", "2024-11-27", "ru", "example"])
    )

    def row(**changes):
        values = {**defaults, **changes}
        return ",".join(values.get(f, "") for f in fields)

    text = "Ein Text."
    cases = {  # problem: (changes to the second row, or None for no row; its text, or None for no file)
        "a text file without a row": (None, text),
        "a row whose file is missing": ({}, None),
        "a duplicate id": ({"doc_id": "004"}, text),
        "an empty text": ({}, " \n"),
        "a file in a legacy encoding (Windows-1252)": ({}, "„Präsident“".encode("cp1252")),
        "a saved web page": ({}, "<html><head><script>var a = 1;</script></head><body><p>Ein Text.</p></body></html>"),
        "a text doubly encoded": ({}, "Der PrÃ¤sident sagte."),
        "a text of invisible characters only": ({}, "\u200b\u00ad&nbsp;\n"),
        "a bad date": ({"date": "27.11.2024"}, text),
        "an empty required field": ({"outlet": ""}, text),
        "an unquoted comma": ({"title": "Gas, Öl"}, text),
        "a text in English": ({}, _ENGLISH),
        "a text longer than any article": ({}, "Wort " * (MAX_ARTICLE_WORDS + 1)),
        "a period label without a letter or digit": ({PERIOD_COLUMN: "--"}, text),
    }
    rows = []
    for problem, (changes, content) in cases.items():
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            (folder / TEXT_FOLDER).mkdir()
            (folder / "texts" / "004_ok.txt").write_text("Putin traf Tokajew.", encoding="utf-8")
            if content is not None:
                data = content.encode("utf-8") if isinstance(content, str) else content
                (folder / defaults["file"]).write_bytes(data)
            meta = [",".join(fields), row(doc_id="004", file="texts/004_ok.txt")]
            meta += [] if changes is None else [row(**changes)]
            (folder / "metadata.csv").write_text("\n".join(meta) + "\n", encoding="utf-8")
            try:
                validate(read_metadata(folder / "metadata.csv"), folder)
                message = "(no error)"
            except CorpusError as err:
                message = " | ".join(err.problems)
        rows.append({"problem": problem, "message": message})
    return pd.DataFrame(rows)


def next_id(ids):
    """An id for the next article in the style of the existing ids, or None when they have no common style.

    When every id is one prefix followed by digits, the next number in the same width is proposed.

    Examples
    --------
    >>> next_id(["000", "004"]), next_id(["gnad-0009", "gnad-1027"]), next_id(["a", "b"]), next_id([])
    ('005', 'gnad-1028', None, None)
    """
    parts = [re.fullmatch(r"(.*?)(\d+)", str(i)) for i in ids]
    if not parts or not all(parts) or len({p.group(1) for p in parts}) != 1:
        return None
    width = max(len(p.group(2)) for p in parts)
    return f"{parts[0].group(1)}{max(int(p.group(2)) for p in parts) + 1:0{width}d}"
