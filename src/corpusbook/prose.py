"""Words for computed values: counts, lists, ties, numbers, and Markdown that is safe to render.

Text that comes from the corpus (terms, titles, outlets, period and slice labels) goes through
:func:`escape_md` before it enters Markdown.
"""

import html
import itertools
import math
import re

import pandas as pd
from babel import Locale

#: What a table or sentence shows for a value that does not exist (explained once per table).
MISSING = "—"

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~$])")


def escape_md(text):
    """Make corpus text literal inside Markdown: HTML-escape it and backslash Markdown syntax.

    Examples
    --------
    >>> escape_md("<img src=x onerror=alert(1)>")
    '&lt;img src=x onerror=alert\\\\(1\\\\)&gt;'
    >>> escape_md("Kasachstan")
    'Kasachstan'
    """
    text = html.escape(str(text), quote=False).replace("&", "\x00")
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\x00", "&")


def number(x, digits=0):
    """A number as prose: thousands separators, ``digits`` decimals, integers never with ".0".

    Examples
    --------
    >>> number(3836.0), number(1130), number(4.349, 1), number(0.5, 1), number(float("nan"))
    ('3,836', '1,130', '4.3', '0.5', '—')
    """
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return MISSING
    if digits == 0:
        return f"{int(round(float(x))):,}"
    return f"{float(x):,.{digits}f}"


def shorten(text, width):
    """``text`` cut at a word boundary to at most ``width`` characters, with "…" where it was cut.

    Examples
    --------
    >>> shorten("Wir werden weiterarbeiten", 18), shorten("kurz", 10)
    ('Wir werden …', 'kurz')
    """
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    return text[: width - 1].rsplit(" ", 1)[0] + " …"


def span(bounds, digits=0):
    """A range as prose: ``"0.49 to 0.64"``; one value when both ends are equal; "—" for none.

    Examples
    --------
    >>> span((0.49, 0.64), 2), span((3, 3)), span(None)
    ('0.49 to 0.64', '3', '—')
    """
    if bounds is None:
        return MISSING
    lo, hi = (number(b, digits) for b in bounds)
    return lo if lo == hi else f"{lo} to {hi}"


def path(values, digits=0):
    """Values in order as a path, ``digits`` decimals each.

    Examples
    --------
    >>> path([0, 158.7, 106.2])
    '0 → 159 → 106'
    """
    return " → ".join(number(v, digits) for v in values)


def language(code, locale="en"):
    """An ISO 639-1 code as the language's English name (babel's CLDR data); unknown codes as given.

    Examples
    --------
    >>> language("vi"), language("xx")
    ('Vietnamese', 'xx')
    """
    return Locale.parse(locale).languages.get(str(code).lower(), str(code))


def percent(share, digits=0):
    """A share (0–1) as a percentage with ``digits`` decimals.

    Examples
    --------
    >>> percent(0.0915), percent(0.5, 1)
    ('9%', '50.0%')
    """
    return f"{number(100 * share, digits)}%"


def languages(codes, locale="en"):
    """ISO 639-1 codes as language names with counts, most frequent first (names from babel's CLDR data).

    Examples
    --------
    >>> languages(["ru", "ru", "en", "vi", "ru"])
    'Russian (3), English (1) and Vietnamese (1)'
    """
    counts = pd.Series([str(c).lower() for c in codes]).value_counts()
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return join([f"{escape_md(language(code, locale))} ({number(n)})" for code, n in ordered])


def _noun(n, noun, plural_form=None):
    return noun if n == 1 else (plural_form or noun + "s")


def plural(n, noun, plural_form=None):
    """``"1 article"``, ``"4 articles"``, ``"1,130 tokens"``.

    Examples
    --------
    >>> plural(1, "article"), plural(4, "article"), plural(2, "analysis", "analyses"), plural(1130, "token")
    ('1 article', '4 articles', '2 analyses', '1,130 tokens')
    """
    return f"{number(n)} {_noun(n, noun, plural_form)}"


_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


def count(n, noun, plural_form=None):
    """A count as a reader writes it: words up to twelve, digits beyond.

    Examples
    --------
    >>> count(0, "article"), count(1, "lemma"), count(2, "lemma"), count(1028, "article")
    ('no articles', 'one lemma', 'two lemmas', '1,028 articles')
    """
    n = int(n)
    word = _WORDS[n] if 0 <= n < len(_WORDS) else number(n)
    return f"{word} {_noun(n, noun, plural_form)}"


def join(items, conj="and", empty="none"):
    """Join words as prose: ``"A"``, ``"A and B"``, ``"A, B and C"``; ``empty`` for no items.

    Examples
    --------
    >>> join([]), join(["A"]), join(["A", "B"]), join(["A", "B", "C"]), join(["A", "B"], "or")
    ('none', 'A', 'A and B', 'A, B and C', 'A or B')
    """
    items = [str(i) for i in items]
    if len(items) < 2:
        return items[0] if items else empty
    return f"{', '.join(items[:-1])} {conj} {items[-1]}"


def italic(term):
    """``*term*`` with the term escaped."""
    return f"*{escape_md(term)}*"


def glossed(term, glosses=None, markdown=True):
    """A German lemma in italics with its English gloss, where the gloss table has one: ``*Treffen* (meeting)``.

    With ``markdown=False``, plain text for figures and table cells (they escape it themselves).

    Examples
    --------
    >>> glossed("Treffen", {"Treffen": "meeting"}), glossed("Putin", {"Treffen": "meeting"})
    ('*Treffen* (meeting)', '*Putin*')
    >>> glossed("Treffen", {"Treffen": "meeting"}, markdown=False), glossed("Trump", {"Trump": "Trump"}, markdown=False)
    ('Treffen (meeting)', 'Trump')
    """
    gloss = (glosses or {}).get(str(term))
    if not markdown:
        return f"{term} ({gloss})" if gloss and gloss != term else str(term)
    return italic(term) + (f" ({escape_md(gloss)})" if gloss and gloss != term else "")


def terms(items, limit=None, none="none", conj=None, glosses=None):
    """Terms in italics, escaped: ``*a*, *b*`` (or joined with ``conj``: ``*a*, *b* and *c*``).

    Examples
    --------
    >>> terms(["Lawrow", "Besuch"]), terms(["a", "b", "c"], conj="and"), terms([])
    ('*Lawrow*, *Besuch*', '*a*, *b* and *c*', 'none')
    """
    items = list(items)[:limit] if limit else list(items)
    if conj:
        return join([glossed(t, glosses) for t in items], conj, empty=none)
    return ", ".join(glossed(t, glosses) for t in items) or none


def ranked(names, values, fmt=str, limit=None):
    """A ranked list with ties stated: ``"*A* (4), *B* and *C* (tied, 2)"``.

    Names with equal values are grouped; ``limit`` cuts after that many names but never inside a
    tie group.

    Examples
    --------
    >>> ranked(["Putin", "Tokajew", "Satulin", "Zekow"], [4, 3, 2, 2])
    '*Putin* (4), *Tokajew* (3), *Satulin* and *Zekow* (tied, 2)'
    >>> ranked(["A", "B", "C"], [2, 2, 1], limit=1), ranked([], [])
    ('*A* and *B* (tied, 2)', 'none')
    """
    parts, shown = [], 0
    for value, group in itertools.groupby(zip(names, values), key=lambda pair: pair[1]):
        if limit is not None and shown >= limit:
            break
        members = [name for name, _ in group]
        parts.append(f"{join([italic(m) for m in members])} ({'tied, ' if len(members) > 1 else ''}{fmt(value)})")
        shown += len(members)
    return ", ".join(parts) or "none"
