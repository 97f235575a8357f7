"""The loader and every validation error it raises."""

import pandas as pd
import pytest
from conftest import HEADER, TINY_META, TINY_TEXTS, write_corpus

from corpusbook.corpus import load_corpus
from corpusbook.errors import CorpusError
from corpusbook.rules import MAX_ARTICLE_WORDS


def test_loads_documents_and_paragraphs(tiny_corpus):
    corpus = load_corpus(tiny_corpus)
    docs = corpus.documents
    assert docs["doc_id"].tolist() == ["a", "b"]
    assert docs["period"].tolist() == ["2022", "2024"]  # defaults to the year of the date
    assert docs["slice"].tolist() == ["2022", "2024"]  # defaults to the period
    assert pd.api.types.is_datetime64_any_dtype(docs["date"])
    paras = corpus.paragraphs
    assert list(paras.columns) == ["doc_id", "paragraph", "text"]
    assert paras[paras.doc_id == "a"]["text"].tolist() == [
        "Überschrift über Größe",
        "„Die Straße ist groß“, sagte Kassym-Schomart Tokajew.",
        "Tokajews Besuch in Nur-Sultan.",
    ]
    assert paras[paras.doc_id == "b"]["paragraph"].tolist() == [0, 1]


def test_real_corpus_documents_match_metadata_csv():
    """Dates, periods and slices as metadata.csv says (read here with the csv module), for any number of rows."""
    import csv

    from conftest import ROOT

    with open(ROOT / "corpus" / "metadata.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    docs = load_corpus(ROOT / "corpus").documents
    assert sorted(docs["doc_id"]) == sorted(r["doc_id"] for r in rows)
    dates = dict(zip(docs["doc_id"], docs["date"].dt.strftime("%Y-%m-%d")))
    assert dates == {r["doc_id"]: r["date"] for r in rows}
    periods = {r["doc_id"]: (r.get("period") or "").strip() or r["date"][:4] for r in rows}
    assert dict(zip(docs["doc_id"], docs["period"])) == periods
    slices = {r["doc_id"]: (r.get("slice") or "").strip() or periods[r["doc_id"]] for r in rows}
    assert dict(zip(docs["doc_id"], docs["slice"])) == slices


def test_timestamp_in_003_matches_its_date():
    import datetime

    from conftest import ROOT

    raw = (ROOT / "corpus" / "texts" / "003_64a6a5f80c5da55d.txt").read_text(encoding="utf-8")
    stamp = int(raw.splitlines()[2].split()[0])
    assert datetime.datetime.fromtimestamp(stamp, datetime.UTC).date().isoformat() == "2022-10-13"


def test_corpus_texts_are_the_seeds_unchanged():
    """The five source articles stay as received: their checksums are recorded in tests/data/seeds.sha256."""
    import hashlib

    from conftest import ROOT

    recorded = [line.split() for line in (ROOT / "tests" / "data" / "seeds.sha256").read_text().splitlines()]
    assert len(recorded) == 5
    for digest, name in recorded:
        assert hashlib.sha256((ROOT / "corpus" / "texts" / name).read_bytes()).hexdigest() == digest, name


def test_bom_and_crlf_are_normalised(tmp_path):
    texts = dict(TINY_TEXTS)
    texts["b.txt"] = b"\xef\xbb\xbfPutin traf Tokajew.\r\nZweiter Absatz.\r\n"
    corpus = load_corpus(write_corpus(tmp_path / "c", texts=texts))
    b = corpus.documents.set_index("doc_id").loc["b"]
    assert b["raw_text"].startswith("Putin")
    assert "\r" not in b["raw_text"]
    assert corpus.paragraphs[corpus.paragraphs.doc_id == "b"]["text"].tolist() == [
        "Putin traf Tokajew.",
        "Zweiter Absatz.",
    ]


def _problem(tmp_path, texts=TINY_TEXTS, meta=TINY_META, header=HEADER):
    folder = write_corpus(tmp_path / "bad", texts=texts, meta=meta, header=header)
    with pytest.raises(CorpusError) as info:
        load_corpus(folder)
    return str(info.value)


def test_text_file_without_metadata_row(tmp_path):
    texts = dict(TINY_TEXTS, **{"c.txt": "Ein Text ohne Zeile."})
    msg = _problem(tmp_path, texts=texts)
    assert "texts/c.txt" in msg and "no row in metadata.csv" in msg


def test_row_whose_file_is_missing(tmp_path):
    meta = TINY_META + [("c", "texts/missing.txt", "T", "o", "2022-01-01", "", "", "ru", "", "p")]
    msg = _problem(tmp_path, meta=meta)
    assert "texts/missing.txt" in msg and "field 'file'" in msg and "does not exist" in msg


def test_duplicate_ids(tmp_path):
    meta = [TINY_META[0], ("a",) + TINY_META[1][1:]]
    msg = _problem(tmp_path, meta=meta)
    assert "field 'doc_id'" in msg and "'a'" in msg and "rows 2, 3" in msg


def test_empty_or_whitespace_text(tmp_path):
    texts = dict(TINY_TEXTS, **{"b.txt": "  \n\t\n"})
    msg = _problem(tmp_path, texts=texts)
    assert "texts/b.txt" in msg and "empty or only whitespace" in msg


def test_bytes_that_are_not_utf8(tmp_path):
    texts = dict(TINY_TEXTS, **{"b.txt": "Präsident".encode("latin-1")})
    msg = _problem(tmp_path, texts=texts)
    assert "texts/b.txt" in msg and "not valid UTF-8" in msg


def test_unparseable_date(tmp_path):
    meta = [TINY_META[0], TINY_META[1][:4] + ("27.11.2024",) + TINY_META[1][5:]]
    msg = _problem(tmp_path, meta=meta)
    assert "field 'date'" in msg and "27.11.2024" in msg and "doc_id b" in msg


def test_missing_required_field_value(tmp_path):
    meta = [TINY_META[0], TINY_META[1][:3] + ("",) + TINY_META[1][4:]]
    msg = _problem(tmp_path, meta=meta)
    assert "field 'outlet'" in msg and "doc_id b" in msg and "row 3" in msg


def test_missing_required_column(tmp_path):
    header = HEADER.replace(",source_language", ",language")
    msg = _problem(tmp_path, header=header)
    assert "required column 'source_language'" in msg


def test_all_problems_reported_together(tmp_path):
    texts = dict(TINY_TEXTS, **{"c.txt": "x", "b.txt": ""})
    meta = [TINY_META[0][:4] + ("bad-date",) + TINY_META[0][5:], TINY_META[1]]
    with pytest.raises(CorpusError) as info:
        load_corpus(write_corpus(tmp_path / "many", texts=texts, meta=meta))
    assert len(info.value.problems) == 3


def test_nothing_is_built_or_cached_on_failure(tmp_path, monkeypatch):
    from corpusbook import book

    root = tmp_path / "proj"
    write_corpus(root / "corpus", texts=dict(TINY_TEXTS, **{"b.txt": ""}))
    monkeypatch.setenv("CORPUSBOOK_ROOT", str(root))
    monkeypatch.delenv("CORPUSBOOK_CACHE", raising=False)
    with pytest.raises(CorpusError):
        book.load()
    assert not (root / "_build").exists()


def test_validation_examples_show_one_real_message_per_problem():
    from corpusbook.corpus import validation_examples

    table = validation_examples()
    assert len(table) == 14 and table["problem"].is_unique
    assert "(no error)" not in set(table["message"])
    messages = dict(zip(table["problem"], table["message"]))
    assert "texts/005_x.txt: text file has no row" in messages["a text file without a row"]
    assert "field 'date' has '27.11.2024'" in messages["a bad date"]
    legacy = messages["a file in a legacy encoding (Windows-1252)"]
    assert "not valid UTF-8" in legacy and "Windows-1252 (cp1252)" in legacy and "'„Präsident“'" in legacy
    assert "mostly markup" in messages["a saved web page"]
    assert "doubly encoded (PrÃ¤sident)" in messages["a text doubly encoded"]
    assert "empty after normalisation" in messages["a text of invisible characters only"]
    assert "required field 'outlet' is empty" in messages["an empty required field"]
    assert "field 'title' contains an unquoted comma" in messages["an unquoted comma"]
    assert "does not look German" in messages["a text in English"]
    assert f"more than the {MAX_ARTICLE_WORDS:,} words" in messages["a text longer than any article"]


# --- validation up front (python -m corpusbook.validate) ----------------------------------------

ENGLISH = (
    "Kazakhstan and Russia signed an agreement on the supply of gas. The president said that the "
    "relations between the two countries are strong and that they will remain so in the future, "
    "because both of them need each other more than ever before, he told the reporters there."
)


def _meta_csv(folder, rows, header=HEADER):
    (folder / "metadata.csv").write_text(header + "".join(r + "\n" for r in rows), encoding="utf-8")


def test_unquoted_comma_names_row_and_field_and_shows_the_quoting(tmp_path):
    folder = write_corpus(tmp_path / "c")
    _meta_csv(
        folder,
        [
            "a,texts/a.txt,Titel A,bbabo.net,2022-02-10,,,ru,,test",
            "b,texts/b.txt,Weltraum, Waffen und Proteste,example,2024-11-27,,,vi,,test",
        ],
    )
    with pytest.raises(CorpusError) as info:
        load_corpus(folder)
    msg = str(info.value)
    assert "metadata.csv, row 3 (doc_id b)" in msg and "field 'title'" in msg
    assert '"Weltraum, Waffen und Proteste"' in msg
    assert "ParserError" not in msg and "Expected" not in msg


def test_unquoted_comma_in_the_last_field(tmp_path):
    folder = write_corpus(tmp_path / "c")
    _meta_csv(
        folder,
        [
            "a,texts/a.txt,Titel A,bbabo.net,2022-02-10,,,ru,,test",
            "b,texts/b.txt,Titel B,example,2024-11-27,,,vi,,dated by the visit, approximately",
        ],
    )
    with pytest.raises(CorpusError, match="field 'provenance' contains an unquoted comma"):
        load_corpus(folder)


def test_text_in_english_is_refused_unless_text_language_says_german(tmp_path):
    texts = dict(TINY_TEXTS, **{"b.txt": ENGLISH})
    msg = _problem(tmp_path, texts=texts)
    assert "texts/b.txt" in msg and "does not look German" in msg and "text_language" in msg
    header = HEADER.rstrip("\n") + ",text_language\n"
    meta = [TINY_META[0] + ("",), TINY_META[1] + ("de",)]
    corpus = load_corpus(write_corpus(tmp_path / "overruled", texts=texts, meta=meta, header=header))
    assert "relations" in corpus.documents.set_index("doc_id").loc["b", "text"]


def test_german_share_separates_german_from_english():
    from corpusbook.rules import MIN_GERMAN_SHARE, german_share

    german = TINY_TEXTS["a.txt"] + " Die Regierung sagte, dass sie nicht mit ihm sprechen werde, aber sie wird es tun."
    assert german_share(german)[0] > MIN_GERMAN_SHARE > german_share(ENGLISH)[0]
    words = ENGLISH.lower().replace(",", "").replace(".", "").split()
    from stopwordsiso import stopwords

    de, en = set(stopwords("de")), set(stopwords("en"))
    assert german_share(ENGLISH) == (0.0, sum(w in en - de for w in words))


def test_text_longer_than_the_limit_is_refused(tmp_path, monkeypatch):
    from corpusbook import rules

    monkeypatch.setattr(rules, "MAX_ARTICLE_WORDS", 50)
    texts = dict(TINY_TEXTS, **{"b.txt": "Putin traf Tokajew. " * 20})  # 60 words
    msg = _problem(tmp_path, texts=texts)
    assert "texts/b.txt" in msg and "60 words, more than the 50 words" in msg and "README" in msg


@pytest.mark.parametrize("label", ["Herbst 2022", "<b>x</b> *Herbst* [2022](javascript:alert(1))", "2022–2023"])
def test_free_period_labels_are_accepted_and_their_markup_escaped(tmp_path, label):
    from corpusbook.periods import chronological
    from corpusbook.prose import escape_md

    meta = [TINY_META[0][:5] + (label,) + TINY_META[0][6:], TINY_META[1]]
    docs = load_corpus(write_corpus(tmp_path / "c", meta=meta)).documents
    assert docs.set_index("doc_id").loc["a", "period"] == label
    assert chronological(docs, "period")[0] == label  # February 2022 comes before 2024
    shown = escape_md(label)
    assert "<b>" not in shown and "*Herbst*" not in shown and "](" not in shown


@pytest.mark.parametrize("label, problem", [("--", "no letter or digit"), ("Herbst\t2022", "control character")])
def test_period_label_that_cannot_be_shown_is_refused(tmp_path, label, problem):
    meta = [TINY_META[0][:5] + (label,) + TINY_META[0][6:], TINY_META[1]]
    msg = _problem(tmp_path, meta=meta)
    assert "row 2" in msg and "field 'period'" in msg and problem in msg


def test_ids_need_not_be_numeric(tmp_path):
    meta = [("gnad-1027",) + TINY_META[0][1:], ("x_b",) + TINY_META[1][1:]]
    assert load_corpus(write_corpus(tmp_path / "c", meta=meta)).documents["doc_id"].tolist() == ["gnad-1027", "x_b"]


def _run_validate(folder):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "corpusbook.validate", str(folder)], capture_output=True, text=True)


def test_validate_command_ends_with_the_projects_message(tmp_path):
    folder = write_corpus(tmp_path / "c", texts=dict(TINY_TEXTS, **{"b.txt": ENGLISH}))
    result = _run_validate(folder)
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("texts/b.txt: the text does not look German") and "field 'text_language'" in last
    assert "Traceback" not in result.stderr and not (folder.parent / "_build").exists()


def test_validate_command_passes_a_good_corpus(tiny_corpus):
    result = _run_validate(tiny_corpus)
    assert result.returncode == 0 and "2 articles" in result.stdout
