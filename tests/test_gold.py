"""The extraction rules against the hand-annotated gold sets of tests/data (only the gold articles)."""

import pandas as pd
import pytest
from conftest import ROOT

from corpusbook import frames, gold, quotes

DATA = ROOT / "tests" / "data"
#: Targets: direct-quotation attribution (named speakers) and frame precision.
RECALL, PRECISION, FRAME_PRECISION = 0.85, 0.9, 0.9


@pytest.fixture(scope="module")
def gold_sets():
    return gold.load_gold(DATA)


@pytest.fixture(scope="module")
def found(project):
    return quotes.find_quotes(
        project.corpus.paragraphs, project.resources.aliases, quotes.load_speech_rules(ROOT / "corpus")
    )


def test_direct_quotation_attribution_meets_the_targets(found, gold_sets):
    scores = gold.quotation_scores(found, gold_sets[0]).set_index(["kind", "speakers"])
    named = scores.loc[("direct", "named")]
    assert named["recall"] >= RECALL, scores
    assert named["precision"] >= PRECISION, scores


def test_indirect_speech_precision(found, gold_sets):
    scores = gold.quotation_scores(found, gold_sets[0]).set_index(["kind", "speakers"])
    assert scores.loc[("indirect", "named"), "precision"] >= PRECISION, scores


def test_every_frame_meets_the_target_and_every_hit_is_judged(project, gold_sets):
    dictionary = frames.load_frames(ROOT / "corpus" / "frames.csv")
    table = gold.frame_precision(frames.frame_hits(project.tokens, project.corpus.paragraphs, dictionary), gold_sets[1])
    assert (table["unjudged"] == 0).all(), table[table["unjudged"] > 0]
    assert (table["precision"] >= FRAME_PRECISION).all(), table


def test_another_article_changes_nothing(found, gold_sets):
    extra = found.assign(doc_id="new", speaker="Putin")
    before = gold.quotation_scores(found, gold_sets[0])
    pd.testing.assert_frame_equal(before, gold.quotation_scores(pd.concat([found, extra]), gold_sets[0]))


def test_scores_by_hand():
    g = pd.DataFrame(
        {
            "doc_id": ["a"] * 5,
            "paragraph": [0, 0, 1, 1, 2],
            "kind": ["direct", "direct", "term", "direct", "indirect"],
            "speaker": ["Putin", "Tokajew", "", "Lawrow", "Lawrow"],
            "mention": ["name", "description", "none", "pronoun", "name"],
            "quote_start": ["Wir arbeiten", "Nachbarn", "Global Affairs", "Die Lage", "dass alles"],
        }
    )
    f = pd.DataFrame(
        {
            "doc_id": ["a"] * 5,
            "paragraph": [0, 0, 1, 1, 2],
            "kind": ["direct", "direct", "direct", "direct", "indirect"],
            "speaker": ["Putin", "Putin", "Lawrow", "", "Lawrow"],
            "quote": [
                "Wir arbeiten weiter",
                "Nachbarn von Gott",
                "Global Affairs",
                "Die Lage ist gut",
                "dass alles gut sei",
            ],
        }
    )
    s = gold.quotation_scores(f, g).set_index(["kind", "speakers"])
    # direct: 3 attributed, 1 right (Putin), 1 wrong speaker, 1 a title; named gold: Putin (found)
    assert s.loc[("direct", "named"), ["attributed", "correct", "gold", "recalled"]].tolist() == [3, 1, 1, 1]
    assert s.loc[("direct", "named"), "precision"] == pytest.approx(1 / 3)
    # named or described: Putin found, Tokajew attributed to Putin
    assert s.loc[("direct", "named or described"), "recall"] == pytest.approx(1 / 2)
    assert s.loc[("indirect", "named"), ["precision", "recall"]].tolist() == [1.0, 1.0]


def test_frame_precision_by_hand():
    hits = pd.DataFrame(
        {"doc_id": ["a", "a", "a", "b"], "position": [1, 2, 3, 1], "frame": ["war", "war", "economy", "war"]}
    )
    g = pd.DataFrame(
        {
            "doc_id": ["a", "a"],
            "paragraph": [0, 0],
            "position": [1, 2],
            "token": ["Krieg", "Krieg"],
            "frame": ["war", "war"],
            "correct": ["yes", "no"],
            "note": ["", ""],
        }
    )
    table = gold.frame_precision(hits, g).set_index("frame")
    assert table.loc["war", ["hits", "judged", "correct", "unjudged"]].tolist() == [2, 2, 1, 0]
    assert table.loc["war", "precision"] == 0.5
    assert table.loc["economy", "unjudged"] == 1 and pd.isna(table.loc["economy", "precision"])
    g.loc[1, "note"] = "a metaphor"
    wrong = gold.frame_errors(hits, g)
    assert wrong[["doc_id", "position", "frame", "note"]].values.tolist() == [["a", 2, "war", "a metaphor"]]
