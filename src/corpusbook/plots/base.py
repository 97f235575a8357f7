"""What every figure shares: the book's matplotlib style (applied per figure, never globally) and colours.

Each public figure function is wrapped in :func:`styled`, which draws it inside ``matplotlib.rc_context(STYLE)``,
so importing the package changes no global matplotlib setting.
"""

import functools
import textwrap
import warnings

import matplotlib.pyplot as plt
from IPython import get_ipython
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib_inline.backend_inline import set_matplotlib_formats

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

#: Widest figure, in inches: wider figures would be shrunk to the page's column and their text with them.
MAX_WIDTH = 7.5


# a notebook displays a figure that ends a cell (IPython's PNG formatter for ``Figure``)
if get_ipython() is not None:
    set_matplotlib_formats("png")


def subplots(nrows=1, ncols=1, figsize=(7.0, 4.0), **kwargs):
    """A figure and its axes, outside pyplot's figure list (``matplotlib.figure.Figure``).

    A chapter shows a figure by ending a cell with it, so it appears once and is freed with its last reference.
    Widths are capped at :data:`MAX_WIDTH`.
    """
    width, height = figsize
    fig = Figure(figsize=(min(width, MAX_WIDTH), height))
    return fig, fig.subplots(nrows, ncols, **kwargs)


def label(text, width=40):
    """A label drawn as written (``$`` would start matplotlib's mathtext), cut to ``width`` characters with "…"."""
    text = str(text).replace("$", r"\$")
    return text if len(text) <= width else text[: width - 1] + "…"


def wrapped(text, width=26, lines=3):
    """A label drawn as written, wrapped onto at most ``lines`` lines of ``width`` characters."""
    return "\n".join(textwrap.wrap(label(text, width * lines), width))


def tidy(fig):
    """``fig.tight_layout()``, quietly left as it is when labels are too long to fit (the figure still draws)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Tight layout not applied")
        fig.tight_layout()
    return fig


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
    """The file of the book's font."""
    return font_manager.findfont("DejaVu Sans")
