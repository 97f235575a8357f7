"""Corpus description: sizes, imbalance, spelling variants."""

from corpusbook import describe


def test_group_sizes_sum_to_corpus(project):
    sizes = describe.group_sizes(project.documents, project.tokens)
    assert sizes["tokens"].sum() == len(project.tokens)
    assert sizes["documents"].sum() == len(project.documents)
    assert abs(sizes["token_share"].sum() - 1) < 1e-12


def test_imbalance_flags_single_document_period(project):
    import pandas as pd

    from conftest import ROOT

    meta = pd.read_csv(ROOT / "corpus" / "metadata.csv", dtype=str, keep_default_na=False)
    periods = pd.Series([p or d[:4] for p, d in zip(meta["period"], meta["date"])])
    tokens = project.tokens.groupby("period").size()
    sizes = describe.group_sizes(project.documents, project.tokens)
    gap = describe.imbalance(sizes)
    docs = periods.value_counts()
    assert gap["single_document_groups"] == sorted(p for p, n in docs.items() if n == 1)
    assert gap["token_ratio"] == tokens.max() / tokens.min()
    assert gap["document_ratio"] == docs[tokens.idxmax()] / docs[tokens.idxmin()]


def test_document_table(project):
    table = describe.document_table(project.documents, project.tokens)
    assert table["tokens"].tolist() == project.tokens.groupby("doc_id").size().tolist()
    assert (table["types"] <= table["tokens"]).all()


def test_spelling_variants_show_both_transliterations(project):
    variants = describe.spelling_variants(project.tokens, project.resources.aliases)
    tok = variants[variants.entity == "Tokajew"]
    assert {"german", "english"} <= set(tok["transliteration"])
    assert "Tokayev" in set(tok["spelling"]) and "Tokajew" in set(tok["spelling"])
    assert "Putin" not in set(variants["entity"])  # one spelling only


def test_mentions_count_multiword_names_once(project):
    m = describe.mentions(project.tokens)
    assert len(m) == project.tokens["entity_start"].sum()
    assert (m["surface"] == "Kassym-Schomart Tokajew").any()
