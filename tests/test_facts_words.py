"""The opening page's, corpus chapter's, frequencies chapter's and articles page's facts, on several
corpus shapes (today's; a third period; balanced; every period one article; ties), each sentence
checked against values computed here from the corpus files and the token table, not with the
function under test.
"""

import fnmatch
import re

import numpy as np
import pandas as pd
import pytest

import shapes
from conftest import load_data
from corpusbook.facts import articles as articles_facts
from corpusbook.facts import corpus as corpus_facts
from corpusbook.facts import frequencies as freq_facts
from corpusbook.facts import intro as intro_facts


def one_period(folder):
    """Three GNAD articles, all of one period."""
    return shapes.balanced(folder, periods=(2023,), per_period=3)


SHAPES = dict(shapes.SHAPES, one_period=one_period)


@pytest.fixture(scope="module", params=["today", "third_period", "balanced", "singletons", "one_period"])
def shape(request, tmp_path_factory):
    folder = SHAPES[request.param](tmp_path_factory.mktemp(request.param) / "corpus")
    return request.param, folder, load_data(folder)


def text(value):
    return getattr(value, "data", value)


def meta_of(folder):
    meta = pd.read_csv(folder / "metadata.csv", dtype=str, keep_default_na=False)
    meta["period"] = [p or d[:4] for p, d in zip(meta["period"], meta["date"])]
    return meta


def periods_in_time_order(meta):
    first = meta.groupby("period")["date"].min()
    return sorted(first.index, key=lambda p: (first[p], p))


def prose_list(items):
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def frame_rate(tokens, patterns, period, by="period"):
    """Frame hits per 10,000 tokens of a period (or of a moment, ``by="slice"``), by shell-style patterns on the
    casefolded lemma."""
    sub = tokens[tokens[by] == period]
    pats = [p.casefold() for p in patterns]
    hits = sum(any(fnmatch.fnmatchcase(str(lemma).casefold(), p) for p in pats) for lemma in sub["lemma"])
    return hits / len(sub) * 10_000


# ---------------------------------------------------------------- opening page


def test_intro_lists_every_period_in_time_order_and_caveats_every_single_article_period(shape):
    name, folder, data = shape
    meta = meta_of(folder)
    order = periods_in_time_order(meta)
    facts = intro_facts.findings(data)
    assert text(facts["periods"]) == prose_list(order)
    assert " and " not in text(facts["periods"]).split(" and ", 1)[-1] or len(order) <= 2
    limits = text(facts["limits"])
    singles = [p for p, n in meta["period"].value_counts().items() if n == 1]
    for p in singles:
        assert p in limits.split("single article")[0].splitlines()[-1], (p, limits)
    if singles:
        assert "† marks" in limits
    else:
        assert "single article" not in limits
    assert f"{len(meta)} article" in limits
    sentence = text(facts["corpus_sentence"])
    if len(order) == 1:
        assert f"It has one period: {order[0]} has {len(meta)} article" in sentence
    else:
        assert f"The periods are {prose_list(order)}:" in sentence


def test_intro_counts_machine_translations_by_source_language(shape):
    name, folder, data = shape
    meta = meta_of(folder)
    translated = int((meta["source_language"].str.lower() != "de").sum())
    limits = text(intro_facts.findings(data)["limits"])
    if translated == 0:
        assert "machine translation" not in limits
    elif translated == len(meta):
        assert f"All {len(meta)} articles are machine translations" in limits
    else:
        assert f"{translated} of the {len(meta)} articles are machine translations" in limits
        assert f"the other {len(meta) - translated} were written in German" in limits


def test_findings_in_brief_back_each_claim_with_articles_and_flag_single_article_periods(shape):
    name, folder, data = shape
    meta = meta_of(folder)
    order = periods_in_time_order(meta)
    n_docs = meta["period"].value_counts()
    items = [line[2:] for line in text(intro_facts.findings(data)["findings_brief"]).splitlines()]
    assert 1 <= len(items) <= intro_facts.MAX_FINDINGS
    for item in items:
        assert "{ref}`" in item                         # links the figure or chapter that shows it
        if len(order) > 1:
            assert re.search(r"\d+ articles? in ", item), item  # says how many articles back it
        for p in order:
            if p in item:
                marked = f"{p}†" in item
                assert marked == (n_docs[p] == 1), (p, item)


