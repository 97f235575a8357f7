"""Describe the corpus: per-document sizes, period sizes, outlets, spelling variants and what they suggest."""

import numpy as np
import pandas as pd
from scipy.stats import binomtest

from corpusbook.settings import PER_N, PERIOD_COLUMN


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
    sizes = tokens.groupby("doc_id").agg(tokens=("token", "size"), types=("token", lambda s: s.str.lower().nunique()))
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
        doc_id=("doc_id", "first"),
        paragraph=("paragraph", "first"),
        position=("position", "first"),
        entity=("entity", "first"),
        entity_type=("entity_type", "first"),
        alias=("alias", "first"),
        surface=("token", " ".join),
    )
    return table.reset_index(drop=True)


def spelling_variants(tokens, aliases):
    """How each name is spelled: the aliases matched and their transliteration system.

    A name transliterated from Russian the English way (``Tokayev``, ``Nazarbayev``, ``Lukyanov``)
    next to its German form (``Tokajew``, ``Nasarbajew``, ``Lukjanow``) shows which route a translation
    took. ``corpus/aliases.csv`` records for each alias its ``transliteration`` (``german``,
    ``english``, ``mixed`` or empty when the spelling is the same in both).

    Parameters
    ----------
    tokens : pandas.DataFrame
        The token table.
    aliases : pandas.DataFrame
        The alias table (``Resources.aliases``) with a ``transliteration`` column.

    Returns
    -------
    pandas.DataFrame
        One row per entity and spelling for entities spelled in more than one transliteration:
        ``entity``, ``spelling`` (the alias), ``transliteration``, ``mentions``, ``documents``
        (comma-separated ids); sorted by entity and decreasing mentions.
    """
    table = mentions(tokens)
    system = dict(zip(aliases["alias"], aliases.get("transliteration", pd.Series("", index=aliases.index))))
    table["transliteration"] = table["alias"].map(system).fillna("")
    table = (
        table.groupby(["entity", "alias", "transliteration"])
        .agg(mentions=("doc_id", "size"), documents=("doc_id", lambda s: ", ".join(sorted(set(s)))))
        .reset_index()
    )
    systems = table[table["transliteration"] != ""].groupby("entity")["transliteration"].nunique()
    table = table[table["entity"].isin(systems[systems >= 2].index)].rename(columns={"alias": "spelling"})
    return table.sort_values(["entity", "mentions"], ascending=[True, False]).reset_index(drop=True)


def lemma_precision(tokens, sample):
    """Precision of the lemmatizer on a hand-checked sample.

    Parameters
    ----------
    tokens : pandas.DataFrame
        The token table.
    sample : pandas.DataFrame
        ``corpus/lemma_sample.csv``: ``doc_id``, ``position``, ``token``, ``lemma_gold`` (the lemma a
        person checked), ``note``.

    Returns
    -------
    dict
        ``n`` (rows checked), ``correct``, ``precision`` (nan when no row is left), ``precision_low``
        (the lower end of its exact 95% interval, Clopper–Pearson, :func:`scipy.stats.binomtest`), ``content_n`` /
        ``content_precision`` (the same for non-stop words), ``skipped`` (rows whose article is no longer
        in the corpus, or whose position no longer holds the sampled token), ``articles`` (articles the
        checked rows come from) and ``errors`` (the rows where the pipeline's lemma differs from the gold).
    """
    at = tokens[["doc_id", "position", "token", "lemma", "is_stop"]].astype({"doc_id": str})
    merged = sample.astype({"doc_id": str}).merge(at, on=["doc_id", "position"], how="left", suffixes=("_sample", ""))
    at = tokens[["doc_id", "position", "entity"]].astype({"doc_id": str, "entity": str})
    merged = merged.merge(at, on=["doc_id", "position"], how="left")
    valid = merged[merged["token"] == merged["token_sample"]]
    # a name mapped to its canonical form on purpose (Nur-Sultan → Astana) is no lemmatizer error
    ok = (valid["lemma"] == valid["lemma_gold"]) | ((valid["entity"] != "") & (valid["lemma"] == valid["entity"]))
    content = ~valid["is_stop"].astype(bool)
    return {
        "n": len(valid),
        "correct": int(ok.sum()),
        "precision": float(ok.mean()) if len(valid) else float("nan"),
        "precision_low": binomtest(int(ok.sum()), len(valid)).proportion_ci(0.95, "exact").low
        if len(valid)
        else float("nan"),
        "content_n": int(content.sum()),
        "content_precision": float(ok[content].mean()) if content.any() else float("nan"),
        "skipped": len(merged) - len(valid),
        "articles": valid["doc_id"].nunique(),
        "errors": valid.loc[~ok, ["doc_id", "position", "token", "lemma", "lemma_gold", "note"]].reset_index(drop=True),
    }


