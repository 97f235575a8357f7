"""The Dask path (corpusbook.archive) against the in-memory path, on a real two-process LocalCluster."""

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT

distributed = pytest.importorskip("distributed")


pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        Client(cluster) as c,
    ):
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
    from corpusbook.preprocess import build_token_table, canonical_names

    resources, rules = curated
    docs = articles.assign(text=[clean_text(t, rules)[0] for t in articles["text"]])
    tokens = canonical_names(build_token_table(split_paragraphs(docs), resources))
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


def collection(n=60):
    """A collection of ``n`` short German articles the repository carries (``shapes.pseudo_articles``),
    dated over three periods."""
    import shapes

    articles = shapes.pseudo_articles(n)
    dates = np.array(["2022-03-01", "2023-06-15", "2024-11-27"])[np.arange(n) % 3]
    return pd.DataFrame(
        {
            "doc_id": [f"a{i:03d}" for i in range(n)],
            "date": dates,
            "period": "",
            "slice": "",
            "text": [text for _, text in articles],
        }
    )


@pytest.mark.parametrize("shape", ["seeds", "collection"])
def test_dask_counts_equal_in_memory_tables(shape, client, curated, tmp_path):
    from corpusbook.archive import count_collection, read_collection

    articles = seed_articles() if shape == "seeds" else collection()
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
    from corpusbook.keyness import keyness, keyness_from_counts

    articles = collection(90)
    articles.to_parquet(tmp_path / "a.parquet", index=False)
    result = count_collection(read_collection(tmp_path / "a.parquet").repartition(npartitions=3), *curated)
    tokens = in_memory_tokens(articles, curated)
    groups = sorted(tokens["period"].unique())
    for target, reference in [(groups[-1], None), (groups[0], groups[1:2]), (groups[:2], None)]:
        expected = keyness(tokens, "period", target, reference)
        got = keyness_from_counts(result["counts_period"], result["sizes_period"], "period", target, reference)
        assert got.attrs == expected.attrs
        ints = [
            "term",
            "count_target",
            "count_ref",
            "direction",
            "docs_target",
            "docs_ref",
            "significant",
            "range_target",
            "range_ref",
            "single_doc",
        ]
        pd.testing.assert_frame_equal(got[ints], expected[ints], check_exact=True)
        pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=1e-12)


def test_the_book_reads_an_archive_s_counts_and_a_seeded_sample(curated, tmp_path):
    """The documented command writes counts into corpus/counts/ and a sample into the corpus; the book's
    frequencies then equal the in-memory tables of the whole collection, and the sample is what the
    other chapters read."""
    import shapes

    from corpusbook.archive import main
    from corpusbook.book import load
    from corpusbook.errors import CorpusError
    from corpusbook.frequency import frequency_table

    articles = collection(60)
    articles = articles.assign(title=[f"Titel <b>{i}</b>" for i in range(len(articles))], outlet="DER STANDARD")
    articles.to_csv(tmp_path / "collection.csv", index=False)
    copy = shapes.project_copy(tmp_path / "project", shapes._curated)
    corpus = copy / "corpus"
    args = [
        str(tmp_path / "collection.csv"),
        "--out",
        str(corpus / "counts"),
        "--corpus",
        str(corpus),
        "--sample",
        "7",
        "--seed",
        "3",
        "--workers",
        "2",
        "--memory-limit",
        "1GB",
    ]
    assert main(args) == 0

    data = load(copy)
    periods = sorted(articles["date"].str.slice(0, 4).unique())
    sample = data.corpus.documents
    assert len(sample) == 7 and sorted(sample["period"].astype(str).unique()) == periods
    assert data.scope() == {"archive": True, "counted": len(articles), "with_text": 7, "seed": 3}

    tokens = in_memory_tokens(articles, curated)
    for by in ("period", "slice", None):
        got, expected = data.frequencies(by), frequency_table(tokens, by=by)
        if by:
            expected[by] = expected[by].astype(str)
        exact = [c for c in expected.columns if c not in ("per_10k", "dp")]
        pd.testing.assert_frame_equal(got[exact], expected[exact], check_exact=True)
        pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=1e-12, atol=0)
    with pytest.raises(CorpusError, match="grouped by period, slice only"):
        data.frequencies("doc_id")
    # the same seed draws the same sample; drawing it again into the same corpus is refused, nothing written
    before = (corpus / "metadata.csv").read_text(encoding="utf-8")
    assert main(args) == 2
    assert (corpus / "metadata.csv").read_text(encoding="utf-8") == before
    # without the counts folder the book reads its own corpus again
    import shutil

    shutil.rmtree(corpus / "counts")
    assert load(copy).scope() == {"archive": False, "counted": 7, "with_text": 7, "seed": None}


def test_sample_keeps_every_period_and_is_reproducible():
    from corpusbook.archive import sample_ids

    arts = pd.DataFrame(
        {"doc_id": [f"d{i:03d}" for i in range(103)], "period": ["2022"] * 90 + ["2023"] * 12 + ["2024"]}
    )
    ids = sample_ids(arts, 10, seed=1)
    assert len(ids) == 10 and len(set(ids)) == 10
    assert ids == sample_ids(arts, 10, seed=1) and ids != sample_ids(arts, 10, seed=2)
    per = arts.set_index("doc_id").loc[ids, "period"].value_counts().to_dict()
    # 10 × 90/103 = 8.7, 10 × 12/103 = 1.2, 10 × 1/103 = 0.1 → floors 8, 1, 1 (every period at least one)
    assert per == {"2022": 8, "2023": 1, "2024": 1}
    assert sample_ids(arts, 500, seed=1) == sorted(arts["doc_id"])
