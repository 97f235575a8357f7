"""Normalise an article's text as it is loaded; the file on disk stays the record, unchanged.

Articles are copied from news sites, PDFs and editors on macOS and Windows, so the same text arrives
in forms that look alike on screen but not to a tokenizer: "Präsident" decomposed into ``a`` and a
combining diaeresis splits into three tokens, a soft hyphen or a zero-width space splits a word in
two, ``&amp;`` becomes the word *amp*. :func:`normalise_text` turns every such form into one, and
counts what it changed (:data:`KINDS`; the loader reports the counts per article as
``Corpus.normalisation``). Each line of the file is treated on its own first, in this order:

1. a byte-order mark at the start is removed; CRLF, CR, form feed, vertical tab and the Unicode line
   and paragraph separators end a line (LF);
2. HTML character references are decoded with :func:`html.unescape` (``&amp;``, ``&auml;``,
   ``&#228;``, ``&#xE4;``; only complete references ending in ``;``, so *AT&T* stays as written);
3. soft hyphens (U+00AD) are removed, as are zero-width and other format characters (Unicode
   category Cf: U+200B, U+200C, U+200D, U+2060, U+FEFF, direction marks …) and control characters
   other than the tab;
4. typographic ligatures from PDFs (U+FB00–U+FB06: ﬁ, ﬂ …) are spelt out;
5. the text is composed to Unicode NFC (:func:`unicodedata.normalize`);
6. no-break and other special spaces (Unicode category Zs: U+00A0, U+202F, U+2009 …) become spaces.

Then lines are joined where a line break does not end a paragraph:

- **Hyphenated line ends.** A word broken with a hyphen at a line end (``Präsi-`` / ``dent``) is
  joined without the hyphen when the joined form is a word simplemma knows
  (:func:`simplemma.is_known`) and either neither part is a known word (*Präsi*, *dent*) or the
  continuation starts with a small letter (*Außen-* / *minister*: German writes a hyphenated
  compound with a capital after the hyphen, *Außen-Minister*). Otherwise the hyphen is kept
  (*Kassym-* / *Schomart*, *deutsch-* / *russischen*, *Staats-* / *und*). A soft hyphen at a line
  end always joins. This holds in every text.
- **Hard-wrapped text** (:func:`looks_hard_wrapped`). A text whose lines were broken at a fixed
  width (PDF exports, e-mail) has paragraphs spread over several lines. In such a text a paragraph
  ends at a blank line, or after a line that ends a sentence (``.``, ``!``, ``?``, ``…`` or a
  closing quote) and is shorter than :data:`SHORT_LINE` of the wrap width (the last line of a
  paragraph in a PDF). The other line breaks are removed: the lines are joined with a space, or, at
  a hyphen kept by the rule above, without one. In any other text every non-blank line is a
  paragraph (:func:`corpusbook.corpus.split_paragraphs`), as it is written.

HTML tags are left as they are: a text that is mostly markup is refused by the validator
(:func:`markup_share`), and a tag in an article is text like any other, escaped on every page.

Examples
--------
>>> result = normalise_text("\\ufeffPra\\u0308si\\u00addent &amp; Tokajew\\r\\n")
>>> result.text
'Präsident & Tokajew\\n'
>>> {kind: n for kind, n in result.counts.items() if n}
{'bom': 1, 'line_ends': 1, 'entities': 1, 'soft_hyphens': 1, 'composed': 1}
"""

import html
import re
import sys
import unicodedata
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

#: The kinds of change, in the order they are made: column name -> what it counts. These are the
#: columns of ``Corpus.normalisation`` (after ``doc_id``), one row per article.
KINDS = {
    "bom": "byte-order mark removed (0 or 1)",
    "line_ends": "line ends rewritten as LF (CRLF, CR, form feed, Unicode line separators)",
    "entities": "HTML character references decoded (&amp; → &)",
    "soft_hyphens": "soft hyphens (U+00AD) removed",
    "invisible": "zero-width, other format (Unicode Cf) and control characters removed",
    "ligatures": "typographic ligatures spelt out (ﬁ → fi)",
    "composed": "characters composed to Unicode NFC (a + combining diaeresis → ä)",
    "spaces": "no-break and other special spaces turned into plain spaces",
    "hyphenations": "words rejoined across a hyphenated line end (Präsi-/dent → Präsident)",
    "wrapped_lines": "other line breaks removed inside the paragraphs of a hard-wrapped text",
}

