"""The names the documentation gives exist: a reader who copies a call from the README, a chapter or a
docstring finds the function where the text says it is."""

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "chapters").glob("*.md")), ROOT / "intro.md"]
SOURCES = sorted((ROOT / "src" / "corpusbook").rglob("*.py"))
#: ``corpusbook.module.name`` (with optional further attributes), as docstrings and pages cite them.
DOTTED = re.compile(r"\bcorpusbook((?:\.\w+)+)")
#: ``module.function(`` inside a code block that imported ``module`` from corpusbook.
IMPORT = re.compile(r"from corpusbook import ([\w, ]+)")
CALL = re.compile(r"\b(\w+)\.(\w+)\(")


def resolves(dotted):
    """True when ``corpusbook.<dotted>`` names a module, or an attribute of one."""
    parts = dotted.strip(".").split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(["corpusbook", *parts[:cut]]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            if not hasattr(obj, name):
                return False
            obj = getattr(obj, name)
        return True
    return hasattr(importlib.import_module("corpusbook"), parts[0])


@pytest.mark.parametrize("path", DOCS + SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_dotted_name_the_text_cites_exists(path):
    text = path.read_text(encoding="utf-8")
    missing = sorted({m for m in DOTTED.findall(text) if not resolves(m)})
    assert not missing, f"{path.name} cites names that do not exist: corpusbook{', corpusbook'.join(missing)}"


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_every_call_in_a_code_example_exists(path):
    missing = []
    for block in re.findall(r"```(?:python|\{code-cell\}[^\n]*)\n(.*?)```", path.read_text(encoding="utf-8"), re.S):
        modules = {m.strip() for line in IMPORT.findall(block) for m in line.split(",")}
        missing += [f"{m}.{f}" for m, f in CALL.findall(block) if m in modules and not resolves(f"{m}.{f}")]
    assert not missing, f"{path.name} calls functions that do not exist: {', '.join(sorted(set(missing)))}"


def test_the_check_sees_a_name_that_does_not_exist():
    assert resolves("counts.frequency_from_counts") and resolves("keyness")
    assert not resolves("counts.keyness_from_counts")
