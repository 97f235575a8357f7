"""Facts of the methods chapter: the corpus's size and balance, translations, lemmatizer and tokenizer checks.

:func:`findings` returns every sentence the chapter's "Limits, in numbers" and "What a reader may and
may not conclude" sections state, worded for any corpus: one or many periods and articles, German
originals or translations, a lemma sample that covers all, some or none of the articles.
"""

import numpy as np
import pandas as pd

from corpusbook import describe
from corpusbook.periods import chronological
from corpusbook.prose import escape_md, italic, join, md, number, plural

#: The tokenizer is compared with SoMaJo on at most this many word tokens (a seeded sample of
#: paragraphs beyond it), so the check costs the same on a thousand articles as on a hundred.
SOMAJO_MAX_TOKENS = 50_000
#: Source language of a German original (``source_language``).
GERMAN = "de"


def _pct(x):
    return "—" if x is None or not np.isfinite(x) else f"{x:.1%}".replace(".0%", "%")


def _times(x):
    """A ratio as prose: "4", "3.4" (never "4.0")."""
    r = round(float(x), 1)
    return number(int(r)) if r.is_integer() else number(r, 1)


def _bold(label):
    return f"**{escape_md(label)}**"


def size_sentences(documents, tokens):
    """``sizes_line`` and ``balance_sentence``: articles and word tokens per period, how unequal they are."""
    sizes = describe.group_sizes(documents, tokens)
    order = chronological(documents)
    line = "; ".join(f"{_bold(p)}: {plural(int(sizes.loc[p, 'documents']), 'article')}, "
                     f"{plural(int(sizes.loc[p, 'tokens']), 'word token')}" for p in order)
    if len(order) == 1:
        return md(line + "."), md(f"All articles belong to one period, so the book compares no periods; it "
                                  f"describes {_bold(order[0])} only.")
    by_tok = sizes["tokens"]
    big, small = by_tok.idxmax(), by_tok.idxmin()
    docs = sizes["documents"]
    most, fewest = docs.idxmax(), docs.idxmin()
    parts = [
        "The periods have the same number of word tokens" if by_tok[big] == by_tok[small] else
        f"By word tokens the periods are about equal (from {number(by_tok[small])} to {number(by_tok[big])})"
        if _times(by_tok[big] / by_tok[small]) == "1" else
        f"By word tokens the largest period, {_bold(big)}, is {_times(by_tok[big] / by_tok[small])} times the "
        f"smallest, {_bold(small)}",
        f"every period has {plural(int(docs[most]), 'article')}" if docs[most] == docs[fewest] else
        f"by articles they are about equal (from {number(docs[fewest])} to {number(docs[most])})"
        if _times(docs[most] / docs[fewest]) == "1" else
        f"by articles, {_bold(most)} has {_times(docs[most] / docs[fewest])} times as many as {_bold(fewest)} "
        f"({number(docs[most])} against {number(docs[fewest])})",
    ]
    single = [p for p in order if docs[p] == 1]
    sentence = "; ".join(parts) + "."
    if single:
        sentence += (f" {join([_bold(p) for p in single])} consists of a single article: what the book says about it "
                     "is said about that article." if len(single) == 1 else
                     f" {join([_bold(p) for p in single])} each consist of a single article: what the book says about "
                     "one of them is said about one article.")
    return md(line + "."), md(sentence)


