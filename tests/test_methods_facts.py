"""The methods, extending and template chapters' facts on four corpus shapes, checked against values computed here.

Shapes (``tests/shapes.py``): today's corpus; today's plus a third period of German originals; a
balanced corpus (three articles per period); every period one article. Expected values come from the
metadata and texts read here (csv module, :func:`~corpusbook.tokenize.word_tokens` per paragraph).
"""

import csv
import re
from collections import Counter

import pandas as pd
import pytest

import shapes
from conftest import load_data
from corpusbook.facts import extending, methods, template
from corpusbook.tokenize import word_tokens


@pytest.fixture(scope="module", params=list(shapes.SHAPES))
def shape(request, tmp_path_factory):
    folder = shapes.SHAPES[request.param](tmp_path_factory.mktemp(request.param) / "corpus")
    with open(folder / "metadata.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        r["period"] = r["period"] or r["date"][:4]
        r["slice"] = r["slice"] or r["period"]
    return request.param, folder, rows, load_data(folder)


def text(value):
    return str(getattr(value, "data", value))


def words_per_doc(data):
    n = Counter()
    for doc_id, para in zip(data.corpus.paragraphs["doc_id"], data.corpus.paragraphs["text"]):
        n[doc_id] += len(word_tokens(para))
    return n


def in_time_order(rows, field):
    first = {}
    for r in rows:
        first[r[field]] = min(first.get(r[field], r["date"]), r["date"])
    return sorted(first, key=lambda g: (first[g], g))


def test_sizes_and_balance(shape):
    _, _, rows, data = shape
    facts = methods.findings(data)
    sizes, balance = text(facts["sizes_line"]), text(facts["balance_sentence"])
    per_doc = words_per_doc(data)
    docs, words = Counter(r["period"] for r in rows), Counter()
    for r in rows:
        words[r["period"]] += per_doc[r["doc_id"]]
    order = in_time_order(rows, "period")
    expected = [f"**{p}**: {docs[p]} article{'s' * (docs[p] != 1)}, {words[p]:,} word token{'s' * (words[p] != 1)}"
                for p in order]
    assert sizes == "; ".join(expected) + "."
    big, small = max(words, key=words.get), min(words, key=words.get)
    assert f"**{big}**, is {round(words[big] / words[small], 1):g} times the smallest, **{small}**" in balance
    single = [p for p in order if docs[p] == 1]
    assert ("single article" in balance) == bool(single)
    for p in single:
        assert f"**{p}**" in balance.split("single article")[0]
    if len(set(docs.values())) == 1:
        assert f"every period has {docs[order[0]]} article" in balance
    assert not re.search(r"\d\.0\b", sizes + balance)


def test_translations_counted_from_source_language(shape):
    _, _, rows, data = shape
    sentence = text(methods.findings(data)["translation_sentence"])
    translated = [r for r in rows if r["source_language"].strip().lower() != "de"]
    n = len(rows)
    if not translated:
        assert sentence.startswith(f"None of the {n} texts is a translation")
    elif len(translated) == n:
        assert sentence.startswith(f"All {n} texts are machine translations")
    else:
        assert sentence.startswith(f"{len(translated)} of the {n} texts")
        rest = n - len(translated)
        assert f"the other {rest} {'was' if rest == 1 else 'were'} written in German" in sentence
    for lang in {r["source_language"] for r in translated}:
        assert lang in sentence


def test_lemma_sample_precision_on_the_articles_it_covers(shape):
    _, folder, rows, data = shape
    sample = pd.read_csv(shapes.ROOT / "corpus" / "lemma_sample.csv", dtype={"doc_id": str}, keep_default_na=False)
    sentence = text(methods.findings(data, sample=sample)["lemma_sentence"])
    ids = {r["doc_id"] for r in rows}
    lemma_at = {(d, p): (t, lm) for d, p, t, lm in zip(data.tokens["doc_id"], data.tokens["position"],
                                                        data.tokens["token"], data.tokens["lemma"])}
    covered = [r for r in sample.itertuples() if r.doc_id in ids and lemma_at.get((r.doc_id, r.position), ("",))[0] == r.token]
    if not covered:
        assert "no longer applies" in sentence and "%" not in sentence
        return
    right = sum(lemma_at[(r.doc_id, r.position)][1] == r.lemma_gold for r in covered)
    assert f"sample of {len(covered)} word tokens" in sentence
    assert f"right for {right / len(covered):.1%}".replace(".0%", "%") in sentence
    k = len({r.doc_id for r in covered})
    assert (f"from all {len(rows)} articles" if k == len(rows) else f"from {k} of the {len(rows)} articles") in sentence


def test_conclusions_name_every_slice_in_time_order(shape):
    _, _, rows, data = shape
    facts = methods.findings(data)
    may, may_not = text(facts["may_sentence"]), text(facts["may_not_sentence"])
    slices = in_time_order(rows, "slice")
    positions = [may.index(f"**{s}**") for s in slices]
    assert positions == sorted(positions)
    docs = Counter(r["period"] for r in rows)
    single = len(docs) > 1 and any(n == 1 for n in docs.values())
    assert ("a single article" in may_not) == single


def test_no_raw_values_in_any_fact(shape):
    _, _, _, data = shape
    for module in (methods, extending):
        for name, value in module.findings(data).items():
            s = text(value)
            assert "nan" not in s.split() and "{glue" not in s and "inf" not in s.split(), name
            assert not re.search(r"\d\.0\b", s), name  # no "3,836.0", no "100.0%"


def test_template_names_the_top_lemma_of_each_period(shape):
    import matplotlib.pyplot as plt

    _, _, rows, data = shape
    facts = template.findings(data)
    plt.close(facts["fig_example"])
    sentence = text(facts["example_sentence"])
    content = data.tokens[data.tokens["kind"].isin(["word", "abbr"]) & ~data.tokens["is_stop"]]
    for period in in_time_order(rows, "period"):
        counts = Counter(content.loc[content["period"] == period, "lemma"])
        best = max(counts.values())
        for lemma in (t for t, c in counts.items() if c == best):
            assert f"*{lemma}*" in sentence.split(f"**{period}**")[1].split("**")[0]


def test_extending_example_file_name_follows_the_ids(shape):
    _, _, rows, data = shape
    step = text(extending.findings(data)["file_step"])
    ids = [r["doc_id"] for r in rows]
    if all(i.isdigit() for i in ids):
        width = max(map(len, ids))
        assert f"`corpus/texts/{max(map(int, ids)) + 1:0{width}d}_short-name.txt`" in step


def test_next_id_for_any_ids():
    assert extending.next_id(["gnad-0000", "gnad-1027"]) == "gnad-1028"
    assert extending.next_id(["000", "004", "9"]) == "010"
    assert extending.next_id(["a", "b"]) is None and extending.next_id(["x1", "y2"]) is None


def test_somajo_sample_is_seeded_and_bounded():
    paragraphs = pd.DataFrame({"doc_id": [str(i) for i in range(300)], "text": ["ein zwei drei vier"] * 300})
    assert methods.somajo_sample(paragraphs, max_tokens=2000) is paragraphs
    a = methods.somajo_sample(paragraphs, max_tokens=100, seed=1)
    assert len(a) == 25 and a.equals(methods.somajo_sample(paragraphs, max_tokens=100, seed=1))
    assert list(a.index) == sorted(a.index)


def test_somajo_agreement_is_the_sum_over_paragraphs():
    from corpusbook.tokenize import somajo_agreement

    paras = ["Am 27. November kam er.", "Kasan z.B. Tatarstan", "„Nachbarn von Gott“, sagte Tokajew."]
    whole = somajo_agreement(["\n".join(paras)])
    parts = [somajo_agreement([p]) for p in paras]
    for key in ("matched", "somajo_tokens", "our_tokens", "ordinal_differences"):
        assert whole[key] == sum(p[key] for p in parts)


def test_balance_of_nearly_equal_periods_is_worded_as_about_equal():
    dates = pd.to_datetime(["2022-01-01"] * 343 + ["2023-01-01"] * 342)
    documents = pd.DataFrame({"doc_id": [f"d{i}" for i in range(685)], "period": [str(d.year) for d in dates],
                              "date": dates})
    tokens = pd.DataFrame({"doc_id": documents["doc_id"].repeat(100).to_numpy()})
    _, balance = methods.size_sentences(documents, tokens)
    assert text(balance) == ("By word tokens the periods are about equal (from 34,200 to 34,300); by articles they "
                             "are about equal (from 342 to 343).")
