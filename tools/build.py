"""Build the book so that every executed chapter is tied to the inputs it was computed from.

``python tools/build.py`` (what ``make book`` runs):

0. Takes the build lock (``_build/build.lock``, :func:`locked`): one build of a tree runs at a time.
   A second ``make book`` (another terminal, an editor's build, ``make test`` beside ``make book``)
   says which build it waits for, waits, and then builds: the book it leaves is that of the inputs as
   they are when it starts.
1. Hashes the inputs every chapter depends on: ``corpus/``, the package ``src/corpusbook/``,
   ``tests/data`` (the gold sets the chapters read), ``requirements.txt`` and ``_config.yml``
   (:func:`inputs_hash`).
2. Builds into ``_build/work/<hash>/`` with Jupyter Book's ``--path-output``. MyST-NB keeps its
   jupyter-cache beside that build (``_build/work/<hash>/_build/.jupyter_cache``), and jupyter-cache
   keys each chapter on its code cells, so a cached output is keyed on (chapter code, inputs hash):
   outputs of different inputs live in different folders and can never meet in one book, whatever
   happened before (a failed or killed build, a revert). The two most recent folders are kept, so a
   revert finds its cache again; older ones are pruned.
3. Executes the uncached chapters side by side with jupyter-cache's stock command
   (``jcache project execute --executor local-parallel``); Jupyter Book then reports "Using cached
   notebook" for them. This step only ever saves time: a chapter that fails here is not cached, and
   the build executes it itself and reports the error. The kernels running side by side get one
   worker each for their own model fits (``CORPUSBOOK_JOBS=1``), so the cores are not oversubscribed.
4. Renders a fresh ``html`` folder (the previous one is deleted first, so no old image survives) and,
   only if the build succeeded and no input changed while it ran, publishes it (:func:`publish`): the
   folder moves to ``_build/books/`` and ``_build/html``, a symbolic link to the book being served,
   is pointed at it in one atomic step (a new link renamed over the old with :func:`os.replace`).
   There is never a moment without a complete book at ``_build/html``; the previous book is kept
   beside it until the next build, for a reader that is still in it. A failed or killed build leaves
   the previous ``_build/html`` untouched. If an input changed during the build, that build's cache is
   dropped (its outputs may mix old and new inputs) and the build fails.

The wrapper exists for two things the stock commands do not do: choosing the cache folder from the
inputs hash, and stopping every process it started when it is stopped itself. Kernels run in their
own session (jupyter_client starts them so), so a SIGTERM to ``make``'s process group would not reach
them; on SIGTERM or SIGINT the wrapper ends its whole process tree, kernels included.
"""

import contextlib
import ctypes
import fcntl
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import yaml

#: Inputs of every chapter (folders and files, relative to the project).
INPUTS = ("corpus", "src/corpusbook", "tests/data", "requirements.txt", "_config.yml")
WORK = "_build/work"
#: The book being served: a symbolic link to one folder of :data:`BOOKS`.
HTML = "_build/html"
#: Complete books; the one ``_build/html`` points at and the one before it are kept.
BOOKS = "_build/books"
#: Held by the build that runs; names its process and start time.
LOCK = "_build/build.lock"
KEEP = 2
JB_FLAGS = ["-W", "-n", "--keep-going"]


def inputs_hash(root):
    """SHA-256 over the relative paths and bytes of every input file (Python caches excluded)."""
    root = Path(root)
    digest = hashlib.sha256()
    for name in INPUTS:
        top = root / name
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file()) if top.is_dir() else []
        for path in files:
            if "__pycache__" in path.parts or path.suffix == ".pyc":
                continue
            digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def work_dir(root, digest):
    return Path(root) / WORK / digest[:20]


