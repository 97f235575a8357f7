"""Tables for readers: the one place where the book turns a DataFrame into HTML.

Every table on every page goes through :func:`show`. It

- shows a few columns under plain headers, without the pandas index;
- formats numbers consistently (integers without ".0", thousands separators, no ``nan``/``inf``:
  a missing value is shown as "—");
- escapes every cell and header, since corpus text and metadata are input from outside;
- puts a link under the table that downloads the full data as CSV. The CSV travels inside the
  page (a ``data:`` link), so it always belongs to the very outputs it sits under;
- with ``interactive=True``, makes the table sortable and searchable in the static page with
  ITables (DataTables embedded in the page, offline: no network needed). The cells are the same
  escaped, formatted strings as in the static table; number columns sort by their values.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"term": ["<b>x</b>"], "count": [3.0]})
>>> page = render(df, {"term": "lemma", "count": "count"}, name="demo").data
>>> "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x" not in page
True
"""

import base64
import hashlib
import html
import json
import math
import numbers
import os
import re
from pathlib import Path

import itables.options as itables_options
import pandas as pd
from IPython.display import HTML, display
from itables import to_html_datatable
from itables.javascript import generate_init_offline_itables_html

from corpusbook.prose import MISSING
from corpusbook.settings import project_root


def _cell(value, fmt=None):
    if value is None or (isinstance(value, float) and not math.isfinite(value)) or value is pd.NA:
        return MISSING
    if isinstance(value, float) and pd.isna(value):
        return MISSING
    if fmt is not None:
        return fmt(value) if callable(fmt) else format(value, fmt)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, numbers.Integral):
        return f"{int(value):,}"
    if isinstance(value, numbers.Real):
        return f"{int(value):,}" if float(value).is_integer() else f"{float(value):,.2f}"
    return str(value)


#: A CSV larger than this (bytes) is not embedded in the page but offered as a file beside the book.
EMBED_LIMIT = 256 * 1024


def csv_link(data, name, label="Download the full table (CSV)"):
    """An HTML link that downloads ``data`` as ``name.csv`` (UTF-8).

    The CSV travels inside the page (a ``data:`` link), so it always belongs to the outputs it sits
    under. A CSV over :data:`EMBED_LIMIT` would make the page heavy: during a build it is written as a
    file beside the book instead (:func:`download`), named after its content.
    """
    raw = data.to_csv(index=False).encode("utf-8")
    fname = html.escape(f"{name}.csv", quote=True)
    href = download(raw, f"{name}-{hashlib.sha256(raw).hexdigest()[:10]}.csv") if len(raw) > EMBED_LIMIT else None
    if href is None:
        href = "data:text/csv;charset=utf-8;base64," + base64.b64encode(raw).decode("ascii")
        size = ""
    else:
        size = f" ({len(raw) / 2**20:.1f} MB)"
    return (
        f'<p class="table-download"><a download="{fname}" href="{html.escape(href, quote=True)}">'
        f"{html.escape(label + size)}</a></p>"
    )


def offer(data, name, label):
    """Show only a download link for ``data`` as ``name.csv`` (a table too wide or long for the page)."""

    display(HTML(f'<div class="corpusbook-download">{csv_link(data, name, label)}</div>'))


def download(content, filename):
    """Write ``content`` (bytes) as a file beside the book; return its address relative to the page.

    Only during a build (``tools/build.py`` sets ``CORPUSBOOK_DOWNLOADS`` and copies that folder next to
    the pages, keyed on the inputs like every output); otherwise returns None and writes nothing.
    """

    folder = os.environ.get("CORPUSBOOK_DOWNLOADS")
    if not folder:
        return None
    path = Path(folder) / filename
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return Path(os.path.relpath(project_root() / "downloads" / filename, Path.cwd())).as_posix()


