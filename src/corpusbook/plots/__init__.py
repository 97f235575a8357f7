"""Figures for the book: one function per figure type, each returning a matplotlib Figure.

:mod:`~corpusbook.plots.base` holds the style and colour helpers; :mod:`~corpusbook.plots.words` the corpus,
frequency and comparison figures; :mod:`~corpusbook.plots.topics` and :mod:`~corpusbook.plots.actors` the
topic-model, actor and frame figures. Every figure labels its axes with units, uses DejaVu Sans (it has every
umlaut) and takes its colours from :mod:`corpusbook.palette`.
"""

from corpusbook.plots.actors import *  # noqa: F403
from corpusbook.plots.base import group_colors  # noqa: F401
from corpusbook.plots.topics import *  # noqa: F403
from corpusbook.plots.words import *  # noqa: F403
