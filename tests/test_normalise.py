"""The same article in any form gives the same numbers: loading normalises the text (corpusbook.normalise).

Each real article of corpus/texts/ is rewritten into a form that users' files arrive in (decomposed
Unicode, a BOM, CRLF, soft hyphens, zero-width characters, no-break spaces, HTML entities,
PDF ligatures, hard-wrapped lines with hyphenation), the corpus is loaded as the book loads it, and
what the chapters read is compared with the original's.
"""

import html.entities
import re
import shutil
import unicodedata

import pandas as pd
import pytest
import simplemma
from conftest import ROOT, TINY_META, TINY_TEXTS, load_data, write_corpus

from corpusbook.corpus import load_corpus
from corpusbook.errors import CorpusError
from corpusbook.normalise import KINDS, looks_hard_wrapped, normalise_text

TEXTS = sorted((ROOT / "corpus" / "texts").glob("*.txt"))
LONG_WORD = re.compile(r"[^\W\d_]{6,}")


def words(text, pattern=LONG_WORD):
    """Apply ``f`` to every long word of ``text`` (a helper for the forms below)."""
    return lambda f: pattern.sub(lambda m: f(m.group()), text)


# --- the forms (each takes the file's text and returns the text in that form) -----------------------


def nfd(text):
    return unicodedata.normalize("NFD", text)


def bom(text):
    return "\ufeff" + text


def crlf(text):
    return text.replace("\n", "\r\n")


def cr(text):
    return text.replace("\n", "\r")


def soft_hyphens(text):
    """A soft hyphen every three letters inside every word of six letters or more, as sites hyphenate."""
    return words(text)(lambda w: "\u00ad".join(w[i : i + 3] for i in range(0, len(w), 3)))


def zero_width(text):
    """Zero-width space, word joiner, zero-width non-joiner and a direction mark inside long words."""
    marks = iter("\u200b\u2060\u200c\u200e" * len(text))
    return words(text)(lambda w: w[:3] + next(marks) + w[3:])


def no_break_spaces(text):
    """Every second space a no-break space, every third a narrow one."""
    counter = iter(range(len(text)))
    return re.sub(" ", lambda m: ("\u00a0", "\u202f", " ")[next(counter) % 3], text)


def entities(text):
    """Markup-significant characters escaped; every other non-ASCII character as a named, decimal or hex entity."""
    counter = iter(range(len(text)))

    def escape(ch):
        if ch in "&<>":
            return {"&": "&amp;", "<": "&lt;", ">": "&gt;"}[ch]
        if ord(ch) < 128:
            return ch
        n = next(counter) % 3
        if n == 0 and ord(ch) in html.entities.codepoint2name:
            return f"&{html.entities.codepoint2name[ord(ch)]};"
        return f"&#{ord(ch)};" if n == 1 else f"&#x{ord(ch):X};"

    return "".join(map(escape, text))


def ligatures(text):
    return text.replace("ffi", "\ufb03").replace("fi", "\ufb01").replace("fl", "\ufb02").replace("ff", "\ufb00")


