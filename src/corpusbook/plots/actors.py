"""Figures of the actors and frames chapters. Colours come from :mod:`corpusbook.palette`."""

import numpy as np

from corpusbook.plots.base import group_colors, label, styled, subplots, tidy, wrapped


def _grid(n, ncols=2, width=7.5, height=3.6):
    ncols = max(1, min(ncols, n))
    nrows = int(np.ceil(n / ncols)) if n else 1
    fig, axes = subplots(nrows, ncols, figsize=(width, height * nrows), squeeze=False)
    return fig, axes.ravel()


def _title(period, table):
    """A panel's title: the period and its number of articles (``n_docs`` of ``table``)."""
    n_docs = int(table["n_docs"].iloc[0]) if len(table) else 0
    return f"{label(period)} ({n_docs} article{'s' if n_docs != 1 else ''})"


@styled
def period_networks(pairs, mentions, order, colors, top=12, min_weight=2, by="period"):
    """Co-occurrence networks, one panel per period: the ``top`` most mentioned entities and their pairs.

    Entities sit on a circle in order of mentions (most mentioned at the top, clockwise); node area
    grows with mentions, edge width with shared paragraphs.

    Parameters
    ----------
    pairs, mentions : pandas.DataFrame
        :func:`corpusbook.actors.cooccurrence` and :func:`corpusbook.actors.entity_frequencies` by ``by``.
    order : list of str
        Periods in time order (one panel each).
    colors : dict
        period → colour (:func:`corpusbook.palette.period_colors`).
    top, min_weight : int
        Entities per panel (ties broken alphabetically) and the fewest shared paragraphs an edge needs.
    by : str
        The grouping column.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, axes = _grid(len(order), ncols=1, width=7.0, height=4.8)  # one period per row: names stay legible
    for ax in axes:
        ax.axis("off")
    for ax, period in zip(axes, order):
        m = mentions[mentions[by].astype(str) == str(period)]
        m = m.sort_values(["mentions", "entity"], ascending=[False, True])
        nodes = list(m["entity"].head(top))
        size = dict(zip(m["entity"], m["mentions"]))
        p = pairs[
            (pairs[by].astype(str) == str(period))
            & pairs["source"].isin(nodes)
            & pairs["target"].isin(nodes)
            & (pairs["paragraphs"] >= min_weight)
        ]
        color = colors.get(period, "#333333")
        ax.set_title(_title(period, m), color=color)
        if not nodes:
            ax.text(0.5, 0.5, "no entity mentioned", ha="center", va="center", transform=ax.transAxes)
            continue
        angle = np.pi / 2 - 2 * np.pi * np.arange(len(nodes)) / len(nodes)
        pos = {n: (np.cos(a), np.sin(a)) for n, a in zip(nodes, angle)}
        wmax = max(p["paragraphs"].max(), 1) if len(p) else 1
        for row in p.itertuples():
            (x0, y0), (x1, y1) = pos[row.source], pos[row.target]
            ax.plot([x0, x1], [y0, y1], color="#777777", alpha=0.6, lw=0.6 + 4.4 * row.paragraphs / wmax, zorder=1)
        smax = max(size[n] for n in nodes)
        x, y = np.cos(angle), np.sin(angle)
        sizes = [40 + 360 * size[n] / smax for n in nodes]
        ax.scatter(x, y, s=sizes, color=color, zorder=2, edgecolor="white", linewidth=0.8)
        for n, xn, yn in zip(nodes, x, y):
            ha = "left" if xn > 0.2 else "right" if xn < -0.2 else "center"
            ax.text(xn * 1.2, yn * 1.2, label(n), ha=ha, va="center", fontsize=10, zorder=3)
        ax.set_xlim(-1.9, 1.9)
        ax.set_ylim(-1.25, 1.35)
        ax.set_aspect("equal")
    tidy(fig)
    return fig


@styled
def people_by_period(people, order, colors, n=8, by="period"):
    """One bar panel per period: its ``n`` most mentioned people, per 10,000 tokens, shared x scale.

    Parameters
    ----------
    people : pandas.DataFrame
        :func:`corpusbook.actors.entity_frequencies` (``entity``, ``per_10k``, ``n_docs``).
    order : list of str
        Periods in time order.
    colors : dict
        period → colour.
    n : int
        People per panel.
    by : str
        The grouping column.

    Returns
    -------
    matplotlib.figure.Figure
    """
    ncols = min(3, max(1, len(order)))
    fig, axes = _grid(len(order), ncols=ncols, width=3.0 * ncols + 1.0, height=0.3 * n + 1.3)
    for ax in axes[len(order) :]:
        ax.axis("off")
    head = people.groupby(by, observed=True).head(n)
    xmax = (head["per_10k"].max() if len(head) else 1) * 1.1
    for ax, period in zip(axes, order):
        top = people[people[by].astype(str) == str(period)].head(n)
        ax.barh([label(e) for e in top["entity"]], top["per_10k"], color=colors.get(period))
        ax.invert_yaxis()
        ax.set_xlim(0, xmax)
        ax.set_title(_title(period, top))
        ax.set_xlabel("mentions per 10,000 tokens")
        if top.empty:
            ax.text(0.5, 0.5, "no person mentioned", ha="center", transform=ax.transAxes)
    tidy(fig)
    return fig


def _legend(ax, rows, ncol):
    """A legend under the plot, below the x label however many rows the plot has."""
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.4, -0.09 - 0.3 / rows), ncol=ncol)


@styled
def frame_dots(doc_rates, doc_group, pooled, order, colors, labels):
    """Per-article frame rates (dots) and each group's pooled rate (a bar), one row per frame.

    Parameters
    ----------
    doc_rates, pooled : pandas.DataFrame
        doc_id × frame rates per 10,000 tokens, and group × frame pooled rates.
    doc_group : pandas.Series
        doc_id → group (moment).
    order : list of str
        Groups in time order.
    colors, labels : dict
        group → colour; frame → label shown.

    Returns
    -------
    matplotlib.figure.Figure
    """
    frames = list(doc_rates.columns)
    fig, ax = subplots(figsize=(7.5, 0.75 * len(frames) + 1.6 + 0.2 * len(order)))
    g = doc_group.reindex(doc_rates.index).astype(str)
    offsets = np.linspace(-0.25, 0.25, len(order)) if len(order) > 1 else [0.0]
    for k, group in enumerate(order):
        sub = doc_rates[(g == str(group)).to_numpy()]
        for i, frame in enumerate(frames):
            y = i + offsets[k]
            dots = f"{label(group)}: articles" if i == 0 else None
            ax.scatter(
                sub[frame], np.full(len(sub), y), s=36, color=colors[group], alpha=0.6, edgecolor="none", label=dots
            )
            bar = f"{label(group)}: all its tokens" if i == 0 and len(sub) > 1 else None
            ax.plot([pooled.loc[group, frame]] * 2, [y - 0.09, y + 0.09], color=colors[group], lw=2.5, label=bar)
    ax.set_yticks(range(len(frames)), [wrapped(labels[f]) for f in frames])
    ax.invert_yaxis()
    ax.set_xlabel("frame lemmas per 10,000 tokens")
    _legend(ax, len(frames), 2)
    tidy(fig)
    return fig


@styled
def grouped_bars(table, category, group, value, xlabel, order=None, colors=None):
    """Horizontal grouped bars: one row per category, one bar per group.

    ``order`` gives the groups in time order and ``colors`` their colours (from
    :mod:`corpusbook.palette`); both default to the sorted groups and :func:`group_colors`.
    """
    cats = list(dict.fromkeys(table[category]))
    groups = list(order) if order is not None else sorted(table[group].unique())
    colors = colors or group_colors(groups)
    height = 0.8 / max(len(groups), 1)
    fig, ax = subplots(figsize=(7.5, 0.5 * len(cats) * max(len(groups), 2) / 2 + 1.8 + 0.1 * len(groups)))
    for i, g in enumerate(groups):
        vals = table[table[group].astype(str) == str(g)].set_index(category).reindex(cats)[value].to_numpy()
        ax.barh(np.arange(len(cats)) + i * height, vals, height=height, color=colors[g], label=label(g))
    ax.set_yticks(np.arange(len(cats)) + height * (len(groups) - 1) / 2, [wrapped(c) for c in cats])
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    _legend(ax, len(cats), min(3, len(groups)))
    tidy(fig)
    return fig
