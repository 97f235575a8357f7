"""Keep executed chapters in step with their inputs.

jupyter-cache keys a chapter's outputs on its code cells only, so a new article in ``corpus/`` or a
changed function in the package would leave stale outputs in the book. ``python -m corpusbook.build
check`` hashes ``corpus/``, the package and the chapter sources; when the hash differs from the one
stamped after the last successful build, it clears the execution cache and the Sphinx environment, so
every chapter is executed again. ``python -m corpusbook.build stamp`` records the hash after a build.
"""

import hashlib
import shutil
import sys
from pathlib import Path

from corpusbook.settings import project_root

#: Folders whose content every chapter depends on.
WATCHED = ("corpus", "src/corpusbook")
STAMP = "_build/.inputs-hash"
CLEARED = ("_build/.jupyter_cache", "_build/.doctrees", "_build/jupyter_execute")


def inputs_hash(root):
    """SHA-256 over the paths and bytes of every file under :data:`WATCHED` (caches excluded)."""
    root = Path(root)
    digest = hashlib.sha256()
    for folder in WATCHED:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                digest.update(str(path.relative_to(root)).encode("utf-8") + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def check(root):
    """Clear the execution cache if the inputs changed since the last stamped build.

    Returns
    -------
    bool
        True if the cache was cleared.
    """
    root = Path(root)
    stamp = root / STAMP
    current = inputs_hash(root)
    if stamp.is_file() and stamp.read_text().strip() == current:
        return False
    for rel in CLEARED:
        shutil.rmtree(root / rel, ignore_errors=True)
    return True


def stamp(root):
    """Record the inputs hash after a successful build."""
    root = Path(root)
    (root / STAMP).parent.mkdir(parents=True, exist_ok=True)
    (root / STAMP).write_text(inputs_hash(root) + "\n")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    root = project_root()
    if argv == ["check"]:
        if check(root):
            print("corpus/ or the package changed since the last build: chapters will be re-executed.")
    elif argv == ["stamp"]:
        stamp(root)
    else:
        print("usage: python -m corpusbook.build check|stamp", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
