"""Every chapter, executed as a notebook on every corpus shape (``tests/shapes.py``), stays honest.

The chapters run with nbclient, as JupyterLab would run them, in a folder that holds only the shape's
``corpus/``; no Jupyter Book build is needed. On each executed notebook:

- no cell fails;
- every value the prose glues (``{glue:md}`name```) is glued by a cell;
- every check a cell makes is marked in the prose (``{glue:md}`check-name```), and every failed check
  shows its warning box and a non-empty mark, and is listed by :func:`corpusbook.notebook.report`;
- no output holds raw role syntax, ``nan`` or ``inf``.

The shipped corpus itself is built once as a real book (``test_book.py``), where every check must hold.
"""

import re
import shutil
from pathlib import Path

import jupytext
import nbformat
import pytest
import shapes
from nbclient import NotebookClient

from corpusbook.notebook import failed_checks, report

pytestmark = pytest.mark.kernel

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = [ROOT / "intro.md"] + sorted(
    p for p in (ROOT / "chapters").glob("*.md") if "kernelspec:" in p.read_text(encoding="utf-8").split("\n---", 1)[0]
)
#: Smaller settings for the tests, set after a chapter's ``parameters`` cell (as papermill would).
OVERRIDES = {"topics": "K_RANGE = range(2, 6)\nSEEDS = 2"}

GLUE_REF = re.compile(r"\{glue(?::\w+)?\}`([^`]+)`|```\{glue(?::\w+)?\}\s+(\S+)")
CHECK_CALL = re.compile(r"\bcheck\(\s*[\"']([a-z0-9-]+)[\"']")
RAW = re.compile(r"\{(glue|glue:text|glue:md|ref|numref|doc|cite|cite:p|term)\}`")
NON_FINITE = re.compile(r"(?<![\w-])-?(nan|NaN|inf|Inf)(?![\w-])")


def read(chapter, overrides=None):
    """A chapter as a notebook, with test settings placed after its ``parameters`` cell (as papermill would)."""
    notebook = jupytext.read(chapter)
    if overrides:
        at = next((i for i, c in enumerate(notebook.cells) if "parameters" in c.metadata.get("tags", [])), -1)
        notebook.cells.insert(
            at + 1, jupytext.reads(f"```{{code-cell}} ipython3\n{overrides}\n```", fmt="md:myst").cells[0]
        )
    return notebook


def execute_all(chapters, project, timeout=600):
    """Run every chapter, one after another, in one kernel with its namespace cleared between chapters
    (``%reset -f``: a chapter sees nothing another defined); return {chapter: its executed cells}.

    One kernel per shape instead of one per chapter saves the kernel start and the imports.
    """
    combined = nbformat.v4.new_notebook(
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    )
    spans = {}
    for chapter in chapters:
        notebook = read(chapter, OVERRIDES.get(chapter.stem))
        combined.cells.append(nbformat.v4.new_code_cell("%reset -f"))
        start = len(combined.cells)
        combined.cells += notebook.cells
        spans[chapter] = (start, len(combined.cells))
    NotebookClient(
        combined, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(project / "chapters")}}
    ).execute()
    return {chapter: nbformat.v4.new_notebook(cells=combined.cells[a:b]) for chapter, (a, b) in spans.items()}


@pytest.fixture(scope="session")
def shape_project(tmp_path_factory):
    made = {}

    def make(name):
        if name not in made:
            folder = tmp_path_factory.mktemp(name)
            shapes.SHAPES[name](folder / "corpus")
            (folder / "chapters").mkdir()
            for sub in ("tests/data",):
                if (ROOT / sub).is_dir():
                    shutil.copytree(ROOT / sub, folder / sub)
            made[name] = folder
        return made[name]

    return make


def glued(notebook):
    """name → glued text (Markdown or plain) of every glue output."""
    out = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                data = output.get("data", {})
                out[name] = next(
                    (v for kind in ("text/markdown", "text/plain") for k, v in data.items() if k.endswith(kind)), ""
                )
    return out


def texts(notebook):
    """Every text an output shows (glued values, HTML, plain text, streams)."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                yield output.get("text", "")
            for key, value in output.get("data", {}).items():
                if key.endswith(("text/markdown", "text/plain", "text/html")):
                    yield value if isinstance(value, str) else "".join(value)


SHAPE_NAMES = ["third_period", "balanced", "singletons", "one_period"]


@pytest.fixture(scope="session")
def executed(shape_project):
    """{shape: {chapter: executed notebook}}, each shape executed once per test process."""
    done = {}

    def get(shape):
        if shape not in done:
            done[shape] = execute_all(CHAPTERS, shape_project(shape))
        return done[shape]

    return get


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
@pytest.mark.parametrize("shape", [pytest.param(s, marks=pytest.mark.xdist_group(s)) for s in SHAPE_NAMES])
def test_chapter_runs_and_stays_honest(shape, chapter, executed):
    source = chapter.read_text(encoding="utf-8")
    markdown = "\n".join(c.source for c in jupytext.reads(source, fmt="md:myst").cells if c.cell_type == "markdown")
    notebook = executed(shape)[chapter]
    values = glued(notebook)
    missing = [n for pair in GLUE_REF.findall(markdown) for n in pair if n and n not in values]
    assert not missing, f"{chapter.name} on {shape}: glued values missing: {missing}"
    checks = CHECK_CALL.findall(source)
    unmarked = [c for c in checks if f"{{glue:md}}`{c}`" not in markdown]
    assert not unmarked, f"{chapter.name}: checks without a mark in the prose: {unmarked}"
    failed = failed_checks(notebook)
    for f in failed:
        assert "Written for an earlier corpus" in values[f["name"]], f
    listed = report([{"source": chapter.name, "line": 0, **f} for f in failed])
    assert len(listed) == (len(failed) + 1 if failed else 0)
    for text in texts(notebook):
        assert not RAW.search(text), f"{chapter.name} on {shape}: raw role in output: {text[:300]}"
        plain = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S))
        hit = NON_FINITE.search(plain)
        assert not hit, f"{chapter.name} on {shape}: {hit.group(0)!r} in output: {text[:300]}"


def test_a_shape_fails_some_checks_and_marks_them(executed):
    """The checks can fail: on a corpus of other articles, claims about the shipped articles are flagged."""
    failed = [f for notebook in executed("balanced").values() for f in failed_checks(notebook)]
    assert len(failed) >= 10, failed