def hard_wrap(text, width=72, hyphen="-"):
    """Fill every line to ``width`` columns, breaking long words with ``hyphen``; blank lines between paragraphs.

    Returns
    -------
    wrapped : str
    expected : str
        The original text with the words the documented rule cannot rejoin written with their hyphen
        where they were broken (the rule restated here with simplemma, independent of the package).
    """

    def known(word):
        return simplemma.is_known(word, lang="de")

    def rejoined(first, rest):
        return hyphen == "\u00ad" or known(first + rest) and (rest[0].islower() or not (known(first) or known(rest)))

    wrapped, expected = [], []
    for line in text.split("\n"):
        if not line.strip():
            wrapped.append("")
            expected.append(line)
            continue
        rows, row, kept = [], "", []
        for i, word in enumerate(line.split()):
            room = width - len(row) - (1 if row else 0)
            if len(word) <= room:
                row = f"{row} {word}" if row else word
                continue
            m = re.match(r"[^\W\d_]{8,}", word)
            cut = min(room - 1, len(m.group()) - 3) if m else 0
            if cut >= 3:
                rows.append(f"{row} {word[:cut]}{hyphen}" if row else f"{word[:cut]}{hyphen}")
                row = word[cut:]
                if not rejoined(word[:cut], m.group()[cut:]):
                    kept.append((i, word[:cut] + "-" + word[cut:]))
                continue
            rows.append(row)
            row = word
        rows.append(row)
        wrapped += [r for r in rows if r] + [""]
        spans = [m.span() for m in re.finditer(r"\S+", line)]
        for i, hyphenated in reversed(kept):  # the broken occurrence itself, not an earlier one of the same word
            line = line[: spans[i][0]] + hyphenated + line[spans[i][1] :]
        expected.append(line)
    return "\n".join(wrapped), "\n".join(expected)


def soft_wrap(text):
    return hard_wrap(text, hyphen="\u00ad")


EXACT = {
    "NFD": nfd,
    "BOM": bom,
    "CRLF": crlf,
    "CR": cr,
    "soft hyphens": soft_hyphens,
    "zero-width": zero_width,
    "no-break spaces": no_break_spaces,
    "entities": entities,
    "ligatures": ligatures,
}
#: the kind of change each form must be counted under (for every article)
COUNTED = {
    "NFD": "composed",
    "BOM": "bom",
    "CRLF": "line_ends",
    "CR": "line_ends",
    "soft hyphens": "soft_hyphens",
    "zero-width": "invisible",
    "no-break spaces": "spaces",
    "entities": "entities",
    "ligatures": "ligatures",
    "hard-wrapped": "hyphenations",
    "hard-wrapped, soft hyphens": "hyphenations",
}


def corpus_in_form(folder, form, only=None, source=ROOT / "corpus"):
    """A copy of a corpus (default the project's) with every article (or those in ``only``) rewritten by ``form``.

    Returns the folder and ``{file name: expected text}`` (the original unless ``form`` returns a pair)."""
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns("counts"))
    expected = {}
    for path in sorted((source / "texts").glob("*.txt")):
        if only and path.name not in only:
            continue
        text = path.read_bytes().decode("utf-8")
        result = form(text)
        converted, expected[path.name] = result if isinstance(result, tuple) else (result, text)
        assert converted != text
        (folder / "texts" / path.name).write_bytes(converted.encode("utf-8"))
    return folder, expected


def chapter_inputs(data):
    """Everything a chapter reads from BookData, apart from the normalisation report."""
    corpus = data.corpus
    return {
        "documents": corpus.documents,
        "paragraphs": corpus.paragraphs,
        "cleaning_log": corpus.cleaning_log,
        "cleaning_report": corpus.cleaning_report,
        "tokens": data.tokens,
    }


def assert_same(ours, theirs, skip=()):
    for name in ours:
        if name not in skip:
            pd.testing.assert_frame_equal(ours[name], theirs[name], obj=name)


@pytest.mark.parametrize("name", list(EXACT))
def test_each_form_gives_the_original_tables(project, tmp_path, name):
    folder, _ = corpus_in_form(tmp_path / "corpus", EXACT[name], source=project.folder)
    data = load_data(folder)
    assert_same(chapter_inputs(data), chapter_inputs(project))
    report = data.corpus.normalisation.set_index("doc_id")
    assert (report[COUNTED[name]] > 0).all(), report
    assert (project.corpus.normalisation[list(KINDS)] == 0).all().all()  # the shipped files need nothing


