"""Figures for the book: one function per figure type, each returning a matplotlib Figure.

Every figure has labelled axes with units and uses a font with umlauts (DejaVu Sans, shipped with
matplotlib). Colours per period are fixed so a period has the same colour in every chapter.
"""

import matplotlib.pyplot as plt
import pandas as pd

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


def _font_path():
    from matplotlib import font_manager

    return font_manager.findfont("DejaVu Sans")


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


def k_selection(evidence, chosen=None, min_stability=None):
    """Coherence and stability against k, one line per model, two panels.

    Parameters
    ----------
    evidence : pandas.DataFrame
        From :func:`corpusbook.topics.select_k`.
    chosen : int, optional
        The k picked; marked with a vertical line.
    min_stability : float, optional
        The stability threshold of the rule; drawn as a dashed line.
    """
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.4))
    for i, (model, rows) in enumerate(evidence.groupby("model", sort=True)):
        color = PALETTE[i]
        ax1.errorbar(rows["k"], rows["coherence"], yerr=rows["coherence_sd"], marker="o", color=color, capsize=2, label=model.upper())
        ax2.plot(rows["k"], rows["stability"], marker="o", color=color, label=model.upper())
    ax1.set_xlabel("number of topics k")
    ax1.set_ylabel("mean NPMI coherence (±1 sd over topics)")
    ax2.set_xlabel("number of topics k")
    ax2.set_ylabel("stability (mean best-match cosine)")
    if min_stability is not None:
        ax2.axhline(min_stability, linestyle="--", color="grey", linewidth=0.8)
    for ax in (ax1, ax2):
        if chosen is not None:
            ax.axvline(chosen, color="black", linewidth=0.8, linestyle=":")
        ax.legend(frameon=False)
    fig.tight_layout()
    return fig


def topic_terms(topic_term, vocab, labels, n=8):
    """Small multiples: each topic's top ``n`` terms with their weights."""
    import numpy as np

    k = len(topic_term)
    cols = min(4, k)
    rows = int(np.ceil(k / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(2.6 * cols, 2.2 * rows + 0.3), squeeze=False)
    for t, ax in enumerate(axes.flat):
        if t >= k:
            ax.axis("off")
            continue
        order = np.argsort(-topic_term[t], kind="stable")[:n][::-1]
        ax.barh([vocab[j] for j in order], topic_term[t][order], color=PALETTE[t % len(PALETTE)])
        ax.set_title(f"{t}: {labels[t]}", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.set_xlabel("weight", fontsize=7)
    fig.tight_layout()
    return fig


def heatmap(shares, labels, xlabel="topic", ylabel="document"):
    """Document × topic heatmap of shares (0–1) with the values printed in the cells."""
    fig, ax = plt.subplots(figsize=(1.0 * shares.shape[1] + 2.5, 0.5 * shares.shape[0] + 1.6))
    im = ax.imshow(shares.to_numpy(), cmap="Blues", vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(shares.shape[1]), [f"{i}: {lab}" for i, lab in enumerate(labels)], rotation=40, ha="right", fontsize=7)
    ax.set_yticks(range(shares.shape[0]), shares.index)
    for i in range(shares.shape[0]):
        for j in range(shares.shape[1]):
            v = shares.iat[i, j]
            ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=7, color="white" if v > 0.6 else "black")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig.colorbar(im, ax=ax, label="share of the document's content", shrink=0.8)
    fig.tight_layout()
    return fig


def prevalence_intervals(prev_doc, prev_unit, labels):
    """Topic prevalence per group with two bootstrap intervals (documents, paragraphs)."""
    import numpy as np

    groups = sorted(prev_doc["group"].unique())
    colors = group_colors(groups)
    k = prev_doc["topic"].nunique()
    fig, ax = plt.subplots(figsize=(7.5, 0.45 * k * len(groups) + 1.5))
    y = 0
    ticks, names = [], []
    for t in range(k):
        for g in groups:
            d = prev_doc[(prev_doc.topic == t) & (prev_doc.group == g)].iloc[0]
            u = prev_unit[(prev_unit.topic == t) & (prev_unit.group == g)].iloc[0]
            ax.plot([u["low"], u["high"]], [y - 0.15, y - 0.15], color=colors[g], linewidth=1, alpha=0.6)
            ax.plot([d["low"], d["high"]], [y + 0.15, y + 0.15], color=colors[g], linewidth=3)
            ax.plot(d["prevalence"], y, "o", color=colors[g])
            ticks.append(y)
            names.append(f"{t}: {labels[t]} · {g}")
            y += 1
        y += 0.5
    ax.set_yticks(ticks, names, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("topic prevalence (share of the period's content)")
    from matplotlib.lines import Line2D

    ax.legend(handles=[Line2D([], [], color="grey", linewidth=3, label="95% interval, resampling articles"),
                       Line2D([], [], color="grey", linewidth=1, label="95% interval, resampling paragraphs")],
              frameon=False, loc="lower right", fontsize=7)
    ax.set_xlim(0, max(1e-3, float(np.max([prev_doc["high"].max(), prev_unit["high"].max()]))) * 1.05)
    fig.tight_layout()
    return fig


def network(graph, seed=None, title=None):
    """Entity co-occurrence network: node size by mentions, edge width by shared paragraphs.

    The layout is networkx's spring layout with a fixed seed, so it is the same on every build.
    """
    import networkx as nx

    from corpusbook.settings import SEED

    fig, ax = plt.subplots(figsize=(7.5, 6))
    if graph.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "no pair reaches the threshold", ha="center")
        ax.axis("off")
        return fig
    pos = nx.spring_layout(graph, seed=SEED if seed is None else seed, weight="weight", k=1.2)
    weights = [graph.edges[e]["weight"] for e in graph.edges]
    wmax = max(weights)
    nx.draw_networkx_edges(graph, pos, ax=ax, width=[0.5 + 5 * w / wmax for w in weights], edge_color="#999999", alpha=0.7)
    sizes = [60 + 25 * graph.nodes[n]["mentions"] for n in graph.nodes]
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_size=sizes, node_color=PALETTE[0], alpha=0.85)
    nx.draw_networkx_labels(graph, pos, ax=ax, font_size=8, font_family="DejaVu Sans")
    ax.axis("off")
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


def grouped_bars(table, category, group, value, xlabel):
    """Horizontal grouped bars: one row per category, one bar per group (colours per group)."""
    import numpy as np

    cats = list(dict.fromkeys(table[category]))
    groups = sorted(table[group].unique())
    colors = group_colors(groups)
    height = 0.8 / len(groups)
    fig, ax = plt.subplots(figsize=(7.5, 0.5 * len(cats) * len(groups) / 2 + 1.8))
    for i, g in enumerate(groups):
        vals = table[table[group] == g].set_index(category).reindex(cats)[value].to_numpy()
        ax.barh(np.arange(len(cats)) + i * height, vals, height=height, color=colors[g], label=str(g))
    ax.set_yticks(np.arange(len(cats)) + height * (len(groups) - 1) / 2, cats)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.legend(frameon=False, fontsize=8)
    fig.tight_layout()
    return fig
