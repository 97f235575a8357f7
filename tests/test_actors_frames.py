"""Actors, quotes, frames and the lemma-precision check."""

import csv
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT
from corpusbook import actors, frames
from corpusbook.describe import lemma_precision
from corpusbook.errors import CorpusError

ALIASES = pd.read_csv(ROOT / "corpus" / "aliases.csv", dtype=str, keep_default_na=False)


def quotes_of(text):
    paras = pd.DataFrame({"doc_id": ["d"], "paragraph": [0], "text": [text]})
    return actors.find_quotes(paras, ALIASES)


@pytest.mark.parametrize(
    "text, speaker, pattern",
    [
        ("„Wir werden weiter zusammenarbeiten“, sagte Putin.", "Putin", "after"),
        ("„Die Stimmung ist gut und konkret“, sagte Kassym-Schomart Tokajew am Dienstag.", "Tokajew", "after"),
        ("„Das sind alles offene Prozesse“, so Zatulin abschließend.", "Satulin", "after"),
        ("„Moskau sollte ein Freund sein.“ sagte Zekow.", "Zekow", "after"),
        ("Außenminister Lawrow erklärte: „Die Zusammenarbeit ist wahrhaft verbündeter Natur.“", "Lawrow", "before"),
        ("„Wir müssen uns um sie kümmern“, sagte Tokajews Sprecher.", "Tokajew", "after"),
    ],
)
def test_quote_attributed_to_entity(text, speaker, pattern):
    q = quotes_of(text)
    assert len(q) == 1
    assert q.loc[0, "speaker"] == speaker and q.loc[0, "pattern"] == pattern


@pytest.mark.parametrize(
    "text, phrase",
    [
        ("„Ich selbst mache mir große Sorgen“, gab er zu.", "er"),
        ("„Die Spielregeln haben sich geändert“, sagte ein politischer Analyst.", "ein politischer Analyst"),
        ("„Kasachstan ist ein wichtiger Partner“, sagte der Präsident von Kasachstan.", "der Präsident von Kasachstan"),
    ],
)
def test_unclear_or_non_person_speaker_stays_unattributed(text, phrase):
    q = quotes_of(text)
    assert len(q) == 1 and q.loc[0, "speaker"] == "" and q.loc[0, "speaker_phrase"] == phrase


def test_quoted_titles_and_indirect_speech_are_not_quotes():
    assert quotes_of("Chefredakteur der Zeitschrift „Global Affairs“, sagte jedoch, dass nichts geschieht.").empty
    assert quotes_of("Putin sagte, dass die Lage schwierig sei.").empty


def test_real_corpus_quotes(project):
    q = actors.find_quotes(project.corpus.paragraphs, project.resources.aliases)
    assert {"Putin", "Tokajew"} <= set(q["speaker"])
    assert (q["quote"].str.split().str.len() >= actors.MIN_QUOTE_WORDS).all()


def test_entity_frequencies_count_mentions_not_tokens(project):
    table = actors.entity_frequencies(project.tokens, "period")
    tok = table[(table.period == "2022") & (table.entity == "Tokajew")].iloc[0]
    expected = project.tokens[(project.tokens.period == "2022") & project.tokens.entity_start & (project.tokens.entity == "Tokajew")]
    assert tok["mentions"] == len(expected)
    assert tok["per_10k"] == pytest.approx(len(expected) / (project.tokens.period == "2022").sum() * 1e4)
    assert tok["range"] == f"{expected.doc_id.nunique()} of 4"


def test_cooccurrence_hand_example():
    toks = pd.DataFrame({
        "doc_id": ["a"] * 5 + ["b"] * 2, "paragraph": [0, 0, 0, 1, 1, 0, 0],
        "entity": ["Putin", "Tokajew", "Putin", "Putin", "OVKS", "Putin", "Tokajew"],
        "entity_start": True,
    })
    pairs = actors.cooccurrence(toks).set_index(["source", "target"])
    assert pairs.loc[("Putin", "Tokajew"), "paragraphs"] == 2 and pairs.loc[("Putin", "Tokajew"), "documents"] == 2
    assert pairs.loc[("OVKS", "Putin"), "paragraphs"] == 1
    assert ("OVKS", "Tokajew") not in pairs.index


