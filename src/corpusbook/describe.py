"""Describe the corpus: per-document sizes, period sizes and their imbalance, spelling variants."""

import pandas as pd

from corpusbook.settings import PERIOD_COLUMN


def document_table(documents, tokens):
    """One row per document with its metadata and size.

    Parameters
    ----------
    documents : pandas.DataFrame
        ``Corpus.documents``.
    tokens : pandas.DataFrame
        The token table (:func:`corpusbook.preprocess.token_table`).

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id``, ``outlet``, ``date``, ``period``, ``slice``, ``source_language``,
        ``tokens`` (word tokens), ``types`` (distinct lowercased word forms), ``paragraphs``; sorted by
        ``doc_id``.
    """
    sizes = tokens.groupby("doc_id").agg(
        tokens=("token", "size"), types=("token", lambda s: s.str.lower().nunique())
    )
    table = documents[["doc_id", "outlet", "date", PERIOD_COLUMN, "slice", "source_language", "n_paragraphs"]]
    table = table.rename(columns={"n_paragraphs": "paragraphs"}).merge(sizes, on="doc_id", how="left")
    table[["tokens", "types"]] = table[["tokens", "types"]].fillna(0).astype(int)
    table["date"] = table["date"].dt.strftime("%Y-%m-%d")
    cols = ["doc_id", "outlet", "date", PERIOD_COLUMN, "slice", "source_language", "tokens", "types", "paragraphs"]
    return table[cols].sort_values("doc_id").reset_index(drop=True)


def group_sizes(documents, tokens, by=PERIOD_COLUMN):
    """Documents and tokens per group, with each group's share of the corpus.

    Parameters
    ----------
    documents, tokens : pandas.DataFrame
    by : str, default ``"period"``
        Metadata column that defines the groups.

    Returns
    -------
    pandas.DataFrame
        Index: the groups (sorted). Columns ``documents``, ``tokens``, ``token_share`` (0–1),
        ``tokens_per_document``.
    """
    groups = documents.set_index("doc_id")[by]
    n_tokens = tokens.groupby(tokens["doc_id"].map(groups)).size()
    n_docs = documents.groupby(by).size()
    table = pd.DataFrame({"documents": n_docs, "tokens": n_tokens}).fillna(0).astype(int).sort_index()
    table.index.name = by
    table["token_share"] = table["tokens"] / table["tokens"].sum()
    table["tokens_per_document"] = table["tokens"] / table["documents"]
    return table


def imbalance(sizes):
    """Summarise how unequal the groups are.

    Parameters
    ----------
    sizes : pandas.DataFrame
        From :func:`group_sizes`.

    Returns
    -------
    dict
        ``largest``/``smallest`` (group names by tokens), ``token_ratio`` (largest/smallest tokens),
        ``document_ratio``, ``smallest_documents`` (documents in the smallest group) and
        ``single_document_groups`` (groups made of one document).
    """
    largest = sizes["tokens"].idxmax()
    smallest = sizes["tokens"].idxmin()
    return {
        "largest": largest,
        "smallest": smallest,
        "token_ratio": sizes.loc[largest, "tokens"] / sizes.loc[smallest, "tokens"],
        "document_ratio": sizes.loc[largest, "documents"] / sizes.loc[smallest, "documents"],
        "smallest_documents": int(sizes.loc[smallest, "documents"]),
        "single_document_groups": [g for g, n in sizes["documents"].items() if n == 1],
    }


def mentions(tokens):
    """One row per entity mention.

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id``, ``paragraph``, ``position`` (of the first token), ``entity``,
        ``entity_type``, ``alias`` (the alias matched) and ``surface`` (the tokens as written).
    """
    ent = tokens[tokens["entity"] != ""]
    mention_id = tokens["entity_start"].cumsum()[ent.index]
    table = ent.groupby(mention_id).agg(
        doc_id=("doc_id", "first"), paragraph=("paragraph", "first"), position=("position", "first"),
        entity=("entity", "first"), entity_type=("entity_type", "first"), alias=("alias", "first"),
        surface=("token", " ".join),
    )
    return table.reset_index(drop=True)


def spelling_variants(tokens, min_variants=2):
    """Spellings of each name: the aliases matched, where the name itself is spelled differently.

    A name transliterated from Russian the English way (``Tokayev``, ``Nazarbayev``, ``Lukyanov``)
    next to its German form (``Tokajew``, ``Nasarbajew``, ``Lukjanow``) shows which route a translation
    took. Aliases that differ only by a first name (``Wladimir Putin`` vs ``Putin``) are one spelling:
    spellings are told apart by the last word of the alias, or by its first word for first-name forms.

    Parameters
    ----------
    tokens : pandas.DataFrame
        The token table.
    min_variants : int, default 2
        Keep entities with at least this many spellings.

    Returns
    -------
    pandas.DataFrame
        Columns ``entity``, ``entity_type``, ``spelling`` (the alias), ``mentions``, ``documents``
        (comma-separated ids); sorted by entity and decreasing mentions.
    """
    table = mentions(tokens)
    table["name_key"] = table["alias"].str.split().str[-1]
    table = table.groupby(["entity", "entity_type", "alias"]).agg(
        mentions=("doc_id", "size"),
        documents=("doc_id", lambda s: ", ".join(sorted(set(s)))),
        name_key=("name_key", "first"),
    ).reset_index()
    keys = table.groupby("entity")["name_key"].transform("nunique")
    table = table[keys >= min_variants].drop(columns="name_key").rename(columns={"alias": "spelling"})
    return table.sort_values(["entity", "mentions"], ascending=[True, False]).reset_index(drop=True)
