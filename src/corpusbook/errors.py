"""The project's exception type, and a CSV reader that reports bad files with it."""

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


def read_table(path, required=()):
    """Read a curated CSV table as strings; raise :class:`CorpusError` naming the file on any problem.

    Parameters
    ----------
    path : path-like
    required : sequence of str
        Columns that must be present.

    Returns
    -------
    pandas.DataFrame
        All columns as stripped strings, empty cells as ``""``.
    """
    import pandas as pd  # here, so that importing the package (and the build guard) stays fast

    path = Path(path)
    if not path.is_file():
        raise CorpusError(f"{path}: file not found.")
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise CorpusError(f"{path}: the file is not valid UTF-8; re-save it as UTF-8.") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise CorpusError(f"{path}: not a well-formed CSV file ({str(err).strip()}); quote fields that contain commas.") from None
    table.columns = [c.strip() for c in table.columns]
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise CorpusError([f"{path.name}: required column '{c}' is missing; add it to the header row." for c in missing])
    return table.apply(lambda s: s.str.strip()) if len(table.columns) else table
