"""tools/build.py: every cached chapter output is tied to the inputs it was computed from.

A tiny book (three notebook chapters, a corpus file, a package file, requirements.txt, _config.yml)
is built with tools/build.py exactly as `make book` builds the real one.
"""

import os
import signal
import subprocess
import sys
import time

import psutil
import pytest
from conftest import ROOT
from shapes import book_texts

sys.path.insert(0, str(ROOT / "tools"))
import build

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
BUILD = [sys.executable, str(ROOT / "tools" / "build.py")]


def chapter(title, code):
    return f"{HEADER}\n# {title}\n\n```{{code-cell}} ipython3\n{code}\n```\n"


def counting(name, extra=""):
    # each execution appends an x to runs-<name>.txt beside the chapter, and prints the corpus value
    return chapter(
        name,
        f"from pathlib import Path\nlog = Path('runs-{name}.txt')\n"
        f"log.write_text(log.read_text() + 'x' if log.exists() else 'x')\n"
        f"value = Path('{'' if name == 'intro' else '../'}corpus/value.txt').read_text().strip()\n"
        f"print('{name} sees', value){extra}",
    )


@pytest.fixture
def tiny_book(tmp_path):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "corpus").mkdir()
    (tmp_path / "src" / "corpusbook").mkdir(parents=True)
    (tmp_path / "corpus" / "value.txt").write_text("good\n")
    (tmp_path / "src" / "corpusbook" / "x.py").write_text("X = 1\n")
    (tmp_path / "requirements.txt").write_text("numpy\n")
    (tmp_path / "_config.yml").write_text(
        "title: Tiny\nexclude_patterns: [_build, corpus, src]\nexecute:\n  execute_notebooks: cache\n  timeout: 120\n"
        "sphinx:\n  config:\n    nb_execution_raise_on_error: true\n",
        encoding="utf-8",
    )
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nchapters:\n  - file: chapters/one\n  - file: chapters/two\n  - file: chapters/prose\n",  # noqa: E501
        encoding="utf-8",
    )
    (tmp_path / "intro.md").write_text(counting("intro"), encoding="utf-8")
    (tmp_path / "chapters" / "one.md").write_text(counting("one"), encoding="utf-8")
    (tmp_path / "chapters" / "two.md").write_text(counting("two"), encoding="utf-8")
    (tmp_path / "chapters" / "prose.md").write_text("# Prose\n\nNo code here.\n", encoding="utf-8")
    return tmp_path


def make_book(root, check=True):
    result = subprocess.run(BUILD + [str(root)], capture_output=True, text=True)
    if check:
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def runs(root):
    return {
        name: (root / rel).read_text() if (root / rel).exists() else ""
        for name, rel in (
            ("intro", "runs-intro.txt"),
            ("one", "chapters/runs-one.txt"),
            ("two", "chapters/runs-two.txt"),
        )
    }


def test_toc_chapters_are_the_notebooks_in_order(tiny_book):
    assert [p.relative_to(tiny_book).as_posix() for p in build.toc_chapters(tiny_book)] == [
        "intro.md",
        "chapters/one.md",
        "chapters/two.md",
    ]


@pytest.mark.parametrize("rel", ["corpus/value.txt", "src/corpusbook/x.py", "requirements.txt", "_config.yml"])
def test_each_kind_of_input_changes_the_hash(tiny_book, rel):
    before = build.inputs_hash(tiny_book)
    with open(tiny_book / rel, "a", encoding="utf-8") as fh:
        fh.write("\n# changed\n")
    assert build.inputs_hash(tiny_book) != before


