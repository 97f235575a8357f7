"""The comparison chapter's facts on four corpus shapes, checked against values computed here.

Shapes: today's corpus; today's plus a third period of several articles; a balanced corpus (three
articles per period); every period one article. Shapes 2-4 use real texts from
``../shared/data/gnad_articles.csv`` (the 10kGNAD test split) with assigned dates.
"""

import os
import re
import shutil
from math import comb
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from sklearn.metrics.pairwise import cosine_similarity

from conftest import HEADER, ROOT, write_corpus, load_data
from corpusbook import keyness as K
from corpusbook.preprocess import content_tokens

GNAD = Path(os.environ.get("GNAD_CSV", ROOT.parent.parent / "shared" / "data" / "gnad_articles.csv"))
if not GNAD.exists():
    GNAD = Path("/work/shared/data/gnad_articles.csv")


def gnad(n, skip=0):
    if not GNAD.exists():
        pytest.skip(f"needs the GNAD articles at {GNAD} (see ../shared/data/README.md)")
    return pd.read_csv(GNAD).iloc[skip:skip + n]


def gnad_corpus(folder, periods):
    """``periods``: list of (period, date, number of articles)."""
    total = sum(n for _, _, n in periods)
    arts = gnad(total, skip=7)
    texts, meta, i = {}, [], 0
    for period, date, n in periods:
        for _ in range(n):
            doc = f"g{i:03d}"
            texts[f"{doc}.txt"] = arts["text"].iloc[i]
            meta.append((doc, f"texts/{doc}.txt", f"Artikel {i}", "derstandard.at", date, period, f"{period} slice",
                         "de", "", "test"))
            i += 1
    return load_data(write_corpus(folder, texts, meta))


def plus_third_period(folder, n=3):
    shutil.copytree(ROOT / "corpus", folder)
    arts = gnad(n)
    rows = []
    for i in range(n):
        doc = f"9{i:02d}"
        (folder / "texts" / f"{doc}.txt").write_text(arts["text"].iloc[i], encoding="utf-8")
        rows.append(f"{doc},texts/{doc}.txt,Artikel {i},derstandard.at,2025-03-0{i + 1},2025,2025-03 extra,de,,test\n")
    meta = (folder / "metadata.csv").read_text(encoding="utf-8")
    (folder / "metadata.csv").write_text(meta.rstrip("\n") + "\n" + "".join(rows), encoding="utf-8")
    return load_data(folder)


@pytest.fixture(scope="module", params=["today", "third", "balanced", "singles"])
def shape(request, tmp_path_factory, project):
    folder = tmp_path_factory.mktemp(request.param) / "corpus"
    if request.param == "today":
        return project
    if request.param == "third":
        return plus_third_period(folder)
    if request.param == "balanced":
        return gnad_corpus(folder, [("2021", "2021-05-01", 3), ("2022", "2022-05-01", 3), ("2023", "2023-05-01", 3)])
    return gnad_corpus(folder, [("2021", "2021-05-01", 1), ("2022", "2022-05-01", 1), ("2023", "2023-05-01", 1)])


def text(value):
    return str(getattr(value, "data", value))


def fmt(n):
    return f"{n:,}"


def independent_tarone(totals, c, d, alpha=0.05):
    def min_p(n):
        g_t = 2 * n * np.log((c + d) / c)
        g_r = 2 * n * np.log((c + d) / d)
        return stats.chi2.sf(max(g_t, g_r), 1)
    ps = [min_p(n) for n in totals]
    k = 1
    while sum(p < alpha / k for p in ps) > k:
        k += 1
    return sum(p < alpha / k for p in ps), k


