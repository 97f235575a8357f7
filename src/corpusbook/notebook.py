"""What a chapter needs besides the analysis: values glued into its prose, and checks of its claims.

Values that depend on the data are glued inline (:func:`glue`, worded by :mod:`corpusbook.prose`), and
every sentence that interprets the data is checked in the cell before it (:func:`check`); the prose
ends the claim with the check's mark, ``{glue:md}`name```. While the claim holds the mark is empty; when
it no longer holds, the sentence says so, the cell shows a warning box, and the build lists the check
with its chapter and line (:func:`failed_checks_html`); ``make book STRICT=1`` fails.
"""

import html
import re
from dataclasses import dataclass
from pathlib import Path

from IPython.display import Markdown, display

from corpusbook.prose import escape_md, number

#: Metadata key under which a failed check is recorded in its cell output.
CHECK_KEY = "corpusbook_check"
#: Class of the warning box a failed check shows.
FAILED_CLASS = "corpusbook-check-failed"


def glue(name, value):
    """Glue ``value`` under ``name`` for ``{glue:md}`name``` without showing it in the cell.

    Strings are glued as Markdown (word them with :mod:`corpusbook.prose`, which escapes corpus
    text); numbers are worded by :func:`corpusbook.prose.number`.
    """
    from myst_nb import glue as myst_glue  # noqa: PLC0415 (MyST-NB imports Sphinx; only an executing chapter needs it)

    if isinstance(value, bool):
        raise TypeError(f"glue {name!r}: word a yes/no value in the prose, not as True/False")
    if isinstance(value, (int, float)) or hasattr(value, "dtype"):
        value = number(value)
    myst_glue(name, Markdown(value) if isinstance(value, str) else value, display=False)


@dataclass(frozen=True)
class Check:
    """The outcome of one check: its name, whether the claim holds, the claim, and the value now."""

    name: str
    holds: bool
    claim: str
    now: str

    def mark(self):
        """The Markdown mark after the claim: empty while it holds."""
        if self.holds:
            return ""
        return (
            f"**[Written for an earlier corpus: “{escape_md(self.claim)}” no longer holds "
            f"(now: {escape_md(self.now)}).]**"
        )

    def box(self):
        """The warning box shown above the paragraph when the claim no longer holds (HTML, escaped)."""
        attrs = " ".join(
            f'data-{k}="{html.escape(v, quote=True)}"'
            for k, v in (("check", self.name), ("claim", self.claim), ("now", self.now))
        )
        return (
            f'<div class="{FAILED_CLASS}" {attrs}><strong>Written for an earlier corpus.</strong> '
            f"The next paragraph says: “{html.escape(self.claim)}”. That no longer holds "
            f"(now: {html.escape(self.now)}).</div>"
        )


def check(name, holds, claim, now=""):
    """Check a claim the chapter's prose makes, and glue its mark under ``name``; a failed check shows its box.

    Parameters
    ----------
    name : str
        The check's name; the prose places ``{glue:md}`name``` right after the claim.
    holds : bool
        Whether the data support the claim.
    claim : str
        The claim in words, as a reader would check it.
    now : object
        What the data show now (shown when the claim no longer holds).
    """
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        raise ValueError(f"check name {name!r}: use lower-case letters, digits and hyphens")
    result = Check(name, bool(holds), str(claim), str(now))
    glue(name, result.mark())
    if not result.holds:
        display(
            {"text/html": result.box(), "text/plain": f"Check {name!r} fails: {claim} (now: {now})"},
            raw=True,
            metadata={CHECK_KEY: {"name": name, "claim": result.claim, "now": result.now}},
        )


def failed_checks(notebook):
    """The failed checks recorded in an executed notebook (nbformat), in order: dicts name/claim/now."""
    return [
        dict(record)
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if (record := output.get("metadata", {}).get(CHECK_KEY))
    ]


_BOX = re.compile(r'<div class="' + FAILED_CLASS + r'" data-check="([^"]*)" data-claim="([^"]*)" data-now="([^"]*)"')


def failed_checks_html(html_dir, source_dir=None):
    """Every failed check on the pages of a built book, with the chapter and line of its claim.

    Parameters
    ----------
    html_dir : path-like
        The built book (``_build/html``).
    source_dir : path-like, optional
        The project, where the chapters are (default: two levels above ``html_dir``).

    Returns
    -------
    list of dict
        ``source`` (chapter file), ``line``, ``name``, ``claim``, ``now``; in page order.
    """
    html_dir = Path(html_dir)
    source_dir = Path(source_dir) if source_dir else html_dir.parents[1]
    out = []
    for page in sorted(html_dir.rglob("*.html")):
        rel = page.relative_to(html_dir)
        if rel.parts[0] in ("_static", "_sources", "_images"):
            continue
        source = rel.with_suffix(".md")
        for found in _BOX.findall(page.read_text(encoding="utf-8")):
            name, claim, now = map(html.unescape, found)
            line = claim_line(source_dir / source, name)
            out.append({"source": source.as_posix(), "line": line, "name": name, "claim": claim, "now": now})
    return out


def claim_line(path, name):
    """The line of ``path`` where the mark of check ``name`` is glued (else where it is checked; 0 if neither)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return 0
    for pattern in (r"\{glue:md\}`" + re.escape(name) + "`", r"check\(\s*[\"']" + re.escape(name) + "[\"']"):
        for number_, line in enumerate(lines, 1):
            if re.search(pattern, line):
                return number_
    return 0


def report(failed):
    """The build's closing lines for failed checks (empty list: none failed)."""
    if not failed:
        return []
    lines = [f"{len(failed)} claim check(s) no longer hold; their sentences are marked on the pages:"]
    return lines + [f"  {f['source']}:{f['line']}: {f['name']}: “{f['claim']}” (now: {f['now']})" for f in failed]