def translation_sentence(documents, tokens, aliases):
    """How many texts are translations (``source_language`` other than German) and mix transliterations."""
    n = len(documents)
    lang = documents["source_language"].str.strip().str.lower()
    translated = lang[lang != GERMAN]
    mixed = describe.transliteration_by_document(tokens, aliases)
    n_mixed = int(mixed["mixes_systems"].sum()) if "mixes_systems" in mixed else 0
    languages = join(sorted(translated.unique()))
    if len(translated) == 0:
        first = f"None of the {plural(n, 'text')} is a translation: all were written in German."
    elif len(translated) == n:
        first = (f"All {plural(n, 'text')} are machine translations (from {languages}), so word choice partly "
                 "reflects the translation engine." if n > 1 else
                 f"The one text is a machine translation (from {languages}), so its word choice partly reflects "
                 "the translation engine.")
    else:
        first = (f"{number(len(translated))} of the {plural(n, 'text')} "
                 f"{'is a machine translation' if len(translated) == 1 else 'are machine translations'} (from "
                 f"{languages}); the other {number(n - len(translated))} {'was' if n - len(translated) == 1 else 'were'} "
                 "written in German. Word choice in the translations partly reflects the translation engine.")
    if n_mixed == 0:
        second = "No article mixes English-style and German transliterations of names."
    elif n_mixed == n:
        second = (f"{'All ' + plural(n, 'article') + ' mix' if n > 1 else 'The article mixes'} English-style and German "
                  "transliterations of names (see the corpus chapter).")
    else:
        second = (f"{number(n_mixed)} of the {plural(n, 'article')} {'mixes' if n_mixed == 1 else 'mix'} English-style "
                  "and German transliterations of names (see the corpus chapter).")
    return md(f"{first} {second}")


def lemma_sentence(tokens, sample, n_articles):
    """The lemmatizer's precision on the hand-checked sample rows whose articles are still in the corpus.

    Rows of an article that is gone, or whose position no longer holds the sampled token (the text
    changed), are not counted; with no row left the sentence says the sample no longer applies.
    """
    here = sample[sample["doc_id"].isin(set(tokens["doc_id"].astype(str)))]
    at = tokens[["doc_id", "position", "token"]].astype({"doc_id": str})
    merged = here.merge(at, on=["doc_id", "position"], how="left", suffixes=("", "_now"))
    valid = here[(merged["token_now"] == merged["token"]).to_numpy()]
    if valid.empty:
        return md("The hand-checked lemma sample (`corpus/lemma_sample.csv`) covers none of the current articles, "
                  "so it no longer applies: the lemmatizer's precision on this corpus is not measured. Draw and check "
                  "a new sample to measure it.")
    p = describe.lemma_precision(tokens, valid)
    k = valid["doc_id"].nunique()
    covers = (f"all {plural(n_articles, 'article')}" if k == n_articles
              else f"{number(k)} of the {plural(n_articles, 'article')}")
    errors = join([f"{italic(r.token)} → {italic(r.lemma)} (should be {italic(r.lemma_gold)})"
                   for r in p["errors"].itertuples()], empty="none")
    text = (f"On a hand-checked random sample of {plural(p['n'], 'word token')} from {covers} "
            f"(`corpus/lemma_sample.csv`, recomputed at every build), simplemma with the project's corrections is "
            f"right for {_pct(p['precision'])}")
    if p["content_n"]:
        text += (f"; for the {plural(p['content_n'], 'content word')} among them, {_pct(p['content_precision'])}")
    text += f". Errors: {errors}."
    if len(sample) > len(valid):
        text += (f" {plural(len(sample) - len(valid), 'sample row')} of articles no longer in the corpus (or changed) "
                 f"{'is' if len(sample) - len(valid) == 1 else 'are'} left out.")
    if p["content_n"] < p["n"] / 2:
        text += " Most of the sample are function words, which are easy; the rate for rare names and compounds is lower."
    return md(text)


def somajo_sample(paragraphs, max_tokens=SOMAJO_MAX_TOKENS, seed=None):
    """The paragraphs the SoMaJo check reads: all, or a seeded random sample of about ``max_tokens`` words.

    Returns
    -------
    pandas.DataFrame
        The chosen rows of ``paragraphs``, in their original order.
    """
    from corpusbook.settings import SEED

    sizes = paragraphs["text"].str.split().str.len()
    if sizes.sum() <= max_tokens:
        return paragraphs
    order = np.random.default_rng(SEED if seed is None else seed).permutation(len(paragraphs))
    keep = order[: max(1, int(np.searchsorted(np.cumsum(sizes.to_numpy()[order]), max_tokens, side="right")))]
    return paragraphs.iloc[np.sort(keep)]


