"""Two `make book` runs on one tree: the second waits, and `_build/html` always holds a complete book.

The scenario of a user who changes an article and starts `make book` in two terminals (or beside an
editor's build), 2 s apart, and stops the first half-way; then reverts the change and starts two
builds again. A watcher checks many times a second, all along, that the book's front page is there.
"""

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from conftest import ROOT
from shapes import build_book, project_copy

sys.path.insert(0, str(ROOT / "tools"))
import build


def start(copy):
    """`make book` in the project copy, as shapes.build_book runs it, without waiting; in its own process group."""
    venv = ROOT / ".venv"
    env = dict(os.environ, PYTHONPATH=str(copy / "src"), CORPUSBOOK_JOBS=os.environ.get("CORPUSBOOK_JOBS", "2"))
    return subprocess.Popen(
        ["make", "-s", "book", f"VENV={venv}", "-o", str(venv / ".requirements-installed")],
        cwd=copy,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


class Watcher(threading.Thread):
    """Looks for the front page of the served book every 5 ms; counts the looks that found none."""

    def __init__(self, copy):
        super().__init__(daemon=True)
        self.page, self.looks, self.missing, self.done = copy / build.HTML / "index.html", 0, 0, False

    def run(self):
        while not self.done:
            self.looks += 1
            self.missing += not self.page.is_file()
            time.sleep(0.005)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.done = True
        self.join()


def add_paragraph(copy):
    """An input change as a user makes it: one more paragraph in an article; returns the new inputs hash."""
    path = max((copy / "corpus" / "texts").glob("*.txt"))
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("\nDer Präsident sprach am Abend noch einmal über die Zusammenarbeit.\n")
    return build.inputs_hash(copy)


def problems(text):
    """The lines of a build's output that say what went wrong (the whole log is too long to read in a failure)."""
    keep = ("rror", "xception", "Traceback", "Killed", "WARNING", "failed", "Another build")
    return "\n".join(line for line in text.splitlines() if any(k in line for k in keep))[-4000:]


def served(copy):
    """The book folder `_build/html` points at (its name carries the inputs hash of the build)."""
    return os.readlink(copy / build.HTML)


@pytest.mark.book
@pytest.mark.slow
def test_overlapping_builds_wait_and_a_book_is_always_served(tmp_path):
    copy = project_copy(tmp_path / "project")
    build_book(copy)  # the book a reader has open
    assert (copy / build.HTML).is_symlink()
    article = max((copy / "corpus" / "texts").glob("*.txt"))
    original = article.read_bytes()

    # 1. an input change, two builds 2 s apart, the first stopped half-way: the second waits for it, then
    #    builds the new inputs; the old book is served until the new one replaces it
    digest = add_paragraph(copy)
    work = build.work_dir(copy, digest)
    with Watcher(copy) as watcher:
        first = start(copy)
        time.sleep(2)
        second = start(copy)
        deadline = time.time() + 120
        while not (work / "_build" / ".jupyter_cache").exists() and time.time() < deadline:
            time.sleep(0.2)
        time.sleep(3)  # the chapters are running
        assert first.poll() is None, first.communicate()
        os.killpg(first.pid, signal.SIGTERM)  # as a terminal's Ctrl-C or a CI stop does
        first.communicate(timeout=60)
        assert (copy / build.HTML / "index.html").is_file()
        out, err = second.communicate(timeout=600)
    assert first.returncode != 0 and second.returncode == 0, problems(out + err)
    assert "Another build of this book is running" in err
    assert digest[:12] in served(copy)
    assert watcher.looks > 100 and watcher.missing == 0

    # 2. the change reverted, two builds 2 s apart: both succeed, and the book of the inputs as they are is served
    article.write_bytes(original)
    digest = build.inputs_hash(copy)
    with Watcher(copy) as watcher:
        first = start(copy)
        time.sleep(2)
        second = start(copy)
        outputs = [proc.communicate(timeout=600) for proc in (first, second)]
    assert (first.returncode, second.returncode) == (0, 0), [problems(out + err) for out, err in outputs]
    assert digest[:12] in served(copy)
    assert watcher.missing == 0
    assert len(list((copy / build.BOOKS).iterdir())) == build.KEEP  # older books are deleted
