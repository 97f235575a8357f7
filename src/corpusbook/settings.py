"""Settings a reader may want to change, in one place: where the project is, and the constants that are not data.

The curated tables (aliases, stop words, cleaning rules, lemma overrides, frames, topic labels) are files in
``corpus/``.
"""

import os
from pathlib import Path

from joblib import cpu_count

#: Seed passed to every ``random_state`` (NMF, LDA, word clouds, bootstraps).
SEED = 2022
#: Metadata column that defines the periods compared in the book.
PERIOD_COLUMN = "period"
#: Metadata column that defines the finer event slices.
SLICE_COLUMN = "slice"
#: Base of normalised frequencies. Fixed, not a setting: the tables call these columns ``per_10k``.
PER_N = 10_000


def n_jobs():
    """Worker processes for independent model fits: env ``CORPUSBOOK_JOBS``, else :func:`joblib.cpu_count`.

    ``cpu_count`` respects a container's CPU quota. Results do not depend on it: every fit has its own seed.
    """
    env = os.environ.get("CORPUSBOOK_JOBS")
    if not env:
        return cpu_count()
    try:
        value = int(env)
    except ValueError:
        raise ValueError(f"CORPUSBOOK_JOBS must be a whole number, not {env!r}") from None
    if value < 1:
        raise ValueError(f"CORPUSBOOK_JOBS must be at least 1, not {value}")
    return value


def project_root(start=None):
    """Return the folder that holds ``_config.yml`` and ``corpus/``.

    Parameters
    ----------
    start : path-like, optional
        Where to start looking (default: the current directory); env ``CORPUSBOOK_ROOT`` takes precedence.

    Returns
    -------
    pathlib.Path
    """
    if os.environ.get("CORPUSBOOK_ROOT"):
        return Path(os.environ["CORPUSBOOK_ROOT"]).resolve()
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "corpus" / "metadata.csv").is_file():
            return folder
    raise FileNotFoundError(
        f"No corpus/metadata.csv found in {here} or above; run from inside the project "
        "or set CORPUSBOOK_ROOT to the project folder."
    )


def corpus_dir(root=None):
    """Return the ``corpus/`` folder of the project."""
    return Path(root or project_root()) / "corpus"


def cache_dir(root=None):
    """Return the folder for the on-disk token cache (``_build/cache``; env ``CORPUSBOOK_CACHE``)."""
    env = os.environ.get("CORPUSBOOK_CACHE")
    return Path(env) if env else Path(root or project_root()) / "_build" / "cache"
