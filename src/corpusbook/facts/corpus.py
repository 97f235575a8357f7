"""Facts of the corpus chapter: the articles, cleaning, period sizes, spelling variants.

:func:`findings` words every sentence of the chapter for any corpus: one or many periods and
articles, ties between the longest or shortest articles, no cleaning rule fired, every article
written in German or none.
"""


from corpusbook import describe, plots, tables
from corpusbook.facts.intro import SINGLE, language_name, period_label
from corpusbook.periods import chronological
from corpusbook.prose import bullets, escape_md, italic, join, md, number, plural
from corpusbook.settings import PERIOD_COLUMN, SLICE_COLUMN


def _ids(ids):
    return join([f"{escape_md(i)}" for i in ids])


def _extreme(docs, fn):
    """The ids with the largest (``fn="max"``) or smallest token count, ties kept, and the count."""
    value = getattr(docs["tokens"], fn)()
    return sorted(docs.loc[docs["tokens"] == value, "doc_id"]), value


def articles_facts(data, docs):
    out = {}
    n = len(docs)
    longest, n_long = _extreme(docs, "max")
    shortest, n_short = _extreme(docs, "min")
    first, last = data.documents["date"].min(), data.documents["date"].max()
    span = (f"published on {first:%-d %B %Y}" if first == last else
            f"published between {first:%-d %B %Y} and {last:%-d %B %Y}")
    types = data.tokens["token"].str.lower().nunique()
    text = (f"The corpus holds {plural(n, 'article')} {span}: {plural(int(docs['tokens'].sum()), 'word token')}, "
            f"{plural(types, 'distinct word form')} (lowercased) in {plural(int(docs['paragraphs'].sum()), 'paragraph')}.")
    if n > 1 and n_long != n_short:
        one = lambda ids: "article" if len(ids) == 1 else "articles"  # noqa: E731
        tied = lambda ids: " (tied)" if len(ids) > 1 else ""  # noqa: E731
        text += (f" The longest {one(longest)} {'is' if len(longest) == 1 else 'are'} {_ids(longest)}{tied(longest)} "
                 f"({plural(int(n_long), 'token')}), the shortest {_ids(shortest)}{tied(shortest)} "
                 f"({plural(int(n_short), 'token')}).")
    elif n > 1:
        text += f" Every article has {plural(int(n_long), 'token')}."
    out["articles_sentence"] = md(text)
    table = docs.assign(language=docs["source_language"].map(language_name))
    out["documents_table"] = tables.show(
        table, {"doc_id": "Article", "outlet": "Outlet", "date": "Date", PERIOD_COLUMN: "Period",
                "language": "Original language", "tokens": "Word tokens"},
        name="articles", interactive=n > 10,
        note="Word tokens after cleaning, punctuation excluded. The CSV adds the event slice, "
             "distinct word forms and paragraphs.")
    order = chronological(data.documents)
    out["fig_doc_sizes"] = plots.document_sizes(docs, order=order)
    return out


def cleaning_facts(corpus):
    out = {}
    report, log = corpus.cleaning_report, corpus.cleaning_log
    n_rules = log["rule_id"].nunique()
    if len(log) == 0:
        out["cleaning_sentence"] = md("No cleaning rule fired: every text is counted as it was received.")
    else:
        most = report[report["chars_removed"] == report["chars_removed"].max()]
        share = most["chars_removed"] / most["chars_raw"]
        who = join([f"{escape_md(d)} ({number(100 * s)}% of its characters)" for d, s in zip(most["doc_id"], share)])
        touched = int((report["lines_removed"] > 0).sum())
        out["cleaning_sentence"] = md(
            f"{plural(n_rules, 'rule')} fired in {plural(touched, 'article')}, removing "
            f"{plural(int(report['lines_removed'].sum()), 'line')} or line prefixes and "
            f"{plural(int(report['chars_removed'].sum()), 'character')} in all. "
            f"{'Article' if len(most) == 1 else 'Articles'} {who} lost the most.")
    out["cleaning_table"] = tables.show(
        report, {"doc_id": "Article", "chars_raw": "Characters received", "chars_clean": "Characters kept",
                 "lines_removed": "Lines removed", "rules": "Rules that fired"},
        name="cleaning", interactive=len(report) > 10)
    shown = log.assign(removed=log["removed"].str.slice(0, 90))
    out["cleaning_log"] = tables.show(
        shown, {"doc_id": "Article", "line": "Line in raw file", "rule_id": "Rule", "removed": "Text removed (first 90 characters)"},
        name="cleaning-log", interactive=len(log) > 10)
    return out


