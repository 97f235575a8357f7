"""The project's exception type, and the readers of user-edited files that raise it.

CSV files in ``corpus/`` are read by :func:`read_table`, article files decoded by :func:`decode_utf8`; both
name the file, row and field of a problem and say how to fix it.
"""

import csv
import io
import re
from pathlib import Path


class CorpusError(ValueError):
    """A problem with the corpus or a curated table that the user can fix.

    Parameters
    ----------
    problems : str or list of str
        One message per problem; all problems found in one pass are reported together.
    """

    def __init__(self, problems):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        if len(self.problems) == 1:
            message = self.problems[0]
        else:
            message = f"{len(self.problems)} problems in the corpus:\n" + "\n".join(f"- {p}" for p in self.problems)
        super().__init__(message)


def decode_text(data, name):
    """Decode bytes as UTF-8 (:func:`decode_utf8`); strip a BOM and normalise CRLF/CR to LF.

    Parameters
    ----------
    data : bytes
    name : str
        File name for the error message.

    Returns
    -------
    str
    """
    text = decode_utf8(data, name).removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_utf8(data, name):
    """Decode bytes as UTF-8, or raise a :class:`CorpusError` that says which encoding they look like.

    Parameters
    ----------
    data : bytes
    name : str
        File name for the error message.

    Returns
    -------
    str
        The text as it is (a BOM and CR line ends are kept).

    Examples
    --------
    >>> decode_utf8("Präsident".encode("cp1252"), "texts/x.txt")  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    corpusbook.errors.CorpusError: texts/x.txt: the file is not valid UTF-8 (byte 2: b'\xe4sid'); it looks like
    Windows-1252 (cp1252) or Latin-1 (ISO-8859-1), which agree on every character of this file: read so, byte 2 is
    in 'Präsident'. Re-save it as UTF-8 (in an editor: 'Save as…', encoding UTF-8; or iconv -f cp1252 -t utf-8).
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        start = err.start
    message = f"{name}: the file is not valid UTF-8 (byte {start}: {data[start : start + 4]!r}); "
    guess = guess_encoding(data)
    if guess is None:
        raise CorpusError(message + "re-save it as UTF-8.")
    codec, label = guess
    text = data.decode(codec, errors="replace")
    at = len(data[:start].decode(codec, errors="replace"))
    word = next((m.group() for m in re.finditer(r"\S+", text) if m.start() <= at < m.end()), text[at : at + 1])
    raise CorpusError(
        message + f"it looks like {label}: read so, byte {start} is in {word!r}. Re-save it as UTF-8 "
        f"(in an editor: 'Save as…', encoding UTF-8; or iconv -f {codec} -t utf-8)."
    )


#: Letters and signs of German news text, to tell the legacy encodings apart.
_GERMAN = set("äöüßÄÖÜéèàáç„“”‚‘’–—…«»€§°")


def guess_encoding(data):
    """The encoding bytes that are not UTF-8 look like, or None.

    UTF-16 is recognised by its byte-order mark or by zero bytes. Otherwise, of Windows-1252, Latin-1 and
    Mac Roman, the one that reads the most bytes above 127 as German letters and typographic signs wins.
    Windows-1252 and Latin-1 differ only in bytes 128–159; a file with none of them reads the same in both.

    Parameters
    ----------
    data : bytes

    Returns
    -------
    tuple of str, or None
        ``(codec, label)``: a Python codec name and how the message names it.

    Examples
    --------
    >>> guess_encoding("„Präsident“".encode("cp1252"))
    ('cp1252', 'Windows-1252 (cp1252)')
    >>> guess_encoding("Präsident".encode("mac_roman"))
    ('mac_roman', 'Mac Roman')
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16", "UTF-16"
    if data.count(b"\0") > len(data) // 4:  # no byte-order mark: the zero bytes say which half is high
        return ("utf-16-le", "UTF-16") if data[1::2].count(b"\0") > data[::2].count(b"\0") else ("utf-16-be", "UTF-16")
    high = [b for b in data if b > 127]
    scores = {
        codec: sum(bytes([b]).decode(codec, errors="replace") in _GERMAN for b in high)
        for codec in ("cp1252", "latin-1", "mac_roman")
    }
    best = max(scores, key=scores.get)
    if scores[best] == 0:
        return None
    if best == "mac_roman":
        return best, "Mac Roman"
    if any(128 <= b < 160 for b in high):
        return "cp1252", "Windows-1252 (cp1252)"
    return "cp1252", "Windows-1252 (cp1252) or Latin-1 (ISO-8859-1), which agree on every character of this file"


def read_table(path, required=(), fields=None):
    """Read a CSV file as stripped strings; raise :class:`CorpusError` naming the file on any problem.

    Parameters
    ----------
    path : path-like
    required : sequence of str
        Columns that must be present.
    fields : dict, optional
        ``column -> predicate`` on a well-formed value; used to say which field holds an unquoted comma.

    Returns
    -------
    pandas.DataFrame
        All columns as stripped strings, empty cells as ``""``.
    """
    import pandas as pd  # noqa: PLC0415 (pandas loads only for a table, so the build guard starts fast)

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
        raise CorpusError(
            [f"{path.name}: required column '{c}' is missing; add it to the header row." for c in missing]
        )
    problems = [
        _too_many_fields(path.name, header, line, row, fields or {})
        for line, row in enumerate(rows[1:], 2)
        if len(row) > len(header)
    ]
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
        merged = row[:i] + [",".join(row[i : i + extra + 1])] + row[i + extra + 1 :]
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
    return (
        f"{where}: {len(row)} fields where the header has {len(header)}; {what} "
        '(a double quote inside a quoted field is written twice: "").'
    )