def prune(root, keep_dir):
    """Delete all but the :data:`KEEP` most recently used work folders (``keep_dir`` always kept)."""
    folders = sorted(
        (p for p in (Path(root) / WORK).iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True
    )
    kept = [keep_dir] + [p for p in folders if p != keep_dir][: KEEP - 1]
    for path in folders:
        if path not in kept:
            shutil.rmtree(path, ignore_errors=True)


def toc_chapters(root):
    """The MyST-notebook sources listed in ``_toc.yml`` (those with a kernelspec), root first."""
    root = Path(root)
    names = []

    def walk(node):
        if isinstance(node, dict):
            names.extend(node[k] for k in ("root", "file") if isinstance(node.get(k), str))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8")))
    paths = []
    for name in dict.fromkeys(names):
        path = root / (name if name.endswith(".md") else name + ".md")
        if path.is_file() and "kernelspec:" in path.read_text(encoding="utf-8").split("\n---", 1)[0]:
            paths.append(path)
    return paths


_children = []
_held = []  # the build lock's file descriptor while it is held (passed on to every command)


def run(cmd, answer=None, **kwargs):
    """Run a command in its own session; its whole tree is ended if this process is stopped."""
    proc = subprocess.Popen(cmd, start_new_session=True, stdin=subprocess.PIPE, pass_fds=tuple(_held), **kwargs)
    _children.append(proc)
    try:
        proc.communicate(answer)
        return proc.returncode
    finally:
        _children.remove(proc)


def _stop_tree(signum, frame):
    procs = []
    for child in list(_children):
        try:
            parent = psutil.Process(child.pid)
            procs += [parent] + parent.children(recursive=True)
        except psutil.NoSuchProcess:
            pass
    for proc in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            proc.terminate()
    _, alive = psutil.wait_procs(procs, timeout=5)
    for proc in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            proc.kill()
    sys.exit(128 + signum)


def timeout(root):
    config = yaml.safe_load((Path(root) / "_config.yml").read_text(encoding="utf-8")) or {}
    return int((config.get("execute") or {}).get("timeout", 30))


@contextlib.contextmanager
def locked(root, wait=True):
    """Hold the build lock of the tree at ``root`` (an exclusive :func:`fcntl.flock` on :data:`LOCK`).

    If another build holds it, say which (its process id and start time, written in the lock file) and
    wait for it (or, with ``wait=False``, raise :class:`BlockingIOError`). The kernel releases the lock
    when its holders end, however they end, so a killed build never leaves a stale lock. The commands
    the build runs (:func:`run`) hold it too: if the build is killed outright (SIGKILL) while Jupyter
    Book still writes into the work folder, the next build waits for that to end.
    """
    path = Path(root) / LOCK
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            print(
                f"Another build of this book is running ({holder}); waiting for it to finish (Ctrl-C stops waiting).",
                file=sys.stderr,
                flush=True,
            )
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}, started {time.strftime('%H:%M:%S')}\n")
        handle.flush()
        _held.append(handle.fileno())
        try:
            yield
        finally:
            _held.remove(handle.fileno())
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)


