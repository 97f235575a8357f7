"""Actors, frames and the lemma-precision check (quotations: test_quotes.py)."""

import csv

import pandas as pd
import pytest

from conftest import ROOT, load_data
from corpusbook import actors, frames
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
    expected = [d for d, p_, e, s in zip(t.doc_id, t.period, t.entity.astype(str), t.entity_start) if p_ == period and e == name and s]
    n_docs = project.documents.loc[project.documents.period.astype(str) == period, "doc_id"].nunique()
    assert row["mentions"] == len(expected)
    assert row["per_10k"] == pytest.approx(len(expected) / (t.period == period).sum() * 1e4)
    assert row["range"] == f"{len(set(expected))} of {n_docs}"


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
    lemma_at = {(d, p): lm for d, p, lm in zip(project.tokens.doc_id, project.tokens.position, project.tokens.lemma)}
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    correct = sum(lemma_at[(r["doc_id"], int(r["position"]))] == r["lemma_gold"] for r in rows)
    assert result["n"] == len(rows)
    assert result["correct"] == correct
    assert result["precision"] == pytest.approx(correct / len(rows))
    assert len(result["errors"]) == len(rows) - correct


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


# ---------------------------------------------------------------- one name per entity

def _named_tokens():
    return pd.DataFrame({
        "doc_id": ["a"] * 7, "paragraph": [0] * 7, "position": range(7),
        "token": ["Präsident", "Wladimir", "Putin", "traf", "Zatulin", "CSTO-Truppen", "Tokayevs"],
        "lemma": ["Präsident", "Wladimir", "Putin", "treffen", "Zatulin", "CSTO-Truppe", "Tokayev"],
        "kind": ["word"] * 7, "is_stop": [False, False, False, False, False, False, False],
        "entity": ["", "Putin", "Putin", "", "Satulin", "OVKS", "Tokajew"],
        "entity_type": ["", "person", "person", "", "person", "organisation", "person"],
        "entity_start": [False, True, False, False, True, True, True],
        "alias": ["", "Wladimir Putin", "Wladimir Putin", "", "Zatulin", "CSTO", "Tokayev"],
    })


def test_canonical_names_one_name_per_entity_and_multiword_names_once():
    from corpusbook.frequency import content_tokens

    out = actors.canonical_names(_named_tokens())
    assert out["lemma"].tolist() == ["Präsident", "Wladimir", "Putin", "treffen", "Satulin", "OVKS-Truppe", "Tokajew"]
    assert out["is_stop"].tolist() == [False, True, False, False, False, False, False]
    terms = content_tokens(out)["lemma"].tolist()
    assert terms.count("Putin") == 1 and "Wladimir" not in terms  # "Präsident Wladimir" cannot form
    assert len(out) == 7  # token totals unchanged
    again = actors.canonical_names(out)
    assert again["lemma"].tolist() == out["lemma"].tolist() and again["is_stop"].tolist() == out["is_stop"].tolist()


def test_book_tokens_use_canonical_names_only(project):
    t = actors.canonical_names(project.tokens)
    aliases = project.resources.aliases
    canonical = set(aliases["canonical"])
    other_spellings = set(aliases["alias"]) - canonical
    named, last, multi = actors.name_parts(t)
    one_word = t.token.str.casefold().isin(set(aliases["alias"].str.casefold()) | set(aliases["alias"].str.casefold() + "s"))
    carriers = t[last & (multi | one_word.to_numpy())]
    assert len(carriers) and set(carriers["lemma"]) <= canonical
    assert t.loc[named & ~last, "is_stop"].all()
    assert not (set(t.loc[~t.is_stop, "lemma"]) & other_spellings - canonical)


# ---------------------------------------------------------------- frame exclusions

FRAMES_CSV = ("frame,label,lemma,not_after,not_before\n"
              "security,Security,Sicherheit,mit,\nsecurity,Security,OVKS,,\nenergy,Energy,Gas,,geben\n")


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
    return [(r.lemma, w, "after") for r in table.itertuples() for w in r.not_after.split("|") if w] + \
           [(r.lemma, w, "before") for r in table.itertuples() for w in r.not_before.split("|") if w]


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
            rows.append({"doc_id": d, "paragraph": 0, "position": i, "token": "x",
                         "lemma": "Krieg" if i < k else "und", "slice": d[0]})
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


# ---------------------------------------------------------------- facts on corpus shapes

import re  # noqa: E402

import shapes  # noqa: E402
from conftest import write_corpus  # noqa: E402


