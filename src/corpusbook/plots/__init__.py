"""Figures for the book: one function per figure type, each returning a matplotlib Figure.

Every figure has labelled axes with units, uses a font with umlauts (DejaVu Sans, shipped with
matplotlib) and takes its colours from :mod:`corpusbook.palette`.

- :mod:`corpusbook.plots.base` -- the style context and colour helpers;
- :mod:`corpusbook.plots.words` -- corpus, frequencies and comparison figures;
- :mod:`corpusbook.plots.topics` -- topic-model figures;
- :mod:`corpusbook.plots.actors` -- actor and frame figures.
"""

from corpusbook.plots.actors import *  # noqa: F403
from corpusbook.plots.base import group_colors  # noqa: F401
from corpusbook.plots.topics import *  # noqa: F403
from corpusbook.plots.words import *  # noqa: F403