def publish(root, pages, digest):
    """Serve the complete book in ``pages``: move it into :data:`BOOKS`, point :data:`HTML` at it atomically.

    A new symbolic link is made beside ``_build/html`` and renamed over it (:func:`os.replace`, one
    ``rename`` call): a reader finds the old book or the new one, never none. A ``_build/html`` that
    is still a folder (from an older build) is exchanged with the link in one step too
    (:func:`exchange`). Older books than the previous one are deleted.
    """
    root = Path(root)
    books = root / BOOKS
    books.mkdir(parents=True, exist_ok=True)
    book = books / f"{time.strftime('%Y%m%d-%H%M%S')}-{digest[:12]}-{os.getpid()}"
    Path(pages).rename(book)
    html = root / HTML
    link = html.with_name(f".html-{os.getpid()}")
    link.unlink(missing_ok=True)
    link.symlink_to(Path(book.parent.name) / book.name)  # relative: the tree can be moved
    if html.is_dir() and not html.is_symlink():
        exchange(link, html)
        shutil.rmtree(link)  # the old folder, now under the link's name
    else:
        os.replace(link, html)
    shutil.rmtree(root / (HTML + ".old"), ignore_errors=True)  # left by older builds
    served = sorted((p for p in books.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in [p for p in served if p != book][KEEP - 1 :]:
        shutil.rmtree(path, ignore_errors=True)


def exchange(a, b):
    """Swap two paths atomically (Linux ``renameat2`` with ``RENAME_EXCHANGE``).

    Where the system has no such call (another kernel, an old C library), ``b`` is moved aside and
    ``a`` renamed into its place: two calls, once, when ``_build/html`` is turned into a link.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    at_fdcwd, rename_exchange = -100, 2
    if renameat2 is not None and renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return
    aside = Path(str(b) + f".aside-{os.getpid()}")
    os.rename(b, aside)
    os.rename(a, b)
    os.rename(aside, a)


def build(root, jobs_parallel=True):
    """Build the book under the build lock; returns the exit status (0 on success)."""
    root = Path(root).resolve()
    with locked(root):
        status = build_once(root, jobs_parallel)
    return status


def build_once(root, jobs_parallel=True):
    """One build of the book at ``root`` (the caller holds the lock); returns the exit status."""
    digest = inputs_hash(root)
    work = work_dir(root, digest)
    cache = work / "_build" / ".jupyter_cache"
    cache.parent.mkdir(parents=True, exist_ok=True)
    os.utime(work)
    prune(root, work)
    shutil.rmtree(work / "_build" / "html", ignore_errors=True)  # fresh pages and images every build
    bindir = Path(sys.executable).parent
    # files a chapter offers for download beside the book (large CSVs, the article texts) go here, keyed
    # on the inputs like the execution cache, and are copied into the pages below
    os.environ["CORPUSBOOK_DOWNLOADS"] = str(work / "downloads")
    # the corpus, its token table and counts, computed once for every chapter (corpusbook.book.load)
    if (root / "corpus" / "metadata.csv").is_file() and run(
        [sys.executable, "-c", "from corpusbook.book import load; load()"], cwd=root
    ):
        return 1
    if jobs_parallel:
        chapters = [str(p) for p in toc_chapters(root)]
        jcache = [str(bindir / "jcache")]
        # stock jupyter-cache: register the chapters as MyST-NB reads them, run the uncached ones side by side
        # (jcache asks before creating a new cache folder: the answer is yes)
        run(
            jcache + ["notebook", "-p", str(cache), "add", "--reader", "myst_nb_md"] + chapters,
            answer=b"y\n",
            stdout=subprocess.DEVNULL,
        )
        run(
            jcache
            + [
                "project",
                "-p",
                str(cache),
                "execute",
                "--executor",
                "local-parallel",
                "--timeout",
                str(timeout(root)),
                "--verbosity",
                "WARNING",
            ],
            stdout=subprocess.DEVNULL,
            env={**os.environ, "CORPUSBOOK_JOBS": os.environ.get("CORPUSBOOK_JOBS", "1")},
        )
    status = run([str(bindir / "jupyter-book"), "build", str(root), "--path-output", str(work)] + JB_FLAGS)
    if inputs_hash(root) != digest:
        shutil.rmtree(work, ignore_errors=True)
        print(
            "An input (corpus/, src/corpusbook/, requirements.txt or _config.yml) changed during the build; "
            "its outputs were discarded. Run `make book` again.",
            file=sys.stderr,
        )
        return 1
    if status != 0:
        return status
    if (work / "downloads").is_dir():
        shutil.copytree(work / "downloads", work / "_build" / "html" / "downloads", dirs_exist_ok=True)
    # claims the data no longer support: marked on their pages, listed last; a strict build fails on them
    from corpusbook.notebook import failed_checks_html, report  # noqa: PLC0415 (the package is imported from the project being built, after it is on the path)

    failed = failed_checks_html(work / "_build" / "html", root)
    closing = report(failed)
    (root / "_build" / "failed-checks.txt").write_text("\n".join(closing), encoding="utf-8")
    if failed and os.environ.get("STRICT") == "1":
        print(
            "\n".join(closing + ["STRICT=1: the book was not replaced; reword the claims or fix the checks."]),
            file=sys.stderr,
        )
        return 3
    publish(root, work / "_build" / "html", digest)
    return 0


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    signal.signal(signal.SIGTERM, _stop_tree)
    signal.signal(signal.SIGINT, _stop_tree)
    root = Path(__file__).resolve().parents[1] if not argv else Path(argv[0])
    start = time.perf_counter()
    status = build(root, jobs_parallel=os.environ.get("CORPUSBOOK_JOBS") != "1")
    if status == 0:
        print(f"Built {root / HTML} in {time.perf_counter() - start:.1f} s", file=sys.stderr)
        closing = (root / "_build" / "failed-checks.txt").read_text(encoding="utf-8")
        if closing:
            print(closing, file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