def test_war_and_economy_rates_match_an_independent_count(shape):
    name, folder, data = shape
    order = periods_in_time_order(meta_of(folder))
    if len(order) < 2:
        pytest.skip("one period: no change to report")
    dictionary = pd.read_csv(folder / "frames.csv", dtype=str, keep_default_na=False)
    items = text(intro_facts.findings(data, dictionary)["findings_brief"])
    for frame, label in (("war", "War vocabulary"), ("economy", "Economy vocabulary")):
        patterns = dictionary.loc[dictionary["frame"] == frame, "lemma"]
        expected = " → ".join(f"{round(frame_rate(data.tokens, patterns, p)):,}" for p in order)
        line = next(line for line in items.splitlines() if label in line)
        assert f"runs {expected} per 10,000 tokens" in line, (expected, line)
        for p in order:
            ids = data.tokens.loc[data.tokens["period"] == p, "doc_id"].unique()
            if len(ids) < 2:
                continue
            per_doc = [frame_rate(data.tokens[data.tokens["doc_id"] == d], patterns, p) for d in ids]
            assert f"{round(min(per_doc)):,} to {round(max(per_doc)):,} in the articles of {p}" in line, (p, line)


def test_actor_rise_and_fall_match_an_independent_count(shape):
    name, folder, data = shape
    order = periods_in_time_order(meta_of(folder))
    t = data.tokens
    starts = t[t["entity_start"] & (t["entity_type"] == "person")]
    size = t.groupby("period").size()
    rate = starts.groupby(["entity", "period"], observed=True).size().unstack(fill_value=0).reindex(columns=order, fill_value=0)
    rate = rate / size.reindex(order).to_numpy() * 10_000
    items = text(intro_facts.findings(data)["findings_brief"])
    line = next((line for line in items.splitlines() if "Among people" in line), None)
    if len(order) < 2 or rate.empty:
        assert line is None or "No person" in line
        return
    change = (rate[order[-1]] - rate[order[0]]).round(6)
    if (change > 0).any():
        top = sorted(change.index[change == change.max()])
        assert all(f"*{n}*" in line.split(" rise")[0] for n in top), (top, line)
    if (change < 0).any():
        low = sorted(change.index[change == change.min()])
        assert all(f"*{n}*" in line for n in low) and " fall" in line, (low, line)


# ---------------------------------------------------------------- corpus chapter


def test_corpus_size_sentences(shape):
    name, folder, data = shape
    meta = meta_of(folder)
    order = periods_in_time_order(meta)
    tokens_per = data.tokens.groupby("period").size().reindex(order)
    docs_per = meta["period"].value_counts().reindex(order)
    facts = corpus_facts.findings(data)
    ratio = text(facts["ratio_sentence"])
    assert "1 times" not in ratio and "1.0 times" not in ratio
    if len(order) == 1:
        assert "one period" in ratio
    else:
        big, small = tokens_per.max(), tokens_per.min()
        if big != small:
            shown = f"{big / small:,.1f}"
            shown = shown[:-2] if shown.endswith(".0") else shown
            assert f"is {shown} times the smallest" in ratio
            assert f"({prose_list([p for p in order if tokens_per[p] == big])})" in ratio
        if docs_per.max() == docs_per.min():
            assert f"every period has {docs_per.max()} article" in ratio
    listed = text(facts["periods_list"]).splitlines()
    assert len(listed) == len(order)
    for line, p in zip(listed, order):
        assert line.startswith(f"- {p}{'†' if docs_per[p] == 1 else ''}: {docs_per[p]} article")
    single = text(facts["single_sentence"])
    assert all(p in single for p in order if docs_per[p] == 1)
    assert (single == "") == (docs_per.min() > 1)


def test_corpus_translation_sentence_counts_by_source_language(shape):
    name, folder, data = shape
    meta = meta_of(folder)
    de = int((meta["source_language"].str.lower() == "de").sum())
    sentence = text(corpus_facts.findings(data)["translation_sentence"])
    if de == len(meta):
        assert sentence == f"All {len(meta)} articles were written in German." or len(meta) == 1
    elif de == 0:
        assert sentence.startswith(f"All {len(meta)} articles are machine translations")
    else:
        assert sentence.startswith(f"{len(meta) - de} of the {len(meta)} articles are machine translations")


def test_longest_and_shortest_article_with_ties(shape):
    name, folder, data = shape
    size = data.tokens.groupby("doc_id").size()
    sentence = text(corpus_facts.findings(data)["articles_sentence"])
    assert f"{len(size)} article" in sentence
    assert f"{len(data.tokens):,} word tokens" in sentence
    if size.nunique() > 1:
        longest = sorted(size.index[size == size.max()])
        assert f"{prose_list(longest)}{' (tied)' if len(longest) > 1 else ''} ({size.max():,} tokens)" in sentence


# ---------------------------------------------------------------- frequencies chapter


def content(tokens):
    return tokens[tokens["kind"].isin(["word", "abbr"]) & ~tokens["is_stop"]]


