"""What every figure shares: the book's matplotlib style (applied per figure, never globally) and colours.

Each public figure function is wrapped in :func:`styled`, which draws it inside
``matplotlib.rc_context(STYLE)``: importing the package changes no global matplotlib setting.
Colours come from :mod:`corpusbook.palette`.
"""

import functools

import matplotlib.pyplot as plt

from corpusbook.palette import PERIODS as PALETTE

#: The book's figure style (DejaVu Sans ships with matplotlib and has every umlaut).
STYLE = {
    "font.family": "DejaVu Sans",
    "figure.dpi": 110,
    "savefig.dpi": 110,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "xtick.labelsize": 9.5,
    "ytick.labelsize": 9.5,
    "legend.fontsize": 9.5,
    "legend.title_fontsize": 9.5,
}


def styled(func):
    """Draw the figure of ``func`` inside the book's style context."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with plt.rc_context(STYLE):
            return func(*args, **kwargs)

    return wrapper


def group_colors(groups):
    """Map each group (sorted) to a fixed colour from :data:`PALETTE`."""
    return {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(sorted(set(groups)))}


def _font_path():
    from matplotlib import font_manager

    return font_manager.findfont("DejaVu Sans")