@pytest.fixture(scope="module", params=list(shapes.SHAPES))
def shape(request, tmp_path_factory):
    folder = shapes.SHAPES[request.param](tmp_path_factory.mktemp(request.param) / "corpus")
    from corpusbook import facts as _  # noqa: F401
    from corpusbook.facts import actors as fa, frames as ff

    import matplotlib.pyplot as plt

    data = load_data(folder)
    dictionary = frames.load_frames(folder / "frames.csv")
    result = folder, data, fa.findings(data), ff.findings(data, dictionary), dictionary
    plt.close("all")
    return result


def _text(value):
    return value.data if hasattr(value, "data") else str(value)


def _order(folder, column):
    """Groups in time order, from metadata.csv alone (period defaults to the year, slice to the period)."""
    meta = pd.read_csv(folder / "metadata.csv", dtype=str, keep_default_na=False)
    meta["period"] = [p or d[:4] for p, d in zip(meta["period"], meta["date"])]
    meta["slice"] = [s or p for s, p in zip(meta["slice"], meta["period"])]
    first = meta.groupby(column)["date"].min()
    return sorted(first.index, key=lambda g: (first[g], g)), meta


def test_no_missing_values_or_raw_syntax_in_any_sentence(shape):
    _, _, fa, ff, _ = shape
    for name, value in {**fa, **ff}.items():
        if hasattr(value, "savefig") or _text(value).startswith("<div"):
            continue
        text = _text(value)
        assert not re.search(r"\bnan\b|\binf\b|None|\{glue", text), (name, text)


def test_people_list_one_bullet_per_period_in_time_order_with_ties(shape):
    folder, data, fa, _, _ = shape
    order, meta = _order(folder, "period")
    lines = _text(fa["top_people"]).split("\n")
    assert len(lines) == len(order)
    t = data.tokens
    for line, period in zip(lines, order):
        n = int((meta["period"] == period).sum())
        assert line.startswith(f"- **{period}** ({n} article{'s' if n != 1 else ''}): ")
        counts = {}
        for e, s, typ, p in zip(t.entity.astype(str), t.entity_start, t.entity_type.astype(str), t.period.astype(str)):
            if s and typ == "person" and p == period:
                counts[e] = counts.get(e, 0) + 1
        named = re.findall(r"\*([^*]+)\*: (\d+) mentions?", line)
        if not counts:
            assert "no person" in line and not named
            continue
        cut = sorted(counts.values(), reverse=True)[:3][-1]
        assert {n for n, _ in named} == {e for e, c in counts.items() if c >= cut}
        assert all(counts[n] == int(c) for n, c in named)


def test_leaders_sentence_matches_an_independent_top_two(shape):
    folder, data, fa, _, _ = shape
    order, _ = _order(folder, "period")
    t = data.tokens
    tops = []
    for period in order:
        sub = t[t.entity_start & (t.entity_type.astype(str) == "person") & (t.period.astype(str) == period)]
        counts = sub["entity"].astype(str).value_counts()
        tops.append(set(counts[counts >= counts.iloc[:2].min()].index) if len(counts) else set())
    text = _text(fa["leaders_sentence"])
    if len(order) > 1:
        both = set.intersection(*tops)
        assert set(re.findall(r"\*([^*]+)\*", text)) == both
        if not any(tops):
            assert text == "No person of the alias table is mentioned."
        else:
            assert text.startswith("No person is among") == (not both)


def test_top_pair_counted_independently(shape):
    _, data, fa, _, _ = shape
    t = data.tokens
    sets = {}
    for d, p, e, s in zip(t.doc_id, t.paragraph, t.entity.astype(str), t.entity_start):
        if s:
            sets.setdefault((d, p), set()).add(e)
    pairs = {}
    for names in sets.values():
        names = sorted(names)
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                pairs[(a, b)] = pairs.get((a, b), 0) + 1
    text = _text(fa["pairs_sentence"])
    if not pairs:
        assert "no pairs" in text
        return
    best = max(pairs.values())
    assert f"Of {len(pairs):,} pair" in text
    first = re.search(r"most frequent (?:is|are \(tied\)) (.*?) \((\d+) paragraph", text)
    assert int(first.group(2)) == best
    tied = {p for p, c in pairs.items() if c == best}
    assert set(re.findall(r"\*([^*]+)\* and \*([^*]+)\*", first.group(1))) == tied


