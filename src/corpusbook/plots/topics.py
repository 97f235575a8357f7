"""Figures of the topics chapter; colours from :mod:`corpusbook.palette` (topics, periods, the model)."""

import textwrap

import numpy as np
from matplotlib.lines import Line2D

from corpusbook.palette import MODELS, NEUTRAL, period_colors, topic_colors
from corpusbook.plots.base import styled, subplots, tidy

__all__ = ["k_selection", "topic_terms", "article_shares", "prevalence_intervals", "placeholder"]


def _wrap(text, width):
    return "\n".join(textwrap.wrap(str(text), width)) or str(text)


@styled
def placeholder(message):
    """A small figure that says why there is nothing to draw."""
    fig, ax = subplots(figsize=(6, 1.2))
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=10)
    return fig


@styled
def k_selection(evidence, runs=None, chosen=None, min_stability=None):
    """Mean coherence over seeds (line), each seed's coherence (dots) and stability against k.

    Parameters
    ----------
    evidence : pandas.DataFrame
        From :func:`corpusbook.topics.select_k`.
    runs : pandas.DataFrame, optional
        One row per k and seed (default ``evidence.attrs["runs"]``).
    chosen : int or corpusbook.topics.KChoice, optional
        Marked with a vertical line.
    min_stability : float, optional
        Drawn as a dashed line.
    """
    runs = evidence.attrs["runs"] if runs is None else runs
    chosen = getattr(chosen, "k", chosen)
    color, ks = MODELS["NMF"], list(evidence["k"])
    fig, (ax1, ax2) = subplots(1, 2, figsize=(9, 3.6))
    spread = evidence["coherence_min"], evidence["coherence_max"]
    ax1.fill_between(ks, *spread, color=NEUTRAL, alpha=0.5, linewidth=0, label="range over seeds")
    ax1.scatter(runs["k"], runs["coherence"], s=10, color=color, alpha=0.6, label="one seed")
    ax1.plot(ks, evidence["coherence"], marker="o", color=color, label="mean over seeds")
    ax1.axhline(0, color="grey", linewidth=0.6)
    ax2.plot(ks, evidence["stability"], marker="o", color=color, label="NMF")
    ax1.set(xlabel="number of topics k", ylabel="NPMI coherence (mean of the topics)")
    ax2.set(xlabel="number of topics k", ylabel="stability (mean best-match cosine)")
    if min_stability is not None:
        ax2.axhline(min_stability, linestyle="--", color="grey", linewidth=0.8, label="threshold")
    for ax in (ax1, ax2):
        if chosen is not None:
            ax.axvline(chosen, color="black", linewidth=0.8, linestyle=":")
        ax.set_xticks(ks[:: max(1, -(-len(ks) // 10))])  # at most ten ticks: labels never run together
        ax.legend(frameon=False)
    tidy(fig)
    return fig


@styled
def topic_terms(topic_term, vocab, labels, n=8):
    """Small multiples: each topic's top ``n`` terms with their weights, on one shared x scale."""
    k = len(topic_term)
    cols = min(3, k)
    rows = int(np.ceil(k / cols))
    colors = topic_colors(k)
    fig, axes = subplots(rows, cols, figsize=(3.3 * cols, 2.5 * rows + 0.4), squeeze=False, sharex=True)
    top = max(float(np.max(topic_term)) if np.size(topic_term) else 0.0, 1e-9)
    for ax in axes.flat[k:]:
        ax.axis("off")
    for t, ax in enumerate(axes.flat[:k]):
        order = np.argsort(-topic_term[t], kind="stable")[:n][::-1]
        ax.barh([str(vocab[j]) for j in order], topic_term[t][order], color=colors[t])
        ax.set_title(_wrap(f"{t}: {labels[t]}", 32), fontsize=9)
        ax.tick_params(axis="y", labelsize=9)
        ax.tick_params(axis="x", labelsize=8, labelbottom=True)
        ax.set_xlim(0, top * 1.05)
    for ax in axes[-1]:
        ax.set_xlabel("weight in the topic", fontsize=9)
    tidy(fig)
    return fig


@styled
def article_shares(shares, periods, order, labels, model="nmf"):
    """Each article's share of each topic (one dot per article), side by side per period.

    Parameters
    ----------
    shares : pandas.DataFrame
        :func:`corpusbook.topics.topic_shares` (rows of ``model`` drawn) or
        :func:`corpusbook.topics.document_shares`.
    periods : pandas.Series
        Article → period.
    order : list of str
        Periods in time order.
    labels : list of str
    model : str, default "nmf"
    """
    if "model" in shares.columns:
        shares = shares[shares["model"] == model].set_index("doc_id").filter(like="topic_")
    k = shares.shape[1]
    colors = period_colors(order)
    fig, ax = subplots(figsize=(8, 0.55 * k * max(1, len(order)) * 0.6 + 1.6))
    rng = np.random.default_rng(0)  # jitter only
    step = 0.8 / max(1, len(order))
    period_of = periods.reindex(shares.index)
    for t in range(k):
        for i, p in enumerate(order):
            values = shares.iloc[:, t][period_of == p].to_numpy()
            y = t + (i - (len(order) - 1) / 2) * step
            jitter = rng.uniform(-step * 0.3, step * 0.3, len(values)) if len(values) > 1 else np.zeros(len(values))
            ax.scatter(values, np.full(len(values), y) + jitter, s=14, color=colors[p], alpha=0.75, edgecolor="none")
            if len(values):
                ax.plot([np.mean(values)] * 2, [y - step * 0.45, y + step * 0.45], color=colors[p], linewidth=2)
    ax.set_yticks(range(k), [_wrap(f"{t}: {labels[t]}", 34) for t in range(k)])
    ax.invert_yaxis()
    top = float(np.nanmax(shares.to_numpy())) if shares.size else 1.0
    ax.set_xlim(-0.01, min(1.0, top * 1.08) + 0.01)
    ax.set_xlabel("share of the article's content in the topic")
    handles = [Line2D([], [], marker="o", linestyle="", color=colors[p], label=str(p)) for p in order]
    handles.append(Line2D([], [], color="grey", linewidth=2, label="mean of the period's articles"))
    ax.legend(handles=handles, frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=min(len(handles), 4))
    tidy(fig)
    return fig


@styled
def prevalence_intervals(prev_doc, prev_unit, labels, order):
    """Topic prevalence per period with two bootstrap intervals (articles, paragraphs); ``order``: periods."""
    groups = [g for g in order if g in set(prev_doc["group"])]
    colors = period_colors(order)
    k = prev_doc["topic"].nunique()
    fig, ax = subplots(figsize=(8, 0.42 * k * len(groups) + 0.5 * k + 1.2))
    doc, unit = (p.set_index(["topic", "group"]) for p in (prev_doc, prev_unit))
    cells = [(t, g) for t in range(k) for g in groups]
    ticks = [t * (len(groups) + 0.5) + groups.index(g) for t, g in cells]  # half a row between topics
    for y, (t, g) in zip(ticks, cells):
        d, u = doc.loc[(t, g)], unit.loc[(t, g)]
        ax.plot([u["low"], u["high"]], [y - 0.15, y - 0.15], color=colors[g], linewidth=1, alpha=0.6)
        ax.plot([d["low"], d["high"]], [y + 0.15, y + 0.15], color=colors[g], linewidth=3)
        ax.plot(d["prevalence"], y, "o", color=colors[g])
    ax.set_yticks(ticks, [_wrap(f"{t}: {labels[t]} · {g}", 40) for t, g in cells])
    ax.invert_yaxis()
    ax.set_xlabel("topic prevalence (share of the period's content)")
    handles = [Line2D([], [], color=colors[g], marker="o", linestyle="", label=str(g)) for g in groups]
    handles += [
        Line2D([], [], color="grey", linewidth=3, label="95% interval, resampling articles"),
        Line2D([], [], color="grey", linewidth=1, label="95% interval, resampling paragraphs"),
    ]
    ax.legend(handles=handles, frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=min(len(handles), 3))
    ax.set_xlim(0, max(1e-3, float(np.max([prev_doc["high"].max(), prev_unit["high"].max()]))) * 1.05)
    tidy(fig)
    return fig