@pytest.mark.parametrize("name, form", [("hard-wrapped", hard_wrap), ("hard-wrapped, soft hyphens", soft_wrap)])
def test_hard_wrapped_text_gives_the_original_tables_up_to_the_rule(tmp_path, name, form):
    folder, expected = corpus_in_form(tmp_path / "wrapped", form)
    reference = tmp_path / "expected"
    shutil.copytree(ROOT / "corpus", reference, ignore=shutil.ignore_patterns("counts"))
    for file_name, text in expected.items():
        (reference / "texts" / file_name).write_text(text, encoding="utf-8")
    data, want = load_data(folder), load_data(reference)
    ours, theirs = chapter_inputs(data), chapter_inputs(want)
    assert_same(ours, theirs, skip=("documents", "paragraphs", "cleaning_log", "cleaning_report"))
    # paragraphs as in the original (the wrapped lines were joined with single spaces)
    collapse = {"text": lambda df: df["text"].str.split().str.join(" ")}
    pd.testing.assert_frame_equal(ours["paragraphs"].assign(**collapse), theirs["paragraphs"].assign(**collapse))
    pd.testing.assert_frame_equal(
        ours["cleaning_log"].drop(columns="line"), theirs["cleaning_log"].drop(columns="line")
    )
    report = data.corpus.normalisation.set_index("doc_id")
    assert (report["hyphenations"] > 0).all() and (report["wrapped_lines"] > 0).all(), report
    if form is hard_wrap:  # some broken names the rule leaves hyphenated, as the reference says
        assert (
            data.tokens["token"].str.contains("-").sum()
            > load_data(ROOT / "corpus").tokens["token"].str.contains("-").sum()
        )


def test_one_article_in_every_odd_form_changes_nothing_a_chapter_reads_but_the_report(project, tmp_path):
    """000 in NFD + BOM + CRLF + soft hyphens: the same documents, paragraphs, cleaning and tokens."""
    first = TEXTS[0].name
    folder, _ = corpus_in_form(
        tmp_path / "corpus", lambda t: bom(crlf(nfd(soft_hyphens(t)))), only={first}, source=project.folder
    )
    data = load_data(folder)
    assert_same(chapter_inputs(data), chapter_inputs(project))
    report = data.corpus.normalisation.set_index("doc_id")
    doc = project.documents.loc[project.documents["file"] == f"texts/{first}", "doc_id"].item()
    assert report.loc[doc, ["bom", "line_ends", "soft_hyphens"]].gt(0).all() and report.loc[doc, "composed"] > 0
    assert (report.drop(index=doc)[list(KINDS)] == 0).all().all()


def test_the_file_on_disk_is_not_changed(tmp_path):
    data = "\ufeffDer Pra\u0308si\u00addent&nbsp;sprach.\r\n".encode("utf-8")
    folder = write_corpus(tmp_path / "c", texts=dict(TINY_TEXTS, **{"b.txt": data}))
    corpus = load_corpus(folder)
    assert (folder / "texts" / "b.txt").read_bytes() == data
    assert corpus.documents.set_index("doc_id").loc["b", "text"] == "Der Präsident sprach."


# --- the report --------------------------------------------------------------------------------------


def test_report_counts_each_kind_by_hand():
    text = (
        "\ufeffPra\u0308si\u00addent &amp; Toka\u200bjew\r\n"
        "Der Au\u00dfen-\r\nminister traf im Kon\ufb02ikt den Pr\u00e4si-\ndenten in\u00a0Moskau.\r"
    )
    result = normalise_text(text)
    assert result.text == "Präsident & Tokajew\nDer Außenminister traf im Konflikt den Präsidenten in Moskau.\n"
    assert result.counts == {
        "bom": 1,
        "line_ends": 3,
        "entities": 1,
        "soft_hyphens": 1,
        "invisible": 1,
        "ligatures": 1,
        "composed": 1,
        "spaces": 1,
        "hyphenations": 2,
        "wrapped_lines": 0,
    }
    # the lines joined keep the number of the first
    assert result.line_numbers == [1, 2, 5]  # the empty line after the last CR is line 5