def distinctive_terms(freq, by, sizes, min_ratio=2.0, min_count=2):
    """Each group's terms used at least ``min_ratio`` times as often as in all other groups together.

    The words every group shares at similar rates drop out, so a word cloud of what remains shows
    what sets a group apart. A term absent from the other groups always qualifies (its ratio is
    infinite); with a single group every term qualifies.

    Parameters
    ----------
    freq : pandas.DataFrame
        From :func:`corpusbook.frequency.frequency_table` with ``by`` (``term``, ``count``, ``per_10k``).
    by : str
    sizes : pandas.Series or dict
        Tokens per group (the base of ``per_10k``, e.g. ``group_sizes(...)["tokens"]``).
    min_ratio : float, default 2.0
    min_count : int, default 2
        Occurrences a term needs in its group (a single occurrence is not a trait).

    Returns
    -------
    pandas.DataFrame
        The rows of ``freq`` that qualify, plus ``per_10k_rest`` (rate in the other groups, 0 when
        there are none) and ``ratio`` (``per_10k / per_10k_rest``, inf when the rest rate is 0);
        sorted by group and decreasing ``per_10k``, then term.

    Examples
    --------
    >>> f = pd.DataFrame({"period": ["a", "a", "b", "b"], "term": ["Gas", "Öl", "Gas", "Öl"],
    ...                   "count": [10, 2, 10, 8], "per_10k": [100.0, 20.0, 100.0, 80.0]})
    >>> distinctive_terms(f, "period", {"a": 1000, "b": 1000})[["period", "term", "ratio"]].values.tolist()
    [['b', 'Öl', 4.0]]
    """
    sizes = pd.Series(sizes, dtype=float)
    total = freq.groupby("term")["count"].sum()
    rest_count = freq["term"].map(total) - freq["count"]
    rest_size = sizes.sum() - freq[by].map(sizes)

    rest_rate = (rest_count / rest_size.where(rest_size > 0)).fillna(0.0) * PER_N
    out = freq.assign(per_10k_rest=rest_rate)
    ratio = out["per_10k"] / out["per_10k_rest"].where(out["per_10k_rest"] > 0)
    out["ratio"] = ratio.fillna(float("inf"))
    keep = (out["count"] >= min_count) & (out["ratio"] >= min_ratio)
    out = out[keep].sort_values([by, "per_10k", "term"], ascending=[True, False, True], kind="stable")
    return out.reset_index(drop=True)


#: ISO 639-1 codes of languages written in a non-Latin script: a German translation from one of them
#: must transliterate names, and English-style spellings then point to a route through English.
NON_LATIN_SCRIPT = frozenset(
    {
        "ru",
        "uk",
        "be",
        "bg",
        "sr",
        "mk",
        "kk",
        "ky",
        "tg",
        "mn",
        "zh",
        "ja",
        "ko",
        "ar",
        "fa",
        "he",
        "el",
        "hy",
        "ka",
        "hi",
        "th",
    }
)


def transliteration_evidence(tokens, aliases, documents):
    """What each article's spellings of names say about the route of its translation, and no more.

    Mentions are counted by the transliteration system of the alias matched (``corpus/aliases.csv``).
    The claim depends on the source language (``documents.source_language``):

    ``through English``
        English-style spellings (*Tokayev*) in a translation from a language in a non-Latin script
        (:data:`NON_LATIN_SCRIPT`, e.g. Russian): the text passed through English, or the engine
        transliterates the English way;
    ``German only``
        every transliterated name is spelled the German way;
    ``as in the original``
        English spellings in a translation from English: they are the original's;
    ``undecided``
        English spellings in a translation from another language in Latin script (Vietnamese writes
        *Tokayev* itself): the spellings cannot tell;
    ``no names``
        no name with a transliteration system is mentioned.

    Parameters
    ----------
    tokens : pandas.DataFrame
        The token table.
    aliases : pandas.DataFrame
        The alias table with a ``transliteration`` column.
    documents : pandas.DataFrame
        ``doc_id``, ``source_language``.

    Returns
    -------
    pandas.DataFrame
        One row per document: ``doc_id``, ``source_language``, ``english``, ``german``, ``mixed``
        (mentions), ``english_spellings`` (the English-style aliases used, comma-separated),
        ``claim``.
    """
    table = mentions(tokens)
    system = dict(zip(aliases["alias"], aliases.get("transliteration", pd.Series("", index=aliases.index))))
    table["transliteration"] = table["alias"].map(system).fillna("")
    counts = pd.crosstab(table["doc_id"], table["transliteration"]).reindex(
        columns=["english", "german", "mixed"], fill_value=0
    )
    english = (
        table[table["transliteration"] == "english"].groupby("doc_id")["alias"].agg(lambda a: ", ".join(sorted(set(a))))
    )
    out = documents[["doc_id", "source_language"]].copy()
    out = out.join(counts, on="doc_id").fillna({"english": 0, "german": 0, "mixed": 0})
    out[["english", "german", "mixed"]] = out[["english", "german", "mixed"]].astype(int)
    out["english_spellings"] = out["doc_id"].map(english).fillna("")
    lang = out["source_language"].astype(str).str.lower()
    named = out[["english", "german", "mixed"]].sum(axis=1) > 0
    out["claim"] = np.select(
        [~named, out["english"] == 0, lang == "en", lang.isin(NON_LATIN_SCRIPT)],
        ["no names", "German only", "as in the original", "through English"],
        default="undecided",
    )
    return out.reset_index(drop=True)


def outlets(documents):
    """Where the articles come from: each outlet with the original outlets it republishes.

    Parameters
    ----------
    documents : pandas.DataFrame
        ``doc_id``, ``outlet`` and the optional ``original_outlet`` (the publication that first
        published the article; equal to ``outlet`` when the outlet is the original; empty when the
        text does not name it).

    Returns
    -------
    pandas.DataFrame
        One row per outlet: ``outlet``, ``articles``, ``originals`` (the original outlets,
        comma-separated, "not named" for empty ones), ``republisher`` (True when some of its
        articles first appeared elsewhere or their original is not named); most articles first.
    """
    docs = documents.assign(original_outlet=documents.get("original_outlet", pd.Series("", index=documents.index)))
    docs = docs.assign(original=docs["original_outlet"].replace("", "not named"))
    table = (
        docs.groupby("outlet", sort=True)
        .agg(
            articles=("doc_id", "size"),
            originals=("original", lambda o: ", ".join(sorted(set(o)))),
            republisher=("original_outlet", lambda o: bool((o != docs.loc[o.index, "outlet"]).any())),
        )
        .reset_index()
    )
    return table.sort_values(["articles", "outlet"], ascending=[False, True]).reset_index(drop=True)