#: A text is hard-wrapped only if at least this many lines run on into the next line ...
MIN_WRAPPED_LINES = 3
#: ... the longest of them is within this range of characters (nobody wraps at 30 or at 150) ...
WRAP_WIDTHS = (40, 100)
#: ... at least this share of them is at least :data:`SHORT_LINE` of the longest ...
MIN_FULL_SHARE = 0.75
#: ... (a line shorter than this share of the wrap width that ends a sentence ends its paragraph) ...
SHORT_LINE = 0.6
#: ... and fewer than this share of them ends a sentence (one sentence per line is not wrapping).
MAX_SENTENCE_END_SHARE = 0.5

_LINE_BREAK = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>", re.DOTALL)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_LIGATURE = re.compile("[\ufb00-\ufb06]")
_SENTENCE_END = re.compile(r"[.!?…][\"'“”»«›‹’)\]]*$|[“”»«\"]$")
_HYPHEN_END = re.compile(r"([^\W\d_]+)[-\u2010]$")
_LEADING_WORD = re.compile(r"[^\W\d_]+")
#: Words after which a hyphen at a line end stands for a left-out part (*Staats- und Regierungschefs*).
_ELLIPSIS_WORDS = ("und", "oder", "bis", "sowie")


class Normalised(NamedTuple):
    """The result of :func:`normalise_text`.

    Attributes
    ----------
    text : str
        The normalised text, lines separated by ``\\n``.
    line_numbers : list of int
        For each line of ``text``, the 1-based number of the line of the file it starts on (lines
        joined by the rules keep the first one's number).
    counts : dict
        :data:`KINDS` -> how many changes of that kind were made.
    """

    text: str
    line_numbers: list
    counts: dict


def normalise_text(text):
    """Normalise one decoded article text (see the module docstring for every step).

    Parameters
    ----------
    text : str
        The file's content decoded from UTF-8, as it is (BOM and CR line ends included).

    Returns
    -------
    Normalised
        The text, the file line number of each of its lines, and the counts per kind.

    Examples
    --------
    >>> normalise_text("Der Präsi-\\ndent sprach.").text
    'Der Präsident sprach.'
    >>> normalise_text("Kassym-\\nSchomart Tokajew").text
    'Kassym-\\nSchomart Tokajew'
    """
    counts = dict.fromkeys(KINDS, 0)
    if text.startswith("\ufeff"):
        text = text[1:]
        counts["bom"] = 1
    counts["line_ends"] = sum(m.group() != "\n" for m in _LINE_BREAK.finditer(text))
    lines = []
    for number, line in enumerate(_LINE_BREAK.split(text), 1):
        lines.append([number, _normalise_chars(line, counts)])
    if looks_hard_wrapped([line for _, line in lines]):
        lines = _unwrap(lines, counts)
    else:
        lines = _join_broken_words(lines, counts)
    return Normalised("\n".join(line for _, line in lines), [number for number, _ in lines], counts)


def _normalise_chars(line, counts):
    """Steps 2–6 on one line of the file."""
    if "&" in line:

        def decode(m):
            decoded = html.unescape(m.group())
            counts["entities"] += decoded != m.group()
            return " " if _LINE_BREAK.fullmatch(decoded) else decoded  # &#10; does not split a line

        line = _ENTITY.sub(decode, line)
    if line.isascii() and line.isprintable():
        return line
    invisible, spaces = _classes()
    # a soft hyphen at the line end is kept until the lines are joined (it marks a broken word)
    soft_end = line.rstrip(" \t").endswith("\u00ad")
    counts["soft_hyphens"] += line.count("\u00ad")
    line = line.replace("\u00ad", "")
    line, n = invisible.subn("", line)
    counts["invisible"] += n
    line, n = _LIGATURE.subn(lambda m: unicodedata.normalize("NFKC", m.group()), line)
    counts["ligatures"] += n
    if not unicodedata.is_normalized("NFC", line):
        counts["composed"] += _changed_clusters(line)
        line = unicodedata.normalize("NFC", line)
    line, n = spaces.subn(" ", line)
    counts["spaces"] += n
    return line.rstrip(" \t") + "\u00ad" if soft_end else line