def test_report_is_one_row_per_article_with_a_column_per_kind(tiny_corpus):
    report = load_corpus(tiny_corpus).normalisation
    assert list(report.columns) == ["doc_id", *KINDS]
    assert report["doc_id"].tolist() == ["a", "b"]
    assert all(pd.api.types.is_integer_dtype(report[k]) for k in KINDS) and not report[list(KINDS)].any().any()


def test_cleaning_log_gives_the_line_of_the_file_after_lines_were_joined(tmp_path):
    wrapped, _ = hard_wrap(
        TINY_TEXTS["a.txt"].replace(
            "„Die", "Die Straße ist breit und die Straße ist lang, und die Straße bleibt, was sie ist. „Die"
        )
        * 3,
        width=50,
    )
    assert looks_hard_wrapped(wrapped.split("\n"))
    corpus = load_corpus(write_corpus(tmp_path / "c", texts=dict(TINY_TEXTS, **{"a.txt": wrapped})))
    lines = wrapped.split("\n")
    log = corpus.cleaning_log[corpus.cleaning_log["doc_id"] == "a"]
    assert len(log) >= 3
    for line, removed in zip(log["line"], log["removed"]):
        assert lines[line - 1].strip() == removed


# --- the rules for line breaks ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, joined",
    [
        ("Der Präsi-\ndent sprach.", "Der Präsident sprach."),
        ("Der Außen-\nminister sprach.", "Der Außenminister sprach."),  # compounds break at their parts
        ("Die OVKS-Kon-\ntingente kamen.", "Die OVKS-Kontingente kamen."),
        ("Der Präsi\u00ad\ndent sprach.", "Der Präsident sprach."),  # a soft hyphen at a line end always joins
        ("Kassym-\nSchomart Tokajew", "Kassym-\nSchomart Tokajew"),  # not a known word joined: kept
        ("die deutsch-\nrussischen Beziehungen", "die deutsch-\nrussischen Beziehungen"),
        ("Zusammen-\nArbeit", "Zusammen-\nArbeit"),  # both parts are words and a capital follows: kept
        ("Ein Satz -\nund noch einer.", "Ein Satz -\nund noch einer."),  # a dash, not a broken word
    ],
)
def test_a_word_broken_at_a_line_end_is_joined_by_the_rule(text, joined):
    assert normalise_text(text).text == joined


PDF_LINES = [
    "Wladimir Putin empfing Kassym-Jomart Tokajew im selben Büro wie",
    "Emmanuel Macron, aber in einem völlig anderen Rahmen. Der lange Tisch,",
    "der die europäische Presse begeisterte, blieb am Rand stehen und",
    "wartete auf den Gast.",
    "Die Präsidenten umarmten sich freundschaftlich und ließen sich auf",
    "Armeslänge nieder, vor dem Kamin, der an Staats- und",
    "Regierungschefs erinnerte.",
]


def test_hard_wrapped_paragraphs_end_at_a_blank_line_or_a_short_line_that_ends_a_sentence():
    assert looks_hard_wrapped(PDF_LINES)
    result = normalise_text("\n".join(PDF_LINES))
    assert result.text.split("\n") == [
        " ".join(PDF_LINES[:4]),
        (
            "Die Präsidenten umarmten sich freundschaftlich und ließen sich auf Armeslänge nieder, vor dem Kamin, "
            "der an Staats- und Regierungschefs erinnerte."
        ),
    ]
    assert result.counts["wrapped_lines"] == 5 and result.line_numbers == [1, 5]


@pytest.mark.parametrize(
    "lines",
    [
        [
            "Putin traf Tokajew in Moskau.",
            "Die OVKS-Truppen kamen im Januar.",
            "Sie zogen bald wieder ab.",
            "Das war alles.",
        ],
        ["Startseite", "Politik", "Ausland", "Zentralasien", "Kasachstan"],  # a menu
        [line for path in TEXTS for line in path.read_text(encoding="utf-8").split("\n")],  # one paragraph per line
    ],
)
def test_text_written_one_paragraph_per_line_is_not_hard_wrapped(lines):
    assert not looks_hard_wrapped(lines)
    assert normalise_text("\n".join(lines)).text == "\n".join(lines)


