"""Describe the corpus: per-document sizes, period sizes, outlets, spelling variants and what they suggest."""

import numpy as np
import pandas as pd
from scipy.stats import binomtest

from corpusbook.settings import PER_N, PERIOD_COLUMN

#: ISO 639-1 codes of languages in a non-Latin script: a German translation from one must transliterate
#: names, and English-style spellings then point to a route through English.
NON_LATIN_SCRIPT = frozenset(
    {"ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "tg", "mn"}  # Cyrillic
    | {"zh", "ja", "ko", "ar", "fa", "he", "el", "hy", "ka", "hi", "th"}
)


def document_table(documents, tokens):
    """One row per document with its metadata and size.

    Parameters
    ----------
    documents, tokens : pandas.DataFrame
        ``Corpus.documents`` and the token table.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``outlet``, ``date``, ``period``, ``slice``, ``source_language``, ``tokens`` (word
        tokens), ``types`` (distinct lowercased word forms), ``paragraphs``; sorted by ``doc_id``.
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

    Returns
    -------
    pandas.DataFrame
        Index: the groups (sorted); ``documents``, ``tokens``, ``token_share``, ``tokens_per_document``.
    """
    n_tokens = tokens.groupby(tokens["doc_id"].map(documents.set_index("doc_id")[by])).size()
    table = pd.DataFrame({"documents": documents.groupby(by).size(), "tokens": n_tokens}).fillna(0).astype(int)
    table = table.sort_index().rename_axis(by)
    table["token_share"] = table["tokens"] / table["tokens"].sum()
    table["tokens_per_document"] = table["tokens"] / table["documents"]
    return table


def mentions(tokens):
    """One row per entity mention.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``paragraph``, ``position`` (of the first token), ``entity``, ``entity_type``,
        ``alias`` (the alias matched), ``surface`` (the tokens as written).
    """
    ent = tokens[tokens["entity"] != ""]
    first = dict.fromkeys(["doc_id", "paragraph", "position", "entity", "entity_type", "alias"], "first")
    table = ent.groupby(tokens["entity_start"].cumsum()[ent.index]).agg({**first, "token": " ".join})
    return table.rename(columns={"token": "surface"}).reset_index(drop=True)


def _mentions_by_system(tokens, aliases):
    """:func:`mentions` with the ``transliteration`` of the alias matched ("" when none)."""
    table = mentions(tokens)
    system = dict(zip(aliases["alias"], aliases.get("transliteration", pd.Series("", index=aliases.index))))
    return table.assign(transliteration=table["alias"].map(system).fillna(""))


def spelling_variants(tokens, aliases):
    """How each name is spelled: the aliases matched and their transliteration system.

    ``corpus/aliases.csv`` gives each alias's ``transliteration``: ``german`` (``Tokajew``), ``english``
    (``Tokayev``), ``mixed``, or empty when both are the same.

    Parameters
    ----------
    tokens, aliases : pandas.DataFrame
        The token table and the alias table.

    Returns
    -------
    pandas.DataFrame
        For entities spelled in more than one system, one row per spelling: ``entity``, ``spelling``,
        ``transliteration``, ``mentions``, ``documents``; by entity and decreasing mentions.
    """
    table = (
        _mentions_by_system(tokens, aliases)
        .groupby(["entity", "alias", "transliteration"])
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
    tokens, sample : pandas.DataFrame
        The token table; ``corpus/lemma_sample.csv`` (``doc_id``, ``position``, ``token``, ``lemma_gold``, ``note``).

    Returns
    -------
    dict
        ``n``, ``correct``, ``precision``, ``precision_low`` (lower end of the exact 95% Clopper–Pearson
        interval), ``content_n`` and ``content_precision`` (non-stop words), ``skipped`` (rows whose token
        is no longer there), ``articles`` and ``errors`` (rows whose lemma differs from the gold).
    """
    at = tokens[["doc_id", "position", "token", "lemma", "is_stop"]].astype({"doc_id": str})
    merged = sample.astype({"doc_id": str}).merge(at, on=["doc_id", "position"], how="left", suffixes=("_sample", ""))
    at = tokens[["doc_id", "position", "entity"]].astype({"doc_id": str, "entity": str})
    merged = merged.merge(at, on=["doc_id", "position"], how="left")
    valid = merged[merged["token"] == merged["token_sample"]]
    # a name mapped to its canonical form on purpose (Nur-Sultan → Astana) is no lemmatizer error
    ok = (valid["lemma"] == valid["lemma_gold"]) | ((valid["entity"] != "") & (valid["lemma"] == valid["entity"]))
    content = ~valid["is_stop"].astype(bool)
    nan = float("nan")
    return {
        "n": len(valid),
        "correct": int(ok.sum()),
        "precision": float(ok.mean()) if len(valid) else nan,
        "precision_low": binomtest(int(ok.sum()), len(valid)).proportion_ci(0.95, "exact").low if len(valid) else nan,
        "content_n": int(content.sum()),
        "content_precision": float(ok[content].mean()) if content.any() else nan,
        "skipped": len(merged) - len(valid),
        "articles": valid["doc_id"].nunique(),
        "errors": valid.loc[~ok, ["doc_id", "position", "token", "lemma", "lemma_gold", "note"]].reset_index(drop=True),
    }


def distinctive_terms(freq, by, sizes, min_ratio=2.0, min_count=2):
    """Each group's terms used at least ``min_ratio`` times as often as in all other groups together.

    A term absent from the other groups always qualifies (infinite ratio); with one group, every term.

    Parameters
    ----------
    freq : pandas.DataFrame
        :func:`corpusbook.frequency.frequency_table` with ``by`` (``term``, ``count``, ``per_10k``).
    by : str
    sizes : pandas.Series or dict
        Tokens per group (the base of ``per_10k``).
    min_ratio : float, default 2.0
    min_count : int, default 2
        Occurrences a term needs in its group.

    Returns
    -------
    pandas.DataFrame
        The rows of ``freq`` that qualify, plus ``per_10k_rest`` (rate in the other groups, 0 when none)
        and ``ratio`` (``per_10k / per_10k_rest``, inf when that is 0); by group, decreasing ``per_10k``, term.

    Examples
    --------
    >>> f = pd.DataFrame({"period": ["a", "a", "b", "b"], "term": ["Gas", "Öl", "Gas", "Öl"],
    ...                   "count": [10, 2, 10, 8], "per_10k": [100.0, 20.0, 100.0, 80.0]})
    >>> distinctive_terms(f, "period", {"a": 1000, "b": 1000})[["period", "term", "ratio"]].values.tolist()
    [['b', 'Öl', 4.0]]
    """
    sizes = pd.Series(sizes, dtype=float)
    rest_count = freq["term"].map(freq.groupby("term")["count"].sum()) - freq["count"]
    rest_size = sizes.sum() - freq[by].map(sizes)
    out = freq.assign(per_10k_rest=(rest_count / rest_size.where(rest_size > 0)).fillna(0.0) * PER_N)
    out["ratio"] = (out["per_10k"] / out["per_10k_rest"].where(out["per_10k_rest"] > 0)).fillna(float("inf"))
    out = out[(out["count"] >= min_count) & (out["ratio"] >= min_ratio)]
    return out.sort_values([by, "per_10k", "term"], ascending=[True, False, True], kind="stable").reset_index(drop=True)


def transliteration_evidence(tokens, aliases, documents):
    """What each article's spellings of names say about the route of its translation, and no more.

    Mentions are counted by the transliteration of the alias matched; the claim depends on
    ``documents.source_language``: "through English" (English spellings in a translation from a language in
    a non-Latin script, :data:`NON_LATIN_SCRIPT`: the text passed through English, or the engine
    transliterates the English way), "German only" (every name spelled the German way), "as in the
    original" (English spellings in a translation from English), "undecided" (English spellings from
    another Latin-script language, which may write them itself), "no names".

    Parameters
    ----------
    tokens, aliases : pandas.DataFrame
        The token table and the alias table.
    documents : pandas.DataFrame
        ``doc_id``, ``source_language``.

    Returns
    -------
    pandas.DataFrame
        One row per document: ``doc_id``, ``source_language``, ``english``, ``german``, ``mixed``
        (mentions), ``english_spellings`` (comma-separated), ``claim``.
    """
    table = _mentions_by_system(tokens, aliases)
    systems = ["english", "german", "mixed"]
    counts = pd.crosstab(table["doc_id"], table["transliteration"]).reindex(columns=systems, fill_value=0)
    english = table[table["transliteration"] == "english"].groupby("doc_id")["alias"]
    out = documents[["doc_id", "source_language"]].join(counts, on="doc_id").fillna(dict.fromkeys(systems, 0))
    out[systems] = out[systems].astype(int)
    out["english_spellings"] = out["doc_id"].map(english.agg(lambda a: ", ".join(sorted(set(a))))).fillna("")
    lang = out["source_language"].astype(str).str.lower()
    out["claim"] = np.select(
        [out[systems].sum(axis=1) == 0, out["english"] == 0, lang == "en", lang.isin(NON_LATIN_SCRIPT)],
        ["no names", "German only", "as in the original", "through English"],
        default="undecided",
    )
    return out.reset_index(drop=True)


def outlets(documents):
    """Where the articles come from: each outlet with the original outlets it republishes.

    Parameters
    ----------
    documents : pandas.DataFrame
        ``doc_id``, ``outlet`` and optionally ``original_outlet`` (where the article first appeared; empty
        when the text does not name it).

    Returns
    -------
    pandas.DataFrame
        ``outlet``, ``articles``, ``originals`` (comma-separated, "not named" for empty), ``republisher``
        (some articles first appeared elsewhere or do not name their original); most articles first.
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
