"""Normalise an article's text as it is loaded; the file on disk stays unchanged.

Text copied from news sites, PDFs and editors arrives in forms that look alike but tokenize differently
(a decomposed "ä", a soft hyphen inside a word, ``&amp;``). :func:`normalise_text` turns them into one form
and counts each change (:data:`KINDS`, in the order made). Each line on its own: a byte-order mark is removed
and CRLF, CR, form feed, vertical tab and U+2028/U+2029 end a line (LF); complete HTML character references
are decoded (:func:`html.unescape`; *AT&T* stays); soft hyphens, format characters (Unicode Cf) and control
characters but the tab are removed; ligatures (U+FB00–U+FB06) are spelt out; the text is composed to NFC;
special spaces (Unicode Zs) become spaces.

Then a word hyphenated at a line end is joined when :func:`rejoin_hyphenated` says so (a soft hyphen always
joins), and in a hard-wrapped text (:func:`looks_hard_wrapped`) the lines of a paragraph are joined: a
paragraph ends at a blank line or after a line that ends a sentence and is shorter than :data:`SHORT_LINE`
of the wrap width. Elsewhere every non-blank line is a paragraph. HTML tags stay (see :func:`markup_share`).

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
        For each line of ``text``, the 1-based line of the file it starts on.
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
    """
    counts = dict.fromkeys(KINDS, 0)
    if text.startswith("\ufeff"):
        text = text[1:]
        counts["bom"] = 1
    counts["line_ends"] = sum(m.group() != "\n" for m in _LINE_BREAK.finditer(text))
    lines = [[number, _normalise_chars(line, counts)] for number, line in enumerate(_LINE_BREAK.split(text), 1)]
    lines = _join_lines(lines, counts, wrapped=looks_hard_wrapped([line for _, line in lines]))
    return Normalised("\n".join(line for _, line in lines), [number for number, _ in lines], counts)


def _normalise_chars(line, counts):
    """The character steps of the module docstring (references to spaces) on one line of the file."""
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
    line, n = invisible.subn("", line.replace("\u00ad", ""))
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
    """Regexes of the characters removed (Cf, Cc but tab, LF and soft hyphen) and of the spaces (Zs but space)."""

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

    The lines that run on into the next non-blank line (and hold a space: a long URL cannot be wrapped)
    decide: there are at least :data:`MIN_WRAPPED_LINES`; the longest (the wrap width) is within
    :data:`WRAP_WIDTHS`; at least :data:`MIN_FULL_SHARE` of them are at least :data:`SHORT_LINE` of the
    width long; and fewer than :data:`MAX_SENTENCE_END_SHARE` of them end a sentence.

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
    """
    running = _running_lines(lines)
    if len(running) < MIN_WRAPPED_LINES:
        return False
    width = max(map(len, running))
    if not WRAP_WIDTHS[0] <= width <= WRAP_WIDTHS[1]:
        return False
    full = sum(len(line) >= SHORT_LINE * width for line in running)
    ends = sum(bool(_SENTENCE_END.search(line.rstrip("\u00ad"))) for line in running)
    return full >= MIN_FULL_SHARE * len(running) and ends < MAX_SENTENCE_END_SHARE * len(running)


def _running_lines(lines):
    """The stripped lines followed by a non-blank line, if they hold a space (a long URL cannot be wrapped)."""
    return [a.strip() for a, b in pairwise(lines) if a.strip() and b.strip() and " " in a.strip()]


def rejoin_hyphenated(first, rest):
    """Whether a word broken as ``first-`` / ``rest`` at a line end is one word written without the hyphen.

    Yes when simplemma knows the joined form (:func:`simplemma.is_known`) and either neither part is a known
    word (*Präsi-* / *dent*) or ``rest`` starts with a small letter (*Außen-* / *minister*: German writes a
    hyphenated compound with a capital after the hyphen).

    Parameters
    ----------
    first, rest : str

    Returns
    -------
    bool

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

    return known(first + rest) and (rest[:1].islower() or not (known(first) or known(rest)))


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


def _join_lines(lines, counts, wrapped):
    """Join words broken at a line end and, in a hard-wrapped text, each paragraph's lines into one."""
    width = max(map(len, _running_lines([line for _, line in lines])), default=0)
    out = []
    ends_paragraph = True
    for number, line in lines:
        joined = _join(out[-1][1], line, wrapped) if out and not (wrapped and ends_paragraph) else None
        if joined:
            out[-1][1] = joined[0]
            counts[joined[1]] += 1
        else:
            out.append([number, line])
        stripped = line.strip()
        ends_paragraph = not stripped or (len(stripped) < SHORT_LINE * width and bool(_SENTENCE_END.search(stripped)))
    for entry in out:  # a soft hyphen left at a line end (before a blank line or the end) goes too
        entry[1] = entry[1].removesuffix("\u00ad")
    return out


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
    plain = _TAG.sub(" ", re.sub(r"<(script|style|head)\b.*?</\1\s*>", " ", text, flags=re.DOTALL | re.IGNORECASE))
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
