"""What the "Find any word" page states: how many KWIC lines it holds and which caps apply."""

from corpusbook import kwic, tables
from corpusbook.prose import md, number, plural

HEADERS = {"term": "term", "left": "left context", "keyword": "word", "right": "right context",
           "doc_id": "article", "paragraph_number": "¶", "term_count": "in corpus"}


def findings(data, per_term=kwic.CONCORDANCE_LINES_PER_TERM, max_terms=kwic.CONCORDANCE_MAX_TERMS):
    """``concordance_size`` (a sentence) and ``concordance_table`` (the searchable table).

    Parameters
    ----------
    data : corpusbook.book.BookData
    per_term, max_terms : int
        The caps of :func:`corpusbook.kwic.concordance`.
    """
    lines = kwic.concordance(data.tokens, data.corpus.paragraphs, per_term=per_term, max_terms=max_terms)
    return {"concordance_size": md(size_sentence(lines, per_term, max_terms)),
            "concordance_table": tables.show(
                lines, HEADERS, name="concordance", align_right=["left"], wide=["left", "right"], interactive=True,
                note="Search matches any column; the download holds every line of the table.")}


def size_sentence(lines, per_term=kwic.CONCORDANCE_LINES_PER_TERM, max_terms=kwic.CONCORDANCE_MAX_TERMS):
    """The table's size and caps, worded for the lines at hand.

    Examples
    --------
    >>> import pandas as pd
    >>> lines = pd.DataFrame({"term": ["Gas", "Gas", "Öl"], "term_count": [30, 30, 1]})
    >>> size_sentence(lines, per_term=2, max_terms=10)
    'The table holds 3 lines for 2 content lemmas: at most 2 per lemma (the first in article order) and at most 10 lemmas (the most frequent), so the page stays small for any corpus. 1 lemma occurs more often than that; the column *in corpus* gives its full count.'
    >>> size_sentence(lines.iloc[2:], per_term=2, max_terms=10).endswith("every occurrence is listed.")
    True
    """
    n_terms = lines["term"].nunique()
    capped = int((lines.groupby("term")["term_count"].first() > per_term).sum())
    sentence = (f"The table holds {plural(len(lines), 'line')} for {plural(n_terms, 'content lemma')}: at most "
                f"{number(per_term)} per lemma (the first in article order) and at most {number(max_terms)} lemmas "
                "(the most frequent), so the page stays small for any corpus.")
    if capped:
        return sentence + (f" {plural(capped, 'lemma')} {'occurs' if capped == 1 else 'occur'} more often than "
                           f"that; the column *in corpus* gives {'its' if capped == 1 else 'each one’s'} full count.")
    return sentence + " No lemma reaches that cap: every occurrence is listed."
