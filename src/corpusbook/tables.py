"""Tables for readers: every table of the book becomes HTML through :func:`show`.

A table shows chosen columns under plain headers without the pandas index, formats numbers alike
(integers without ".0", thousands separators, "—" for a missing or infinite value), escapes every
cell and header (corpus text is input from outside), and carries a link that downloads the full data
as CSV inside the page. With ``interactive=True`` it is sortable and searchable offline (ITables,
DataTables embedded in the page); number columns sort by their values.
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

#: A CSV larger than this (bytes) is not embedded in the page but offered as a file beside the book.
EMBED_LIMIT = 256 * 1024
#: Rows per page of an interactive table before the reader pages or searches.
PAGE_LENGTH = 10
#: Most rows a page shows of one table (interactive, static); the download has them all.
MAX_SHOWN = {True: 5_000, False: 500}

_offline_loaded = False


def _cell(value, fmt=None):
    if value is None or value is pd.NA or (isinstance(value, float) and not math.isfinite(value)):
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


def csv_link(data, name, label="Download the full table (CSV)"):
    """An HTML link that downloads ``data`` as ``name.csv`` (UTF-8).

    The CSV travels inside the page (a ``data:`` link); one over :data:`EMBED_LIMIT` is written beside
    the book during a build instead (:func:`download`), named after its content.
    """
    raw = data.to_csv(index=False).encode("utf-8")
    href = download(raw, f"{name}-{hashlib.sha256(raw).hexdigest()[:10]}.csv") if len(raw) > EMBED_LIMIT else None
    size = f" ({len(raw) / 2**20:.1f} MB)" if href else ""
    href = href or "data:text/csv;charset=utf-8;base64," + base64.b64encode(raw).decode("ascii")
    return (
        f'<p class="table-download"><a download="{html.escape(f"{name}.csv", quote=True)}" '
        f'href="{html.escape(href, quote=True)}">{html.escape(label + size)}</a></p>'
    )


def offer(data, name, label):
    """Show only a download link for ``data`` as ``name.csv`` (a table too wide or long for the page)."""
    display(HTML(f'<div class="corpusbook-download">{csv_link(data, name, label)}</div>'))


def download(content, filename):
    """Write ``content`` (bytes) as a file beside the book; return its address relative to the page.

    Only during a build (``tools/build.py`` sets ``CORPUSBOOK_DOWNLOADS``); otherwise return None.
    """
    folder = os.environ.get("CORPUSBOOK_DOWNLOADS")
    if not folder:
        return None
    path = Path(folder) / filename
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return Path(os.path.relpath(project_root() / "downloads" / filename, Path.cwd())).as_posix()


def _numeric_columns(data, cols):
    return [c for c in cols if pd.api.types.is_numeric_dtype(data[c]) and not pd.api.types.is_bool_dtype(data[c])]


def to_html(data, headers=None, formats=None, align_right=None):
    """The escaped HTML ``<table>`` of ``data`` (the columns of ``headers``, under their headers)."""
    headers, formats = headers or {c: c for c in data.columns}, formats or {}
    cols = list(headers)
    numeric = set(_numeric_columns(data, cols))
    right = set(align_right or ()) - numeric
    klass = {c: "num" if c in numeric else "text right" if c in right else "text" for c in cols}
    head = "".join(f'<th class="{klass[c]}">{html.escape(str(headers[c]))}</th>' for c in cols)
    rows = "".join(
        "<tr>"
        + "".join(f'<td class="{klass[c]}">{html.escape(_cell(v, formats.get(c)))}</td>' for c, v in zip(cols, record))
        + "</tr>"
        for record in data[cols].itertuples(index=False, name=None)
    )
    return f'<table class="corpusbook-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _offline_library():
    """The DataTables bundle, once per page (kernel): ITables' offline mode, without network."""
    global _offline_loaded
    if _offline_loaded:
        return ""
    _offline_loaded = True
    return generate_init_offline_itables_html(itables_options.dt_bundle)


def display_frame(data, headers=None, formats=None):
    """The strings a reader sees: one column per header (in order), every cell formatted by ``_cell``."""
    headers, formats = headers or {c: c for c in data.columns}, formats or {}
    return pd.DataFrame({str(headers[c]): [_cell(v, formats.get(c)) for v in data[c]] for c in headers})


