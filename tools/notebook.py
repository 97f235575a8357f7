"""Run a chapter as a notebook outside the book build: ``make notebook CHAPTER=corpus``.

Reads ``chapters/<name>.md`` with jupytext, executes it with nbclient in ``chapters/`` (where the book
runs it) and writes the executed notebook to ``notebooks/<name>.ipynb``. ``notebooks/`` is excluded from
the book (``_config.yml``) and from git, so the notebook never clashes with the chapter's source.
"""

import sys
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def run(name, out_dir=None, timeout=900):
    """Execute chapter ``name`` (``chapters/<name>.md`` or a path); return the written .ipynb path."""
    source = Path(name) if Path(name).suffix == ".md" else ROOT / "chapters" / f"{name}.md"
    notebook = jupytext.read(source)
    NotebookClient(
        notebook, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(source.parent)}}
    ).execute()
    out = Path(out_dir or ROOT / "notebooks") / (source.stem + ".ipynb")
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, out)
    return out


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tools/notebook.py <chapter name, e.g. corpus>")
    print(f"wrote {run(sys.argv[1])}")