def test_frame_steps_cover_every_consecutive_moment_and_claim_most_only_beyond_the_spread(shape):
    folder, data, _, ff, dictionary = shape
    moments, _ = _order(folder, "slice")
    text = _text(ff["steps"])
    if len(moments) < 2:
        assert "no change" in text
        return
    bullets = text.split("\n")
    assert len(bullets) == len(moments) - 1
    tags = frames.tag_frames(actors.canonical_names(data.tokens), dictionary)
    labels = dictionary.drop_duplicates("frame").set_index("frame")["label"]
    t = data.tokens
    per_doc = {d: len(g) for d, g in t.groupby("doc_id")}
    slice_of = dict(zip(data.documents.doc_id, data.documents.slice.astype(str)))
    for bullet, a, b in zip(bullets, moments, moments[1:]):
        assert bullet.startswith(f"- From **{a}** (") and f" to **{b}** (" in bullet
        for label, verb in re.findall(r"\*([^*]+)\* (rises|falls) most", bullet):
            frame = labels[labels == label].index[0]
            hits = t.loc[tags[frame].to_numpy(), "doc_id"].value_counts()
            rate = {d: hits.get(d, 0) / n * 1e4 for d, n in per_doc.items()}
            ra = [r for d, r in rate.items() if slice_of[d] == a]
            rb = [r for d, r in rate.items() if slice_of[d] == b]
            assert len(ra) > 1 or len(rb) > 1
            assert (min(rb) > max(ra)) if verb == "rises" else (max(rb) < min(ra))


def test_strongest_frame_per_moment_counted_independently(shape):
    folder, data, _, ff, dictionary = shape
    moments, _ = _order(folder, "slice")
    tags = frames.tag_frames(actors.canonical_names(data.tokens), dictionary)
    labels = dictionary.drop_duplicates("frame").set_index("frame")["label"]
    sl = data.tokens["slice"].astype(str).to_numpy()
    lines = _text(ff["strongest_per_slice"]).split("\n")
    assert len(lines) == len(moments)
    for line, m in zip(lines, moments):
        rates = {f: tags[f].to_numpy()[sl == m].sum() / (sl == m).sum() * 1e4 for f in tags.columns}
        best = max(rates.values())
        top = {labels[f] for f, r in rates.items() if r == best}
        assert line.startswith(f"- **{m}** (")
        named = set(re.findall(r"strongest frame (?:\*([^*]+)\*)", line))
        assert named <= top and f"({round(best):,} per 10,000 tokens" in line


def test_quote_examples_are_escaped_and_distinct(tmp_path):
    texts = {
        "a.txt": "„<script>alert(1)</script> ist eine Probe für alle hier“, sagte Putin.\n\n"
                 "„<script>alert(1)</script> ist eine Probe für alle hier“, sagte Putin.\n\n"
                 "„Wir reden hier über die Zukunft unserer Länder“, sagte Tokajew.\n",
        "b.txt": "Ein Text ohne Namen und ohne Zitate.\n",
    }
    meta = [("a", "texts/a.txt", "<b>A</b>", "x", "2022-02-10", "", "", "de", "", "test"),
            ("b", "texts/b.txt", "B", "x", "2024-11-27", "", "", "de", "", "test")]
    folder = write_corpus(tmp_path / "corpus", texts, meta)
    from corpusbook.facts import actors as fa

    import matplotlib.pyplot as plt

    out = fa.findings(load_data(folder))
    plt.close("all")
    html = _text(out["examples_table"])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.count("alert(1)") == 1  # the repeated quotation is shown once
    assert _text(out["top_speakers"]) == "The most quoted: *Putin* (2), *Tokajew* (1)."
    assert _text(out["speakers_by_period"]).split("\n")[1] == "- **2024** (0 quotations): no attributed quotation"
    assert _text(out["single_sentence"]) == "2022 and 2024 are a single article, so what this chapter says about each of them describes that article."


def test_people_steps_claim_most_only_beyond_the_articles(shape):
    folder, data, fa, _, _ = shape
    order, _ = _order(folder, "period")
    text = _text(fa["people_steps"])
    t = data.tokens
    if len(order) < 2 or not (t.entity_start & (t.entity_type.astype(str) == "person")).any():
        assert text == ""
        return
    bullets = text.split("\n")
    assert len(bullets) == len(order) - 1
    size = t.groupby("doc_id").size()
    period_of = dict(zip(data.documents.doc_id, data.documents.period.astype(str)))
    for bullet, a, b in zip(bullets, order, order[1:]):
        assert bullet.startswith(f"- From **{a}** (") and f" to **{b}** (" in bullet
        for name, verb in re.findall(r"\*([^*]+)\* (rises|falls) most", bullet):
            hits = t[t.entity_start & (t.entity.astype(str) == name)]["doc_id"].value_counts()
            rate = {d: hits.get(d, 0) / n * 1e4 for d, n in size.items()}
            ra = [r for d, r in rate.items() if period_of[d] == a]
            rb = [r for d, r in rate.items() if period_of[d] == b]
            assert (min(rb) > max(ra)) if verb == "rises" else (max(rb) < min(ra))
        # the largest difference named is the independent largest
        m = re.search(r"largest fall by difference is \*([^*]+)\* \((\d+) → (\d+)", bullet)
        if m:
            starts = t[t.entity_start & (t.entity_type.astype(str) == "person")]
            pa = starts[starts.period.astype(str) == a]["entity"].astype(str).value_counts() / (t.period.astype(str) == a).sum() * 1e4
            pb = starts[starts.period.astype(str) == b]["entity"].astype(str).value_counts() / (t.period.astype(str) == b).sum() * 1e4
            change = pb.reindex(pa.index.union(pb.index), fill_value=0) - pa.reindex(pa.index.union(pb.index), fill_value=0)
            assert m.group(1) in set(change[change == change.min()].index)


