"""Shared fixtures: a tiny in-memory corpus written to a temporary folder, and the real project."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

HEADER = "doc_id,file,title,outlet,date,period,slice,source_language,source_url,provenance\n"

TINY_TEXTS = {
    "a.txt": "Bbabo NET\n\nNachrichten\n\nÜberschrift über Größe\n\n„Die Straße ist groß“, sagte Kassym-Schomart Tokajew.\n\nTokajews Besuch in Nur-Sultan.\n\nÜberschrift über Größe\n",  # noqa: E501
    "b.txt": "Putin traf Tokayev in Moskau.\nDie OVKS-Truppen kamen.\nQuelle: https://example.org/x.html\n",
}
TINY_META = [
    ("a", "texts/a.txt", "Titel A", "bbabo.net", "2022-02-10", "", "", "ru", "", "test"),
    ("b", "texts/b.txt", "Titel B", "example", "2024-11-27", "", "", "vi", "", "test"),
]


def write_corpus(folder, texts=TINY_TEXTS, meta=TINY_META, header=HEADER):
    """Write a corpus folder (texts/, metadata.csv and the project's curated tables)."""
    folder = Path(folder)
    (folder / "texts").mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        (folder / "texts" / name).write_bytes(data)
    lines = [header] + [",".join(f'"{v}"' if "," in v else v for v in row) + "\n" for row in meta]
    (folder / "metadata.csv").write_text("".join(lines), encoding="utf-8")
    for name in ("cleaning_rules.csv", "aliases.csv", "stopwords.txt", "lemma_overrides.csv", "frames.csv"):
        shutil.copy(ROOT / "corpus" / name, folder / name)
    return folder


def toy_tokens(docs):
    """A token table from ``{doc_id: (group, [lemmas])}``; words starting with '_' are stop words."""
    import pandas as pd

    rows = []
    for doc_id, (group, words) in docs.items():
        for pos, w in enumerate(words):
            rows.append(
                {
                    "doc_id": doc_id,
                    "paragraph": 0,
                    "position": pos,
                    "token": w.lstrip("_"),
                    "lemma": w.lstrip("_"),
                    "kind": "word",
                    "is_stop": w.startswith("_"),
                    "group": group,
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture
def tiny_corpus(tmp_path):
    return write_corpus(tmp_path / "corpus")


def load_data(folder):
    """BookData of a corpus folder, as the book loads it, its token table computed without the on-disk cache."""
    from corpusbook.book import load_folder

    return load_folder(folder, cache=False)


@pytest.fixture(scope="session", params=["shipped", "plus-one"])
def project(request, tmp_path_factory):
    """The real project's BookData, as shipped and with one more article added the documented way:
    every test that reads the real corpus must hold for both (no test pins today's corpus)."""
    if request.param == "shipped":
        return load_data(ROOT / "corpus")
    import shapes

    folder = shapes.add_articles(shapes.today(tmp_path_factory.mktemp("plus-one") / "corpus"), 1, year=2025)
    return load_data(folder)


@pytest.fixture(scope="session")
def built_book():
    """The project's book, built once per test run with `make book`. Returns _build/html.

    Not strict: a user who adds articles gets marked claims, not a failing suite; CI builds the shipped corpus
    with STRICT=1 (.ci/run)."""
    result = subprocess.run(["make", "book"], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stdout.write(result.stdout[-8000:])
        sys.stderr.write(result.stderr[-8000:])
        pytest.fail("make book failed; its output is above")
    return ROOT / "_build" / "html"
