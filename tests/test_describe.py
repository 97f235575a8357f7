"""Corpus description: sizes and spelling variants."""

from corpusbook import describe


def test_group_sizes_sum_to_corpus(project):
    sizes = describe.group_sizes(project.documents, project.tokens)
    assert sizes["tokens"].sum() == len(project.tokens)
    assert sizes["documents"].sum() == len(project.documents)
    assert abs(sizes["token_share"].sum() - 1) < 1e-12


def _independent_sizes(project):
    """Articles and word tokens per period, counted here: periods from the metadata, tokens with
    :func:`~corpusbook.tokenize.word_tokens` on each paragraph (not from the token table)."""
    from collections import Counter

    from corpusbook.tokenize import word_tokens

    period = dict(zip(project.documents["doc_id"], project.documents["period"]))
    per_doc = Counter()
    for doc_id, text in zip(project.corpus.paragraphs["doc_id"], project.corpus.paragraphs["text"]):
        per_doc[doc_id] += len(word_tokens(text))
    docs, tokens = Counter(period.values()), Counter()
    for doc_id, n in per_doc.items():
        tokens[period[doc_id]] += n
    return docs, tokens, per_doc


def test_document_table(project):
    table = describe.document_table(project.documents, project.tokens)
    _, _, per_doc = _independent_sizes(project)
    assert dict(zip(table["doc_id"], table["tokens"])) == dict(per_doc)
    for doc_id, types in zip(table["doc_id"], table["types"]):
        text = " ".join(project.corpus.paragraphs.loc[project.corpus.paragraphs["doc_id"] == doc_id, "text"])
        from corpusbook.tokenize import word_tokens

        assert types == len({t.lower() for t in word_tokens(text)})


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
