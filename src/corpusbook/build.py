"""Keep executed chapters in step with their inputs.

jupyter-cache keys a chapter's outputs on its code cells only, so a new article in ``corpus/`` or a
changed function in the package would leave stale outputs in the book. ``python -m corpusbook.build
check`` hashes ``corpus/``, the package and the chapter sources; when the hash differs from the one
stamped after the last successful build, it clears the execution cache and the Sphinx environment, so
every chapter is executed again. ``python -m corpusbook.build stamp`` records the hash after a build.

MyST-NB executes the chapters one after another. ``python -m corpusbook.build execute`` runs the
chapters that have no cached outputs in parallel (:func:`corpusbook.settings.n_jobs` kernels, the
slowest chapter first) and stores them in the same jupyter-cache, keyed exactly as MyST-NB keys them,
so the build that follows finds every chapter cached. It only ever saves time: a chapter that fails
here is not cached, and the build executes it again and reports the error as usual. The cores are
shared out once: with as many kernels as cores, each chapter fits its models in one process.
"""

import hashlib
import json
import shutil
import sys
import time
from pathlib import Path

from corpusbook.settings import n_jobs, project_root

#: Folders whose content every chapter depends on.
WATCHED = ("corpus", "src/corpusbook")
STAMP = "_build/.inputs-hash"
CLEARED = ("_build/.jupyter_cache", "_build/.doctrees", "_build/jupyter_execute")
EXECUTION_CACHE = "_build/.jupyter_cache"
#: Longest path of a Unix socket (``sun_path`` holds 108 bytes on Linux, 104 on macOS).
SOCKET_PATH_MAX = 100
#: Execution time of each chapter in its last run (kept when the cache is cleared, to order the next run).
TIMES = "_build/.chapter-seconds.json"


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


def toc_files(root):
    """The source files listed in ``_toc.yml`` (root first), as paths."""
    import yaml

    root = Path(root)
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    names = []

    def walk(node):
        if isinstance(node, dict):
            for key in ("root", "file"):
                if isinstance(node.get(key), str):
                    names.append(node[key])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    paths = []
    for name in dict.fromkeys(names):
        found = [root / (name + suffix) for suffix in ("", ".md", ".ipynb") if (root / (name + suffix)).is_file()]
        if found:
            paths.append(found[0])
    return paths


def read_notebook(path):
    """A MyST-markdown chapter as the notebook MyST-NB makes of it (None if it is not a notebook)."""
    from myst_nb.core.read import is_myst_markdown_notebook, read_myst_markdown_notebook

    text = Path(path).read_text(encoding="utf-8")
    if not is_myst_markdown_notebook(text):
        return None
    return read_myst_markdown_notebook(text, add_source_map=True, path=str(path))


def _execute_one(path, timeout, inner_jobs=None):
    """Run one chapter in a fresh kernel, in its folder (as MyST-NB does).

    The kernel listens on Unix sockets in a private folder rather than on localhost TCP ports.
    Kernels started side by side over TCP can race for the same free port (a port is picked by
    binding to port 0 and releasing it, and another process may take it before the kernel binds it),
    which kills one kernel and sends the other's messages to the wrong key ("Invalid Signature").
    Socket files in a folder per kernel cannot collide. (Under a TMPDIR too long for a socket path,
    the kernel uses TCP.)

    ``inner_jobs`` sets ``CORPUSBOOK_JOBS`` for the kernel, so that the chapters running side by
    side do not each start a worker per core for their own model fits.

    Returns ``(notebook, seconds, error)``; ``error`` is None on success, else a one-line message.
    Any failure, in a cell or in the kernel itself, is returned rather than raised, so one chapter's
    trouble never stops the others: the build runs that chapter again and reports it.
    """
    import os
    import tempfile

    from jupyter_cache.executors.utils import single_nb_execution
    from traitlets.config import Config

    if inner_jobs is not None:
        os.environ["CORPUSBOOK_JOBS"] = str(inner_jobs)  # this worker process only; the kernel inherits it
    notebook = read_notebook(path)
    with tempfile.TemporaryDirectory(prefix="corpusbook-kernel-") as sockets:
        config = Config()
        prefix = str(Path(sockets) / "k")
        if len(prefix.encode()) <= SOCKET_PATH_MAX - len("-99"):  # a very long TMPDIR: keep TCP
            config.KernelManager.transport = "ipc"
            config.KernelManager.ip = prefix
        try:
            # the kernel's own log (not the cells' output) is kept quiet
            result = single_nb_execution(notebook, cwd=str(Path(path).parent), allow_errors=False,
                                         timeout=timeout, meta_override=True, config=config,
                                         extra_arguments=["--IPKernelApp.log_level=ERROR"])
        except Exception as error:  # noqa: BLE001 - reported, and the build executes the chapter itself
            return notebook, 0.0, f"{type(error).__name__}: {error}"
    return notebook, result.time, None if result.err is None else f"{type(result.err).__name__}: {result.err}"