def to_html(data, headers=None, formats=None, align_right=None):
    """The escaped HTML ``<table>`` of ``data`` (the columns of ``headers``, under their headers)."""
    headers = headers or {c: c for c in data.columns}
    formats = formats or {}
    cols = list(headers)
    numeric = {c for c in cols if pd.api.types.is_numeric_dtype(data[c]) and not pd.api.types.is_bool_dtype(data[c])}
    right = set(align_right or ()) - numeric
    klass = {c: "num" if c in numeric else "text right" if c in right else "text" for c in cols}
    head = "".join(f'<th class="{klass[c]}">{html.escape(str(headers[c]))}</th>' for c in cols)
    rows = []
    for record in data[cols].itertuples(index=False, name=None):
        cells = "".join(
            f'<td class="{klass[c]}">{html.escape(_cell(v, formats.get(c)))}</td>' for c, v in zip(cols, record)
        )
        rows.append(f"<tr>{cells}</tr>")
    return f'<table class="corpusbook-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


#: Rows per page of an interactive table before the reader pages or searches.
PAGE_LENGTH = 10

_offline_loaded = False


def _offline_library():
    """The DataTables bundle, once per page (kernel): ITables' offline mode, without network."""
    global _offline_loaded
    if _offline_loaded:
        return ""

    _offline_loaded = True
    return generate_init_offline_itables_html(itables_options.dt_bundle)


def display_frame(data, headers=None, formats=None):
    """The strings a reader sees: one column per header (in order), every cell formatted by ``_cell``."""
    headers = headers or {c: c for c in data.columns}
    formats = formats or {}
    return pd.DataFrame({str(headers[c]): [_cell(v, formats.get(c)) for v in data[c]] for c in headers})


def _numeric_columns(data, cols):
    return [c for c in cols if pd.api.types.is_numeric_dtype(data[c]) and not pd.api.types.is_bool_dtype(data[c])]


def to_interactive_html(
    data, headers=None, formats=None, align_right=None, page_length=PAGE_LENGTH, wide=None, table_id=None, search=None
):
    """A sortable, searchable table (ITables/DataTables, offline) of the formatted, escaped cells.

    Each number column is paired with a hidden column holding its value, so sorting is by value,
    not by the formatted text. ITables escapes every cell and header (``allow_html=False``).
    Clicking a header sorts by that column, as in DataTables: ITables' default
    (``text_in_header_can_be_selected``) would leave only the small arrow at the header's edge
    active. ``search`` limits the search box to those columns (default: every column).
    """

    headers = headers or {c: c for c in data.columns}
    cols = list(headers)
    shown = display_frame(data, headers, formats)
    if len(set(shown.columns)) != len(shown.columns):
        raise ValueError("two columns share one header")
    numeric = _numeric_columns(data, cols)
    right = set(numeric) | set(align_right or ())
    column_defs = []
    for i, c in enumerate(cols):
        if c in numeric:
            j = shown.shape[1]
            values = pd.to_numeric(data[c], errors="coerce").astype(float)
            shown["\u200b" * (i + 1)] = values.where(
                values.map(math.isfinite), -1e300
            ).to_numpy()  # hidden sort key, unnamed on the page
            column_defs.append({"targets": i, "orderData": [j]})
            column_defs.append({"targets": j, "visible": False, "searchable": False})
        classes = "num dt-right" if c in numeric else "text dt-right" if c in right else "text dt-left"
        column_defs.append({"targets": i, "className": classes + (" context" if c in set(wide or ()) else "")})
        if search is not None and c not in search:
            column_defs.append({"targets": i, "searchable": False})
    table = to_html_datatable(
        shown,
        table_id=table_id,
        connected=False,
        allow_html=False,
        showIndex=False,
        pageLength=page_length,
        columnDefs=column_defs,
        classes="display compact corpusbook-table corpusbook-interactive",
        lengthMenu=[10, 25, 100, 1000],
        autoWidth=False,
        layout={
            "topStart": "pageLength" if len(data) > page_length else None,
            "topEnd": "search",
            "bottomStart": "info",
            "bottomEnd": "paging",
        },
        display_logo_when_loading=False,
        warn_on_unexpected_types=False,
        maxBytes=0,
        maxRows=0,
        maxColumns=0,
        text_in_header_can_be_selected=False,
    )
    return _offline_library() + table


