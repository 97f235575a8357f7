"""Cleaning rules: each kind, on small texts and on the real corpus."""

import pytest
from conftest import ROOT

from corpusbook.cleaning import clean_text, load_rules
from corpusbook.errors import CorpusError

RULES = load_rules(ROOT / "corpus" / "cleaning_rules.csv")


@pytest.mark.parametrize(
    "line",
    [
        "bbabo.Net",
        "Bbabo NET",
        "Nachrichten",
        "Zurück zu den Nachrichten »",
        "Schreibe einen Kommentar",
        "Kommentar (0)",
        "[Anzeige_2]",
        "Quelle: https://baoquocte.vn/a-b-1.html",
        "ttn-de-58",
        "1665661624 Kasachstan bricht seine Abhaengigkeit von Russland ab",
    ],
)
def test_boilerplate_lines_are_dropped(line):
    text, log = clean_text(f"Erster Absatz über Größe.\n{line}\nLetzter Absatz.", RULES)
    assert text == "Erster Absatz über Größe.\nLetzter Absatz."
    assert [e["removed"] for e in log] == [line]


def test_boilerplate_words_inside_sentences_are_kept():
    text, log = clean_text("Die Nachrichten aus Moskau, sagte er, seien gut.", RULES)
    assert text == "Die Nachrichten aus Moskau, sagte er, seien gut." and log == []


def test_prefix_is_stripped_and_rest_kept():
    text, log = clean_text("A.\nZurück zu Neuigkeiten |„Kasachstan ist unser Partner.“", RULES)
    assert text == "A.\n„Kasachstan ist unser Partner.“"
    assert log[0]["rule_id"] == "back_to_news_prefix"


def test_caption_and_its_heading_are_dropped():
    raw = "Absatz eins.\n\nXi trifft Tokajew\n\nXi versprach Unterstützung © Handout via Reuters\n\nAbsatz zwei."
    text, log = clean_text(raw, RULES)
    assert "Xi" not in text and "Absatz eins." in text and "Absatz zwei." in text
    assert sorted(e["rule_id"] for e in log) == ["caption_heading", "photo_caption"]


def test_caption_with_quelle_credit():
    text, _ = clean_text("Satz.\nPutin und Tokajew, 27. November. (Quelle: RIA Novosti) |\nSatz zwei.", RULES)
    assert text == "Satz.\nSatz zwei."


def test_repeated_headline_at_the_end():
    text, log = clean_text("Die Überschrift\n\nText.\n\nDie Überschrift", RULES)
    assert text == "Die Überschrift\n\nText." and log[0]["rule_id"] == "repeated_headline"


def test_real_corpus_cleaning_removes_every_listed_kind(project):
    fired = set(project.corpus.cleaning_log["rule_id"])
    assert fired == set(RULES["rule_id"])  # every rule is needed by the corpus
    clean = " ".join(project.documents["text"])
    for junk in (
        "bbabo",
        "Bbabo",
        "Schreibe einen Kommentar",
        "[Anzeige_2]",
        "ttn-de",
        "©",
        "1665661624",
        "Quelle: http",
    ):
        assert junk not in clean
    docs = project.documents.set_index("doc_id")
    report = project.corpus.cleaning_report.set_index("doc_id")
    log = project.corpus.cleaning_log
    for doc_id, doc in docs.iterrows():
        # the raw text as Python reads the file (universal newlines, BOM dropped), independent of the loader
        with open(project.folder / doc["file"], encoding="utf-8-sig") as fh:
            raw = fh.read()
        assert report.loc[doc_id, "chars_raw"] == len(raw)
        assert report.loc[doc_id, "chars_clean"] == len(doc["text"])
        removed = log.loc[log["doc_id"] == doc_id, "removed"]
        assert report.loc[doc_id, "lines_removed"] == len(removed)
        lines = raw.split("\n")
        for line_no, piece in zip(log.loc[log["doc_id"] == doc_id, "line"], removed):
            assert piece.strip() in lines[line_no - 1]  # the log points at the line it removed from
        if len(removed):
            assert len(doc["text"]) < len(raw)


def test_bad_rule_file_names_row_and_field(tmp_path):
    path = tmp_path / "rules.csv"
    path.write_text("rule_id,kind,pattern,description\nx,drop_line,(unclosed,d\ny,wrong,z,d\n", encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        load_rules(path)
    assert "row 2: field 'pattern'" in str(info.value) and "row 3: field 'kind'" in str(info.value)