def top_with_ties_here(counts, n):
    ordered = counts.sort_values(ascending=False)
    if len(ordered) <= n:
        return set(ordered.index)
    return set(ordered.index[ordered >= ordered.iloc[n - 1]])


def test_every_period_gets_its_own_words(shape):
    name, folder, data = shape
    order = periods_in_time_order(meta_of(folder))
    facts = freq_facts.findings(data)
    own = text(facts["own_words"])
    if len(order) == 1:
        assert "one period" in own
        return
    c = content(data.tokens).groupby(["period", "lemma"]).size()
    tops = {p: top_with_ties_here(c.loc[p], freq_facts.PER_PERIOD) for p in order}
    lines = [line for line in own.splitlines() if line.startswith("- ")]
    assert len(lines) == len(order)                     # no middle period ignored
    for line, p in zip(lines, order):
        others = set().union(*(tops[q] for q in order if q != p))
        expected = tops[p] - others
        shown = set(re.findall(r"\*([^*]+)\*", line))
        more = re.search(r"and (\d+) more", line)
        assert shown <= {t.replace("-", "-") for t in expected}
        assert len(shown) + (int(more.group(1)) if more else 0) == len(expected), (p, line, expected)


def test_tfidf_sentence_names_the_real_number_of_articles(shape):
    name, folder, data = shape
    n = data.tokens["doc_id"].nunique()
    sentence = text(freq_facts.findings(data)["tfidf_sentence"])
    assert "five articles" not in sentence
    assert f"{n} articles" in sentence and f"take only {n} values" in sentence


def test_cloud_words_are_distinctive(shape):
    name, folder, data = shape
    order = periods_in_time_order(meta_of(folder))
    sentence = text(freq_facts.findings(data)["cloud_sentence"])
    if len(order) == 1:
        assert "one period" in sentence
        return
    c = content(data.tokens).groupby(["period", "lemma"]).size()
    size = data.tokens.groupby("period").size()
    for p in order:
        own = c.loc[p]
        rest = c.drop(index=p, level=0).groupby(level="lemma").sum().reindex(own.index, fill_value=0)
        rate_p = own / size[p]
        rate_r = rest / (size.sum() - size[p])
        n = int(((own >= 2) & ((rate_r == 0) | (rate_p >= 2 * rate_r))).sum())
        assert f"{p}{'†' if data.documents['period'].eq(p).sum() == 1 else ''} has {n} such word" in sentence


def test_top_lemmas_tie_is_stated(tmp_path):
    from conftest import write_corpus

    texts = {"a.txt": "Gas Öl Gas Öl Straße.\n", "b.txt": "Gas Öl Brücke.\n"}
    meta = [("a", "texts/a.txt", "Eins", "X", "2022-01-01", "", "", "de", "", "test"),
            ("b", "texts/b.txt", "Zwei", "X", "2023-01-01", "", "", "de", "", "test")]
    folder = write_corpus(tmp_path / "corpus", texts, meta)
    data = load_data(folder)
    sentence = text(freq_facts.findings(data)["top_sentence"])
    assert "*Gas* and *Öl* (tied, " in sentence


# ---------------------------------------------------------------- articles page and figures


def test_articles_page_has_every_article_escaped(tmp_path):
    from conftest import write_corpus

    texts = {"a.txt": "Erster Absatz über <b>Gas</b>.\n\nZweiter Absatz mit `Code` und *Stern*.\n",
             "b.txt": "Ein Text.\n"}
    meta = [("a", "texts/a.txt", "<script>alert(1)</script> Titel", "X", "2022-01-01", "", "", "ru", "",
             "Datum aus dem Text [link](x)"),
            ("b", "texts/b.txt", "Zwei", "X", "2023-01-01", "", "", "de", "", "test")]
    folder = write_corpus(tmp_path / "corpus", texts, meta)
    data = load_data(folder)
    page = text(articles_facts.findings(data)["articles"])
    assert len(re.findall(r"^## ", page, flags=re.M)) == 2
    assert "(article-a)=" in page and "(article-b)=" in page
    assert "<script>" not in page and "<b>" not in page and "](x)" not in page
    assert "**¶ 1**" in page and "**¶ 2**" in page
    assert "Russian" in page
    assert "Datum aus dem Text" in page


