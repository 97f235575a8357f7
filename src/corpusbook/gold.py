"""How well the extraction rules do, measured against hand-annotated gold sets (``tests/data/``).

``quotes_gold.csv`` lists every quoted string and indirect speech of the shipped articles: ``doc_id``,
``paragraph``, ``kind`` (``direct``, ``indirect``, or ``term`` for a title, label or scare quote),
``speaker`` (canonical name, empty when no single person), ``mention`` (how the text names the speaker:
``name``, ``description``, ``pronoun``, ``unnamed``, …), ``quote_start`` (the first words), ``note``.
``frames_gold.csv`` judges every frame hit: ``doc_id``, ``paragraph``, ``position``, ``token``,
``frame``, ``correct`` (yes/no), ``note``. Only the documents of a gold set are evaluated.
"""

import re
from pathlib import Path

import pandas as pd

#: Who counts in the recall of each line of :func:`quotation_scores`.
POPULATIONS = {"named": ("name",), "named or described": ("name", "description")}


def load_gold(folder):
    """The two gold tables of ``folder`` (``quotes_gold.csv``, ``frames_gold.csv``) as strings and ints.

    Returns
    -------
    quotes, frames : pandas.DataFrame
    """
    files = ("quotes_gold.csv", "frames_gold.csv")
    quotes, frames = (pd.read_csv(Path(folder) / f, dtype=str, keep_default_na=False) for f in files)
    quotes["paragraph"] = quotes["paragraph"].astype(int)
    frames[["paragraph", "position"]] = frames[["paragraph", "position"]].astype(int)
    return quotes, frames


def _norm(text):
    return re.sub(r"\s+", " ", re.sub(r"[„“”«»\"]", "", str(text))).strip().casefold()


def _matches(kind, gold, quote):
    """A direct quotation begins with the gold ``quote_start``; an indirect speech contains it."""
    start = _norm(gold["quote_start"])
    if kind == "direct":
        return gold["kind"] in ("direct", "term") and quote.startswith(start)
    return kind == "indirect" and gold["kind"] == "indirect" and start in quote


def match_quotes(found, gold):
    """Pair each extracted row with at most one gold row of the same paragraph, each gold row used once.

    A direct quotation matches a gold ``direct`` or ``term`` row whose ``quote_start`` begins its text; an
    indirect speech an ``indirect`` row whose ``quote_start`` its text contains.

    Parameters
    ----------
    found, gold : pandas.DataFrame
        :func:`corpusbook.quotes.find_quotes` (``doc_id``, ``paragraph``, ``kind``, ``speaker``, ``quote``), gold set.

    Returns
    -------
    pandas.DataFrame
        The extracted rows of the gold documents with ``gold_row`` (index into ``gold``, -1 when unmatched),
        ``gold_kind``, ``gold_speaker``, ``gold_mention`` and ``correct`` (the right speaker of a direct or
        indirect quotation).
    """
    found = found[found["doc_id"].isin(set(gold["doc_id"]))].reset_index(drop=True)
    used, rows = set(), []
    by_para = dict(tuple(gold.groupby(["doc_id", "paragraph"])))
    for r in found.itertuples(index=False):
        candidates = by_para.get((r.doc_id, r.paragraph), gold.iloc[:0]).iterrows()
        hit = next((i for i, g in candidates if i not in used and _matches(r.kind, g, _norm(r.quote))), -1)
        if hit >= 0:
            used.add(hit)
        rows.append(hit)
    out = found.assign(gold_row=rows)
    ref = gold.reindex(out["gold_row"])
    for column in ("kind", "speaker", "mention"):
        out[f"gold_{column}"] = ref[column].fillna("").to_numpy()
    out["correct"] = (
        (out["speaker"] != "") & (out["speaker"] == out["gold_speaker"]) & out["gold_kind"].isin(["direct", "indirect"])
    )
    return out


def quotation_scores(found, gold, populations=POPULATIONS):
    """Precision and recall of quotation attribution, direct and indirect separately.

    Precision is the share of attributed rows (non-empty ``speaker``) whose speaker is right; recall the
    share of a population's gold quotations found with the right speaker.

    Parameters
    ----------
    found, gold : pandas.DataFrame
        As in :func:`match_quotes`.
    populations : dict
        label → gold ``mention`` values counted in the recall.

    Returns
    -------
    pandas.DataFrame
        One row per kind and population: ``kind``, ``speakers``, ``precision``, ``recall``, ``attributed``,
        ``correct``, ``gold`` (gold quotations of the population), ``recalled``.
    """
    matched = match_quotes(found, gold)
    rows = []
    for kind in ("direct", "indirect"):
        mine = matched[(matched["kind"] == kind) & (matched["speaker"] != "")]
        hits = set(matched.loc[matched["correct"] & (matched["kind"] == kind), "gold_row"])
        for label, mentions in populations.items():
            wanted = gold[(gold["kind"] == kind) & (gold["speaker"] != "") & gold["mention"].isin(mentions)]
            recalled = int(wanted.index.isin(hits).sum())
            rows.append(
                {
                    "kind": kind,
                    "speakers": label,
                    "precision": mine["correct"].mean() if len(mine) else float("nan"),
                    "recall": recalled / len(wanted) if len(wanted) else float("nan"),
                    "attributed": len(mine),
                    "correct": int(mine["correct"].sum()),
                    "gold": len(wanted),
                    "recalled": recalled,
                }
            )
    return pd.DataFrame(rows)


def frame_precision(hits, gold):
    """Precision of each frame on the gold documents: the share of its hits judged correct.

    Parameters
    ----------
    hits, gold : pandas.DataFrame
        :func:`corpusbook.frames.frame_hits` (``doc_id``, ``position``, ``frame``) and the frame gold set.

    Returns
    -------
    pandas.DataFrame
        ``frame``, ``hits``, ``judged``, ``correct``, ``precision`` (correct / judged), ``unjudged`` (hits
        the gold set has yet to judge).
    """
    hits = hits[hits["doc_id"].isin(set(gold["doc_id"]))]
    if hits.empty:  # none of the gold articles is in the corpus: nothing to measure
        dtypes = {"frame": str, "hits": int, "judged": int, "correct": int, "precision": float, "unjudged": int}
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})
    keys = ["doc_id", "position", "frame"]
    judged = hits.merge(gold[[*keys, "correct"]], on=keys, how="left")
    table = judged.groupby("frame", sort=True).agg(
        hits=("doc_id", "size"),
        judged=("correct", lambda c: int(c.notna().sum())),
        correct=("correct", lambda c: int((c == "yes").sum())),
    )
    table["precision"] = table["correct"] / table["judged"].where(table["judged"] > 0)
    table["unjudged"] = table["hits"] - table["judged"]
    return table.reset_index()


def frame_errors(hits, gold):
    """The frame hits the gold set judges wrong, with the annotator's ``note``, in text order.

    Parameters
    ----------
    hits, gold : pandas.DataFrame
        :func:`corpusbook.frames.frame_hits` and the frame gold set.

    Returns
    -------
    pandas.DataFrame
    """
    wrong = gold.loc[gold["correct"] == "no", ["doc_id", "position", "frame", "note"]]
    return hits.merge(wrong, on=["doc_id", "position", "frame"], how="inner").reset_index(drop=True)
