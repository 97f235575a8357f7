"""Validate ``corpus/`` before any chapter runs: ``python -m corpusbook.validate`` (``make book`` runs it first).

On bad input it prints the messages of :func:`corpusbook.corpus.load_corpus`,
:func:`corpusbook.preprocess.load_resources` and :func:`corpusbook.frames.load_frames` as the last lines of its
output and exits with status 1; nothing is built.
"""

import sys
import warnings
from pathlib import Path

from corpusbook import settings
from corpusbook.corpus import load_corpus
from corpusbook.errors import CorpusError
from corpusbook.frames import load_frames
from corpusbook.preprocess import load_resources


def check(corpus_dir):
    """Load the corpus and the curated tables as the chapters do; raise the first :class:`CorpusError`.

    Parameters
    ----------
    corpus_dir : path-like

    Returns
    -------
    int
        Number of articles.
    """
    corpus = load_corpus(corpus_dir)
    load_resources(corpus_dir)
    load_frames(Path(corpus_dir) / "frames.csv")
    return len(corpus.documents)


def main(argv=None):
    """Command line: validate ``corpus/`` (or the folder given); exit status 1 on a problem."""
    args = sys.argv[1:] if argv is None else argv
    folder = args[0] if args else settings.corpus_dir()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            n = check(folder)
    except CorpusError as err:
        sys.stdout.flush()
        print(f"The corpus in {folder} has problems; nothing was built.", file=sys.stderr)
        print(err, file=sys.stderr)
        return 1
    print(f"corpus OK: {n} articles in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
