"""Figures of the corpus, frequencies and comparison chapters."""

import matplotlib.pyplot as plt
import pandas as pd

from corpusbook.plots.base import PALETTE, _font_path, group_colors, styled


@styled
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


@styled
def top_terms_by_group(freq, by, n=12, value="per_10k"):
    """One horizontal bar panel per group: its ``n`` most frequent terms, per 10,000 tokens.

    Parameters
    ----------
    freq : pandas.DataFrame
        From :func:`corpusbook.frequency.frequency_table` with ``by``.
    by : str
    n : int
    value : str
        Column plotted (default ``per_10k`` so groups of different size compare).

    Returns
    -------
    matplotlib.figure.Figure
    """
    groups = sorted(freq[by].unique())
    colors = group_colors(groups)
    fig, axes = plt.subplots(1, len(groups), figsize=(3.6 * len(groups), 0.32 * n + 1.4), squeeze=False)
    xmax = freq.groupby(by).head(n)[value].max() * 1.1
    for ax, g in zip(axes[0], groups):
        top = freq[freq[by] == g].head(n)
        ax.barh(top["term"], top[value], color=colors[g])
        ax.invert_yaxis()
        ax.set_xlim(0, xmax)
        n_docs = int(top["n_docs"].iloc[0]) if len(top) else 0
        ax.set_title(f"{g} ({n_docs} {'document' if n_docs == 1 else 'documents'})")
        ax.set_xlabel("occurrences per 10,000 tokens")
    fig.tight_layout()
    return fig


@styled
def diverging_keyness(table, n=10, target_label="target", reference_label="reference"):
    """Diverging bars of Log Ratio for the top ``n`` key terms of each side (by G²).

    Significant terms (Bonferroni) are solid; non-significant ones are pale and hatched, and the
    legend says so. Terms whose key-side count comes from one document carry a dagger (†).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from corpusbook.keyness import top_keywords

    top = pd.concat([top_keywords(table, n, 1), top_keywords(table, n, -1)], ignore_index=True)
    top = top.sort_values("log_ratio")
    colors = group_colors([target_label, reference_label])
    fig, ax = plt.subplots(figsize=(7.5, 0.3 * len(top) + 1.6))
    labels = [f"{t}{' †' if s else ''}" for t, s in zip(top["term"], top["single_doc"])]
    for y, (lr, sig, dr) in enumerate(zip(top["log_ratio"], top["significant"], top["direction"])):
        color = colors[target_label] if dr > 0 else colors[reference_label]
        ax.barh(y, lr, color=color, alpha=1.0 if sig else 0.35, hatch=None if sig else "///", edgecolor=color)
    ax.set_yticks(range(len(top)), labels)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel(f"Log Ratio (binary log of relative-frequency ratio; > 0: more in {target_label})")
    from matplotlib.patches import Patch

    handles = [
        Patch(color=colors[target_label], label=f"key for {target_label}"),
        Patch(color=colors[reference_label], label=f"key for {reference_label}"),
        Patch(facecolor="white", edgecolor="grey", hatch="///", label="not significant (Bonferroni)"),
    ]
    ax.legend(handles=handles, frameon=False, loc="lower right", fontsize=8)
    fig.tight_layout()
    return fig


def _cloud_image(frequencies, seed, color, width, height):
    from wordcloud import WordCloud

    from corpusbook.settings import SEED

    color_func = (lambda *a, **k: color) if isinstance(color, str) else color
    cloud = WordCloud(
        width=width, height=height, background_color="white", font_path=_font_path(),
        random_state=SEED if seed is None else seed, prefer_horizontal=0.95, color_func=color_func,
        max_words=80, collocations=False,
    ).generate_from_frequencies(frequencies)
    return cloud.to_array()


@styled
def wordclouds_by_group(freq, by, n=80, seed=None, value="per_10k"):
    """One word cloud per group, side by side, each in its group's colour.

    Parameters
    ----------
    freq : pandas.DataFrame
        From :func:`corpusbook.frequency.frequency_table` with ``by``.
    n : int
        Terms per cloud (the most frequent).
    value : str
        Column that sizes the words.

    Returns
    -------
    matplotlib.figure.Figure
    """
    groups = sorted(freq[by].unique())
    colors = group_colors(groups)
    fig, axes = plt.subplots(1, len(groups), figsize=(5.2 * len(groups), 3.4), squeeze=False)
    for ax, g in zip(axes[0], groups):
        rows = freq[freq[by] == g].head(n)
        ax.imshow(_cloud_image(dict(zip(rows["term"], rows[value])), seed, colors[g], 620, 400), interpolation="bilinear")
        n_docs = int(rows["n_docs"].iloc[0])
        ax.set_title(f"{g} ({n_docs} {'document' if n_docs == 1 else 'documents'})")
        ax.axis("off")
    fig.tight_layout()
    return fig


@styled
def wordcloud(frequencies, title=None, seed=None, color=None, width=700, height=380):
    """A word cloud of ``{term: weight}`` drawn with wordcloud, with a fixed seed and an umlaut font.

    Parameters
    ----------
    frequencies : dict
        Term weights (e.g. counts per 10,000 tokens from the lemma table; never raw text).
    title : str, optional
    seed : int, optional
        ``random_state`` of the layout (default :data:`corpusbook.settings.SEED`).
    color : str or callable, optional
        One colour for every word, or a wordcloud ``color_func``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = plt.subplots(figsize=(width / 100, height / 100))
    ax.imshow(_cloud_image(frequencies, seed, color, width, height), interpolation="bilinear")
    ax.axis("off")
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


@styled
def comparison_cloud(table, n=40, target_label="target", reference_label="reference", seed=None):
    """Comparison word cloud: size by G², colour by the side the term is key for.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`corpusbook.keyness.keyness`.
    """
    from corpusbook.keyness import top_keywords

    colors = group_colors([target_label, reference_label])
    top = pd.concat([top_keywords(table, n, 1), top_keywords(table, n, -1)], ignore_index=True)
    side = dict(zip(top["term"], top["direction"]))
    weights = dict(zip(top["term"], top["g2"]))

    def color_func(word, **kwargs):
        return colors[target_label] if side[word] > 0 else colors[reference_label]

    return wordcloud(weights, seed=seed, color=color_func)
