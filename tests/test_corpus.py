"""The loader and every validation error it raises."""

import pandas as pd
import pytest

from conftest import HEADER, TINY_META, TINY_TEXTS, write_corpus
from corpusbook.corpus import load_corpus
from corpusbook.errors import CorpusError


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


def test_real_corpus_has_five_documents_with_expected_dates():
    from conftest import ROOT

    docs = load_corpus(ROOT / "corpus").documents
    assert len(docs) == 5
    dates = dict(zip(docs["doc_id"], docs["date"].dt.strftime("%Y-%m-%d")))
    assert dates == {"000": "2022-02-10", "001": "2022-02-10", "002": "2022-02-10",
                     "003": "2022-10-13", "004": "2024-11-27"}
    assert docs.groupby("period").size().to_dict() == {"2022": 4, "2024": 1}


def test_timestamp_in_003_matches_its_date():
    import datetime

    from conftest import ROOT

    raw = (ROOT / "corpus" / "texts" / "003_64a6a5f80c5da55d.txt").read_text(encoding="utf-8")
    stamp = int(raw.splitlines()[2].split()[0])
    assert datetime.datetime.fromtimestamp(stamp, datetime.UTC).date().isoformat() == "2022-10-13"


def test_corpus_texts_are_the_seeds_unchanged():
    from conftest import ROOT

    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is not beside the project")
    for seed in sorted(seeds.glob("*.txt")):
        assert (ROOT / "corpus" / "texts" / seed.name).read_bytes() == seed.read_bytes()


def test_bom_and_crlf_are_normalised(tmp_path):
    texts = dict(TINY_TEXTS)
    texts["b.txt"] = b"\xef\xbb\xbfPutin traf Tokajew.\r\nZweiter Absatz.\r\n"
    corpus = load_corpus(write_corpus(tmp_path / "c", texts=texts))
    b = corpus.documents.set_index("doc_id").loc["b"]
    assert b["raw_text"].startswith("Putin")
    assert "\r" not in b["raw_text"]
    assert corpus.paragraphs[corpus.paragraphs.doc_id == "b"]["text"].tolist() == ["Putin traf Tokajew.", "Zweiter Absatz."]


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
    assert len(table) == 7
    assert "(no error)" not in set(table["message"])
    messages = dict(zip(table["problem"], table["message"]))
    assert "texts/005_x.txt: text file has no row" in messages["a text file without a row"]
    assert "field 'date' has '27.11.2024'" in messages["a bad date"]
    assert "not valid UTF-8" in messages["a file that is not UTF-8"]
    assert "required field 'outlet' is empty" in messages["an empty required field"]
