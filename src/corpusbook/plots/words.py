"""Figures of the corpus, frequencies and comparison chapters."""

import numpy as np
from matplotlib.patches import Patch, Rectangle
from wordcloud import WordCloud

from corpusbook.palette import NEUTRAL, period_colors
from corpusbook.plots.base import _font_path, label, styled, subplots, tidy
from corpusbook.settings import SEED


def _order_colors(groups, order=None):
    """Groups in time order (``order``, else sorted) and their colours from the one palette."""
    present = set(groups)
    order = [g for g in (order or sorted(present)) if g in present]
    return order, period_colors(order)


def _grid(n_groups, panel_height, extra=0):
    """A figure with one panel per group, two panels a row."""
    cols = max(min(n_groups, 2), 1)
    rows = max(-(-n_groups // cols), 1)
    return subplots(rows, cols, figsize=(3.7 * cols, panel_height * rows + extra), squeeze=False)


def _title(group, n_docs):
    return f"{group} ({n_docs} {'article' if n_docs == 1 else 'articles'})"


#: Most articles drawn as one bar each; a larger corpus gets a histogram of article lengths.
MAX_BARS = 40


@styled
def document_sizes(doc_table, by="period", order=None):
    """Horizontal bars of word tokens per document, coloured by group.

    Beyond :data:`MAX_BARS` articles the figure shows the distribution of article lengths per group
    instead (a stacked histogram).

    Parameters
    ----------
    doc_table : pandas.DataFrame
        From :func:`corpusbook.describe.document_table`.
    by : str
        Column that colours the bars.
    order : list of str, optional
        The groups in time order (:func:`corpusbook.periods.chronological`); colours follow it.

    Returns
    -------
    matplotlib.figure.Figure
    """
    order, colors = _order_colors(doc_table[by], order)
    legend = {"title": by, "frameon": False, "loc": "upper center", "ncol": min(len(order), 6)}  # below the axes
    if len(doc_table) > MAX_BARS:
        fig, ax = subplots(figsize=(7, 3.6))
        ax.hist(
            [doc_table.loc[doc_table[by] == g, "tokens"] for g in order],
            bins=np.histogram_bin_edges(doc_table["tokens"], bins=30),
            stacked=True,
            color=[colors[g] for g in order],
            label=order,
        )
        ax.set_xlabel("word tokens per article")
        ax.set_ylabel("articles")
        ax.legend(bbox_to_anchor=(0.5, -0.2), **legend)
        tidy(fig)
        return fig
    fig, ax = subplots(figsize=(7, 0.45 * len(doc_table) + 1.8))
    labels = [
        label(f"{d} · {o} ({dt})", 48) for d, o, dt in zip(doc_table["doc_id"], doc_table["outlet"], doc_table["date"])
    ]
    ax.barh(labels, doc_table["tokens"], color=[colors[g] for g in doc_table[by]])
    ax.invert_yaxis()
    ax.set_xlabel("word tokens (count)")
    handles = [Rectangle((0, 0), 1, 1, color=colors[g]) for g in order]
    ax.legend(handles, [label(g) for g in order], bbox_to_anchor=(0.5, -0.12 - 0.6 / (len(doc_table) + 2)), **legend)
    tidy(fig)
    return fig


@styled
def top_terms_by_group(freq, by, n=12, value="per_10k", order=None):
    """One horizontal bar panel per group: its ``n`` most frequent terms, per 10,000 tokens.

    Parameters
    ----------
    freq : pandas.DataFrame
        From :func:`corpusbook.frequency.frequency_table` with ``by``.
    by : str
    n : int
    value : str
        Column plotted.
    order : list of str, optional
        The groups in time order; colours follow it.

    Returns
    -------
    matplotlib.figure.Figure
    """
    groups, colors = _order_colors(freq[by].unique(), order)
    fig, axes = _grid(len(groups), 0.3 * n + 1.2)
    xmax = freq.groupby(by).head(n)[value].max() * 1.1
    for ax in axes.flat[len(groups) :]:
        ax.axis("off")
    for ax, g in zip(axes.flat, groups):
        top = freq[freq[by] == g].head(n)
        ax.barh(top["term"], top[value], color=colors[g])
        ax.invert_yaxis()
        ax.set_xlim(0, xmax)
        ax.set_title(_title(g, int(top["n_docs"].iloc[0]) if len(top) else 0))
        ax.set_xlabel("occurrences per 10,000 tokens")
    tidy(fig)
    return fig


@styled
def diverging_keyness(rows, target_label, reference_label, colors):
    """Diverging bars of Log Ratio for the lemmas given (both sides), in the order of ``rows`` from the top.

    A lemma that passes the threshold is solid, one that is tested and fails pale and hatched, one too
    rare to be tested a grey dashed outline; ° marks a lemma with a zero count on the other side. The
    legend gives the two sides' colours and the kinds of bar drawn.

    Parameters
    ----------
    rows : pandas.DataFrame
        Rows of a keyness table (:func:`corpusbook.keyness.keyness`), e.g. the top of each side as the
        tables show them.
    target_label, reference_label : str
    colors : dict

    Returns
    -------
    matplotlib.figure.Figure
    """
    colors = {target_label: colors.get(target_label, NEUTRAL), reference_label: colors.get(reference_label, NEUTRAL)}
    height = 0.3 * len(rows) + 1.7
    fig, ax = subplots(figsize=(7, height))
    kinds = {}
    for y, row in enumerate(rows.iloc[::-1].itertuples()):  # bars are drawn from the bottom up
        color = colors[target_label if row.direction > 0 else reference_label]
        if row.significant:
            kind, style = "solid: passes", {"color": color}
        elif row.testable:
            kind, style = "hatched: tested, fails", {"color": color, "alpha": 0.35, "hatch": "///", "edgecolor": color}
        else:
            kind, style = "outline: too rare to test", {"facecolor": "white", "edgecolor": "#999999", "linestyle": "--"}
        ax.barh(y, row.log_ratio, **style)
        kinds[kind] = style
    terms = rows["term"].iloc[::-1] + np.where(rows["zero_count"].iloc[::-1], " °", "")
    ax.set_yticks(range(len(rows)), terms)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel(f"Log Ratio (> 0: more in {target_label}; < 0: more in {reference_label})")
    grey = {
        "solid: passes": {"color": "#555555"},
        "hatched: tested, fails": {"facecolor": "#dddddd", "hatch": "///", "edgecolor": "grey"},
        "outline: too rare to test": {"facecolor": "white", "edgecolor": "#999999", "linestyle": "--"},
    }
    handles = [
        Patch(color=colors[target_label], label=f"more in {target_label}"),
        Patch(color=colors[reference_label], label=f"more in {reference_label}"),
    ]
    handles += [Patch(label=k, **grey[k]) for k in grey if k in kinds]
    ax.legend(handles=handles, frameon=False, loc="upper center", ncol=3, bbox_to_anchor=(0.5, -0.5 / max(height, 1)))
    tidy(fig)
    return fig


@styled
def article_rates(rates, groups, order, colors):
    """Dot plot: each key term's rate per 10,000 tokens in each article, coloured by group.

    A group's articles sit a little apart vertically, so articles with the same rate (often 0) all show.

    Parameters
    ----------
    rates : pandas.DataFrame
        Documents × terms rates (index doc_id), terms in display order (top first).
    groups : pandas.Series
        doc_id → group label.
    order : sequence of str
        Groups in chronological order.
    colors : dict

    Returns
    -------
    matplotlib.figure.Figure
    """
    terms = list(rates.columns)
    fig, ax = subplots(figsize=(7.5, 0.32 * len(terms) + 1.6))
    g = groups.reindex(rates.index).astype(str)
    offsets = np.linspace(-0.2, 0.2, len(order)) if len(order) > 1 else [0.0]
    for offset, group in zip(offsets, order):
        sub = rates[(g == group).to_numpy()]
        if sub.empty:
            continue
        spread = np.linspace(-0.15, 0.15, len(sub)) if len(sub) > 1 else np.zeros(1)  # equal rates stay apart
        for i, term in enumerate(terms):
            y = i + offset + spread
            ax.scatter(
                sub[term], y, s=28, color=colors[group], alpha=0.75, label=None if i else group, edgecolor="none"
            )
    ax.set_yticks(range(len(terms)), terms)
    ax.invert_yaxis()
    ax.set_xlabel("occurrences per 10,000 tokens of the article")
    ax.legend(frameon=False, loc="lower right", title="articles of")
    tidy(fig)
    return fig


@styled
def similarity_matrix(similarity, groups, order, colors, names=None):
    """Heat map of article × article cosine similarity, articles sorted by group (time order).

    Each cell is labelled with its value when there are few articles; ``names`` (id → label) labels
    the rows, e.g. with each article's outlet and date. The colour runs from 0 (no lemma shared) to 1;
    when the diagonal holds each article with itself (all 1), it is left blank and marked "—".

    Returns
    -------
    matplotlib.figure.Figure
    """
    names = names or {}
    g = groups.reindex(similarity.index).astype(str)
    rank = {p: i for i, p in enumerate(order)}
    idx = sorted(similarity.index, key=lambda d: (rank.get(g[d], 0), str(d)))
    m = similarity.loc[idx, idx].to_numpy()
    n = len(idx)
    fig, ax = subplots(figsize=(6.8, 5.2))
    itself = np.eye(n, dtype=bool) if n > 1 and np.allclose(np.diag(m), 1) else np.zeros((n, n), dtype=bool)
    im = ax.imshow(np.ma.masked_where(itself, m), cmap="Greys", vmin=0, vmax=1, interpolation="nearest")
    fig.colorbar(im, ax=ax, label="cosine similarity", shrink=0.8)
    if n <= 12:
        for (i, j), v in np.ndenumerate(m):
            text = "—" if itself[i, j] else f"{v:.2f}"
            ax.text(
                j,
                i,
                text,
                ha="center",
                va="center",
                fontsize=9,
                color="white" if v > 0.6 and not itself[i, j] else "black",
            )
    if n <= 30:
        ax.set_xticks(range(n), [label(i, 12) for i in idx], rotation=90)
        ax.set_yticks(range(n), [label(names.get(i, i), 44) for i in idx])
    else:
        ax.set_xticks([])
        ax.set_yticks([])
    pos = 0
    for p in order:
        size = int((g[idx] == p).sum())
        if size:
            ax.add_patch(
                Rectangle((pos - 0.5, pos - 0.5), size, size, fill=False, edgecolor=colors[p], linewidth=2.5, label=p)
            )
        pos += size
    ax.legend(frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=min(len(order), 6), title="period")
    ax.set_xlabel("article")
    ax.set_ylabel("article")
    tidy(fig)
    return fig


#: Smallest word in a cloud image, in pixels: a 620-pixel cloud is shown about half size in a two-panel
#: figure, so this keeps every word at 10 pixels or more on the page.
MIN_CLOUD_FONT = 22


@styled
def wordclouds_by_group(freq, by, n=80, seed=None, value="per_10k", order=None, subtitle=None, n_docs=None):
    """One word cloud per group, side by side, each in its group's colour.

    Parameters
    ----------
    freq : pandas.DataFrame
        Columns ``by``, ``term``, ``value`` and ``n_docs``, sorted by decreasing ``value`` within a group.
    n : int
        Terms per cloud (the first ``n`` of each group).
    seed : int, optional
        Layout seed (default ``settings.SEED``).
    value : str
        Column that sizes the words.
    order : list of str, optional
        The groups in time order; colours follow it.
    subtitle : callable, optional
        ``subtitle(group, rows)`` → a second title line (e.g. how many words qualified).
    n_docs : dict, optional
        Articles per group for the titles (default: the ``n_docs`` column of ``freq``).

    Returns
    -------
    matplotlib.figure.Figure
    """
    groups = list(order) if order else sorted(freq[by].unique())
    colors = period_colors(groups)
    fig, axes = _grid(len(groups), 2.8, 0.3)
    for ax in axes.flat:
        ax.axis("off")
    for ax, g in zip(axes.flat, groups):
        rows = freq[freq[by] == g].head(n)
        rows = rows[rows[value] > 0]
        title = _title(g, int(n_docs[g]) if n_docs is not None else int(rows["n_docs"].iloc[0]) if len(rows) else 0)
        if subtitle is not None:
            title += "\n" + subtitle(g, rows)
        if len(rows):
            cloud = WordCloud(
                width=620,
                height=400,
                background_color="white",
                font_path=_font_path(),
                random_state=SEED if seed is None else seed,
                prefer_horizontal=0.95,
                color_func=lambda *a, color=colors[g], **k: color,
                max_words=80,
                collocations=False,
                min_font_size=MIN_CLOUD_FONT,
            ).generate_from_frequencies(dict(zip(rows["term"], rows[value])))
            ax.imshow(cloud.to_array(), interpolation="bilinear")
        else:
            ax.text(0.5, 0.5, "no distinctive words", ha="center", va="center", color="#555555")
        ax.set_title(title)
    tidy(fig)
    return fig
