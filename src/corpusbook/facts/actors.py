"""Facts of the actors chapter: who is mentioned, who appears together, who is quoted, worded for any corpus.

:func:`findings` returns every number, sentence, table and figure the chapter shows. Periods come in
time order (:func:`corpusbook.periods.chronological`); names are the canonical names of
``corpus/aliases.csv`` (:func:`corpusbook.actors.canonical_names`). Cut-offs never split a tie.
"""

import numpy as np
import pandas as pd

from corpusbook import actors, describe, plots, tables
from corpusbook.palette import period_colors
from corpusbook.periods import chronological
from corpusbook.prose import bullets, escape_md, italic, join, md, number, plural, ranked, terms, top_with_ties

#: People listed per period in the prose (ties at the cut-off are added).
TOP_PEOPLE = 3
#: Entities per panel of the network figure, and the fewest shared paragraphs an edge needs.
NETWORK_TOP = 12
NETWORK_MIN_WEIGHT = 2
#: Speakers named in the "most quoted" sentence (ties added), and per period.
TOP_SPEAKERS = 4
TOP_SPEAKERS_PER_PERIOD = 2
#: Quotations in the examples table are shortened to this many characters.
QUOTE_CHARS = 140
#: Rows per period in the entity and pair tables (ties added; the CSV has every row).
TABLE_ROWS = 12


def _is(n):
    return "is" if n == 1 else "are"


def _person_item(row):
    return (f"{italic(row.entity)}: {plural(int(row.mentions), 'mention')} "
            f"({number(row.per_10k, 1)} per 10,000 tokens) in {number(row.docs)} of {plural(int(row.n_docs), 'article')}")


def _pairs_phrase(rows):
    return join([f"{italic(a)} and {italic(b)}" for a, b in zip(rows["source"], rows["target"])], conj="and")


def _top_rows(table, by, column, n, order):
    return pd.concat([top_with_ties(table[table[by] == p], column, n) for p in order] or [table.head(0)],
                     ignore_index=True)


def people_steps(tokens, order):
    """One sentence per consecutive pair of periods: which person's mention rate rises and falls most.

    A person "rises most" or "falls most" only when the largest difference and the largest ratio agree
    and every article of the later period lies beyond the earlier period's articles (see
    :func:`corpusbook.facts.frames.describe_step`, which words both chapters' steps).

    Returns
    -------
    list of str
        Markdown, one per step.
    """
    from corpusbook.facts.frames import describe_step
    from corpusbook.frames import step_evidence
    from corpusbook.settings import PER_N

    starts = tokens[tokens["entity_start"].to_numpy(dtype=bool) & (tokens["entity_type"].astype(str) == "person").to_numpy()]
    names = sorted(starts["entity"].astype(str).unique())
    period = tokens["period"].astype(str)
    size_p = period.value_counts()
    size_d = tokens["doc_id"].value_counts()
    per_p = starts.groupby([starts["period"].astype(str), starts["entity"].astype(str)]).size()
    per_d = starts.groupby([starts["doc_id"], starts["entity"].astype(str)]).size()
    shares = pd.DataFrame([{"period": p, "frame": n, "label": n, "per_10k": per_p.get((p, n), 0) / size_p[p] * PER_N}
                           for p in order for n in names])
    wide = per_d.unstack(fill_value=0).reindex(index=size_d.index, columns=names, fill_value=0)
    wide = wide.div(size_d, axis=0) * PER_N
    wide.index.name, wide.columns.name = "doc_id", "frame"
    doc_shares = wide.stack().rename("per_10k").reset_index()
    doc_period = tokens.drop_duplicates("doc_id").set_index("doc_id")["period"].astype(str).rename("period")
    steps = step_evidence(shares, doc_shares, doc_period, order)
    return [describe_step(steps[steps["step"] == k], noun="person") for k in range(len(order) - 1)]


