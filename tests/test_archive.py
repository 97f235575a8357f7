"""The Dask path (corpusbook.archive) against the in-memory path, on a real two-process LocalCluster."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import ROOT

distributed = pytest.importorskip("distributed")

GNAD = ROOT.parent / "shared" / "data" / "gnad_articles.csv"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def curated():
    from corpusbook.cleaning import load_rules
    from corpusbook.preprocess import load_resources

    return load_resources(ROOT / "corpus"), load_rules(ROOT / "corpus" / "cleaning_rules.csv")


def in_memory_tokens(articles, curated):
    """The in-memory path: the same cleaning and preprocessing, one token table for everything."""
    from corpusbook.cleaning import clean_text
    from corpusbook.corpus import split_paragraphs
    from corpusbook.preprocess import build_token_table

    resources, rules = curated
    docs = articles.assign(text=[clean_text(t, rules)[0] for t in articles["text"]])
    tokens = build_token_table(split_paragraphs(docs), resources)
    meta = docs.set_index("doc_id")
    year = meta["date"].str.slice(0, 4)
    period = meta["period"].where(meta["period"] != "", year)
    slice_ = meta["slice"].where(meta["slice"] != "", period)
    return tokens.assign(period=tokens["doc_id"].map(period), slice=tokens["doc_id"].map(slice_))


def assert_same_frequencies(result, tokens, by):
    from corpusbook.counts import frequency_from_counts
    from corpusbook.frequency import frequency_table

    dask_table = frequency_from_counts(result[f"counts_{by}"], result[f"sizes_{by}"], by)
    memory = frequency_table(tokens, by=by)
    memory[by] = memory[by].astype(str)
    exact = [by, "term", "count", "doc_freq", "n_docs", "range"]
    pd.testing.assert_frame_equal(dask_table[exact], memory[exact], check_exact=True)
    pd.testing.assert_frame_equal(dask_table, memory, check_exact=False, rtol=1e-12, atol=0)


def seed_articles():
    from corpusbook.corpus import load_corpus

    docs = load_corpus(ROOT / "corpus").documents
    out = docs[["doc_id", "date", "period", "slice", "raw_text"]].rename(columns={"raw_text": "text"})
    return out.assign(date=out["date"].dt.strftime("%Y-%m-%d"), doc_id=out["doc_id"].astype(str))


def gnad_articles():
    if not GNAD.is_file():
        pytest.skip(f"{GNAD} is missing: these tests need the shared GNAD articles beside the project")
    raw = pd.read_csv(GNAD)
    dates = np.array(["2022-03-01", "2023-06-15", "2024-11-27"])[np.arange(len(raw)) % 3]
    return pd.DataFrame({"doc_id": raw["article_id"].astype(str), "date": dates,
                         "period": "", "slice": "", "text": raw["text"].astype(str)})


@pytest.mark.parametrize("shape", ["seeds", "gnad"])
def test_dask_counts_equal_in_memory_tables(shape, client, curated, tmp_path):
    from corpusbook.archive import count_collection, read_collection

    articles = seed_articles() if shape == "seeds" else gnad_articles()
    articles.to_parquet(tmp_path / "articles.parquet", index=False)
    ddf = read_collection(tmp_path / "articles.parquet").repartition(npartitions=4)
    result = count_collection(ddf, *curated, out=tmp_path / "out")
    tokens = in_memory_tokens(articles, curated)
    for by in ("period", "slice"):
        assert_same_frequencies(result, tokens, by)
    # what was written is what was returned
    from corpusbook.archive import load_counts

    counts, sizes = load_counts(tmp_path / "out", "period")
    pd.testing.assert_frame_equal(counts, result["counts_period"])
    assert int(sizes["tokens"].sum()) == len(tokens)
    written = pd.read_parquet(tmp_path / "out" / "article_terms")
    assert written["n"].sum() == result["counts_period"]["count"].sum()


def test_counts_of_any_partitioning_add_up(client, curated, tmp_path):
    """Per-article counts do not depend on how the collection is cut into partitions."""
    from corpusbook.archive import count_collection, read_collection

    articles = seed_articles()
    path = tmp_path / "a.csv"
    articles.to_csv(path, index=False)
    one = count_collection(read_collection(path), *curated)
    many = count_collection(read_collection(path).repartition(npartitions=5), *curated)
    pd.testing.assert_frame_equal(one["counts_slice"], many["counts_slice"])
    tokens = in_memory_tokens(articles, curated)
    assert one["articles"].set_index("doc_id")["tokens"].to_dict() == tokens.groupby("doc_id").size().to_dict()


def test_jsonl_input_and_missing_column(tmp_path):
    from corpusbook.archive import read_collection
    from corpusbook.errors import CorpusError

    articles = seed_articles()
    articles.to_json(tmp_path / "a.jsonl", orient="records", lines=True)
    assert read_collection(tmp_path / "a.jsonl").compute()["doc_id"].tolist() == articles["doc_id"].tolist()
    articles.drop(columns="text").to_csv(tmp_path / "bad.csv", index=False)
    with pytest.raises(CorpusError, match=r"bad\.csv: column 'text' is missing"):
        read_collection(tmp_path / "bad.csv")


def test_keyness_from_counts_equals_keyness(client, curated, tmp_path):
    """Keyness from the Dask path's group counts equals keyness on the token table, for every side split."""
    from corpusbook.archive import count_collection, read_collection
    from corpusbook.counts import keyness_from_counts
    from corpusbook.keyness import keyness

    articles = gnad_articles().iloc[:150] if GNAD.is_file() else seed_articles()
    articles.to_parquet(tmp_path / "a.parquet", index=False)
    result = count_collection(read_collection(tmp_path / "a.parquet").repartition(npartitions=3), *curated)
    tokens = in_memory_tokens(articles, curated)
    groups = sorted(tokens["period"].unique())
    for target, reference in [(groups[-1], None), (groups[0], groups[1:2]), (groups[:2], None)]:
        expected = keyness(tokens, "period", target, reference)
        got = keyness_from_counts(result["counts_period"], result["sizes_period"], "period", target, reference)
        assert got.attrs == expected.attrs
        ints = ["term", "count_target", "count_ref", "direction", "docs_target", "docs_ref", "significant",
                "range_target", "range_ref", "single_doc"]
        pd.testing.assert_frame_equal(got[ints], expected[ints], check_exact=True)
        pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=1e-12)
