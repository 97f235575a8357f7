"""Actors, frames and the lemma-precision check (quotations: test_quotes.py)."""

import csv

import pandas as pd
import pytest
import scipy.stats
from conftest import ROOT

from corpusbook import actors, frames, preprocess
from corpusbook.describe import lemma_precision
from corpusbook.errors import CorpusError

ALIASES = pd.read_csv(ROOT / "corpus" / "aliases.csv", dtype=str, keep_default_na=False)


def test_entity_frequencies_count_mentions_not_tokens(project):
    table = actors.entity_frequencies(project.tokens, "period")
    t = project.tokens
    period = str(t["period"].iloc[0])
    name = str(t.loc[(t.period == period) & t.entity_start, "entity"].value_counts().index[0])
    row = table[(table.period == period) & (table.entity == name)].iloc[0]
    # independent count: one mention per run of tokens that starts with entity_start
    expected = [
        d
        for d, p_, e, s in zip(t.doc_id, t.period, t.entity.astype(str), t.entity_start)
        if p_ == period and e == name and s
    ]
    n_docs = project.documents.loc[project.documents.period.astype(str) == period, "doc_id"].nunique()
    assert row["mentions"] == len(expected)
    assert row["per_10k"] == pytest.approx(len(expected) / (t.period == period).sum() * 1e4)
    assert row["range"] == f"{len(set(expected))} of {n_docs}"


def test_cooccurrence_hand_example():
    toks = pd.DataFrame(
        {
            "doc_id": ["a"] * 5 + ["b"] * 2,
            "paragraph": [0, 0, 0, 1, 1, 0, 0],
            "entity": ["Putin", "Tokajew", "Putin", "Putin", "OVKS", "Putin", "Tokajew"],
            "entity_start": True,
        }
    )
    pairs = actors.cooccurrence(toks).set_index(["source", "target"])
    assert pairs.loc[("Putin", "Tokajew"), "paragraphs"] == 2 and pairs.loc[("Putin", "Tokajew"), "documents"] == 2
    assert pairs.loc[("OVKS", "Putin"), "paragraphs"] == 1
    assert ("OVKS", "Tokajew") not in pairs.index


def test_frame_counting_hand_example(tmp_path):
    path = tmp_path / "frames.csv"
    path.write_text(
        "frame,label,lemma\nenergy,Energie,*energie\nenergy,Energie,Gas\nwar,Krieg,Krieg\n", encoding="utf-8"
    )
    fr = frames.load_frames(path)
    toks = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "b", "b", "b"],
            "period": ["x", "x", "x", "y", "y", "y"],
            "lemma": ["Kernenergie", "Gas", "und", "Krieg", "Gas", "Energie"],
        }
    )
    tags = frames.tag_frames(toks, fr)
    assert tags["energy"].tolist() == [True, True, False, False, True, True]
    shares = frames.frame_shares(toks, fr, "period").set_index(["period", "frame"])
    assert shares.loc[("x", "energy"), "hits"] == 2 and shares.loc[("x", "energy"), "per_10k"] == pytest.approx(
        2 / 3 * 1e4
    )
    assert shares.loc[("x", "war"), "hits"] == 0 and shares.loc[("y", "war"), "range"] == "1 of 1"
    # per-document rates and the top lemmas, by hand: a has 2 energy hits of 3 tokens, b 2 of 3
    by_doc = frames.frame_shares(toks, fr, "doc_id").set_index(["doc_id", "frame"])
    assert by_doc.loc[("b", "energy"), "per_10k"] == pytest.approx(2 / 3 * 1e4)
    assert shares.loc[("y", "energy"), "top_lemmas"] == "Energie, Gas"


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
    t = project.tokens
    lemma_at = {(d, p): (lm, str(e)) for d, p, lm, e in zip(t.doc_id, t.position, t.lemma, t.entity)}
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    # right: the gold lemma, or a name's canonical form (the alias table maps it on purpose)
    correct = sum(
        lemma_at[(r["doc_id"], int(r["position"]))][0]
        in (r["lemma_gold"], lemma_at[(r["doc_id"], int(r["position"]))][1])
        for r in rows
    )
    assert result["n"] == len(rows)
    assert result["correct"] == correct
    assert result["precision"] == pytest.approx(correct / len(rows))
    assert len(result["errors"]) == len(rows) - correct
    # Clopper-Pearson lower end: the 2.5% quantile of Beta(k, n - k + 1); with no error it is 0.025 ** (1 / n)
    n = len(rows)
    low = 0.025 ** (1 / n) if correct == n else scipy.stats.beta.ppf(0.025, correct, n - correct + 1)
    assert result["precision_low"] == pytest.approx(low)