@lru_cache(maxsize=1)
def _classes():
    """Regular expressions of the characters removed (Cf, Cc but tab and LF, soft hyphen apart) and of
    the special spaces (Zs but the space), from the Unicode database of this Python."""

    def chars(keep):
        return "".join(re.escape(chr(c)) for c in range(sys.maxunicode + 1) if keep(chr(c)))

    invisible = chars(lambda ch: unicodedata.category(ch) in ("Cf", "Cc") and ch not in "\t\n\u00ad")
    spaces = chars(lambda ch: unicodedata.category(ch) == "Zs" and ch != " ")
    return re.compile(f"[{invisible}]"), re.compile(f"[{spaces}]")


def _changed_clusters(line):
    """How many characters with their combining marks NFC rewrites (``a`` + U+0308 counts once)."""
    clusters, current = [], ""
    for ch in line:
        if current and unicodedata.combining(ch) == 0:
            clusters.append(current)
            current = ""
        current += ch
    clusters.append(current)
    return sum(unicodedata.normalize("NFC", c) != c for c in clusters)


def looks_hard_wrapped(lines):
    """Whether lines look broken at a fixed width, so that a paragraph runs over several lines.

    The lines that run on into the next line without a blank line between them decide (a line
    without a space, such as a long URL, cannot be wrapped and does not count): there are
    at least :data:`MIN_WRAPPED_LINES`; the longest of them (the wrap width) has between
    :data:`WRAP_WIDTHS` characters; at least :data:`MIN_FULL_SHARE` of them are at least
    :data:`SHORT_LINE` of the width long; and fewer than :data:`MAX_SENTENCE_END_SHARE` of them end a
    sentence. Articles written with one paragraph per line have no such run of lines of a similar,
    short length, and a list of one sentence per line ends its lines with sentences.

    Parameters
    ----------
    lines : list of str

    Returns
    -------
    bool

    Examples
    --------
    >>> looks_hard_wrapped(["Russland und Kasachstan sind Nachbarn von Gott, sagte", "Kassym-Schomart Tokajew,",
    ...                     "der bei seinem ersten Besuch nach dem Putschversuch in", "Moskau ankam, gegenüber",
    ...                     "Wladimir Putin. Obwohl die Hintergründe der Januar-", "Ereignisse nicht bekannt sind."])
    False
    >>> looks_hard_wrapped(["Russland und Kasachstan sind Nachbarn von Gott, sagte",
    ...                     "Kassym-Schomart Tokajew, der bei seinem ersten Besuch",
    ...                     "nach dem Putschversuch in Moskau ankam, gegenüber",
    ...                     "Wladimir Putin. Obwohl die Hintergründe der Januar-", "Ereignisse nicht bekannt sind."])
    True
    """
    running = _running_lines(lines)
    if len(running) < MIN_WRAPPED_LINES:
        return False
    width = _width(running)
    if not WRAP_WIDTHS[0] <= width <= WRAP_WIDTHS[1]:
        return False
    full = sum(len(line) >= SHORT_LINE * width for line in running)
    ends = sum(bool(_SENTENCE_END.search(line.rstrip("\u00ad"))) for line in running)
    return full >= MIN_FULL_SHARE * len(running) and ends < MAX_SENTENCE_END_SHARE * len(running)


def _running_lines(lines):
    """The stripped lines followed directly by a non-blank line; a line without a space (a long URL)
    cannot be wrapped and does not count."""
    return [a.strip() for a, b in pairwise(lines) if a.strip() and b.strip() and " " in a.strip()]


def _width(running):
    return max(map(len, running), default=0)


