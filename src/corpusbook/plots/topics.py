"""Figures of the topics chapter."""

import matplotlib.pyplot as plt
import pandas as pd

from corpusbook.plots.base import PALETTE, group_colors, styled


@styled
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


@styled
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


@styled
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


@styled
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