def show(data, headers=None, formats=None, *, name, **options):
    """Show a table in the cell's output, wherever the call stands in the cell (see :func:`render`).

    Returns nothing, so a cell can go on after it; :func:`render` gives the HTML itself.
    """

    display(render(data, headers, formats, name=name, **options))


#: Most rows a page shows of one table (interactive, static): beyond, the first rows are shown and the
#: download has them all, so no page grows with the corpus.
MAX_SHOWN = {True: 5_000, False: 500}


def render(
    data,
    headers=None,
    formats=None,
    *,
    name,
    note=None,
    download=True,
    align_right=None,
    interactive=False,
    page_length=PAGE_LENGTH,
    wide=None,
    search=None,
    max_rows=None,
):
    """Render a table for the page: chosen columns, plain headers, escaped cells, CSV of all data.

    Parameters
    ----------
    data : pandas.DataFrame
        The full data; every column goes into the CSV download.
    headers : dict or list, optional
        column → header shown, in display order; a list shows those columns under their own names
        (default: every column under its own name).
    formats : dict, optional
        column → format spec (``".1f"``) or callable returning a string.
    name : str
        File name of the CSV download (without ``.csv``).
    note : str, optional
        A line under the table (plain text; escaped).
    download : bool, default True
    align_right : iterable of str, optional
        Text columns to align right (KWIC left context).
    interactive : bool, default False
        Sortable and searchable (a search box filters the rows as the reader types), for tables a
        reader looks things up in. Works offline: the page embeds DataTables once.
    page_length : int
        Rows per page of an interactive table.
    wide : iterable of str, optional
        Text columns kept at least 9 em wide (KWIC contexts) in an interactive table.
    search : iterable of str, optional
        The columns the search box of an interactive table looks in (default: all; a concordance
        searches its lemma column, so typing *Sanktion* does not list every line that mentions it).
    max_rows : int, optional
        Show only the first rows on the page (default :data:`MAX_SHOWN`); the download has them all.

    Notes
    -----
    A table of more than :data:`MAX_SHOWN` rows shows its first rows, says so under the table, and
    offers every row in its download.

    Returns
    -------
    IPython.display.HTML
    """
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"tables.render takes a DataFrame, not {type(data).__name__}")
    data = data.reset_index(drop=True) if not isinstance(data.index, pd.RangeIndex) else data
    headers = (
        {c: c for c in (headers if isinstance(headers, list) else data.columns)}
        if not isinstance(headers, dict)
        else headers
    )
    csv_columns = html.escape(json.dumps([str(c) for c in headers]), quote=True)
    # the headers the search box looks in (all when not limited), for readers' tools and the browser tests
    searched = (
        f' data-search-columns="{html.escape(json.dumps([str(headers[c]) for c in search]), quote=True)}"'
        if interactive and search
        else ""
    )
    # a fixed table id (not ITables' random one), so two builds of the same inputs give the same page
    table_id = "corpusbook-" + re.sub(r"[^A-Za-z0-9_-]", "-", name)
    limit = MAX_SHOWN[bool(interactive)] if max_rows is None else max_rows
    shown = data.head(limit)
    if len(data) > limit:
        cut = f"The page shows the first {limit:,} of {len(data):,} rows; the download has them all."
        note = f"{note} {cut}" if note else cut
    body = (
        to_interactive_html(
            shown, headers, formats, align_right, page_length, wide, table_id, None if search is None else set(search)
        )
        if interactive
        else to_html(shown, headers, formats, align_right)
    )
    shown_rows = f' data-rows-shown="{len(shown)}"' if len(shown) < len(data) else ""
    parts = [
        '<div class="corpusbook-table-block">',
        f'<div class="corpusbook-table-wrap" data-csv-columns="{csv_columns}"{searched}{shown_rows}>',
        body,
        "</div>",
    ]
    if note:
        parts.append(f'<p class="table-note">{html.escape(note)}</p>')
    if download:
        parts.append(csv_link(data, name))
    parts.append("</div>")
    return HTML("".join(parts))
