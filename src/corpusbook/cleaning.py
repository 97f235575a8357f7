"""Remove site boilerplate from raw article text, by rules kept in ``corpus/cleaning_rules.csv``.

Rule kinds (column ``kind``; ``pattern`` is a Python regular expression):

``drop_line``
    Drop a line whose stripped text matches ``pattern`` in full.
``strip_prefix``
    Remove ``pattern`` where it matches at the start of a line; keep the rest of the line.
``caption``
    Drop a photo caption: a line that matches ``pattern`` in full.
``caption_heading``
    Drop the line just before a dropped caption (blank lines in between allowed) if it matches in full.
``repeated_headline``
    Drop the last line if it repeats the first line kept.

Cleaning works on the normalised text (:mod:`corpusbook.normalise`), one line at a time; the file on disk
stays untouched and the log says what went and why, by line number in the file.
"""

import re
from pathlib import Path

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
    """
    path = Path(path)
    if not path.is_file():
        raise CorpusError(f"{path}: cleaning rules not found.")
    rules = read_table(path)
    problems = [
        f"{path.name}: required column '{col}' is missing."
        for col in ("rule_id", "kind", "pattern")
        if col not in rules.columns
    ]
    if problems:
        raise CorpusError(problems)
    compiled = []
    for i, row in rules.iterrows():
        regex = None
        if row["kind"] not in KINDS:
            problems.append(
                f"{path.name}, row {i + 2}: field 'kind' is '{row['kind']}'; use one of {', '.join(KINDS)}."
            )
        elif row["kind"] != "repeated_headline":
            try:
                regex = re.compile(row["pattern"])
            except re.error as err:
                problems.append(f"{path.name}, row {i + 2}: field 'pattern' is not a valid regular expression ({err}).")
        compiled.append(regex)
    if problems:
        raise CorpusError(problems)
    return rules.assign(regex=compiled)


def clean_text(text, rules, line_numbers=None):
    """Apply cleaning rules to one text.

    Parameters
    ----------
    text : str
        Normalised text with ``\\n`` line ends.
    rules : pandas.DataFrame
        As returned by :func:`load_rules`.
    line_numbers : list of int, optional
        The line of the file each line of ``text`` starts on, for the log (default: 1, 2, 3 …).

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
    by_kind = {
        kind: [(r, x) for r, k, x in zip(rules["rule_id"], rules["kind"], rules["regex"]) if k == kind]
        for kind in KINDS
    }

    def drop(i, rule_id):
        if keep[i]:
            keep[i] = False
            log.append({"line": i + 1, "rule_id": rule_id, "removed": lines[i].strip()})

    def first_match(kinds, line):
        """The id of the first rule of ``kinds`` that matches ``line`` in full, or None."""
        return next((rule_id for kind in kinds for rule_id, regex in by_kind[kind] if regex.fullmatch(line)), None)

    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        for rule_id, regex in by_kind["strip_prefix"]:
            m = regex.match(stripped)
            if m and m.end() > 0:
                log.append({"line": i + 1, "rule_id": rule_id, "removed": stripped[: m.end()].strip()})
                stripped = lines[i] = stripped[m.end() :]
        rule_id = first_match(("drop_line", "caption"), stripped)
        if rule_id is None:
            continue
        drop(i, rule_id)
        if first_match(("caption",), stripped) is not None:
            j = i - 1
            while j >= 0 and not lines[j].strip():
                j -= 1
            heading = first_match(("caption_heading",), lines[j].strip()) if j >= 0 else None
            if heading is not None:
                drop(j, heading)
    for rule_id, _ in by_kind["repeated_headline"]:
        kept = [i for i, k in enumerate(keep) if k and lines[i].strip()]
        if len(kept) >= 2 and lines[kept[-1]].strip() == lines[kept[0]].strip():
            drop(kept[-1], rule_id)
    log.sort(key=lambda e: e["line"])
    if line_numbers is not None:
        for entry in log:
            entry["line"] = line_numbers[entry["line"] - 1]
    return "\n".join(line for line, k in zip(lines, keep) if k).strip("\n"), log
