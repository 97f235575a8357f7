"""corpusbook: the computations behind the book *Kazakhstan and Russia, 2022–2024, in translated news*.

Every number, table and figure in the book comes from a function in this package; the chapters call them
in short cells and write the interpretation themselves. Analysis functions take DataFrames or the shared
counts and return DataFrames, dicts or figures; only the loaders read files. The modules, in pipeline order:

Data in
    ``settings`` (paths, seed), ``errors`` (``CorpusError``), ``corpus`` (``load_corpus``), ``normalise``,
    ``rules``, ``validate`` (``python -m corpusbook.validate``), ``cleaning``, ``tokenize``, ``preprocess``
    (the token table), ``counts`` (the article × lemma counts everything shares), ``book`` (``load`` →
    ``BookData``, what every chapter starts from) and ``archive`` (counts of a large collection with Dask).
Statistics
    ``frequency``, ``keyness`` (which terms distinguish two groups), ``docstats`` (articles as the unit,
    similarity), ``kwic``, ``describe``, ``topics``, ``actors``, ``quotes``, ``frames``, ``gold`` (scores
    against hand annotation) and ``periods`` (the groups in time order).
Pages
    ``notebook`` (``glue``, ``check``), ``prose`` (counts and lists as safe Markdown), ``tables``
    (``show``), ``articles``, ``palette`` and ``plots`` (``base``, ``words``, ``topics``, ``actors``).
"""

from corpusbook.errors import CorpusError

__version__ = "0.1.0"

__all__ = ["CorpusError", "__version__"]
