"""What every chapter starts with: the corpus, the curated tables and the token table, loaded once.

Examples
--------
>>> from corpusbook.book import load
>>> data = load()                # doctest: +SKIP
>>> data.tokens.head()           # doctest: +SKIP
"""

from dataclasses import dataclass

import pandas as pd

from corpusbook.actors import canonical_names
from corpusbook.corpus import Corpus, load_corpus
from corpusbook.preprocess import Resources, load_resources, token_table
from corpusbook.settings import cache_dir, corpus_dir, project_root


@dataclass(frozen=True)
class BookData:
    """The inputs of every chapter.

    Attributes
    ----------
    corpus : Corpus
    resources : Resources
    tokens : pandas.DataFrame
        The token table (:func:`corpusbook.preprocess.token_table`), with the metadata columns
        ``period`` and ``slice`` joined on and the canonical entity names as lemmas
        (:func:`corpusbook.actors.canonical_names`).
    """

    corpus: Corpus
    resources: Resources
    tokens: pd.DataFrame

    @property
    def documents(self):
        return self.corpus.documents


def load(root=None):
    """Load, validate, clean and preprocess the corpus of the project at ``root``.

    Parameters
    ----------
    root : path-like, optional
        The project folder (default: found from the current directory, see
        :func:`corpusbook.settings.project_root`).

    Returns
    -------
    BookData
    """
    root = project_root(root)
    corpus = load_corpus(corpus_dir(root))
    resources = load_resources(corpus_dir(root))
    tokens = token_table(corpus.paragraphs, resources, folder=cache_dir(root))
    meta = corpus.documents.set_index("doc_id")
    tokens = tokens.assign(period=tokens["doc_id"].map(meta["period"]), slice=tokens["doc_id"].map(meta["slice"]))
    tokens = canonical_names(tokens)  # one name per entity in every chapter
    return BookData(corpus=corpus, resources=resources, tokens=tokens)
