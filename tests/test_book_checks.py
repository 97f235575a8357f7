"""The built book as a whole: links, tidy output, determinism of a cold rebuild, stale outputs.

The determinism and stale-output tests build the book again in a copy of the project (cold: no
execution cache), with the copy's own package on PYTHONPATH, exactly as `make book` does.
"""

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT
from shapes import book_texts

pytestmark = [pytest.mark.book, pytest.mark.slow]

WARNING_TEXT = ("FutureWarning", "DeprecationWarning", "UserWarning", "RuntimeWarning", "ConvergenceWarning",
                "findfont", "Glyph", "output stderr", "stderr")


def html_files(built_book):
    return sorted(p for p in built_book.rglob("*.html") if "_static" not in p.parts)


def test_no_page_links_to_a_missing_file(built_book):
    missing = []
    for page in html_files(built_book):
        html = page.read_text(encoding="utf-8")
        # (images are checked by test_book.py's figure test)
        for ref in re.findall(r'href="([^"#?]+)(?:[#?][^"]*)?"', html):
            if re.match(r"^[a-z]+:", ref) or ref.startswith("//"):
                continue
            if not (page.parent / ref).resolve().exists():
                missing.append(f"{page.relative_to(built_book)} -> {ref}")
    assert not missing, "\n".join(missing)


def test_no_python_warnings_in_rendered_cells(built_book):
    for page in html_files(built_book):
        html = page.read_text(encoding="utf-8")
        for marker in WARNING_TEXT:
            assert marker not in html, f"{page.name}: '{marker}' in the rendered page"


def executed(build_dir):
    """The executed notebooks of the latest build (tools/build.py builds into _build/work/<inputs hash>/)."""
    folders = sorted((build_dir / "work").glob("*/_build/jupyter_execute"), key=lambda p: p.parent.parent.stat().st_mtime)
    assert folders, f"no build under {build_dir}"
    return folders[-1]


def glue_values(build_dir):
    """{page: {key: value}}, images replaced by the SHA-256 of their bytes."""
    values = {}
    for path in sorted(executed(build_dir).rglob("*.glue.json")):
        page = str(path.relative_to(executed(build_dir))).removesuffix(".glue.json")
        entries = {}
        for key, output in json.loads(path.read_text(encoding="utf-8")).items():
            data = output.get("data", {})
            if "image/png" in data:
                entries[key] = "png:" + hashlib.sha256(base64.b64decode(data["image/png"])).hexdigest()
            else:
                entries[key] = data.get("text/markdown") or data.get("text/html") or data.get("text/plain")
        values[page] = entries
    return values


def build_copy(copy):
    env = dict(os.environ, PYTHONPATH=str(copy / "src"))
    env.pop("CORPUSBOOK_ROOT", None)
    env.pop("CORPUSBOOK_CACHE", None)
    result = subprocess.run(["make", "-s", "book", f"VENV={ROOT / '.venv'}"], cwd=copy, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory, built_book):
    copy = tmp_path_factory.mktemp("book") / "project"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", "_build", ".git", ".pytest_cache", "__pycache__", "*.egg-info"))
    build_copy(copy)
    return copy


def test_two_cold_builds_give_identical_glue_and_figures(built_book, project_copy):
    ours = glue_values(ROOT / "_build")
    theirs = glue_values(project_copy / "_build")
    assert ours.keys() == theirs.keys() and ours
    for page in ours:
        diff = [k for k in ours[page] if ours[page][k] != theirs[page].get(k)]
        assert not diff, f"{page}: glued values differ between cold builds: {diff}"


SIXTH = """Steppenadler über dem Getreidekorridor

Der Getreidekorridor durch Kasachstan wächst. Tokajew nannte den Steppenadler ein Symbol des Korridors.

„Der Getreidekorridor verbindet Astana mit Moskau“, sagte Tokajew. Der Steppenadler ziert die Flagge.
"""


def test_failed_build_then_revert_gives_the_clean_book(built_book, project_copy):
    # a sixth article, and a last chapter that fails on it: the other chapters run (and are cached) first
    texts = project_copy / "corpus" / "texts"
    metadata = project_copy / "corpus" / "metadata.csv"
    extending = project_copy / "chapters" / "extending.md"
    saved = metadata.read_text(encoding="utf-8"), extending.read_text(encoding="utf-8")
    (texts / "005_test.txt").write_text(SIXTH, encoding="utf-8")
    metadata.write_text(saved[0] + "005,texts/005_test.txt,Steppenadler,test outlet,2023-06-01,,,de,,written by the test\n",
                        encoding="utf-8")
    extending.write_text(saved[1] + "\n```{code-cell} ipython3\nraise RuntimeError('planted failure')\n```\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(project_copy / "src"))
    failed = subprocess.run(["make", "-s", "book", f"VENV={ROOT / '.venv'}"], cwd=project_copy, env=env,
                            capture_output=True, text=True)
    assert failed.returncode != 0 and "planted failure" in failed.stdout + failed.stderr
    (texts / "005_test.txt").unlink()
    metadata.write_text(saved[0], encoding="utf-8")
    extending.write_text(saved[1], encoding="utf-8")
    build_copy(project_copy)
    ours, theirs = book_texts(ROOT), book_texts(project_copy)
    assert ours.keys() == theirs.keys()
    assert [page for page in ours if ours[page] != theirs[page]] == []


def test_new_article_and_changed_function_re_execute_the_chapters(project_copy):
    # 1. a sixth article with its metadata row
    (project_copy / "corpus" / "texts" / "005_test.txt").write_text(SIXTH, encoding="utf-8")
    with open(project_copy / "corpus" / "metadata.csv", "a", encoding="utf-8") as fh:
        fh.write("005,texts/005_test.txt,Steppenadler,test outlet,2023-06-01,,,de,,written by the test\n")
    build_copy(project_copy)
    corpus_html = (project_copy / "_build/html/chapters/corpus.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", corpus_html))
    assert "The corpus holds 6 articles" in text
    freq = re.sub(r"<[^>]+>", " ", (project_copy / "_build/html/chapters/frequencies.html").read_text(encoding="utf-8"))
    assert "Getreidekorridor" in freq and "Steppenadler" in freq

    # 2. a package function whose output the corpus chapter shows
    describe = project_copy / "src" / "corpusbook" / "describe.py"
    source = describe.read_text(encoding="utf-8")
    old = 'return table[cols].sort_values("doc_id")'
    assert old in source
    describe.write_text(source.replace(old, 'return table[cols].assign(outlet="edited_by_test").sort_values("doc_id")'), encoding="utf-8")
    build_copy(project_copy)
    assert "edited_by_test" in (project_copy / "_build/html/chapters/corpus.html").read_text(encoding="utf-8")