def rejoin_hyphenated(first, rest):
    """Whether a word broken as ``first-`` / ``rest`` at a line end is one word written without the hyphen.

    The rule of the module docstring: the joined form is known to simplemma, and either neither part
    is known or ``rest`` starts with a small letter.

    Examples
    --------
    >>> rejoin_hyphenated("Präsi", "dent"), rejoin_hyphenated("Außen", "minister")
    (True, True)
    >>> rejoin_hyphenated("Kassym", "Schomart"), rejoin_hyphenated("deutsch", "russischen")
    (False, False)
    """
    import simplemma  # noqa: PLC0415 (the dictionary loads only when a text has a broken word)

    def known(word):
        return simplemma.is_known(word, lang="de")

    if not known(first + rest):
        return False
    return rest[:1].islower() or not (known(first) or known(rest))


def _join(left, right, wrapped):
    """How two lines are joined, or None if the break stays: ``(text, kind)``."""
    left, right = left.rstrip(" \t"), right.lstrip(" \t")
    if not left or not right:
        return None
    if left.endswith("\u00ad"):
        return left[:-1] + right, "hyphenations"
    word = _HYPHEN_END.search(left)
    rest = _LEADING_WORD.match(right)
    if word and rest and rejoin_hyphenated(word.group(1), rest.group()):
        return left[:-1] + right, "hyphenations"
    if not wrapped:
        return None
    if word and rest and rest.group() not in _ELLIPSIS_WORDS:
        return left + right, "wrapped_lines"
    return left + " " + right, "wrapped_lines"


def _join_broken_words(lines, counts):
    """In a text that is not hard-wrapped, join only words broken at a line end."""
    out = []
    for number, line in lines:
        joined = _join(out[-1][1], line, wrapped=False) if out else None
        if joined:
            out[-1][1] = joined[0]
            counts[joined[1]] += 1
        else:
            out.append([number, line])
    return _drop_soft_ends(out)


def _unwrap(lines, counts):
    """In a hard-wrapped text, join each paragraph's lines into one (see :func:`looks_hard_wrapped`)."""
    width = _width(_running_lines([line for _, line in lines]))
    out = []
    ends_paragraph = True
    for number, line in lines:
        joined = None if ends_paragraph or not out else _join(out[-1][1], line, wrapped=True)
        if joined:
            out[-1][1] = joined[0]
            counts[joined[1]] += 1
        else:
            out.append([number, line])
        stripped = line.strip()
        ends_paragraph = not stripped or (len(stripped) < SHORT_LINE * width and bool(_SENTENCE_END.search(stripped)))
    return _drop_soft_ends(out)


def _drop_soft_ends(lines):
    """A soft hyphen left at a line end (before a blank line or the end) goes too."""
    for entry in lines:
        entry[1] = entry[1].removesuffix("\u00ad")
    return lines


def markup_share(text):
    """Share of a text's non-space characters that are HTML markup: tags, comments, scripts and styles.

    Parameters
    ----------
    text : str

    Returns
    -------
    float
        0 for plain text; near 1 for a saved web page.

    Examples
    --------
    >>> markup_share("Putin traf Tokajew.")
    0.0
    >>> round(markup_share("<html><head><style>p {color: red}</style></head><body><p>Putin</p></body></html>"), 2)
    0.94
    """
    total = len("".join(text.split()))
    if not total:
        return 0.0
    plain = re.sub(r"<(script|style|head)\b.*?</\1\s*>", " ", text, flags=re.DOTALL | re.IGNORECASE)
    plain = _TAG.sub(" ", plain)
    return 1 - len("".join(plain.split())) / total


#: Signs of UTF-8 text decoded as Windows-1252 and saved again as UTF-8 ("PrÃ¤sident", "â€ž").
_MOJIBAKE = re.compile("\\S{0,20}(?:Ã[„–œŸ¤¶¼ÄÖÜß]|â€[žœ\x9d“”™]|Â[\xa0°§«»])\\S{0,20}")


def mojibake(text):
    """The first word of a text that looks doubly encoded (UTF-8 read as cp1252), or None.

    Examples
    --------
    >>> mojibake("Der PrÃ¤sident sagte")
    'PrÃ¤sident'
    >>> mojibake("Der Präsident sagte") is None
    True
    """
    m = _MOJIBAKE.search(text)
    return None if m is None else m.group()
