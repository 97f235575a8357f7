"""Groups of articles (periods, event slices) in time order, and what the book compares.

A period or slice is a free label from ``corpus/metadata.csv``; its place in time is the earliest
date of its articles.

Examples
--------
>>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "period": ["2024", "Herbst 2022", "2024"],
...                      "date": pd.to_datetime(["2024-11-27", "2022-10-13", "2024-11-28"])})
>>> chronological(docs)
['Herbst 2022', '2024']
>>> [(c.target, c.reference) for c in comparisons(docs)], latest(docs).title
([('2024', ('Herbst 2022',))], '2024 vs Herbst 2022')
"""

from dataclasses import dataclass

import pandas as pd

from corpusbook.palette import period_colors
from corpusbook.prose import escape_md, join
from corpusbook.settings import PERIOD_COLUMN

#: Marks a group (and so a claim) that rests on a single article; the limits box explains it once.
SINGLE = "†"


def chronological(documents, by=PERIOD_COLUMN):
    """The groups of ``by`` (a column of ``documents``, as is ``date``) by the earliest date of their articles.

    Ties are ordered by label.
    """
    first = documents.groupby(by)["date"].min()
    return sorted(first.index, key=lambda g: (first[g], str(g)))


@dataclass(frozen=True)
class Comparison:
    """One keyness comparison: ``target`` against the union of the ``reference`` groups.

    Attributes
    ----------
    target : str
    reference : tuple of str
    kind : str
        ``"consecutive"`` (a later group against the one before it) or ``"rest"`` (against all others).
    by : str
        The grouping column.
    """

    target: str
    reference: tuple
    kind: str = "consecutive"
    by: str = PERIOD_COLUMN

    @property
    def reference_label(self):
        """The reference as prose: ``"2022"``, or ``"2022 and 2023"`` for several groups."""
        return join(self.reference)

    @property
    def title(self):
        """``"2024 vs 2022"``, ``"2025 vs all other periods"``."""
        if self.kind == "rest" and len(self.reference) > 1:
            return f"{self.target} vs all other {'periods' if self.by == PERIOD_COLUMN else 'moments'}"
        return f"{self.target} vs {self.reference_label}"


def comparisons(documents, by=PERIOD_COLUMN, rest=None):
    """The comparisons the book draws between groups, in time order.

    Each group against the one before it and, if ``rest`` (default: more than two groups), each group
    against all others; none for a single group.
    """
    order = chronological(documents, by)
    out = [Comparison(later, (earlier,), "consecutive", by) for earlier, later in zip(order, order[1:])]
    if rest or (rest is None and len(order) > 2):
        out += [Comparison(g, tuple(o for o in order if o != g), "rest", by) for g in order]
    return out


def latest(documents, by=PERIOD_COLUMN):
    """The latest group against the one before it, or None when there is a single group."""
    steps = comparisons(documents, by, rest=False)
    return steps[-1] if steps else None


def labels(documents, by=PERIOD_COLUMN, mark=SINGLE):
    """Each group's name for prose and tables, escaped, with ``mark`` (†) when it holds one article.

    Examples
    --------
    >>> docs = pd.DataFrame({"period": ["2022", "2022", "2024"],
    ...                      "date": pd.to_datetime(["2022-02-10", "2022-10-13", "2024-11-27"])})
    >>> labels(docs)
    {'2022': '2022', '2024': '2024†'}
    """
    n = documents.groupby(by).size()
    return {g: escape_md(g) + (mark if n[g] == 1 else "") for g in chronological(documents, by)}


def colors(documents, by=PERIOD_COLUMN):
    """The palette's colour of each group, by its place in time (:func:`corpusbook.palette.period_colors`)."""
    return period_colors(chronological(documents, by))


def sizes(documents, tokens, label=None, by=PERIOD_COLUMN):
    """Articles, word tokens and first and last date of each group, in time order.

    Parameters
    ----------
    documents, tokens : pandas.DataFrame
    label : dict, optional
        group → name shown (:func:`labels`); default the group itself.
    by : str

    Returns
    -------
    pandas.DataFrame
        ``period`` (the name shown), ``articles``, ``tokens``, ``first``, ``last`` (dates, ISO).
    """
    order = chronological(documents, by)
    n_tokens = tokens.groupby(tokens["doc_id"].map(documents.set_index("doc_id")[by])).size()
    dates = documents.groupby(by)["date"].agg(["min", "max", "size"]).loc[order]
    return pd.DataFrame(
        {
            "period": [label[g] for g in order] if label else order,
            "articles": [int(n) for n in dates["size"]],
            "tokens": [int(n_tokens.get(g, 0)) for g in order],
            "first": [f"{d:%Y-%m-%d}" for d in dates["min"]],
            "last": [f"{d:%Y-%m-%d}" for d in dates["max"]],
        }
    )