def test_lemma_sample_rows_that_no_longer_fit_are_skipped_and_counted(project):
    first = project.tokens.iloc[0]
    sample = pd.DataFrame(
        {
            "doc_id": [first["doc_id"], first["doc_id"], "no-such-article"],
            "position": [int(first["position"]), int(first["position"]), 0],
            "token": [first["token"], first["token"] + "x", "Moskau"],
            "lemma_gold": [first["lemma"], "Moskau", "Moskau"],
            "note": "",
        }
    )
    result = lemma_precision(project.tokens, sample)
    assert result["n"] == 1 and result["skipped"] == 2 and result["precision"] == 1.0


# ---------------------------------------------------------------- one name per entity


def _named_tokens():
    return pd.DataFrame(
        {
            "doc_id": ["a"] * 7,
            "paragraph": [0] * 7,
            "position": range(7),
            "token": ["Präsident", "Wladimir", "Putin", "traf", "Zatulin", "CSTO-Truppen", "Tokayevs"],
            "lemma": ["Präsident", "Wladimir", "Putin", "treffen", "Zatulin", "CSTO-Truppe", "Tokayev"],
            "kind": ["word"] * 7,
            "is_stop": [False, False, False, False, False, False, False],
            "entity": ["", "Putin", "Putin", "", "Satulin", "OVKS", "Tokajew"],
            "entity_type": ["", "person", "person", "", "person", "organisation", "person"],
            "entity_start": [False, True, False, False, True, True, True],
            "alias": ["", "Wladimir Putin", "Wladimir Putin", "", "Zatulin", "CSTO", "Tokayev"],
        }
    )


def test_canonical_names_one_name_per_entity_and_multiword_names_once():
    from corpusbook.frequency import content_tokens

    out = preprocess.canonical_names(_named_tokens())
    assert out["lemma"].tolist() == ["Präsident", "Wladimir", "Putin", "treffen", "Satulin", "OVKS-Truppe", "Tokajew"]
    assert out["is_stop"].tolist() == [False, True, False, False, False, False, False]
    terms = content_tokens(out)["lemma"].tolist()
    assert terms.count("Putin") == 1 and "Wladimir" not in terms  # "Präsident Wladimir" cannot form
    assert len(out) == 7  # token totals unchanged
    again = preprocess.canonical_names(out)
    assert again["lemma"].tolist() == out["lemma"].tolist() and again["is_stop"].tolist() == out["is_stop"].tolist()


def test_book_tokens_use_canonical_names_only(project):
    t = preprocess.canonical_names(project.tokens)
    aliases = project.resources.aliases
    canonical = set(aliases["canonical"])
    other_spellings = set(aliases["alias"]) - canonical
    named, last, multi = preprocess.name_parts(t)
    one_word = t.token.str.casefold().isin(
        set(aliases["alias"].str.casefold()) | set(aliases["alias"].str.casefold() + "s")
    )
    carriers = t[last & (multi | one_word.to_numpy())]
    assert len(carriers) and set(carriers["lemma"]) <= canonical
    assert t.loc[named & ~last, "is_stop"].all()
    assert not (set(t.loc[~t.is_stop, "lemma"]) & other_spellings - canonical)


# ---------------------------------------------------------------- frame exclusions

FRAMES_CSV = (
    "frame,label,lemma,not_after,not_before\n"
    "security,Security,Sicherheit,mit,\nsecurity,Security,OVKS,,\nenergy,Energy,Gas,,geben\n"
)


def _frame_tokens(paragraphs):
    rows = []
    for p, words in enumerate(paragraphs):
        for w in words:
            rows.append({"doc_id": "d", "paragraph": p, "token": w, "lemma": w, "period": "x"})
    t = pd.DataFrame(rows)
    t["position"] = range(len(t))
    return t


@pytest.fixture
def frame_table(tmp_path):
    path = tmp_path / "frames.csv"
    path.write_text(FRAMES_CSV, encoding="utf-8")
    return frames.load_frames(path)


def test_mit_sicherheit_is_certainty_not_security(frame_table):
    t = _frame_tokens([["das", "ist", "mit", "Sicherheit", "so"], ["die", "Sicherheit", "der", "Region"]])
    tags = frames.tag_frames(t, frame_table)
    assert tags["security"].tolist() == [False, False, False, False, False, False, True, False, False]


def test_gas_geben_is_not_energy(frame_table):
    t = _frame_tokens([["sie", "Gas", "geben"], ["russisches", "Gas", "fließt"]])
    assert frames.tag_frames(t, frame_table)["energy"].tolist() == [False, False, False, False, True, False]


