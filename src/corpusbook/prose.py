"""Small helpers that turn computed values into prose for ``myst_nb.glue``.

Glue a :func:`md` value and insert it with ``{glue:md}`name``` so emphasis and lists render; plain
values go through ``{glue:text}``.
"""

from IPython.display import Markdown


def plural(n, noun, plural_form=None):
    """``"1 article"``, ``"4 articles"``.

    Examples
    --------
    >>> plural(1, "article"), plural(4, "article"), plural(2, "analysis", "analyses")
    ('1 article', '4 articles', '2 analyses')
    """
    return f"{n} {noun if n == 1 else (plural_form or noun + 's')}"


def terms(items, limit=None, none="none"):
    """Markdown list of terms in italics, comma-separated: ``*a*, *b*``.

    Examples
    --------
    >>> terms(["Lawrow", "Besuch"])
    '*Lawrow*, *Besuch*'
    >>> terms([])
    'none'
    """
    items = list(items)[:limit] if limit else list(items)
    return ", ".join(f"*{t}*" for t in items) or none


def md(text):
    """Wrap Markdown text for ``{glue:md}``."""
    return Markdown(text)
