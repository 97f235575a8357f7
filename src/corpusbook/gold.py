"""How well the extraction rules do, measured against hand-annotated gold sets.

Two gold sets (``tests/data/``, described in its README) cover the shipped articles:

- ``quotes_gold.csv``: every quoted string and every indirect speech, one row each: ``doc_id``,
  ``paragraph``, ``kind`` (``direct``, ``indirect``, or ``term`` for a title, label or scare quote),
  ``speaker`` (canonical name, empty when the text identifies no single person), ``mention`` (how
  the text names the speaker: ``name``, ``description``, ``pronoun``, ``unnamed``, …),
  ``quote_start`` (the first words of the quotation or of the reported clause), ``note``;
- ``frames_gold.csv``: every frame hit the dictionary produced, judged: ``doc_id``, ``paragraph``,
  ``position``, ``token``, ``frame``, ``correct`` (yes/no), ``note``.

Only the documents of a gold set are evaluated, so adding articles to the corpus changes nothing here.

Examples
--------
>>> import pandas as pd
>>> gold = pd.DataFrame({"doc_id": ["a", "a"], "paragraph": [0, 1], "kind": ["direct", "direct"],
...     "speaker": ["Putin", "Putin"], "mention": ["name", "name"], "quote_start": ["Wir", "Das"]})
>>> found = pd.DataFrame({"doc_id": ["a"], "paragraph": [0], "kind": ["direct"], "speaker": ["Putin"],
...     "quote": ["Wir arbeiten"]})
>>> quotation_scores(found, gold).loc[0, ["precision", "recall"]].tolist()
[1.0, 0.5]
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
    folder = Path(folder)
    quotes = pd.read_csv(folder / "quotes_gold.csv", dtype=str, keep_default_na=False)
    frames = pd.read_csv(folder / "frames_gold.csv", dtype=str, keep_default_na=False)
    quotes["paragraph"] = quotes["paragraph"].astype(int)
    frames[["paragraph", "position"]] = frames[["paragraph", "position"]].astype(int)
    return quotes, frames


def _norm(text):
    return re.sub(r"\s+", " ", re.sub(r"[„“”«»\"]", "", str(text))).strip().casefold()


def match_quotes(found, gold):
    """Pair each extracted row with at most one gold row of the gold documents.

    A direct quotation matches a gold ``direct`` or ``term`` row of the same paragraph whose
    ``quote_start`` begins its text; an indirect speech one of the same paragraph whose
    ``quote_start`` its reported text contains. Each gold row is used once, in text order.

    Parameters
    ----------
    found : pandas.DataFrame
        :func:`corpusbook.quotes.find_quotes` (``doc_id``, ``paragraph``, ``kind``, ``speaker``, ``quote``).
    gold : pandas.DataFrame
        The quotation gold set.

    Returns
    -------
    pandas.DataFrame
        The extracted rows of the gold documents with ``gold_row`` (index into ``gold``, -1 when
        unmatched), ``gold_kind``, ``gold_speaker``, ``gold_mention`` and ``correct`` (an attributed
        row whose speaker is the gold speaker of a direct or indirect quotation).
    """
    found = found[found["doc_id"].isin(set(gold["doc_id"]))].reset_index(drop=True)
    used, rows = set(), []
    by_para = dict(tuple(gold.groupby(["doc_id", "paragraph"])))
    for r in found.itertuples(index=False):
        candidates = by_para.get((r.doc_id, r.paragraph), gold.iloc[:0])
        hit = -1
        for i, g in candidates.iterrows():
            if i in used:
                continue
            if (
                r.kind == "direct"
                and g["kind"] in ("direct", "term")
                and _norm(r.quote).startswith(_norm(g["quote_start"]))
            ):
                hit = i
                break
            if r.kind == "indirect" and g["kind"] == "indirect" and _norm(g["quote_start"]) in _norm(r.quote):
                hit = i
                break
        if hit >= 0:
            used.add(hit)
        rows.append(hit)
    out = found.assign(gold_row=rows)
    ref = gold.reindex(out["gold_row"])
    out["gold_kind"] = ref["kind"].fillna("").to_numpy()
    out["gold_speaker"] = ref["speaker"].fillna("").to_numpy()
    out["gold_mention"] = ref["mention"].fillna("").to_numpy()
    out["correct"] = (
        (out["speaker"] != "") & (out["speaker"] == out["gold_speaker"]) & out["gold_kind"].isin(["direct", "indirect"])
    )
    return out


def quotation_scores(found, gold, populations=POPULATIONS):
    """Precision and recall of quotation attribution, direct and indirect separately.

    Precision is the share of attributed rows (non-empty ``speaker``) whose speaker is right.
    Recall is the share of gold quotations of a population (speakers named, or named or described)
    that were found with the right speaker.

    Parameters
    ----------
    found, gold : pandas.DataFrame
        As in :func:`match_quotes`.
    populations : dict
        label → gold ``mention`` values counted in the recall.

    Returns
    -------
    pandas.DataFrame
        One row per kind and population: ``kind``, ``speakers``, ``precision``, ``recall``,
        ``attributed`` (rows with a speaker), ``correct``, ``gold`` (gold quotations of the
        population), ``recalled``.
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
    hits : pandas.DataFrame
        :func:`corpusbook.frames.frame_hits` (``doc_id``, ``position``, ``frame``).
    gold : pandas.DataFrame
        The frame gold set.

    Returns
    -------
    pandas.DataFrame
        One row per frame: ``frame``, ``hits`` (in the gold documents), ``judged``, ``correct``,
        ``precision`` (correct / judged), ``unjudged`` (hits the gold set has no judgement for: the
        gold set needs them added).
    """
    hits = hits[hits["doc_id"].isin(set(gold["doc_id"]))]
    if hits.empty:  # none of the gold articles is in the corpus: nothing to measure
        return pd.DataFrame(
            {
                "frame": pd.Series(dtype=str),
                **{c: pd.Series(dtype=int) for c in ("hits", "judged", "correct")},
                "precision": pd.Series(dtype=float),
                "unjudged": pd.Series(dtype=int),
            }
        )
    judged = hits.merge(
        gold[["doc_id", "position", "frame", "correct"]], on=["doc_id", "position", "frame"], how="left"
    )
    table = (
        judged.groupby("frame", sort=True)
        .agg(
            hits=("doc_id", "size"),
            judged=("correct", lambda c: int(c.notna().sum())),
            correct=("correct", lambda c: int((c == "yes").sum())),
        )
        .reset_index()
    )
    table["precision"] = table["correct"] / table["judged"].where(table["judged"] > 0)
    table["unjudged"] = table["hits"] - table["judged"]
    return table


def frame_errors(hits, gold):
    """The frame hits the gold set judges wrong, with the annotator's note.

    Parameters
    ----------
    hits : pandas.DataFrame
        :func:`corpusbook.frames.frame_hits`.
    gold : pandas.DataFrame
        The frame gold set.

    Returns
    -------
    pandas.DataFrame
        The wrong hits' columns of ``hits`` plus ``note``, in text order.
    """
    wrong = gold.loc[gold["correct"] == "no", ["doc_id", "position", "frame", "note"]]
    return hits.merge(wrong, on=["doc_id", "position", "frame"], how="inner").reset_index(drop=True)
