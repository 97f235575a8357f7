"""Remove site boilerplate from raw article text, by rules kept in ``corpus/cleaning_rules.csv``.

Rule kinds (column ``kind``):

``drop_line``
    Drop a line whose stripped text matches ``pattern`` in full (a Python regular expression).
``strip_prefix``
    Remove ``pattern`` where it matches at the start of a line; keep the rest of the line.
``caption``
    Drop a photo caption: a line that matches ``pattern`` in full.
``caption_heading``
    Drop the line just before a dropped caption (blank lines in between allowed) if it matches
    ``pattern`` in full: the short title some sites print above a caption.
``repeated_headline``
    Drop the last line if it repeats the first line kept (the headline printed again at the foot).

Cleaning works on the normalised text (:mod:`corpusbook.normalise`), one line at a time. The raw
text stays untouched on disk; the log says what went and why, by the line number in the file.
"""

import re
from pathlib import Path
from typing import NamedTuple

from corpusbook.errors import CorpusError, read_table

KINDS = ("drop_line", "strip_prefix", "caption", "caption_heading", "repeated_headline")


def load_rules(path):
    """Read and check the cleaning rules.

    Parameters
    ----------
    path : path-like
        CSV with columns ``rule_id``, ``kind``, ``pattern``, ``description``.

    Returns
    -------
    pandas.DataFrame
        The rules with a compiled ``regex`` column (None for ``repeated_headline``).

    Raises
    ------
    CorpusError
        For a missing file, an unknown kind or a pattern that is not a valid regular expression.
    """
    path = Path(path)
    if not path.is_file():
        raise CorpusError(f"{path}: cleaning rules not found.")
    rules = read_table(path)
    problems = []
    for col in ("rule_id", "kind", "pattern"):
        if col not in rules.columns:
            problems.append(f"{path.name}: required column '{col}' is missing.")
    if problems:
        raise CorpusError(problems)
    compiled = []
    for i, row in rules.iterrows():
        if row["kind"] not in KINDS:
            problems.append(
                f"{path.name}, row {i + 2}: field 'kind' is '{row['kind']}'; use one of {', '.join(KINDS)}."
            )
            compiled.append(None)
            continue
        if row["kind"] == "repeated_headline":
            compiled.append(None)
            continue
        try:
            compiled.append(re.compile(row["pattern"]))
        except re.error as err:
            problems.append(f"{path.name}, row {i + 2}: field 'pattern' is not a valid regular expression ({err}).")
            compiled.append(None)
    if problems:
        raise CorpusError(problems)
    rules = rules.copy()
    rules["regex"] = compiled
    return rules


class _Rule(NamedTuple):
    rule_id: str
    regex: re.Pattern


def clean_text(text, rules, line_numbers=None):
    """Apply cleaning rules to one text.

    Parameters
    ----------
    text : str
        Raw text with ``\\n`` line ends (normalised, see :mod:`corpusbook.normalise`).
    rules : pandas.DataFrame
        As returned by :func:`load_rules`.
    line_numbers : list of int, optional
        The line of the file each line of ``text`` starts on, for the log
        (:attr:`corpusbook.normalise.Normalised.line_numbers`; default: 1, 2, 3 …).

    Returns
    -------
    cleaned : str
        The text with dropped lines removed (blank lines kept as paragraph separators).
    log : list of dict
        One entry per removal: ``line`` (1-based, in the file), ``rule_id``, ``removed`` (the text removed).

    Examples
    --------
    >>> import pandas as pd, re
    >>> rules = pd.DataFrame({"rule_id": ["site"], "kind": ["drop_line"], "regex": [re.compile("bbabo.Net")]})
    >>> clean_text("Text.\\nbbabo.Net", rules)[0]
    'Text.'
    """
    lines = text.split("\n")
    keep = [True] * len(lines)
    log = []

    def drop(i, rule_id):
        if keep[i]:
            keep[i] = False
            log.append({"line": i + 1, "rule_id": rule_id, "removed": lines[i].strip()})

    # plain (rule_id, regex) pairs per kind: the loops below run once per line
    by_kind = {
        kind: [_Rule(r, x) for r, k, x in zip(rules["rule_id"], rules["kind"], rules["regex"]) if k == kind]
        for kind in KINDS
    }
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        for rule in by_kind["strip_prefix"]:
            m = rule.regex.match(stripped)
            if m and m.end() > 0:
                log.append({"line": i + 1, "rule_id": rule.rule_id, "removed": stripped[: m.end()].strip()})
                stripped = stripped[m.end() :]
                lines[i] = stripped
        for kind in ("drop_line", "caption"):
            for rule in by_kind[kind]:
                if rule.regex.fullmatch(stripped):
                    drop(i, rule.rule_id)
                    break
            if not keep[i]:
                break
        if not keep[i] and any(rule.regex.fullmatch(stripped) for rule in by_kind["caption"]):
            j = i - 1
            while j >= 0 and not lines[j].strip():
                j -= 1
            if j >= 0 and keep[j]:
                for rule in by_kind["caption_heading"]:
                    if rule.regex.fullmatch(lines[j].strip()):
                        drop(j, rule.rule_id)
                        break
    for rule in by_kind["repeated_headline"]:
        kept = [i for i, k in enumerate(keep) if k and lines[i].strip()]
        if len(kept) >= 2 and lines[kept[-1]].strip() == lines[kept[0]].strip():
            drop(kept[-1], rule.rule_id)
    log.sort(key=lambda e: e["line"])
    if line_numbers is not None:
        for entry in log:
            entry["line"] = line_numbers[entry["line"] - 1]
    cleaned = "\n".join(line for line, k in zip(lines, keep) if k).strip("\n")
    return cleaned, log
