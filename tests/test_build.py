"""Parallel execution of the chapters into the cache the build reads."""

import subprocess
import sys
from pathlib import Path

import pytest

from corpusbook.build import _execute_one, execute, read_notebook, toc_files

HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""


def chapter(title, code):
    return f"{HEADER}\n# {title}\n\n```{{code-cell}} ipython3\n{code}\n```\n"


def counting(name):
    # each execution appends a line to runs.txt beside the chapter, and prints the count
    return chapter(name, f"from pathlib import Path\nlog = Path('runs-{name}.txt')\n"
                         f"log.write_text(log.read_text() + 'x' if log.exists() else 'x')\n"
                         f"print('{name} runs:', len(log.read_text()))")


@pytest.fixture
def tiny_book(tmp_path):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "_config.yml").write_text(
        "title: Tiny\nexecute:\n  execute_notebooks: cache\n  timeout: 120\n"
        "sphinx:\n  config:\n    nb_execution_raise_on_error: true\n", encoding="utf-8")
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nchapters:\n  - file: chapters/one\n  - file: chapters/two\n  - file: chapters/prose\n",
        encoding="utf-8")
    (tmp_path / "intro.md").write_text(counting("intro"), encoding="utf-8")
    (tmp_path / "chapters" / "one.md").write_text(counting("one"), encoding="utf-8")
    (tmp_path / "chapters" / "two.md").write_text(counting("two"), encoding="utf-8")
    (tmp_path / "chapters" / "prose.md").write_text("# Prose\n\nNo code here.\n", encoding="utf-8")
    return tmp_path


def test_toc_files_in_order_and_notebooks_recognised(tiny_book):
    files = toc_files(tiny_book)
    assert [f.relative_to(tiny_book).as_posix() for f in files] == ["intro.md", "chapters/one.md", "chapters/two.md", "chapters/prose.md"]
    assert read_notebook(files[-1]) is None and read_notebook(files[0]) is not None


@pytest.mark.book
def test_build_uses_the_parallel_runs_and_executes_nothing_again(tiny_book):
    done = execute(tiny_book, jobs=2)
    assert sorted(Path(p).name for p in done) == ["intro.md", "one.md", "two.md"]
    assert all(isinstance(v, float) for v in done.values())
    assert execute(tiny_book, jobs=2) == {}  # all cached now
    jb = Path(sys.executable).with_name("jupyter-book")
    subprocess.run([str(jb), "build", str(tiny_book), "-W", "-n", "--keep-going"], check=True, capture_output=True)
    # MyST-NB matched every chapter in the cache: each ran exactly once, in the parallel step
    for runs in ("runs-intro.txt", "chapters/runs-one.txt", "chapters/runs-two.txt"):
        assert (tiny_book / runs).read_text() == "x", runs
    html = (tiny_book / "_build" / "html" / "chapters" / "two.html").read_text(encoding="utf-8")
    assert "two runs: 1" in html


def test_a_failing_chapter_is_left_for_the_build(tiny_book):
    (tiny_book / "chapters" / "two.md").write_text(chapter("Two", "raise ValueError('planted')"), encoding="utf-8")
    done = execute(tiny_book, jobs=2)
    failed = {Path(p).name: v for p, v in done.items() if isinstance(v, str)}
    assert list(failed) == ["two.md"] and "planted" in failed["two.md"]
    # the others were cached; the failing one was not, so the build would run it and report the error
    again = execute(tiny_book, jobs=2)
    assert [Path(p).name for p in again] == ["two.md"]


def test_one_job_leaves_execution_to_the_build(tiny_book):
    assert execute(tiny_book, jobs=1) == {}
    assert not (tiny_book / "_build").exists()


@pytest.mark.book
@pytest.mark.parametrize("depth, transport", [(0, "ipc"), (90, "tcp")])
def test_parallel_kernels_listen_on_unix_sockets_and_leave_none_behind(tmp_path, monkeypatch, depth, transport):
    # TCP kernels started side by side can race for a port; socket files in a private folder cannot.
    # A temporary folder too deep for a socket path falls back to TCP.
    tmp = tmp_path / ("t" * depth) if depth else tmp_path
    tmp.mkdir(exist_ok=True)
    monkeypatch.setattr("tempfile.tempdir", str(tmp))
    path = tmp_path / "transport.md"
    path.write_text(chapter("Transport", "from ipykernel.connect import get_connection_info\n"
                                         "info = get_connection_info(unpack=True)\n"
                                         "print(info['transport'], info['ip'])"), encoding="utf-8")
    notebook, seconds, error = _execute_one(path, 120)
    assert error is None and seconds > 0
    used, ip = notebook.cells[-1].outputs[0]["text"].split()
    assert used == transport
    if transport == "ipc":
        assert Path(ip).parent.parent == tmp
    assert not any(p.name.startswith("corpusbook-kernel-") for p in tmp.iterdir())  # socket folder removed


def test_a_kernel_that_cannot_start_is_left_for_the_build(tiny_book):
    # a failure outside the cells (here: no such kernel) is reported for that chapter, not raised
    text = (tiny_book / "chapters" / "one.md").read_text(encoding="utf-8")
    (tiny_book / "chapters" / "one.md").write_text(text.replace("name: python3", "name: no-such-kernel"),
                                                   encoding="utf-8")
    done = execute(tiny_book, jobs=2)
    failed = {Path(p).name: v for p, v in done.items() if isinstance(v, str)}
    assert list(failed) == ["one.md"] and "no-such-kernel" in failed["one.md"]
    assert sorted(Path(p).name for p, v in done.items() if isinstance(v, float)) == ["intro.md", "two.md"]


@pytest.mark.book
def test_kernels_share_the_cores_with_the_chapters_own_workers(tiny_book):
    # two kernels on two cores: each chapter's own fits run in one process; one kernel: it gets both
    def probe(name):
        return chapter(name, f"from corpusbook.settings import n_jobs\nprint('{name}', n_jobs())")

    def printed(cache, path):
        record = cache.match_cache_notebook(read_notebook(path))
        return cache.get_cache_bundle(record.pk).nb.cells[-1].outputs[0]["text"].split()

    from jupyter_cache import get_cache

    paths = [tiny_book / "intro.md", tiny_book / "chapters" / "one.md", tiny_book / "chapters" / "two.md"]
    for path in paths:
        path.write_text(probe(path.stem), encoding="utf-8")
    assert len(execute(tiny_book, jobs=2)) == 3
    cache = get_cache(str(tiny_book / "_build" / ".jupyter_cache"))
    assert [printed(cache, p) for p in paths] == [["intro", "1"], ["one", "1"], ["two", "1"]]
    paths[2].write_text(probe("two-again"), encoding="utf-8")
    assert [Path(p).name for p in execute(tiny_book, jobs=2)] == ["two.md"]
    assert printed(cache, paths[2]) == ["two-again", "2"]
