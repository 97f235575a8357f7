"""Frames: a curated dictionary of lemma lists, counted per document and group.

``corpus/frames.csv`` has one row per frame lemma: ``frame`` (id), ``label`` (for readers),
``lemma`` (a lemma as in the token table, or a pattern with ``*`` as wildcard, e.g. ``*energie`` for
compounds such as *Kernenergie*), ``note``. Matching is case-insensitive on lemmas. A token counts
for every frame whose list it matches (frames may overlap), at most once per frame.
"""

import fnmatch
import re

import numpy as np
import pandas as pd

from corpusbook.errors import CorpusError, read_table
from corpusbook.settings import PER_N


def load_frames(path):
    """Read and check the frame dictionary.

    Raises
    ------
    CorpusError
        For a missing column, an empty field, or a frame with two different labels.
    """
    table = read_table(path, required=("frame", "label", "lemma"))
    problems = [f"{path.name if hasattr(path, 'name') else path}, row {i + 2}: field '{f}' is empty."
                for i, row in table.iterrows() for f in ("frame", "label", "lemma") if not row[f]]
    labels = table.groupby("frame")["label"].nunique()
    problems += [f"frames.csv: frame '{f}' has more than one label." for f in labels[labels > 1].index]
    if problems:
        raise CorpusError(problems)
    return table


def _frame_regex(patterns):
    parts = [fnmatch.translate(p.casefold()) for p in patterns]
    return re.compile("|".join(f"(?:{p})" for p in parts))


def tag_frames(tokens, frames):
    """Boolean matrix: for each token (row) whether its lemma belongs to each frame (column).

    Returns
    -------
    pandas.DataFrame
        Index as ``tokens``; one boolean column per frame id, in the dictionary's order.
    """
    lemma_codes, forms = pd.factorize(tokens["lemma"])
    folded = pd.Series(forms, dtype=object).str.casefold()
    out = {}
    for frame, rows in frames.groupby("frame", sort=False):
        regex = _frame_regex(rows["lemma"])
        hit = np.array([bool(regex.fullmatch(f)) for f in folded], dtype=bool)
        out[frame] = hit[lemma_codes] if len(forms) else np.zeros(len(tokens), dtype=bool)
    return pd.DataFrame(out, index=tokens.index)


def frame_shares(tokens, frames, by="period"):
    """Frame hits per group: count, per 10,000 tokens, document range and the lemmas that matched.

    Returns
    -------
    pandas.DataFrame
        ``by``, ``frame``, ``label``, ``hits``, ``per_10k``, ``docs`` (documents with at least one
        hit), ``n_docs``, ``range``, ``top_lemmas`` (the three most frequent matching lemmas).
    """
    tags = tag_frames(tokens, frames)
    labels = frames.drop_duplicates("frame").set_index("frame")["label"]
    sizes = tokens.groupby(by, observed=True).size()
    n_docs = tokens.groupby(by, observed=True)["doc_id"].nunique()
    rows = []
    for frame in tags.columns:
        hit = tokens[tags[frame].to_numpy()]
        for group in sizes.index:
            g = hit[hit[by] == group]
            top = g["lemma"].value_counts().head(3)
            rows.append({by: group, "frame": frame, "label": labels[frame], "hits": len(g),
                         "per_10k": len(g) / sizes[group] * PER_N, "docs": g["doc_id"].nunique(),
                         "n_docs": int(n_docs[group]), "top_lemmas": ", ".join(top.index.astype(str))})
    table = pd.DataFrame(rows)
    table["range"] = table["docs"].astype(str) + " of " + table["n_docs"].astype(str)
    return table


def frame_shift(shares, by, order=None):
    """Change of each frame's rate (per 10k) from each group to the next.

    Parameters
    ----------
    shares : pandas.DataFrame
        From :func:`frame_shares`.
    order : list, optional
        Group order (default: sorted).

    Returns
    -------
    pandas.DataFrame
        One row per frame and consecutive pair of groups: ``frame``, ``label``, ``from``, ``to``,
        ``per_10k_from``, ``per_10k_to``, ``change`` (difference), ``ratio`` (to/from, inf when
        from is 0), ``single_doc_caveat`` (either side has one document).
    """
    order = order or sorted(shares[by].unique())
    wide = shares.set_index(["frame", by])
    rows = []
    for frame in shares["frame"].unique():
        for a, b in zip(order, order[1:]):
            ra, rb = wide.loc[(frame, a)], wide.loc[(frame, b)]
            rows.append({"frame": frame, "label": ra["label"], "from": a, "to": b, "per_10k_from": ra["per_10k"],
                         "per_10k_to": rb["per_10k"], "change": rb["per_10k"] - ra["per_10k"],
                         "ratio": rb["per_10k"] / ra["per_10k"] if ra["per_10k"] else float("inf"),
                         "single_doc_caveat": bool(ra["n_docs"] == 1 or rb["n_docs"] == 1)})
    return pd.DataFrame(rows)


#: Added to both rates (per 10k) before the log ratio of :func:`strongest_contrast`, so that a frame
#: absent on one side still gets a finite contrast.
RATE_CORRECTION = 0.5


def strongest_contrast(shares, by, order=None, correction=RATE_CORRECTION):
    """The frame whose rate differs most between the first group and the mean of the later ones.

    The contrast is ``|log2((mean rate in later groups + c) / (rate in first group + c))|`` with
    ``c = correction``, rates per 10,000 tokens.

    Parameters
    ----------
    shares : pandas.DataFrame
        From :func:`frame_shares`.
    by : str
        The grouping column.
    order : list, optional
        Group order (default: sorted); the first is compared with the rest.

    Returns
    -------
    dict
        ``frame``, ``label``, ``contrast`` (the absolute log2 ratio), ``rates`` (group -> rate, in
        ``order``).
    """
    order = order or sorted(shares[by].unique())
    if len(order) < 2:
        raise ValueError(f"strongest_contrast needs at least two groups in '{by}', got {len(order)}")
    wide = shares.pivot(index="frame", columns=by, values="per_10k")[order]
    score = np.log2((wide[order[1:]].mean(axis=1) + correction) / (wide[order[0]] + correction)).abs()
    frame = score.idxmax()
    labels = shares.drop_duplicates("frame").set_index("frame")["label"]
    return {"frame": frame, "label": labels[frame], "contrast": float(score[frame]),
            "rates": {g: float(wide.loc[frame, g]) for g in order}}