def test_findings_on_shape(shape):
    from corpusbook.facts import comparison

    f = comparison.findings(shape)
    docs, tokens = shape.documents, shape.tokens
    first = docs.groupby("period")["date"].min().sort_values()
    order = list(first.index)
    # every period named with its own article and token counts
    for p in order:
        n_art = int((docs["period"] == p).sum())
        n_tok = int((tokens["period"] == p).sum())
        assert f"{p}: {n_art} article{'s' if n_art != 1 else ''}, {fmt(n_tok)} word tokens" in text(f["periods_sentence"])
    # the detailed comparison is the latest period against the one before it
    assert text(f["target"]) == order[-1] and text(f["reference"]) == order[-2]
    T, R = order[-1], order[-2]
    side_t, side_r = tokens[tokens["period"] == T], tokens[tokens["period"] == R]
    c, d = len(side_t), len(side_r)
    lem = content_tokens(pd.concat([side_t, side_r]), False)
    totals = lem.groupby("lemma").size()
    m_testable, k = independent_tarone(totals.to_numpy(), c, d)
    s = text(f["testable_sentence"])
    assert f"Of {fmt(len(totals))} lemmas, {fmt(m_testable)} occur" in s
    assert f"K = {fmt(k)}" in s
    # occurrences a one-sided lemma needs, by brute force
    need = []
    for size in (c, d):
        n = 1
        while stats.chi2.sf(2 * n * np.log((c + d) / size), 1) >= 0.05 / k:
            n += 1
        need.append(n)
    if need[0] != need[1]:
        assert f"needs {need[0]} occurrence" in s and f"needs {fmt(need[1])}." in s
    else:
        assert f"needs {need[0]} occurrence" in s and "on either side" in s
    # document-level evidence
    n_t, n_r = side_t["doc_id"].nunique(), side_r["doc_id"].nunique()
    ds = text(f["doc_sentence"])
    if n_t >= 2 and n_r >= 2:
        table = K.keyness(tokens, "period", T, [R])
        key = list(dict.fromkeys(list(K.top_keywords(table, 10, 1, ties=True)["term"])
                                 + list(K.top_keywords(table, 10, -1, ties=True)["term"])))
        size = tokens.groupby("doc_id").size()
        kept = content_tokens(tokens, False)
        low = 0
        for term in key:
            cnt = kept[kept["lemma"] == term].groupby("doc_id").size().reindex(size.index, fill_value=0)
            rate = cnt / size * 10_000
            x = rate[side_t["doc_id"].unique()].to_numpy()
            y = rate[side_r["doc_id"].unique()].to_numpy()
            if np.ptp(np.concatenate([x, y])) == 0:
                continue
            ties = len(np.unique(np.concatenate([x, y]))) < len(x) + len(y)
            p = stats.mannwhitneyu(x, y, alternative="two-sided", method="asymptotic" if ties else "exact").pvalue
            low += p < 0.05
        assert f"{low} of the {len(key)} listed lemmas" in ds
        assert "cannot" not in text(f["loo_sentence"]) or min(n_t, n_r) == 1
    else:
        expected = 2 / comb(n_t + n_r, n_t)
        assert "no document-level test can be run" in ds
        assert f"{expected:.2g}" in ds
    # leave-one-out: the single-article side is said to be untestable, and only then
    loo = text(f["loo_sentence"])
    single = [p for p, n in ((T, n_t), (R, n_r)) if n == 1]
    assert ("cannot be left out" in loo) == bool(single)
    for p in single:
        assert p in loo
    # similarity: within- and between-period means from sklearn
    kept = content_tokens(tokens, False)
    mat = kept.groupby(["doc_id", "lemma"]).size().unstack(fill_value=0)
    sim = cosine_similarity(mat.to_numpy())
    per = docs.set_index("doc_id")["period"].reindex(mat.index).to_numpy()
    iu = np.triu_indices(len(per), 1)
    same = per[iu[0]] == per[iu[1]]
    ss = text(f["similarity_sentence"])
    if same.any():
        assert f"{sim[iu][same].mean():.2f} ({same.sum()} pair" in ss
        assert f"{sim[iu][~same].mean():.2f} ({(~same).sum()} pair" in ss
    else:
        assert "cannot be compared" in ss
    # nothing rendered carries nan/inf or unescaped markup
    for name, value in f.items():
        if isinstance(value, str) or hasattr(value, "data"):
            body = text(value)
            assert not re.search(r"\bnan\b|\binf\b", body), name


def test_three_periods_label_every_comparison(tmp_path):
    from corpusbook.facts import comparison

    data = gnad_corpus(tmp_path / "corpus", [("2021", "2021-05-01", 2), ("2022", "2022-05-01", 2), ("2023", "2023-05-01", 2)])
    f = comparison.findings(data)
    summary = text(f["summary_table"])
    for title in ("2022 vs 2021", "2023 vs 2022", "2021 vs all other periods", "2023 vs all other periods"):
        assert title in summary
    assert text(f["main_title"]) == "2023 vs 2022"


def test_hostile_slice_and_period_labels_are_escaped(tmp_path):
    from corpusbook.facts import comparison

    data = gnad_corpus(tmp_path / "corpus", [("<b>x</b>", "2021-05-01", 2), ("<img src=y onerror=alert(1)>", "2023-05-01", 2)])
    f = comparison.findings(data)
    for name, value in f.items():
        body = text(value)
        assert "<img" not in body and "<b>" not in body, name