def _ratio(a, b):
    """"2.4 times"; "about the same" when the ratio rounds to 1 (never "1 times")."""
    shown = number(a / b, 1)
    shown = shown[:-2] if shown.endswith(".0") else shown
    return "the same" if a == b else "about the same" if shown == "1" else f"{shown} times"


def size_facts(data):
    out = {}
    docs, tokens = data.documents, data.tokens
    order = chronological(docs)
    sizes = describe.group_sizes(docs, tokens).reindex(order)
    n_docs = sizes["documents"].to_dict()
    lines = [f"{period_label(p, n_docs)}: {plural(int(r.documents), 'article')}, "
             f"{plural(int(r.tokens), 'word token')} ({number(100 * r.token_share)}% of the corpus)"
             for p, r in sizes.iterrows()]
    out["periods_list"] = md(bullets(lines))
    if len(order) == 1:
        out["ratio_sentence"] = md(f"The corpus has one period, {escape_md(order[0])}: there is no imbalance to weigh.")
    else:
        big_t = sizes["tokens"].max()
        small_t = sizes["tokens"].min()
        big = [p for p in order if sizes.loc[p, "tokens"] == big_t]
        small = [p for p in order if sizes.loc[p, "tokens"] == small_t]
        big_d, small_d = sizes["documents"].max(), sizes["documents"].min()
        many = [p for p in order if sizes.loc[p, "documents"] == big_d]
        few = [p for p in order if sizes.loc[p, "documents"] == small_d]
        if big_t == small_t:
            tok = "By tokens, every period is the same size"
        else:
            tok = (f"By tokens, the largest period ({join([escape_md(p) for p in big])}) is "
                   f"{_ratio(big_t, small_t).replace('about the same', 'about the same size as')} the smallest ({join([escape_md(p) for p in small])})")
        if big_d == small_d:
            doc = f"by articles, every period has {plural(int(big_d), 'article')}"
        else:
            doc = (f"by articles, the period with most ({join([escape_md(p) for p in many])}, {number(big_d)}) has "
                   f"{_ratio(big_d, small_d).replace('about the same', 'about as many')}"
                   f"{'' if _ratio(big_d, small_d) == 'about the same' else ' as many'} as the one with fewest ({join([escape_md(p) for p in few])}, {number(small_d)})")
        out["ratio_sentence"] = md(f"{tok}; {doc}. Raw counts are therefore never compared: frequencies are "
                                   f"normalised per 10,000 tokens.")
    single = [p for p in order if n_docs[p] == 1]
    out["single_sentence"] = md(
        "" if not single else
        f"{join([escape_md(p) + SINGLE for p in single])} {'rests' if len(single) == 1 else 'each rest'} on a single "
        f"article: every statement about {'it' if len(single) == 1 else 'one of them'} is a statement about that article.")
    show = sizes.reset_index().rename(columns={"index": PERIOD_COLUMN})
    show["token_percent"] = 100 * show.pop("token_share")
    out["periods_table"] = tables.show(
        show, {PERIOD_COLUMN: "Period", "documents": "Articles", "tokens": "Word tokens",
               "token_percent": "% of tokens", "tokens_per_document": "Tokens per article"},
        formats={"token_percent": ".1f", "tokens_per_document": ",.0f"}, name="periods")
    slices = describe.group_sizes(docs, tokens, by=SLICE_COLUMN)
    s_order = chronological(docs, SLICE_COLUMN)
    slices = slices.reindex(s_order)
    single_slices = [s for s in s_order if slices.loc[s, "documents"] == 1]
    if len(s_order) == len(order) and set(s_order) == set(order):
        out["slices_sentence"] = md("No article has an event slice of its own in `metadata.csv`: the moments are the periods.")
    else:
        text = (f"The {plural(len(s_order), 'event slice')} in `metadata.csv` ({join([escape_md(s) for s in s_order])}) "
                f"separate the news moments within the periods.")
        if single_slices:
            text += (f" {number(len(single_slices))} of them ({join([escape_md(s) for s in single_slices])}) "
                     f"{'consists' if len(single_slices) == 1 else 'consist'} of one article.")
        out["slices_sentence"] = md(text)
    slices = slices.reset_index()
    slices["token_percent"] = 100 * slices.pop("token_share")
    out["slices_table"] = tables.show(
        slices, {SLICE_COLUMN: "Event slice", "documents": "Articles", "tokens": "Word tokens",
                 "token_percent": "% of tokens", "tokens_per_document": "Tokens per article"},
        formats={"token_percent": ".1f", "tokens_per_document": ",.0f"}, name="slices")
    return out


