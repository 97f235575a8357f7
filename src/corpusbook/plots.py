"""Figures for the book: one function per figure type, each returning a matplotlib Figure.

Every figure has labelled axes with units and uses a font with umlauts (DejaVu Sans, shipped with
matplotlib). Colours per period are fixed so a period has the same colour in every chapter.
"""

import matplotlib.pyplot as plt

#: One colour per group, in sorted group order (colour-blind safe, Okabe–Ito).
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]

plt.rcParams.update(
    {
        "font.family": "DejaVu Sans",
        "figure.dpi": 110,
        "savefig.dpi": 110,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 11,
        "axes.labelsize": 10,
    }
)


def group_colors(groups):
    """Map each group (sorted) to a fixed colour from :data:`PALETTE`."""
    return {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(sorted(set(groups)))}


def document_sizes(doc_table, by="period"):
    """Horizontal bars of word tokens per document, coloured by group.

    Parameters
    ----------
    doc_table : pandas.DataFrame
        From :func:`corpusbook.describe.document_table`.
    by : str
        Column that colours the bars.

    Returns
    -------
    matplotlib.figure.Figure
    """
    colors = group_colors(doc_table[by])
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(doc_table) + 1.2))
    labels = [f"{d} · {o} ({dt})" for d, o, dt in zip(doc_table["doc_id"], doc_table["outlet"], doc_table["date"])]
    ax.barh(labels, doc_table["tokens"], color=[colors[g] for g in doc_table[by]])
    ax.invert_yaxis()
    ax.set_xlabel("word tokens (count)")
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in colors.values()]
    ax.legend(handles, list(colors), title=by, frameon=False, loc="lower right")
    fig.tight_layout()
    return fig