def test_a_new_file_in_the_corpus_changes_the_hash_and_caches_do_not(tiny_book):
    before = build.inputs_hash(tiny_book)
    (tiny_book / "src" / "corpusbook" / "__pycache__").mkdir()
    (tiny_book / "src" / "corpusbook" / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    assert build.inputs_hash(tiny_book) == before
    (tiny_book / "corpus" / "new.txt").write_text("new")
    assert build.inputs_hash(tiny_book) != before


@pytest.mark.book
@pytest.mark.slow
def test_cached_chapters_are_used_and_every_input_invalidates(tiny_book):
    make_book(tiny_book)
    assert runs(tiny_book) == {"intro": "x", "one": "x", "two": "x"}  # executed once, in the parallel step
    assert "two sees good" in (tiny_book / "_build/html/chapters/two.html").read_text(encoding="utf-8")
    make_book(tiny_book)
    assert runs(tiny_book) == {"intro": "x", "one": "x", "two": "x"}  # nothing executed again
    for rel in ("requirements.txt", "_config.yml", "src/corpusbook/x.py"):
        with open(tiny_book / rel, "a", encoding="utf-8") as fh:
            fh.write("\n# changed\n")
        before = runs(tiny_book)
        make_book(tiny_book)
        assert all(len(runs(tiny_book)[k]) == len(before[k]) + 1 for k in before), rel
    # an edit to one chapter re-executes that chapter only
    before = runs(tiny_book)
    (tiny_book / "chapters/one.md").write_text(counting("one", "\nprint('edited')"), encoding="utf-8")
    make_book(tiny_book)
    after = runs(tiny_book)
    assert (len(after["one"]), after["two"], after["intro"]) == (len(before["one"]) + 1, before["two"], before["intro"])
    assert "edited" in (tiny_book / "_build/html/chapters/one.html").read_text(encoding="utf-8")
    # old work folders are pruned
    assert len(list((tiny_book / build.WORK).iterdir())) == build.KEEP


@pytest.mark.book
@pytest.mark.slow
def test_failed_build_then_revert_gives_the_clean_book_and_leaves_html_untouched(tiny_book, tmp_path_factory):
    import shutil

    clean = tmp_path_factory.mktemp("clean") / "book"
    shutil.copytree(tiny_book, clean)
    make_book(clean)
    make_book(tiny_book)
    first = book_texts(tiny_book)
    # change the corpus so that chapter two fails while intro and one succeed (and are cached)
    (tiny_book / "corpus" / "value.txt").write_text("bad\n")
    (tiny_book / "chapters/two.md").write_text(counting("two", "\nassert value != 'bad', 'planted'"), encoding="utf-8")
    failed = make_book(tiny_book, check=False)
    assert failed.returncode != 0
    assert book_texts(tiny_book) == first  # the failed build left the served book as it was
    # revert: the book equals a clean build, tag-stripped text for text
    (tiny_book / "corpus" / "value.txt").write_text("good\n")
    (tiny_book / "chapters/two.md").write_text(counting("two"), encoding="utf-8")
    make_book(tiny_book)
    assert book_texts(tiny_book) == book_texts(clean)
    assert "one sees good" in book_texts(tiny_book)["chapters/one.html"]


@pytest.mark.book
@pytest.mark.slow
def test_old_images_do_not_pile_up(tiny_book):
    figure = "\nimport matplotlib.pyplot as plt\nplt.plot([0, {}]); plt.show()"
    (tiny_book / "chapters/one.md").write_text(counting("one", figure.format(1)), encoding="utf-8")
    make_book(tiny_book)
    (tiny_book / "chapters/one.md").write_text(counting("one", figure.format(2)), encoding="utf-8")
    make_book(tiny_book)
    images = list((tiny_book / "_build/html/_images").glob("*.png"))
    assert len(images) == 1, images


@pytest.mark.book
@pytest.mark.slow
def test_a_killed_build_leaves_nothing_running_and_the_next_build_is_correct(tiny_book):
    pids = tiny_book / "pids"
    pids.mkdir()
    slow = f"\nimport os, time\nPath({str(pids)!r}, str(os.getpid())).touch()\ntime.sleep(300)"
    (tiny_book / "chapters/two.md").write_text(counting("two", slow), encoding="utf-8")
    (tiny_book / "corpus" / "value.txt").write_text("killed\n")
    make = subprocess.Popen(
        BUILD + [str(tiny_book)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.time() + 120
    while not any(pids.iterdir()) and time.time() < deadline:
        time.sleep(0.5)
    assert any(pids.iterdir()), "the slow chapter never started"
    tree = [make.pid] + [p.pid for p in psutil.Process(make.pid).children(recursive=True)]
    kernels = [int(p.name) for p in pids.iterdir()]
    os.killpg(make.pid, signal.SIGTERM)  # as a terminal or CI stops `make book`
    make.wait(timeout=30)
    time.sleep(6)
    alive = [
        pid for pid in tree + kernels if psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    ]
    assert not alive, [psutil.Process(p).cmdline() for p in alive]
    # the next build, on reverted inputs, serves nothing of the killed one
    (tiny_book / "corpus" / "value.txt").write_text("good\n")
    (tiny_book / "chapters/two.md").write_text(counting("two"), encoding="utf-8")
    make_book(tiny_book)
    assert "killed" not in " ".join(book_texts(tiny_book).values())


def has_validate():
    import importlib.util

    return importlib.util.find_spec("corpusbook.validate") is not None


@pytest.mark.book
@pytest.mark.skipif(not has_validate(), reason="corpusbook.validate is not in this tree yet")
def test_bad_corpus_stops_make_book_with_the_validation_message_last(tmp_path):
    import shutil

    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", "_build", ".git", ".pytest_cache", "__pycache__", "*.egg-info", "notebooks"
        ),
    )
    metadata = copy / "corpus" / "metadata.csv"
    lines = metadata.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1] + ",an unquoted, extra field"  # one row with too many fields
    metadata.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(copy / "src"))
    result = subprocess.run(
        ["make", "-s", "book", f"VENV={ROOT / '.venv'}"], cwd=copy, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    printed = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    # the very last line is the project's message naming the file and the field (make's own "Stop." appended)
    assert printed and "metadata.csv" in printed[-1] and "field '" in printed[-1], printed[-5:]
    assert not any(line.startswith("make: ***") for line in printed), printed[-5:]
    assert "There was an error in building your book" not in result.stdout + result.stderr
    assert not (copy / "_build" / "work").exists()  # stopped before any chapter ran


@pytest.mark.book
@pytest.mark.slow
def test_a_chapter_runs_as_a_notebook_outside_the_book(tmp_path):
    import nbformat

    sys.path.insert(0, str(ROOT / "tools"))
    import notebook

    out = notebook.run("template", out_dir=tmp_path)
    nb = nbformat.read(out, as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code and all(cell.execution_count for cell in code)
    assert not [o for cell in code for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    assert not list((ROOT / "chapters").glob("*.ipynb"))  # nothing left beside the chapters