def test_frame_evidence_skips_false_hits_and_repeats_and_escapes_labels(tmp_path):
    texts = {"a.txt": "Das ist mit Sicherheit so.\n\nDie Sicherheit der Region ist wichtig.\n\n"
                      "Die Sicherheit der Region ist wichtig.\n\nDie Sicherheit Europas wächst.\n",
             "b.txt": "Russisches Gas fließt weiter.\n\nSie geben Gas geben.\n"}
    meta = [("a", "texts/a.txt", "A", "x", "2022-02-10", "", "<b>Feb</b>", "de", "", "test"),
            ("b", "texts/b.txt", "B", "x", "2024-11-27", "", "Nov *2024*", "de", "", "test")]
    folder = write_corpus(tmp_path / "corpus", texts, meta)
    path = tmp_path / "frames.csv"
    path.write_text(FRAMES_CSV, encoding="utf-8")
    from corpusbook.facts import frames as ff
    import matplotlib.pyplot as plt

    out = ff.findings(load_data(folder), frames.load_frames(path))
    plt.close("all")
    html = _text(out["evidence_table"])
    assert "mit Sicherheit" not in html                       # the certainty reading is never shown
    assert html.count("der Region ist wichtig") == 1 and html.count("Europas wächst") == 1  # two distinct sentences
    assert html.count("<tr>") - 1 == len(set(re.findall(r"<tr>(.*?)</tr>", html)[1:]))  # no repeated row
    steps = _text(out["steps"])
    assert "&lt;b&gt;Feb&lt;/b&gt;" in steps and "<b>" not in steps and "Nov \\*2024\\*" in steps
    lines = _text(out["strongest_per_slice"]).split("\n")
    assert lines[0].startswith("- **&lt;b&gt;Feb&lt;/b&gt;** (1 article)")


def test_findings_in_brief_name_the_largest_change(shape):
    folder, data, fa, ff, dictionary = shape
    periods, _ = _order(folder, "period")
    moments, _ = _order(folder, "slice")
    t = data.tokens
    # actors: the person whose rate changes most from the first to the last period
    text = _text(fa["finding"])
    starts = t[t.entity_start & (t.entity_type.astype(str) == "person")]
    if len(periods) < 2 or starts.empty:
        assert text == ""
    else:
        def rate(p):
            return starts[starts.period.astype(str) == p]["entity"].astype(str).value_counts() / (t.period.astype(str) == p).sum() * 1e4
        a, b = rate(periods[0]), rate(periods[-1])
        names = a.index.union(b.index)
        change = (b.reindex(names, fill_value=0) - a.reindex(names, fill_value=0)).abs()
        named = re.findall(r"\*([^*]+)\* (?:rises|falls) from (\d[\d,]*) to (\d[\d,]*)", text)
        assert {n for n, _, _ in named} == set(change[change == change.max()].index)
        for n, x, y in named:
            assert int(x.replace(",", "")) == round(a.get(n, 0)) and int(y.replace(",", "")) == round(b.get(n, 0))
    # frames: the frame whose pooled rate spans the widest range over the moments, with its path
    text = _text(ff["finding"])
    if len(moments) < 2:
        assert text == ""
        return
    tags = frames.tag_frames(actors.canonical_names(t), dictionary)
    labels = dictionary.drop_duplicates("frame").set_index("frame")["label"]
    sl = t["slice"].astype(str).to_numpy()
    paths = {f: [tags[f].to_numpy()[sl == m].sum() / (sl == m).sum() * 1e4 for m in moments] for f in tags.columns}
    span = {f: max(v) - min(v) for f, v in paths.items()}
    top = [f for f in span if span[f] == max(span.values())]
    for f in top:
        assert f"*{labels[f]}* goes " + " → ".join(f"{round(v):,}" for v in paths[f]) in text
