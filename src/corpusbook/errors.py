"""The project's exception type, and the one reader of user-edited files that raises it.

Every CSV file in ``corpus/`` (``metadata.csv`` and the curated tables) is read by :func:`read_table`;
article files are decoded by :func:`decode_text`. Both name the file, the row and the field of a
problem and say how to fix it.
"""

import csv
import io
from pathlib import Path


class CorpusError(ValueError):
    """A problem with the corpus or a curated table that the user can fix.

    Every message names the file and, where there is one, the field, and says how to fix it.

    Parameters
    ----------
    problems : list of str
        One message per problem found. All problems found in one pass are reported together so a
        user can fix them in one go.
    """

    def __init__(self, problems):
        if isinstance(problems, str):
            problems = [problems]
        self.problems = list(problems)
        if len(self.problems) == 1:
            message = self.problems[0]
        else:
            message = f"{len(self.problems)} problems in the corpus:\n" + "\n".join(
                f"- {p}" for p in self.problems
            )
        super().__init__(message)


def decode_text(data, name):
    """Decode bytes as UTF-8; strip a BOM and normalise CRLF/CR to LF.

    Parameters
    ----------
    data : bytes
    name : str
        File name used in the error message.

    Returns
    -------
    str

    Raises
    ------
    CorpusError
        If the bytes are not valid UTF-8 (the message gives the byte offset).
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise CorpusError(
            f"{name}: the file is not valid UTF-8 (byte {err.start}: {data[err.start:err.start + 4]!r}); "
            "re-save it as UTF-8."
        ) from None
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_table(path, required=(), fields=None):
    """Read a CSV file as stripped strings; raise :class:`CorpusError` naming the file on any problem.

    Parameters
    ----------
    path : path-like
    required : sequence of str
        Columns that must be present.
    fields : dict, optional
        ``column -> predicate`` on a value: what a well-formed value of that column looks like. Used
        only to say which field holds an unquoted comma when a row has too many fields.

    Returns
    -------
    pandas.DataFrame
        All columns as stripped strings, empty cells as ``""``.

    Raises
    ------
    CorpusError
        If the file is missing, not UTF-8, lacks a required column, or a row has more fields than the
        header (the message names the line, the field that probably holds the comma, and how to quote it).
    """
    import pandas as pd  # here, so that importing the package (and the build guard) stays fast

    path = Path(path)
    if not path.is_file():
        raise CorpusError(f"{path}: file not found.")
    text = decode_text(path.read_bytes(), path.name)
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise CorpusError(f"{path.name}: the file is empty; it needs a header row.")
    header = [c.strip() for c in rows[0]]
    missing = [c for c in required if c not in header]
    if missing:
        raise CorpusError([f"{path.name}: required column '{c}' is missing; add it to the header row." for c in missing])
    problems = [_too_many_fields(path.name, header, line, row, fields or {})
                for line, row in enumerate(rows[1:], 2) if len(row) > len(header)]
    if problems:
        raise CorpusError(problems)
    table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    table.columns = header
    return table.apply(lambda s: s.str.strip()) if len(table.columns) else table


def _too_many_fields(name, header, line, row, fields):
    """The message for a row with more fields than the header: which field holds a comma, how to quote it."""
    extra = len(row) - len(header)
    suspects = []
    for i in range(len(header)):
        merged = row[:i] + [",".join(row[i:i + extra + 1])] + row[i + extra + 1:]
        if all(check(merged[header.index(col)].strip()) for col, check in fields.items() if col in header):
            suspects.append((header[i], merged[i], any(v != v.lstrip() for v in merged)))
    # a value after ", " starts with a space: a split that leaves no field starting with one is likelier
    suspects = [s[:2] for s in suspects if not s[2]] or [s[:2] for s in suspects]
    where = f"{name}, row {line}" + (f" ({header[0]} {row[0]})" if row and row[0] else "")
    if len(suspects) == 1:
        field, value = suspects[0]
        what = f"field '{field}' contains an unquoted comma; write it in double quotes: \"{value.strip()}\""
    else:
        names = [f"'{f}'" for f, _ in suspects] or [f"'{h}'" for h in header]
        what = f"a comma in one of the fields {', '.join(names)} is not quoted; put that field in double quotes"
    return (f"{where}: {len(row)} fields where the header has {len(header)}; {what} "
            "(a double quote inside a quoted field is written twice: \"\").")
