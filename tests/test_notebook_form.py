"""Every chapter is a notebook a researcher can open in JupyterLab (``make lab``) and rerun.

- the first code cell is tagged ``parameters`` and every code cell hides its input in the book;
- the file is in the form jupytext writes, so saving a chapter from JupyterLab without an edit leaves
  it unchanged (the version fields are filtered out by ``[tool.jupytext]`` in ``pyproject.toml``).
"""

from pathlib import Path

import jupytext
import pytest
from jupytext.config import load_jupytext_configuration_file

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = [ROOT / "intro.md"] + sorted(
    p for p in (ROOT / "chapters").glob("*.md") if "kernelspec:" in p.read_text(encoding="utf-8").split("\n---", 1)[0]
)


#: Pages for contributors with nothing for a reader to choose.
NO_PARAMETERS = {"extending"}


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_a_chapter_opens_with_its_parameters_and_hides_its_code(path):
    code = [c for c in jupytext.read(path).cells if c.cell_type == "code"]
    assert code, f"{path.name} has no code cell"
    assert path.stem in NO_PARAMETERS or "parameters" in code[0].metadata.get("tags", []), (
        f"{path.name}: the first code cell is not tagged parameters"
    )
    shown = [i for i, c in enumerate(code) if not {"hide-input", "remove-input"} & set(c.metadata.get("tags", []))]
    assert not shown, f"{path.name}: code cells {shown} show their code in the book"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_saving_a_chapter_from_jupyterlab_changes_nothing(path):
    config = load_jupytext_configuration_file(str(ROOT / "pyproject.toml"))
    text = path.read_text(encoding="utf-8")
    saved = jupytext.writes(jupytext.reads(text, fmt="md:myst"), fmt="md:myst", config=config)
    assert saved.rstrip("\n") == text.rstrip("\n"), (
        f"{path.name} is not in the form jupytext saves; run `.venv/bin/jupytext --to md:myst {path.relative_to(ROOT)}`"
    )


def test_the_form_check_sees_a_chapter_in_another_form():
    config = load_jupytext_configuration_file(str(ROOT / "pyproject.toml"))
    text = CHAPTERS[0].read_text(encoding="utf-8").replace(":tags: [hide-input]\n\n", ":tags: [hide-input]\n", 1)
    assert jupytext.writes(jupytext.reads(text, fmt="md:myst"), fmt="md:myst", config=config) != text
