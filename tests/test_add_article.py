"""Adding an article the documented way keeps the fast suite green.

The project is copied, one real German article (10kGNAD, dated 2025, ``source_language`` ``de``,
``period`` left to its default) is added as README's "Adding an article" says (a text file in
``corpus/texts/`` and a row in ``corpus/metadata.csv``), and ``pytest -m "not book and not browser"``
runs in the copy with the copy's own package.
"""

import os
import subprocess
import sys

import pytest

import shapes

pytestmark = [pytest.mark.slow]


def test_fast_suite_stays_green_after_adding_an_article(tmp_path):
    copy = shapes.project_copy(tmp_path / "project")
    readme = (copy / "README.md").read_text(encoding="utf-8")
    assert "## Adding an article" in readme and "corpus/texts/" in readme and "metadata.csv" in readme
    before = len((copy / "corpus" / "metadata.csv").read_text(encoding="utf-8").splitlines())
    shapes.add_gnad(copy / "corpus", 1, year=2025, start=40)
    assert len((copy / "corpus" / "metadata.csv").read_text(encoding="utf-8").splitlines()) == before + 1
    env = dict(os.environ, PYTHONPATH=str(copy / "src"), CORPUSBOOK_JOBS="1")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-m", "not book and not browser", "-q", "-p", "no:randomly",
         "-p", "no:cacheprovider", "--ignore=tests/test_add_article.py"],
        cwd=copy, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"the fast suite fails after adding an article:\n{result.stdout[-6000:]}"
    assert " passed" in result.stdout
