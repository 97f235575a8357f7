"""The rules a corpus must meet; :func:`corpusbook.corpus.load_corpus` applies them to every row and file.

A text is refused when it has more than :data:`MAX_ARTICLE_WORDS` words, when its stop words are mostly
English (:func:`german_share`) unless ``text_language`` says ``de``, when it is mostly markup or doubly
encoded (:func:`file_problems`). ``period`` and ``slice`` labels must hold a letter or digit and no line
break or control character. ``python -m corpusbook.validate`` reports every problem before a build.
"""

import re
from functools import lru_cache

import stopwordsiso

from corpusbook.normalise import markup_share, mojibake

#: Largest article accepted, in whitespace-separated words (the longest of the 1,028 GNAD news
#: articles has 4,800; a long feature has about 10,000).
MAX_ARTICLE_WORDS = 50_000
#: A text is refused as not German when fewer than this share of its stop words are German ...
MIN_GERMAN_SHARE = 0.3
#: ... and it has at least this many stop words of either language (shorter texts are not judged).
MIN_STOP_WORDS = 20

#: A file is refused as a web page when more than this share of its non-space characters is markup.
MAX_MARKUP_SHARE = 0.5

_WORD = re.compile(r"[^\W\d_]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


@lru_cache(maxsize=1)
def _stop_lists():
    """German-only and English-only stop words of stopwords-iso (the words both lists share left out)."""
    de, en = set(stopwordsiso.stopwords("de")), set(stopwordsiso.stopwords("en"))
    return frozenset(de - en), frozenset(en - de)


def german_share(text):
    """Share of German among a text's stop words, and how many stop words it has.

    Stop words are those of stopwords-iso's German and English lists :cite:p:`stopwordsiso` that are
    not on both (*in*, *so* … are left out). German news text scores above 0.9, English text near 0.

    Parameters
    ----------
    text : str

    Returns
    -------
    share : float
        German stop words / (German + English stop words); NaN when there are none.
    n : int
        German + English stop words.

    Examples
    --------
    >>> german_share("Die Regierung sagte, dass sie nicht mit ihm sprechen werde.")[0]
    1.0
    >>> german_share("The government said that it would not talk to him.")[0]
    0.0
    """
    de, en = _stop_lists()
    words = _WORD.findall(text.lower())
    n_de, n_en = sum(map(de.__contains__, words)), sum(map(en.__contains__, words))
    n = n_de + n_en
    return (n_de / n if n else float("nan")), n


def text_problems(text, row, where):
    """Problems of one article text: over the size limit, or not German.

    Parameters
    ----------
    text : str
    row : mapping
        Its metadata row (``file``; optional ``text_language``).
    where : str
        ``"metadata.csv, row 7"``, for the message.

    Returns
    -------
    list of str
    """
    words = len(text.split())
    if words > MAX_ARTICLE_WORDS:
        return [
            f"{row['file']}: the text has {words:,} words, more than the {MAX_ARTICLE_WORDS:,} words any news "
            "article has (corpus/README.md, 'Limits'); check that the file holds one article, or split it."
        ]
    language = (row.get("text_language") or "").strip().lower()
    if language and language != "de":
        return [
            f"{where}: field 'text_language' is '{language}'; the book analyses German text only "
            "(leave the field empty, or 'de')."
        ]
    share, n = german_share(text)
    if not language and n >= MIN_STOP_WORDS and share < MIN_GERMAN_SHARE:
        return [
            f"{row['file']}: the text does not look German (only {share:.0%} of its {n} stop words are German, "
            f"the rest English); add a German text, or, if it is German, write 'de' in field 'text_language' "
            f"of {where}."
        ]
    return []


def file_problems(raw, file):
    """Problems of a file's decoded text that normalisation should not paper over: markup, double encoding.

    Parameters
    ----------
    raw : str
        The text as decoded, before normalisation.
    file : str
        The ``file`` field, for the message.

    Returns
    -------
    list of str

    Examples
    --------
    >>> file_problems("Der PrÃ¤sident sagte", "texts/x.txt")[0][:60]
    'texts/x.txt: the text looks doubly encoded (PrÃ¤sident): it '
    """
    share = markup_share(raw)
    if share > MAX_MARKUP_SHARE:
        return [
            f"{file}: the file is mostly markup ({share:.0%} of its characters are HTML tags, scripts or styles), "
            "a saved web page rather than an article's text; save the article's text alone (select it in the "
            "browser and paste it into a plain-text file, saved as UTF-8)."
        ]
    found = mojibake(raw)
    if found:
        return [
            f"{file}: the text looks doubly encoded ({found}): it was UTF-8, read as Windows-1252 and saved "
            "again as UTF-8; re-save the original file as UTF-8, or repair it (e.g. iconv -f utf-8 -t cp1252, "
            "then read it as UTF-8)."
        ]
    return []


def label_problems(row, where):
    """Problems of a row's ``period`` and ``slice`` labels (both may be empty: they have defaults).

    Parameters
    ----------
    row : mapping
    where : str
        Where the row is, for the message.

    Returns
    -------
    list of str
    """
    problems = []
    for field in ("period", "slice"):
        label = row.get(field) or ""
        if label and _CONTROL.search(label):
            problems.append(
                f"{where}: field '{field}' contains a line break or control character; write the label on one line."
            )
        elif label and not re.search(r"[^\W_]", label):
            problems.append(
                f"{where}: field '{field}' is '{label}', which has no letter or digit; "
                "name the group (e.g. '2022' or 'Herbst 2022'), or leave the field empty."
            )
    return problems