def somajo_sentence(paragraphs, seed=None):
    """Agreement of the tokenizer with SoMaJo, on every paragraph or a seeded sample of them."""
    from corpusbook.tokenize import somajo_agreement

    chosen = somajo_sample(paragraphs, seed=seed)
    a = somajo_agreement(chosen["text"].tolist(), chosen["doc_id"].tolist())
    n_diff = len(a["disagreements"])
    text = (f"Agreement with SoMaJo is {_pct(a['agreement'])} of {plural(a['somajo_tokens'], 'SoMaJo word token')} "
            f"({plural(n_diff, 'difference')}")
    if a["ordinal_differences"]:
        text += (f", {number(a['ordinal_differences'])} of them ordinal numbers such as *27.*, which SoMaJo keeps "
                 "with their dot")
    text += ")"
    if len(chosen) < len(paragraphs):
        text += (f", measured on a seeded random sample of {number(len(chosen))} of the "
                 f"{plural(len(paragraphs), 'paragraph')} (about {number(SOMAJO_MAX_TOKENS)} words)")
    return md(text + ".")


def conclusion_sentences(documents):
    """``may_sentence`` and ``may_not_sentence``: what the corpus supports, naming its event slices in time order."""
    slices = chronological(documents, "slice")
    periods = chronological(documents)
    named = join([_bold(s) for s in slices])
    may = (f"what these articles emphasise, which words and frames separate the articles of {named}, who is named "
           "and quoted in them — with the stated uncertainty." if len(slices) > 1 else
           f"what these articles ({named}) emphasise, who is named and quoted in them — with the stated uncertainty.")
    counts = documents.groupby("period").size()
    single = [p for p in periods if counts[p] == 1]
    why = ""
    if len(periods) > 1 and single:
        why = (f" ({_bold(single[0])} has a single article, so time cannot be separated from that article's outlet "
               "and translation)" if len(single) == 1 else
               f" ({join([_bold(p) for p in single])} each have a single article, so time cannot be separated from "
               "those articles' outlets and translations)")
    may_not = ("that German-language coverage as a whole changed in these ways"
               + ("; that a difference between periods is due to time rather than outlet, original language or "
                  f"translator{why}" if len(periods) > 1 else "")
               + "; that a frame's absence means a topic was ignored rather than not captured by the lemma list.")
    return md(may), md(may_not)


def findings(data, sample=None, seed=None):
    """Everything the methods chapter states outside its keyness and topic sections.

    Parameters
    ----------
    data : corpusbook.book.BookData
    sample : pandas.DataFrame, optional
        The hand-checked lemma sample (default: ``corpus/lemma_sample.csv``; columns ``doc_id``,
        ``position``, ``token``, ``lemma_gold``, ``note``).
    seed : int, optional
        Seed of the SoMaJo sample (default :data:`corpusbook.settings.SEED`).

    Returns
    -------
    dict
        ``zero_correction``, ``sizes_line``, ``balance_sentence``, ``translation_sentence``,
        ``lemma_sentence``, ``somajo_sentence``, ``may_sentence``, ``may_not_sentence``.
    """
    from corpusbook.keyness import ZERO_CORRECTION
    from corpusbook.settings import corpus_dir

    if sample is None:
        path = corpus_dir() / "lemma_sample.csv"
        sample = (pd.read_csv(path, dtype={"doc_id": str}, keep_default_na=False) if path.is_file()
                  else pd.DataFrame(columns=["doc_id", "position", "token", "lemma_gold", "note"]))
    docs, tokens = data.documents, data.tokens
    sizes_line, balance = size_sentences(docs, tokens)
    may, may_not = conclusion_sentences(docs)
    return {
        "zero_correction": number(ZERO_CORRECTION, 1),
        "sizes_line": sizes_line,
        "balance_sentence": balance,
        "translation_sentence": translation_sentence(docs, tokens, data.resources.aliases),
        "lemma_sentence": lemma_sentence(tokens, sample, len(docs)),
        "somajo_sentence": somajo_sentence(data.corpus.paragraphs, seed=seed),
        "may_sentence": may,
        "may_not_sentence": may_not,
    }