def test_entities_only_when_complete():
    result = normalise_text("AT&T und M&A: 3 < 5 > 2, &auml; &#xFC; &bogus; &amp &amp; &#10;&#13;\n")
    assert result.text == "AT&T und M&A: 3 < 5 > 2, ä ü &bogus; &amp &   \n"
    assert result.counts["entities"] == 5 and result.line_numbers == [1, 2]


# --- what is still refused ---------------------------------------------------------------------------


def _refused(tmp_path, data):
    folder = write_corpus(tmp_path / "bad", texts=dict(TINY_TEXTS, **{"b.txt": data}))
    with pytest.raises(CorpusError) as info:
        load_corpus(folder)
    assert len(info.value.problems) == 1
    return info.value.problems[0]


@pytest.mark.parametrize(
    "codec, label",
    [
        ("cp1252", "Windows-1252 (cp1252):"),  # „ and “ are bytes 0x84 and 0x93, control codes in Latin-1
        ("latin-1", "Windows-1252 (cp1252) or Latin-1 (ISO-8859-1), which agree"),
        ("mac_roman", "Mac Roman"),
        ("utf-16", "UTF-16"),
    ],
)
def test_a_legacy_encoding_is_refused_and_named(tmp_path, codec, label):
    text = "Präsident Tokajew sagte: „Wir sind Nachbarn.“" if codec != "latin-1" else "Präsident Tokajew sprach."
    message = _refused(tmp_path, text.encode(codec, errors="replace"))
    assert message.startswith("texts/b.txt: the file is not valid UTF-8") and label in message
    assert "is in 'Präsident'" in message and "Re-save it as UTF-8" in message


def test_a_saved_web_page_is_refused(tmp_path):
    page = (
        "<!DOCTYPE html><html><head><title>x</title><script>window.dataLayer = [];</script>"
        "<style>body { margin: 0 }</style></head><body><div class='nav'><a href='/'>Start</a></div>"
        "<p>Putin traf Tokajew.</p></body></html>"
    )
    message = _refused(tmp_path, page)
    assert message.startswith("texts/b.txt: the file is mostly markup (")


def test_a_few_tags_are_text_not_refused(tmp_path):
    text = "Putin traf <b>Tokajew</b> in Moskau, und sie sprachen lange über die Zusammenarbeit.\n"
    corpus = load_corpus(write_corpus(tmp_path / "c", texts=dict(TINY_TEXTS, **{"b.txt": text})))
    assert corpus.paragraphs.set_index("doc_id").loc["b", "text"] == text.strip()  # every page escapes it


@pytest.mark.parametrize("data", ["\u200b\u00ad\u2060\n", "&nbsp;&shy;&#8203;\n", "\ufeff\u200e \u202f\r\n"])
def test_a_text_empty_after_normalisation_is_refused(tmp_path, data):
    message = _refused(tmp_path, data)
    assert message.startswith("texts/b.txt: the text is empty after normalisation")


def test_a_doubly_encoded_text_is_refused(tmp_path):
    message = _refused(tmp_path, "Der Präsident sprach.".encode().decode("cp1252"))
    assert message.startswith("texts/b.txt: the text looks doubly encoded (PrÃ¤sident)")


def test_validate_command_ends_with_the_encoding_message(tmp_path):
    import subprocess
    import sys

    folder = write_corpus(
        tmp_path / "c", texts=dict(TINY_TEXTS, **{"b.txt": "„Präsident“".encode("cp1252")}), meta=TINY_META
    )
    result = subprocess.run(
        [sys.executable, "-m", "corpusbook.validate", str(folder)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("texts/b.txt: the file is not valid UTF-8") and "Windows-1252 (cp1252)" in last