def to_interactive_html(
    data, headers=None, formats=None, align_right=None, page_length=PAGE_LENGTH, wide=None, table_id=None, search=None
):
    """A sortable, searchable table (ITables/DataTables, offline) of the formatted, escaped cells.

    Each number column sorts by a hidden column holding its value. ITables escapes every cell and
    header (``allow_html=False``); a click anywhere on a header sorts. ``search`` limits the search
    box to those columns (default: every column).
    """
    headers = headers or {c: c for c in data.columns}
    shown = display_frame(data, headers, formats)
    if len(set(shown.columns)) != len(shown.columns):
        raise ValueError("two columns share one header")
    numeric = _numeric_columns(data, list(headers))
    right = set(numeric) | set(align_right or ())
    column_defs = []
    for i, c in enumerate(headers):
        if c in numeric:
            j = shown.shape[1]
            values = pd.to_numeric(data[c], errors="coerce").astype(float)
            # the hidden sort key, unnamed on the page
            shown["\u200b" * (i + 1)] = values.where(values.map(math.isfinite), -1e300).to_numpy()
            column_defs += [{"targets": i, "orderData": [j]}, {"targets": j, "visible": False, "searchable": False}]
        classes = "num dt-right" if c in numeric else "text dt-right" if c in right else "text dt-left"
        column_defs.append({"targets": i, "className": classes + (" context" if c in set(wide or ()) else "")})
        if search is not None and c not in search:
            column_defs.append({"targets": i, "searchable": False})
    top = "pageLength" if len(data) > page_length else None
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
        layout={"topStart": top, "topEnd": "search", "bottomStart": "info", "bottomEnd": "paging"},
        display_logo_when_loading=False,
        warn_on_unexpected_types=False,
        maxBytes=0,
        maxRows=0,
        maxColumns=0,
        text_in_header_can_be_selected=False,
    )
    return _offline_library() + table


def show(data, headers=None, formats=None, *, name, **options):
    """Show a table in the cell's output, wherever the call stands in the cell (see :func:`render`)."""
    display(render(data, headers, formats, name=name, **options))


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
        column → header shown, in display order; a list shows those columns under their own names.
    formats : dict, optional
        column → format spec (``".1f"``) or callable returning a string.
    name : str
        File name of the CSV download (without ``.csv``).
    note : str, optional
        A line under the table (plain text; escaped).
    download, interactive : bool
        Add the CSV download link (default); make the table sortable and searchable.
    align_right : iterable of str, optional
        Text columns to align right (KWIC left context).
    page_length : int
        Rows per page of an interactive table.
    wide, search : iterable of str, optional
        Text columns kept at least 9 em wide, and the columns searched (default: all), when interactive.
    max_rows : int, optional
        Show only the first rows (default :data:`MAX_SHOWN`), say so under the table; the download has all.

    Returns
    -------
    IPython.display.HTML
    """
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"tables.render takes a DataFrame, not {type(data).__name__}")
    data = data if isinstance(data.index, pd.RangeIndex) else data.reset_index(drop=True)
    if not isinstance(headers, dict):
        headers = {c: c for c in (headers if isinstance(headers, list) else data.columns)}
    csv_columns = html.escape(json.dumps([str(c) for c in headers]), quote=True)
    # the headers the search box looks in, for readers' tools and the browser tests
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
    if interactive:
        search = None if search is None else set(search)
        body = to_interactive_html(shown, headers, formats, align_right, page_length, wide, table_id, search)
    else:
        body = to_html(shown, headers, formats, align_right)
    shown_rows = f' data-rows-shown="{len(shown)}"' if len(shown) < len(data) else ""
    return HTML(
        '<div class="corpusbook-table-block">'
        f'<div class="corpusbook-table-wrap" data-csv-columns="{csv_columns}"{searched}{shown_rows}>{body}</div>'
        + (f'<p class="table-note">{html.escape(note)}</p>' if note else "")
        + (csv_link(data, name) if download else "")
        + "</div>"
    )