def translation_facts(data):
    out = {}
    docs = data.documents
    n = len(docs)
    langs = docs["source_language"].astype(str).str.lower()
    translated = langs[langs != "de"]
    counts = translated.value_counts()
    named = join([f"{language_name(c)} ({number(k)})" for c, k in sorted(counts.items(), key=lambda x: (-x[1], x[0]))])
    if len(translated) == 0:
        out["translation_sentence"] = md(f"All {plural(n, 'article')} were written in German.")
    elif len(translated) == n:
        out["translation_sentence"] = md(f"All {plural(n, 'article')} are machine translations into German, from {named}.")
    else:
        out["translation_sentence"] = md(
            f"{number(len(translated))} of the {plural(n, 'article')} are machine translations into German, from "
            f"{named}; the other {number(n - len(translated))} were written in German.")
    variants = describe.spelling_variants(data.tokens, data.resources.aliases)
    by_doc = describe.transliteration_by_document(data.tokens, data.resources.aliases)
    if variants.empty:
        out["variants_sentence"] = md("No name appears in more than one transliteration.")
    else:
        per = variants.groupby("entity")["spelling"].nunique()
        most = per.max()
        top = sorted(per.index[per == most])
        spellings = variants[variants["entity"] == top[0]]["spelling"]
        text = (f"{plural(len(per), 'name')} {'appears' if len(per) == 1 else 'appear'} in more than one transliteration; "
                f"{join([italic(t) for t in top])} {'in' if len(top) == 1 else 'each in'} {number(most)} forms")
        text += (f": {join([italic(s) for s in spellings])}." if len(top) == 1 else ".")
        out["variants_sentence"] = md(text)
    mixed = sorted(by_doc.index[by_doc["mixes_systems"]]) if "mixes_systems" in by_doc else []
    out["mixed_sentence"] = md(
        "No article mixes English-style and German-style transliterations." if not mixed else
        f"{plural(len(mixed), 'article')} ({_ids(mixed)}) {'mixes' if len(mixed) == 1 else 'mix'} English-style and "
        f"German-style transliterations: the translation passed through English, or the engine was inconsistent.")
    out["variants_table"] = tables.show(
        variants, {"entity": "Name", "spelling": "Spelling", "transliteration": "System", "mentions": "Mentions",
                   "documents": "Articles"}, name="spelling-variants", interactive=len(variants) > 10)
    by_doc_shown = by_doc.reset_index()
    by_doc_shown["mixes_systems"] = by_doc_shown["mixes_systems"].map({True: "yes", False: "no"}) if len(by_doc_shown) else []
    heads = {"doc_id": "Article"}
    heads.update({c: f"{c} forms" for c in by_doc.columns if c != "mixes_systems"})
    heads["mixes_systems"] = "Mixes systems"
    out["by_doc_table"] = tables.show(by_doc_shown, heads, name="transliteration-by-article",
                                      interactive=len(by_doc_shown) > 10)
    return out


def takeaway(data):
    docs = data.documents
    order = chronological(docs)
    n_docs = docs.groupby(PERIOD_COLUMN).size().to_dict()
    moments = chronological(docs, SLICE_COLUMN)
    text = (f"The corpus is {plural(len(docs), 'article')} "
            + (f"over {plural(len(order), 'period')}" if len(order) > 1 else "in one period")
            + f" ({join([period_label(p, n_docs) for p in order])})")
    if len(moments) > len(order):
        text += f" and {plural(len(moments), 'news moment')} ({join([escape_md(m) for m in moments])})"
    text += (". Every later chapter normalises counts per 10,000 tokens and shows per-article evidence beside "
             "period-level claims; the limits of such a corpus are stated once, on the opening page.")
    return md(text)


def findings(data):
    """Everything the corpus chapter states.

    Parameters
    ----------
    data : corpusbook.book.BookData

    Returns
    -------
    dict
        Sentences (Markdown), tables (:func:`corpusbook.tables.show`) and the figure ``fig_doc_sizes``.
    """
    docs = describe.document_table(data.documents, data.tokens)
    out = {}
    out.update(articles_facts(data, docs))
    out.update(cleaning_facts(data.corpus))
    out.update(size_facts(data))
    out.update(translation_facts(data))
    out["takeaway"] = takeaway(data)
    return out
