"""Settings a reader may want to change, in one place.

The curated tables (aliases, stop words, cleaning rules, lemma overrides, frames, topic labels) live as
data files in ``corpus/``; this module only says where they are and holds the few constants that are not
data (the random seed, the default grouping column, the number of worker processes).
"""

import os
from pathlib import Path

#: Seed passed to every ``random_state`` (NMF, LDA, word clouds, bootstraps).
SEED = 2022

#: Metadata column that defines the periods compared in the book.
PERIOD_COLUMN = "period"

#: Metadata column that defines the finer event slices.
SLICE_COLUMN = "slice"

#: Base of normalised frequencies. Fixed, not a setting: the tables call these columns ``per_10k``
#: and the prose says "per 10,000 tokens".
PER_N = 10_000


def n_jobs():
    """Worker processes for independent model fits (env ``CORPUSBOOK_JOBS``; default: the usable cores).

    Results do not depend on it: every fit has its own seed.
    """
    env = os.environ.get("CORPUSBOOK_JOBS")
    if env:
        try:
            value = int(env)
        except ValueError:
            raise ValueError(f"CORPUSBOOK_JOBS must be a whole number, not {env!r}") from None
        if value < 1:
            raise ValueError(f"CORPUSBOOK_JOBS must be at least 1, not {value}")
        return value
    return usable_cores()


def usable_cores(cgroup_files=("/sys/fs/cgroup/cpu.max", "/sys/fs/cgroup/cpu/cpu.cfs_quota_us")):
    """Cores this process may use: the CPU affinity, capped by a container's CPU quota.

    ``os.cpu_count()`` reports the host's cores; in a container limited to two of sixty-four, it
    would start sixty-four workers that share two cores.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    for path in cgroup_files:
        quota = cgroup_cpu_quota(path)
        if quota is not None:
            return max(1, min(cores, quota))
    return max(1, cores)


def cgroup_cpu_quota(path):
    """Whole cores allowed by a cgroup CPU quota file (rounded up), or None if absent or unlimited.

    Reads cgroup v2 ``cpu.max`` ("200000 100000" or "max 100000") or cgroup v1
    ``cpu.cfs_quota_us`` (-1 when unlimited, period in ``cpu.cfs_period_us`` beside it).
    """
    path = Path(path)
    try:
        fields = path.read_text().split()
        if path.name == "cpu.cfs_quota_us":
            fields.append((path.parent / "cpu.cfs_period_us").read_text().strip())
        quota, period = fields[0], fields[1]
        if quota in ("max", "-1"):
            return None
        return max(1, -(-int(quota) // int(period)))
    except (OSError, ValueError, IndexError):
        return None


def project_root(start=None):
    """Return the folder that holds ``_config.yml`` and ``corpus/``.

    Parameters
    ----------
    start : path-like, optional
        Where to start looking (default: the current directory). The environment variable
        ``CORPUSBOOK_ROOT`` takes precedence.

    Returns
    -------
    pathlib.Path
    """
    env = os.environ.get("CORPUSBOOK_ROOT")
    if env:
        return Path(env).resolve()
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
    if env:
        return Path(env)
    return Path(root or project_root()) / "_build" / "cache"