def cache_is_current(root):
    """True when the execution cache was written after the last change to any chapter in the TOC.

    A cheap test that lets ``execute`` skip parsing the chapters on a build with nothing to do. It
    can only err towards skipping work the build then does itself (serially), never towards stale
    outputs: MyST-NB still matches every chapter against the cache.
    """
    db = Path(root) / EXECUTION_CACHE / "global.db"
    if not db.is_file():
        return False
    newest = max((p.stat().st_mtime for p in toc_files(root)), default=0)
    return db.stat().st_mtime > newest


def execute(root, jobs=None, timeout=None):
    """Execute the uncached chapters of the book in parallel and add them to the execution cache.

    Parameters
    ----------
    root : path-like
        The project folder.
    jobs : int, optional
        Parallel kernels (default :func:`corpusbook.settings.n_jobs`). With 1, nothing is done: the
        build executes the chapters itself.
    timeout : int, optional
        Seconds per cell (default: ``execute.timeout`` in ``_config.yml``).

    Returns
    -------
    dict
        ``path -> seconds`` for the chapters executed and cached, ``path -> error`` for those that failed.
    """
    import yaml
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    root = Path(root).resolve()
    jobs = n_jobs() if jobs is None else jobs
    if jobs < 2:
        return {}
    if timeout is None:
        config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
        timeout = (config.get("execute") or {}).get("timeout", 30)
    cache = get_cache(str(root / EXECUTION_CACHE))
    todo = []
    for path in toc_files(root):
        notebook = read_notebook(path)
        if notebook is None:
            continue
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            todo.append(path)
    times_path = root / TIMES
    last = json.loads(times_path.read_text()) if times_path.is_file() else {}
    todo.sort(key=lambda p: (-last.get(str(p.relative_to(root)), 0), -p.stat().st_size))
    done = {}
    if not todo:
        return done
    kernels = min(jobs, len(todo))
    inner_jobs = max(1, jobs // kernels)  # cores left for each chapter's own parallel work
    with ProcessPoolExecutor(max_workers=kernels) as pool:
        futures = {pool.submit(_execute_one, path, timeout, inner_jobs): path for path in todo}
        for future in as_completed(futures):
            path = futures[future]
            notebook, seconds, error = future.result()
            if error:
                done[str(path)] = error  # not cached: the build runs it again and reports the error
                continue
            record = cache.add_nb_to_project(str(path), read_data={"type": "plugin", "name": "myst_nb_md"})
            cache.cache_notebook_bundle(CacheBundleIn(notebook, record.uri, data={"execution_seconds": seconds}),
                                        check_validity=False, overwrite=True)
            last[str(path.relative_to(root))] = seconds
            done[str(path)] = seconds
    times_path.parent.mkdir(parents=True, exist_ok=True)
    times_path.write_text(json.dumps(last, indent=1, sort_keys=True) + "\n")
    return done


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    root = project_root()
    if argv == ["check"]:
        if check(root):
            print("corpus/ or the package changed since the last build: chapters will be re-executed.")
    elif argv == ["stamp"]:
        stamp(root)
    elif argv == ["execute"]:
        if cache_is_current(root):
            return 0
        start = time.perf_counter()
        done = execute(root)
        failed = [p for p, v in done.items() if isinstance(v, str)]
        if done:
            print(f"executed {len(done) - len(failed)} chapter(s) in parallel in {time.perf_counter() - start:.1f} s"
                  + (f"; {len(failed)} failed and will be run by the build: {', '.join(failed)}" if failed else ""))
    else:
        print("usage: python -m corpusbook.build check|execute|stamp", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