def test_distinctive_terms_hand_computed():
    from corpusbook.describe import distinctive_terms

    freq = pd.DataFrame({"period": ["a", "a", "a", "b", "b"], "term": ["Gas", "Öl", "Wind", "Gas", "Öl"],
                         "count": [10, 6, 2, 10, 1], "per_10k": [100.0, 60.0, 20.0, 50.0, 5.0]})
    out = distinctive_terms(freq, "period", {"a": 1000, "b": 2000})
    # a: Gas 100 vs 50 (ratio 2, kept), Öl 60 vs 5 (12), Wind 20 vs 0 (inf); b: Gas 50 vs 100, Öl 5 vs 60 (count 1)
    assert out[["period", "term"]].values.tolist() == [["a", "Gas"], ["a", "Öl"], ["a", "Wind"]]
    assert out["ratio"].tolist()[:2] == [2.0, 12.0] and np.isinf(out["ratio"].iloc[2])


def test_document_sizes_legend_covers_no_bar():
    import matplotlib

    matplotlib.use("Agg")
    from corpusbook.plots.words import document_sizes

    docs = pd.DataFrame({"doc_id": list("abcde"), "outlet": "X", "date": "2022-01-01",
                         "period": ["2022", "2022", "2023", "2024", "2024"], "tokens": [900, 1000, 950, 1000, 980]})
    fig = document_sizes(docs, order=["2022", "2023", "2024"])
    fig.canvas.draw()
    ax = fig.axes[0]
    legend = ax.get_legend().get_window_extent()
    for bar in ax.patches:
        assert not legend.overlaps(bar.get_window_extent())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["2022", "2023", "2024"]
    from corpusbook.palette import period_colors
    from matplotlib.colors import to_hex

    colors = period_colors(["2022", "2023", "2024"])
    assert [to_hex(b.get_facecolor()) for b in ax.patches] == [colors[p].lower() for p in docs["period"]]


def test_document_sizes_of_a_large_corpus_is_a_histogram_per_period():
    import matplotlib

    matplotlib.use("Agg")
    from corpusbook.plots.words import MAX_BARS, document_sizes

    n = MAX_BARS + 10
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(n)], "outlet": "X", "date": "2022-01-01",
                         "period": ["2022"] * (n // 2) + ["2023"] * (n - n // 2), "tokens": np.arange(n) * 10 + 100})
    fig = document_sizes(docs, order=["2022", "2023"])
    ax = fig.axes[0]
    assert fig.get_size_inches()[1] < 5                 # bounded, not one bar per article
    assert sum(p.get_height() for p in ax.patches) == n  # every article counted once
    assert ax.get_xlabel() == "word tokens per article"


def test_war_and_economy_paths_over_moments_when_moments_split_periods(shape):
    """Pooling by period can hide a peak inside a period: with more moments than periods the path over the
    moments is given too, counted here independently."""
    name, folder, data = shape
    meta = meta_of(folder)
    order = periods_in_time_order(meta)
    docs = data.documents
    moments = [m for _, m in sorted((d, m) for m, d in docs.groupby("slice")["date"].min().items())]
    dictionary = pd.read_csv(folder / "frames.csv", dtype=str, keep_default_na=False)
    items = text(intro_facts.findings(data, dictionary)["findings_brief"])
    lines = [line for line in items.splitlines() if "War vocabulary" in line]
    if len(order) < 2:
        assert not lines
        return
    patterns = dictionary.loc[dictionary["frame"] == "war", "lemma"]
    if len(moments) > len(order):
        expected = " → ".join(f"{round(frame_rate(data.tokens, patterns, m, by='slice')):,}" for m in moments)
        assert f"by moment {expected};" in lines[0], (expected, lines[0])
    else:
        assert "by moment" not in lines[0]


def test_key_term_findings_name_the_passing_terms_of_each_latest_step(shape):
    """Each 'Comparing X against Y' line states how many lemmas pass the corrected token-level threshold and names
    them (up to the listing limit), from a keyness table computed here for the same pair."""
    from corpusbook import keyness

    name, folder, data = shape
    order = periods_in_time_order(meta_of(folder))
    items = text(intro_facts.findings(data, pd.read_csv(folder / "frames.csv", dtype=str,
                                                         keep_default_na=False))["findings_brief"])
    lines = [line for line in items.splitlines() if line.lstrip("- ").startswith("Comparing")]
    if len(order) < 2:
        assert not lines
        return
    assert lines
    for line in lines:
        target = next(p for p in order if line.lstrip("- ").startswith(f"Comparing {p}"))
        reference = [order[order.index(target) - 1]]
        table = keyness.keyness(data.tokens, "period", target, reference)
        passing = table[table["significant"]]
        assert "token-level threshold" in line
        if len(passing) == 0:
            assert "no key term passes" in line
            continue
        assert f"{len(passing)} key term" in line, (len(passing), line)
        for direction in (1, -1):
            shown = passing[passing["direction"] == direction].sort_values(["g2", "term"], ascending=[False, True])
            for term in shown["term"].head(intro_facts.KEY_LIMIT):
                assert f"*{term}*" in line, (term, line)
