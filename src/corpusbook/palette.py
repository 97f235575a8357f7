"""One palette for the whole book: every figure asks this module for its colours.

Periods get the Okabe–Ito colours in chronological order (the first period is always blue); event
slices take their period's hue, lighter or darker per slice; models and significance have neutral
colours; topics get ``k`` distinct colours for any ``k``.
"""

import colorsys

from matplotlib import colormaps
from matplotlib.colors import to_hex, to_rgb

#: Okabe–Ito colours (colour-blind safe), in the order periods receive them.
PERIODS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]

#: Colours of the two topic models.
MODELS = {"NMF": "#333333", "LDA": "#9A9A9A"}

#: Neutral colour for "not significant" / background marks.
NEUTRAL = "#BBBBBB"


def period_colors(periods):
    """A colour per period, by its position in ``periods`` (pass them in chronological order).

    Examples
    --------
    >>> period_colors(["2022", "2024"])
    {'2022': '#0072B2', '2024': '#D55E00'}
    """
    return {p: PERIODS[i % len(PERIODS)] for i, p in enumerate(periods)}


def slice_colors(slice_period, periods):
    """A colour per slice (``slice_period``: slice → period, in time order): one shade of its period's hue.

    ``periods`` are in chronological order.
    """
    base = period_colors(periods)
    out = {}
    for p in dict.fromkeys(slice_period.values()):
        members = [s for s, q in slice_period.items() if q == p]
        h, light, sat = colorsys.rgb_to_hls(*to_rgb(base[p]))
        for i, s in enumerate(members):
            shift = 0.0 if len(members) == 1 else (i / (len(members) - 1) - 0.5) * 0.36
            out[s] = to_hex(colorsys.hls_to_rgb(h, min(0.85, max(0.15, light - shift)), sat))
    return {s: out[s] for s in slice_period}


def topic_colors(k):
    """``k`` distinct colours: tab10, tab20, then evenly spaced hues for larger ``k``.

    Examples
    --------
    >>> len(set(topic_colors(9))), len(set(topic_colors(40)))
    (9, 40)
    """
    if k <= 20:
        cmap = colormaps["tab10" if k <= 10 else "tab20"]
        return [to_hex(cmap(i)) for i in range(k)]
    return [to_hex(colorsys.hls_to_rgb(i / k, 0.45 + 0.15 * (i % 2), 0.75)) for i in range(k)]