def test_frame_counting_hand_example(tmp_path):
    path = tmp_path / "frames.csv"
    path.write_text("frame,label,lemma\nenergy,Energie,*energie\nenergy,Energie,Gas\nwar,Krieg,Krieg\n", encoding="utf-8")
    fr = frames.load_frames(path)
    toks = pd.DataFrame({
        "doc_id": ["a", "a", "a", "b", "b", "b"], "period": ["x", "x", "x", "y", "y", "y"],
        "lemma": ["Kernenergie", "Gas", "und", "Krieg", "Gas", "Energie"],
    })
    tags = frames.tag_frames(toks, fr)
    assert tags["energy"].tolist() == [True, True, False, False, True, True]
    shares = frames.frame_shares(toks, fr, "period").set_index(["period", "frame"])
    assert shares.loc[("x", "energy"), "hits"] == 2 and shares.loc[("x", "energy"), "per_10k"] == pytest.approx(2 / 3 * 1e4)
    assert shares.loc[("x", "war"), "hits"] == 0 and shares.loc[("y", "war"), "range"] == "1 of 1"
    shift = frames.frame_shift(shares.reset_index(), "period").set_index(["frame", "from"])
    assert shift.loc[("war", "x"), "ratio"] == float("inf") and shift.loc[("war", "x"), "single_doc_caveat"]


def test_frame_file_errors(tmp_path):
    path = tmp_path / "frames.csv"
    path.write_text("frame,label,lemma\nwar,Krieg,\nwar,Anders,Krieg\n", encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        frames.load_frames(path)
    assert "row 2: field 'lemma' is empty" in str(info.value) and "more than one label" in str(info.value)


def test_real_frame_dictionary_matches_in_corpus(project):
    fr = frames.load_frames(ROOT / "corpus" / "frames.csv")
    tags = frames.tag_frames(project.tokens, fr)
    assert (tags.sum() > 0).all(), "every frame should match somewhere in the corpus"


def test_lemma_precision_recomputed_from_the_hand_checked_sample(project):
    path = ROOT / "corpus" / "lemma_sample.csv"
    sample = pd.read_csv(path, dtype={"doc_id": str}, keep_default_na=False)
    result = lemma_precision(project.tokens, sample)
    # independent count: plain loop over the file and the token table
    lemma_at = {(d, p): lm for d, p, lm in zip(project.tokens.doc_id, project.tokens.position, project.tokens.lemma)}
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    correct = sum(lemma_at[(r["doc_id"], int(r["position"]))] == r["lemma_gold"] for r in rows)
    assert result["n"] == len(rows) == 200
    assert result["correct"] == correct
    assert result["precision"] == pytest.approx(correct / 200)
    assert result["precision"] >= 0.95
    assert len(result["errors"]) == 200 - correct


def test_lemma_sample_that_no_longer_fits_is_reported(project):
    sample = pd.DataFrame({"doc_id": ["000"], "position": [0], "token": ["Moskau"], "lemma_gold": ["Moskau"], "note": [""]})
    with pytest.raises(CorpusError, match="redraw the sample"):
        lemma_precision(project.tokens, sample)


def test_strongest_contrast_by_hand():
    from corpusbook.frames import strongest_contrast

    shares = pd.DataFrame({
        "frame": ["war", "war", "war", "econ", "econ", "econ"],
        "label": ["War", "War", "War", "Economy", "Economy", "Economy"],
        "slice": ["a", "b", "c"] * 2,
        "per_10k": [0.0, 100.0, 60.0, 50.0, 100.0, 0.0],
    })
    # war: |log2((80 + 0.5) / (0 + 0.5))| = log2(161) = 7.33; economy: |log2(50.5 / 50.5)| = 0
    out = strongest_contrast(shares, "slice", ["a", "b", "c"])
    assert out["frame"] == "war" and out["label"] == "War"
    assert out["contrast"] == pytest.approx(7.330916878, abs=1e-9)
    assert out["rates"] == {"a": 0.0, "b": 100.0, "c": 60.0}
    with pytest.raises(ValueError, match="two groups"):
        strongest_contrast(shares, "slice", ["a"])
