"""The whole book built on two other corpus shapes, read for stale statements.

Shape 2 (today's corpus plus a third period of GNAD articles) and shape 3 (a balanced corpus, three
GNAD articles per period) are written by ``tests/shapes.py``; each is built once in a copy of the
project. The expectations (periods, article counts) come from the shape's metadata, never from the
package under test.
"""

import json
import re

import pandas as pd
import pytest

import shapes

pytestmark = [pytest.mark.book, pytest.mark.slow]

WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
ROLE = re.compile(r"\{(glue|glue:text|glue:md|glue:any|ref|numref|doc|cite|cite:p|cite:t|term|eq)[:}`]")
NON_FINITE = re.compile(r"(?<![\w-])-?(nan|NaN|NAN|inf|Inf|infinity)(?![\w-])")
FLOAT_INTEGER = re.compile(r"\b\d{1,3}(?:,\d{3})+\.0\b(?!\d)|\b\d+\.0 (?:tokens|articles|words|types|lemmas|"
                           r"paragraphs|texts|times|occurrences)\b")


@pytest.fixture(scope="module", params=["third_period", "balanced"])
def shaped_book(request, tmp_path_factory):
    copy = shapes.project_copy(tmp_path_factory.mktemp(request.param) / "project", shapes.SHAPES[request.param])
    palette_log = copy / "palette.jsonl"
    html = shapes.build_book(copy, env={"CORPUSBOOK_PALETTE_LOG": str(palette_log)})
    meta = pd.read_csv(copy / "corpus" / "metadata.csv", dtype=str, keep_default_na=False)
    meta["period"] = [p if p else d[:4] for p, d in zip(meta["period"], meta["date"])]
    return {"name": request.param, "html": html, "texts": shapes.page_texts(html), "meta": meta,
            "palette": palette_log}


def sentences(text):
    return re.split(r"(?<=[.!?])\s+(?=[A-Z0-9])", text)


def test_every_period_is_named_where_periods_are_listed(shaped_book):
    periods = sorted(shaped_book["meta"]["period"].unique())
    stale = []
    for page, text in shaped_book["texts"].items():
        for sentence in sentences(text):
            if not re.search(r"\bperiods\b", sentence):
                continue
            named = [p for p in periods if re.search(rf"(?<!\d){re.escape(p)}(?!\d)", sentence)]
            if len(named) >= 2 and len(named) < len(periods):
                stale.append(f"{page}: {sentence[:200]}")
    assert not stale, f"{shaped_book['name']}: sentences listing periods leave some out:\n" + "\n".join(stale)
    for page in ("intro", "chapters/corpus"):
        for p in periods:
            assert p in shaped_book["texts"][page], f"{shaped_book['name']}: period {p} never named on {page}"


def test_article_counts_in_words_match_the_corpus(shaped_book):
    meta = shaped_book["meta"]
    total = len(meta)
    groups = {total} | set(meta.groupby("period").size()) | {total - n for n in meta.groupby("period").size()}
    if "slice" in meta:
        groups |= set(meta.assign(s=[s or p for s, p in zip(meta["slice"], meta["period"])]).groupby("s").size())
    wrong = []
    for page, text in shaped_book["texts"].items():
        for word, value in WORD_NUMBERS.items():
            for m in re.finditer(rf"\b{word} (?:articles|texts)\b", text, flags=re.IGNORECASE):
                if value not in groups:
                    wrong.append(f"{page}: '{m.group(0)}' ({total} articles; group sizes {sorted(groups)}): "
                                 f"…{text[max(0, m.start() - 80):m.end() + 40]}…")
        for m in re.finditer(r"\b(?:all|holds|The corpus has) (\d[\d,]*) (?:articles|texts)\b", text):
            if int(m.group(1).replace(",", "")) != total:
                wrong.append(f"{page}: '{m.group(0)}' but the corpus has {total}")
    assert not wrong, "\n".join(wrong)


def test_no_role_syntax_nan_or_float_integers_on_any_page(shaped_book):
    found = []
    for page, text in shaped_book["texts"].items():
        for pattern, what in ((ROLE, "role syntax"), (NON_FINITE, "nan/inf"), (FLOAT_INTEGER, "'.0' integer")):
            for m in pattern.finditer(text):
                found.append(f"{page}: {what} '{m.group(0)}' in …{text[max(0, m.start() - 60):m.end() + 40]}…")
    assert not found, f"{shaped_book['name']}:\n" + "\n".join(found[:40])


def test_every_period_has_one_colour_in_every_figure(shaped_book):
    """Every colour request of the build (``palette.period_colors``) gives a period the same colour."""
    periods = sorted(shaped_book["meta"]["period"].unique())
    log = shaped_book["palette"]
    assert log.is_file(), "no figure asked corpusbook.palette.period_colors for its colours"
    seen = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        for period, colour in json.loads(line)["colors"].items():
            seen.setdefault(period, set()).add(colour.lower())
    assert set(periods) <= set(seen), f"periods never coloured: {set(periods) - set(seen)}"
    assert all(len(c) == 1 for c in seen.values()), f"a period changes colour between figures: {seen}"
    colours = [next(iter(seen[p])) for p in periods]
    assert len(set(colours)) == len(colours), f"two periods share a colour: {dict(zip(periods, colours))}"