def findings(data, top_people=TOP_PEOPLE, network_top=NETWORK_TOP, min_weight=NETWORK_MIN_WEIGHT,
             quote_chars=QUOTE_CHARS):
    """Everything the actors chapter states, for any number of periods, articles and names.

    Parameters
    ----------
    data : corpusbook.book.BookData
    top_people : int
        People per period in the prose list (ties added).
    network_top, min_weight : int
        Entities per network panel; fewest shared paragraphs for an edge.
    quote_chars : int
        Length of the quotation excerpts.

    Returns
    -------
    dict
        name → value, glued by ``chapters/actors.md``.
    """
    docs = data.documents
    tokens = actors.canonical_names(data.tokens)
    order = [str(p) for p in chronological(docs)]
    colors = period_colors(order)
    n_docs = docs["period"].astype(str).value_counts()
    out = {}
    ents = actors.entity_frequencies(tokens, "period")
    ents["period"] = ents["period"].astype(str)
    people = ents[ents["entity_type"] == "person"].reset_index(drop=True)

    # ---- who is mentioned
    starts = tokens[tokens["entity_start"].to_numpy(dtype=bool)]
    n_entities = starts["entity"].astype(str).nunique()
    out["entities_sentence"] = md(
        f"The corpus mentions {plural(n_entities, 'distinct person, place or organisation', 'distinct people, places and organisations')} "
        f"of the alias table ({plural(len(starts), 'mention')})." if n_entities else
        "No name of the alias table occurs in the corpus.")
    lines = []
    for p in order:
        top = top_with_ties(people[people["period"] == p], "mentions", top_people)
        head = f"**{escape_md(p)}** ({plural(int(n_docs.get(p, 0)), 'article')}): "
        if top.empty:
            lines.append(head + "no person of the alias table is mentioned")
        else:
            extra = top.attrs.get("n_tied_extra", 0)
            lines.append(head + "; ".join(_person_item(r) for r in top.itertuples())
                         + (f" ({number(extra)} more tied at the cut-off)" if extra else ""))
    out["top_people"] = md(bullets(lines))
    out["fig_people"] = plots.people_by_period(people, order, colors)
    shown = _top_rows(ents, "period", "mentions", TABLE_ROWS, order)
    out["entities_table"] = tables.show(
        shown, {"period": "Period", "entity": "Name", "entity_type": "Type", "mentions": "Mentions",
                "per_10k": "Per 10k tokens", "range": "Articles"},
        {"per_10k": ".1f"}, name="entities", interactive=True,
        note=f"The {TABLE_ROWS} most mentioned names per period (more where tied); per 10k: mentions per 10,000 "
             "word tokens of the period; articles: how many of the period's articles mention the name.")
    top2 = [set(top_with_ties(people[people["period"] == p], "mentions", 2)["entity"]) for p in order]
    leaders = sorted(set.intersection(*top2)) if top2 else []
    if not len(people):
        out["leaders_sentence"] = md("No person of the alias table is mentioned.")
    elif len(order) == 1:
        out["leaders_sentence"] = md(f"The most mentioned people are {terms(sorted(top2[0]), conj='and')} "
                                     "(the two at the top, with ties).")
    elif leaders:
        out["leaders_sentence"] = md(f"{terms(leaders, conj='and')} {_is(len(leaders))} among the two most mentioned "
                                     f"people (ties included) in each of the {number(len(order))} periods.")
    else:
        out["leaders_sentence"] = md("No person is among the two most mentioned (ties included) in every period.")

    # ---- who rises and falls between consecutive periods, judged against the articles' spread
    out["people_steps"] = md(bullets(people_steps(tokens, order)) if len(order) > 1 and len(people) else "")

    quotes = actors.find_quotes(data.corpus.paragraphs, data.resources.aliases)
    quotes = quotes.assign(period=quotes["doc_id"].map(docs.set_index("doc_id")["period"]).astype(str))

    # ---- one sentence for a summary of the book: the person whose rate changes most, first to last period
    out["finding"] = md("")
    if len(order) > 1 and len(people):
        rate = people.pivot(index="entity", columns="period", values="per_10k").reindex(columns=order).fillna(0)
        change = rate[order[-1]] - rate[order[0]]
        best = sorted(change[change.abs() == change.abs().max()].index)
        qp = quotes
        parts = []
        for name in best:
            q = [int(((qp["speaker"] == name) & (qp["period"] == p)).sum()) for p in (order[0], order[-1])]
            parts.append(f"{italic(name)} {'rises' if change[name] > 0 else 'falls'} from {number(rate.loc[name, order[0]])} "
                         f"to {number(rate.loc[name, order[-1]])} mentions per 10,000 tokens and is quoted "
                         f"{plural(q[0], 'time')} in {escape_md(order[0])}, {plural(q[1], 'time')} in {escape_md(order[-1])}")
        out["finding"] = md(f"From {escape_md(order[0])} to {escape_md(order[-1])}, the largest change in how often a person "
                            f"is named: " + "; ".join(parts) + ".")

    # ---- who appears together
    pairs = actors.cooccurrence(tokens)
    by_period = actors.cooccurrence(tokens, by="period")
    by_period["period"] = by_period["period"].astype(str)
    types = starts.assign(e=starts["entity"].astype(str)).drop_duplicates("e").set_index("e")["entity_type"].astype(str)
    if pairs.empty:
        out["pairs_sentence"] = md("No paragraph mentions two different names of the alias table, so there are no pairs.")
    else:
        top = top_with_ties(pairs, "paragraphs", 1)
        both_people = pairs[pairs["source"].map(types).eq("person") & pairs["target"].map(types).eq("person")]
        sentence = (f"Of {plural(len(pairs), 'pair')}, the most frequent {'is' if len(top) == 1 else 'are (tied)'} "
                    f"{_pairs_phrase(top)} ({plural(int(top['paragraphs'].iloc[0]), 'paragraph')}"
                    + (f" in {plural(int(top['documents'].iloc[0]), 'article')}" if len(top) == 1 else " each") + ").")
        if not both_people.empty:
            tp = top_with_ties(both_people, "paragraphs", 1)
            sentence += (f" Between two people, the most frequent {'pair is' if len(tp) == 1 else 'pairs are (tied)'} "
                         f"{_pairs_phrase(tp)} ({plural(int(tp['paragraphs'].iloc[0]), 'paragraph')}"
                         + (f" in {plural(int(tp['documents'].iloc[0]), 'article')}" if len(tp) == 1 else " each") + ").")
        out["pairs_sentence"] = md(sentence)
    out["network_sentence"] = md(
        f"Each panel is one period: its {number(network_top)} most mentioned names (fewer where it has fewer; ties at "
        f"the cut-off broken alphabetically) on a circle, and the pairs among them that share at least "
        f"{plural(min_weight, 'paragraph')} in that period. However large the corpus, a panel shows at most "
        f"{number(network_top)} names; the pair counts behind it grow linearly with the number of paragraphs.")
    out["fig_network"] = plots.period_networks(
        by_period, ents, order, colors, top=network_top, min_weight=min_weight)
    out["pairs_table"] = tables.show(
        _top_rows(by_period, "period", "paragraphs", 10, order),
        {"period": "Period", "source": "Name", "target": "With", "paragraphs": "Shared paragraphs",
         "documents": "Articles"}, name="cooccurrence", interactive=True,
        note="The 10 most frequent pairs per period (more where tied); the CSV has these rows, "
             "the figure the strongest links.")

    # ---- who is quoted
    attributed = quotes[quotes["speaker"] != ""]
    out["quotes_sentence"] = md(
        f"{plural(len(quotes), 'quotation')} {'is' if len(quotes) == 1 else 'are'} found"
        + (f", {number(len(attributed))} of them attributed to a named person or organisation." if len(quotes) else "."))
    counts = attributed.groupby("speaker").size().reset_index(name="n").sort_values(["n", "speaker"], ascending=[False, True])
    out["top_speakers"] = md(
        f"The most quoted: {ranked(counts['speaker'], counts['n'], limit=TOP_SPEAKERS)}." if len(counts) else
        "No quotation is attributed to a name of the alias table.")
    lines = []
    for p in order:
        q = quotes[quotes["period"] == p]
        c = (q[q["speaker"] != ""].groupby("speaker").size().reset_index(name="n")
             .sort_values(["n", "speaker"], ascending=[False, True]))
        head = f"**{escape_md(p)}** ({plural(len(q), 'quotation')}): "
        lines.append(head + (ranked(c["speaker"], c["n"], limit=TOP_SPEAKERS_PER_PERIOD) if len(c) else
                             "no attributed quotation"))
    out["speakers_by_period"] = md(bullets(lines))
    per_speaker = actors.quotes_per_speaker(quotes, docs.assign(period=docs["period"].astype(str)), "period")
    out["speakers_table"] = tables.show(
        per_speaker, {"period": "Period", "speaker": "Speaker", "quotes": "Quotations", "docs": "Articles"},
        name="quotes-per-speaker", interactive=True)
    examples = attributed.drop_duplicates("quote").drop_duplicates("speaker")
    examples = examples.assign(
        paragraph_number=examples["paragraph"] + 1,
        excerpt=[q if len(q) <= quote_chars else q[:quote_chars].rsplit(" ", 1)[0] + " …" for q in examples["quote"]])
    out["examples_sentence"] = md(
        f"One quotation per attributed speaker (each a different quotation), shortened to {number(quote_chars)} characters:"
        if len(examples) else "")
    out["examples_table"] = tables.show(
        examples, {"speaker": "Speaker", "doc_id": "Article", "paragraph_number": "Paragraph", "verb": "Verb",
                   "excerpt": "Quotation"}, name="quote-examples", interactive=len(examples) > 10)

    # ---- spellings
    aliases = data.resources.aliases
    variants = describe.spelling_variants(tokens, aliases)
    by_doc = describe.transliteration_by_document(tokens, aliases)
    systems = [c for c in by_doc.columns if c != "mixes_systems"]
    if "english" in by_doc.columns and by_doc["english"].sum() > 0:
        total = by_doc[systems].sum(axis=1)
        share = (by_doc["english"] / total).where(total > 0)
        best = share[share == share.max()].index.tolist()
        lang = docs.set_index("doc_id")["source_language"]
        out["spelling_sentence"] = md(
            ("Article " if len(best) == 1 else "Articles ")
            + join([f"{escape_md(d)} (source language *{escape_md(lang.get(d, '—'))}*)" for d in best])
            + f" {'has' if len(best) == 1 else 'have (tied)'} the largest share of English-style forms: "
            + f"{share.max():.0%} of {'its' if len(best) == 1 else 'their'} transliterated name mentions.")
    else:
        out["spelling_sentence"] = md("No article uses an English-style transliteration of a name in the alias table.")
    out["variants_table"] = tables.show(
        variants, {"entity": "Name", "spelling": "Spelling", "transliteration": "Transliteration",
                   "mentions": "Mentions", "documents": "Articles"}, name="spellings", interactive=len(variants) > 15)
    doc_table = by_doc.reset_index()
    doc_table = doc_table.assign(english_share=(100 * doc_table.get("english", 0) / doc_table[systems].sum(axis=1).replace(0, np.nan))
                                 if systems else np.nan)
    doc_table = doc_table.sort_values(["english_share", "doc_id"], ascending=[False, True])
    headers = {"doc_id": "Article", **{s: f"{str(s).capitalize()} forms" for s in systems}, "english_share": "English share (%)"}
    out["transliteration_table"] = tables.show(doc_table, headers, {"english_share": ".0f"}, name="transliteration",
                                               interactive=len(doc_table) > 15)

    # ---- caveats
    single = [p for p in order if int(n_docs.get(p, 0)) == 1]
    out["single_sentence"] = md(
        f"{join([escape_md(p) for p in single])} {_is(len(single))} a single article, so what this chapter says about "
        f"{'it' if len(single) == 1 else 'each of them'} describes that article." if single else "")
    return out
