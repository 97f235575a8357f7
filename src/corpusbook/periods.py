"""Groups of articles (periods, event slices) in time order, and what the book compares.

A period or slice is a free label from ``corpus/metadata.csv``; its place in time is the earliest
date of its articles. Nothing in the book assumes two periods or which one is small: chapters ask
this module for the groups in chronological order and for the comparisons to draw.

Examples
--------
>>> import pandas as pd
>>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "period": ["2024", "Herbst 2022", "2024"],
...                      "date": pd.to_datetime(["2024-11-27", "2022-10-13", "2024-11-28"])})
>>> chronological(docs)
['Herbst 2022', '2024']
>>> [(c.target, c.reference) for c in comparisons(docs)]
[('2024', ('Herbst 2022',))]
"""

from dataclasses import dataclass

from corpusbook.prose import join
from corpusbook.settings import PERIOD_COLUMN


def chronological(documents, by=PERIOD_COLUMN):
    """The groups of ``by`` ordered by the earliest date of their articles (ties: by label).

    Parameters
    ----------
    documents : pandas.DataFrame
        ``Corpus.documents`` (columns ``date`` and ``by``).
    by : str, default ``"period"``

    Returns
    -------
    list of str
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
        ``"consecutive"`` (a later group against the one before it) or ``"rest"`` (a group against
        all others).
    """

    target: str
    reference: tuple
    kind: str = "consecutive"

    @property
    def reference_label(self):
        """The reference as prose: ``"2022"``, or ``"2022 and 2023"`` for several groups."""
        return join(self.reference)

    @property
    def title(self):
        """``"2024 vs 2022"``, ``"2025 vs all other periods"``."""
        if self.kind == "rest" and len(self.reference) > 1:
            return f"{self.target} vs all other periods"
        return f"{self.target} vs {self.reference_label}"


def comparisons(documents, by=PERIOD_COLUMN, rest=None):
    """The comparisons the book draws between groups, in time order.

    With two groups: the later against the earlier. With more: each group against the one before it
    (what changed from one period to the next) and, if ``rest`` is true (default: more than two
    groups), each group against all others (what sets it apart).

    Parameters
    ----------
    documents : pandas.DataFrame
    by : str
    rest : bool, optional

    Returns
    -------
    list of Comparison
        Empty for a single group: there is nothing to compare.
    """
    order = chronological(documents, by)
    out = [Comparison(later, (earlier,), "consecutive") for earlier, later in zip(order, order[1:])]
    if rest is None:
        rest = len(order) > 2
    if rest:
        out += [Comparison(g, tuple(o for o in order if o != g), "rest") for g in order]
    return out
