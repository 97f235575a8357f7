"""corpusbook: the computations behind the book *Kazakhstan and Russia in German-language coverage*.

Every number, table and figure in the book comes from a function in this package. The modules, one
concern each:

- :mod:`corpusbook.settings` -- paths, the random seed and other settings a reader may change;
- :mod:`corpusbook.corpus` -- loading and validating ``corpus/`` (texts + ``metadata.csv``);
- :mod:`corpusbook.cleaning` -- removal of site boilerplate by rules kept in ``corpus/cleaning_rules.csv``;
- :mod:`corpusbook.tokenize` -- a German news tokenizer;
- :mod:`corpusbook.preprocess` -- lemmas, stop words, entity aliases and the cached token table;
- :mod:`corpusbook.frequency`, :mod:`corpusbook.keyness`, :mod:`corpusbook.kwic` -- term statistics;
- :mod:`corpusbook.topics`, :mod:`corpusbook.actors`, :mod:`corpusbook.frames` -- the later chapters;
- :mod:`corpusbook.plots` -- figures.
"""

from corpusbook.errors import CorpusError

__version__ = "0.1.0"

__all__ = ["CorpusError", "__version__"]
