"""Facts of the template chapter: an example of the pattern every chapter follows.

Copy this module to ``facts/<your-chapter>.py`` with the chapter: one :func:`findings` that returns
every sentence, figure and table the chapter shows, worded for any corpus, and a test beside it.
"""

import pandas as pd

from corpusbook.periods import chronological
from corpusbook.prose import escape_md, md, plural, ranked, top_with_ties


def findings(data, n=5):
    """The most frequent content lemma(s) of each period, as a sentence, a figure and a table.

    Parameters
    ----------
    data : corpusbook.book.BookData
    n : int
        Terms per period in the figure and the table (ties at the cut-off are added to the table).

    Returns
    -------
    dict
        ``example_sentence`` (Markdown), ``fig_example`` (Figure), ``table_example`` (HTML).
    """
    from corpusbook import plots, tables

    table = data.frequencies(by="period")
    parts, rows = [], []
    for period in chronological(data.documents):
        part = table[table["period"] == period]
        if part.empty:
            continue
        top = top_with_ties(part, "count", 1, key="term")
        noun = "lemma is" if len(top) == 1 else "lemmas are"
        parts.append(f"in **{escape_md(period)}** ({plural(int(part['n_docs'].iloc[0]), 'article')}) the most frequent "
                     f"content {noun} {ranked(top['term'], top['count'])}")
        rows.append(top_with_ties(part, "count", n, key="term"))
    shown = tables.show(
        pd.concat(rows) if rows else table.iloc[0:0],
        headers={"period": "Period", "term": "Lemma", "count": "Count", "per_10k": "Per 10k tokens",
                 "range": "Articles"},
        formats={"per_10k": ".1f"}, name="template-top-terms",
        note="Count: occurrences; per 10k tokens: per 10,000 word tokens of the period; articles: those that contain it.")
    sentence = "; ".join(parts) or "the corpus has no content words"
    return {
        "example_sentence": md(sentence[:1].upper() + sentence[1:] + "."),
        "fig_example": plots.top_terms_by_group(table, "period", n=n),
        "table_example": shown,
    }