def test_exclusion_does_not_cross_paragraphs(frame_table):
    t = _frame_tokens([["kommt", "mit"], ["Sicherheit", "zuerst"]])
    assert frames.tag_frames(t, frame_table)["security"].tolist() == [False, False, True, False]


def test_multiword_name_counts_once_in_a_frame(frame_table):
    words = ["Organisation", "des", "Vertrags", "über", "kollektive", "Sicherheit"]
    t = _frame_tokens([words]).assign(entity="OVKS", entity_start=[True] + [False] * 5)
    assert frames.tag_frames(t, frame_table)["security"].tolist() == [False] * 5 + [True]
    t.loc[5, "lemma"] = "OVKS"  # with the canonical name as its lemma, still one hit
    assert frames.tag_frames(t, frame_table)["security"].tolist() == [False] * 5 + [True]


def _rules():
    table = frames.load_frames(ROOT / "corpus" / "frames.csv")
    return [(r.lemma, w, "after") for r in table.itertuples() for w in r.not_after.split("|") if w] + [
        (r.lemma, w, "before") for r in table.itertuples() for w in r.not_before.split("|") if w
    ]


@pytest.mark.parametrize("lemma, word, side", _rules())
def test_every_exclusion_rule_of_the_project_dictionary(lemma, word, side):
    table = frames.load_frames(ROOT / "corpus" / "frames.csv")
    target = lemma.replace("*", "x") if "*" in lemma else lemma
    words = ["A", word, target, "B"] if side == "after" else ["A", target, word, "B"]
    at = 2 if side == "after" else 1
    t = _frame_tokens([words, ["A", target, "B"]])
    hit = frames.tag_frames(t, table).any(axis=1).tolist()
    assert not hit[at] and hit[len(words) + 1]


# ---------------------------------------------------------------- steps against the articles' spread


def test_step_evidence_by_hand():
    fr = pd.DataFrame({"frame": ["war"], "label": ["War"], "lemma": ["Krieg"]})
    # a: 3 articles of 4 tokens with 0, 1, 2 hits; b: 2 articles of 4 tokens with 3 and 4 hits
    docs = {"a1": 0, "a2": 1, "a3": 2, "b1": 3, "b2": 4}
    rows = []
    for d, k in docs.items():
        for i in range(4):
            rows.append(
                {
                    "doc_id": d,
                    "paragraph": 0,
                    "position": i,
                    "token": "x",
                    "lemma": "Krieg" if i < k else "und",
                    "slice": d[0],
                }
            )
    t = pd.DataFrame(rows)
    by_slice = frames.frame_shares(t, fr, "slice")
    by_doc = frames.frame_shares(t, fr, "doc_id")
    group = pd.Series({d: d[0] for d in docs}, name="slice")
    step = frames.step_evidence(by_slice, by_doc, group, ["a", "b"]).iloc[0]
    assert step["per_10k_from"] == pytest.approx(3 / 12 * 1e4) and step["per_10k_to"] == pytest.approx(7 / 8 * 1e4)
    assert step["min_from"] == 0 and step["max_from"] == pytest.approx(5000) and step["min_to"] == pytest.approx(7500)
    assert step["beyond"] and step["ratio"] == pytest.approx(3.5)
    # overlap: b1 falls to 1 hit (2,500 < a's maximum 5,000): not beyond
    t.loc[(t.doc_id == "b1") & (t.position > 0), "lemma"] = "und"
    by_slice, by_doc = frames.frame_shares(t, fr, "slice"), frames.frame_shares(t, fr, "doc_id")
    assert not frames.step_evidence(by_slice, by_doc, group, ["a", "b"]).iloc[0]["beyond"]


def test_step_between_single_articles_has_no_spread_to_judge():
    fr = pd.DataFrame(
        {"frame": ["war"], "label": ["War"], "lemma": ["Krieg"], "not_after": "", "not_before": "", "pos": ""}
    )
    t = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "b"],
            "paragraph": 0,
            "position": [0, 1, 0, 1],
            "token": "x",
            "lemma": ["Krieg", "und", "Krieg", "Krieg"],
            "slice": ["a", "a", "b", "b"],
        }
    )
    group = pd.Series({"a": "a", "b": "b"}, name="slice")
    step = frames.step_evidence(
        frames.frame_shares(t, fr, "slice"), frames.frame_shares(t, fr, "doc_id"), group, ["a", "b"]
    ).iloc[0]
    assert step["change"] > 0 and step["beyond"] is None
