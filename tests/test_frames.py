"""Frames: part of speech by case, the 'soziale Distanz' exclusion, and every hit with its sentence."""

import pandas as pd
import pytest
from conftest import ROOT

from corpusbook import frames
from corpusbook.errors import CorpusError

DICTIONARY = frames.load_frames(ROOT / "corpus" / "frames.csv")


def tokens_of(*words):
    """(token, lemma) pairs of one paragraph as a token table."""
    return pd.DataFrame(
        {
            "doc_id": "d",
            "paragraph": 0,
            "position": range(len(words)),
            "token": [t for t, _ in words],
            "lemma": [lm for _, lm in words],
        }
    )


def test_a_noun_pattern_never_matches_a_verb():
    t = tokens_of(
        ("Schritte", "Schritt"),
        ("unternommen", "unternehmen"),
        ("kasachische", "kasachisch"),
        ("Unternehmen", "Unternehmen"),
        ("Unternommen", "unternehmen"),
    )
    assert frames.tag_frames(t, DICTIONARY)["economy"].tolist() == [False, False, False, True, False]


def test_adjective_and_verb_patterns_match_lower_case_lemmas_only():
    t = tokens_of(("investiert", "investieren"), ("wirtschaftlichen", "wirtschaftlich"), ("Wirtschaft", "Wirtschaft"))
    assert frames.tag_frames(t, DICTIONARY)["economy"].tolist() == [True, True, True]
    t = tokens_of(("Investieren", "Investieren"))  # the noun 'das Investieren' is no verb pattern hit
    assert not frames.tag_frames(t, DICTIONARY)["economy"].any()


def test_physical_distance_is_not_sovereignty():
    t = tokens_of(
        ("die", "der"),
        ("soziale", "sozial"),
        ("Distanz", "Distanz"),
        ("politische", "politisch"),
        ("Distanz", "Distanz"),
    )
    assert frames.tag_frames(t, DICTIONARY)["sovereignty"].tolist() == [False, False, False, False, True]


def test_shipped_articles_unternommen_and_soziale_distanz(project):
    hits = frames.frame_hits(project.tokens, project.corpus.paragraphs, DICTIONARY)
    assert not ((hits["token"] == "unternommen") & (hits["frame"] == "economy")).any()
    assert not ((hits["doc_id"] == "000") & (hits["lemma"] == "Distanz")).any()
    assert ((hits["token"] == "Distanz") & (hits["frame"] == "sovereignty")).any()  # 'die politische Distanz' (003)


def test_frame_hits_carry_their_sentence():
    paras = pd.DataFrame(
        {
            "doc_id": ["d"],
            "paragraph": [0],
            "text": ["Am 10. Januar kam er. Russland liefert Öl und Gas. Der Krieg geht weiter."],
        }
    )
    t = tokens_of(
        ("Am", "am"),
        ("10", "10"),
        ("Januar", "Januar"),
        ("kam", "kommen"),
        ("er", "er"),
        ("Russland", "Russland"),
        ("liefert", "liefern"),
        ("Öl", "Öl"),
        ("und", "und"),
        ("Gas", "Gas"),
        ("Der", "der"),
        ("Krieg", "Krieg"),
        ("geht", "gehen"),
        ("weiter", "weiter"),
    )
    hits = frames.frame_hits(t, paras, DICTIONARY)
    assert hits[["frame", "token", "sentence"]].values.tolist() == [
        ["energy", "Öl", "Russland liefert Öl und Gas."],
        ["energy", "Gas", "Russland liefert Öl und Gas."],
        ["war", "Krieg", "Der Krieg geht weiter."],
    ]
    assert list(hits.columns) == ["doc_id", "paragraph", "position", "frame", "label", "lemma", "token", "sentence"]


def test_frame_hits_of_no_hit():
    paras = pd.DataFrame({"doc_id": ["d"], "paragraph": [0], "text": ["und so"]})
    hits = frames.frame_hits(tokens_of(("und", "und"), ("so", "so")), paras, DICTIONARY)
    assert hits.empty and "sentence" in hits.columns


def test_unknown_part_of_speech_is_reported(tmp_path):
    path = tmp_path / "frames.csv"
    path.write_text("frame,label,lemma,pos\nwar,Krieg,Krieg,Nomen\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="row 2: field 'pos' is 'Nomen'"):
        frames.load_frames(path)
