"""Figures of the actors and frames chapters."""

import matplotlib.pyplot as plt
import pandas as pd

from corpusbook.plots.base import PALETTE, group_colors, styled


@styled
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


@styled
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
