"""Frames: a curated dictionary of lemma lists, counted per document and group.

``corpus/frames.csv`` has one row per frame lemma: ``frame`` (id), ``label``, ``lemma`` (a lemma of the
token table, or a pattern with ``*`` as wildcard: ``*energie`` matches *Kernenergie*), ``note``, an
optional ``pos`` and two optional exclusions of known false hits: ``not_after`` (word forms,
``|``-separated, that must not come right before the token: *mit* excludes *mit Sicherheit*) and
``not_before`` (lemmas that must not come right after it). Patterns match lemmas case-insensitively;
``pos`` then decides by case, as German spelling does: a ``noun`` or ``name`` pattern matches only a
capitalised token with a capitalised lemma, an ``adj`` or ``verb`` pattern only a lower-case lemma
(simplemma keeps nouns capitalised), so the noun *Unternehmen* does not match "Schritte
**unternommen**"; an empty ``pos`` matches either. A token counts for every frame whose list it
matches, at most once per frame.
"""

import fnmatch
import re

import numpy as np
import pandas as pd

from corpusbook.errors import CorpusError, read_table
from corpusbook.preprocess import name_parts
from corpusbook.settings import PER_N
from corpusbook.tokenize import sentence_spans, tokenize

#: Values of the ``pos`` column: which case a matching token and lemma have ("" = either).
POS = ("noun", "name", "adj", "verb", "")


def load_frames(path):
    """Read and check the frame dictionary.

    Raises
    ------
    CorpusError
        For a missing column, an empty field, an unknown ``pos``, or a frame with two different labels.
    """
    table = read_table(path, required=("frame", "label", "lemma"))
    if "pos" not in table:
        table["pos"] = ""
    name = path.name if hasattr(path, "name") else path
    problems = [
        f"{name}, row {i + 2}: field '{f}' is empty."
        for i, row in table.iterrows()
        for f in ("frame", "label", "lemma")
        if not row[f]
    ]
    problems += [
        f"{name}, row {i + 2}: field 'pos' is '{p}'; use one of {', '.join(POS[:-1])} or leave it empty."
        for i, p in enumerate(table["pos"])
        if p not in POS
    ]
    labels = table.groupby("frame")["label"].nunique()
    problems += [f"frames.csv: frame '{f}' has more than one label." for f in labels[labels > 1].index]
    if problems:
        raise CorpusError(problems)
    return table


def _lemma_index(tokens):
    """Codes of the tokens' lemmas, their distinct forms casefolded, and per ``pos`` the tokens of its case."""
    codes, forms = pd.factorize(tokens["lemma"])
    lemma = tokens["lemma"].astype(str)
    form = tokens["token"].astype(str) if "token" in tokens else lemma
    upper = (lemma.str[:1].str.isupper() & form.str[:1].str.isupper()).to_numpy(dtype=bool)
    lower = lemma.str[:1].str.islower().to_numpy(dtype=bool)
    case_ok = {"noun": upper, "name": upper, "adj": lower, "verb": lower, "": np.ones(len(tokens), dtype=bool)}
    return codes, pd.Series(forms, dtype=object).str.casefold(), case_ok


def _matches(rows, index):
    """Tokens that one of ``rows`` (dictionary rows) matches, by lemma pattern and case."""
    codes, folded, case_ok = index
    hit = np.zeros(len(codes), dtype=bool)
    pos = rows["pos"] if "pos" in rows else pd.Series("", index=rows.index)
    for value, group in rows.groupby(pos, sort=False):
        regex = re.compile("|".join(f"(?:{fnmatch.translate(p.casefold())})" for p in group["lemma"]))
        by_form = np.array([bool(regex.fullmatch(f)) for f in folded], dtype=bool)
        if len(by_form):
            hit |= by_form[codes] & case_ok[value]
    return hit


def _split(cell):
    return [w.strip().casefold() for w in str(cell or "").split("|") if w.strip()]


def exclusions(tokens, frames):
    """Which tokens a dictionary row's exclusion rule removes (a known false hit).

    A row's ``not_after`` drops a token it matches right after one of those words in the same paragraph,
    ``not_before`` one right before one of those lemmas. The token table is in text order.

    Returns
    -------
    pandas.DataFrame
        Index as ``tokens``; one boolean column per frame: True where a token matched by a row of that
        frame stands in that row's excluded context (whatever other rows of the frame match it).
    """
    frames = frames.assign(**{c: frames.get(c, "") for c in ("not_after", "not_before")})
    ruled = (frames["not_after"] != "") | (frames["not_before"] != "")
    out = pd.DataFrame(False, index=tokens.index, columns=list(dict.fromkeys(frames["frame"])))
    if not ruled.any() or tokens.empty:
        return out
    # casefolded form of the previous word and lemma of the next word in the same paragraph ("" at an edge)
    keys = tokens[["doc_id", "paragraph"]].to_numpy()
    same = np.r_[False, (keys[1:] == keys[:-1]).all(axis=1)]
    form = tokens["token"].astype(str).str.casefold().to_numpy(dtype=object)
    lemma = tokens["lemma"].astype(str).str.casefold().to_numpy(dtype=object)
    prev = np.where(same, np.r_[[""], form[:-1]], "")
    nxt = np.where(np.r_[same[1:], False], np.r_[lemma[1:], [""]], "")
    index = _lemma_index(tokens)
    for i, row in frames[ruled].iterrows():
        bad = np.isin(prev, _split(row["not_after"])) | np.isin(nxt, _split(row["not_before"]))
        out[row["frame"]] |= _matches(frames.loc[[i]], index) & bad
    return out


def tag_frames(tokens, frames):
    """Boolean matrix: for each token (row) whether it counts for each frame (column).

    A token counts when its lemma matches one of the frame's patterns in the case the row's ``pos``
    asks for, and no exclusion rule of that row removes it (:func:`exclusions`). Of a multi-word name
    only the last token can count (with the canonical name as lemma): *Organisation des Vertrags über
    kollektive Sicherheit* is one hit (*OVKS*), not two.

    Returns
    -------
    pandas.DataFrame
        Index as ``tokens``; one boolean column per frame id, in the dictionary's order.
    """
    index = _lemma_index(tokens)
    out = {frame: _matches(rows, index) for frame, rows in frames.groupby("frame", sort=False)}
    out = pd.DataFrame(out, index=tokens.index, columns=list(out))
    if "entity_start" in tokens:
        named, last, multi = name_parts(tokens)
        out = out & ~(named & multi & ~last)[:, None]
    return out & ~exclusions(tokens, frames)


def frame_shares(tokens, frames, by="period", tags=None):
    """Frame hits per group: count, per 10,000 tokens, document range and the lemmas that matched.

    Parameters
    ----------
    tokens, frames : pandas.DataFrame
        The token table and the dictionary (:func:`load_frames`).
    by : str
        Grouping column (``period``, ``slice``, ``doc_id``).
    tags : pandas.DataFrame, optional
        :func:`tag_frames` of ``tokens`` (computed when not given).

    Returns
    -------
    pandas.DataFrame
        ``by``, ``frame``, ``label``, ``hits``, ``per_10k``, ``docs`` (documents with a hit), ``n_docs``,
        ``top_lemmas`` (the three most frequent matching lemmas; ties by alphabet), ``range``.
    """
    tags = tag_frames(tokens, frames) if tags is None else tags
    labels = frames.drop_duplicates("frame").set_index("frame")["label"]
    groups = tokens[by].astype(str)
    sizes = groups.value_counts().sort_index()
    n_docs = tokens.groupby(groups)["doc_id"].nunique()
    token, column = np.nonzero(tags.to_numpy(dtype=bool))
    hit = pd.DataFrame({"frame": tags.columns[column], "g": groups.to_numpy()[token]})
    hit = hit.assign(doc=tokens["doc_id"].to_numpy()[token], lemma=tokens["lemma"].astype(str).to_numpy()[token])
    grid, keys = pd.MultiIndex.from_product([tags.columns, sizes.index]), ["frame", "g"]
    hits = hit.groupby(keys)["doc"].agg(["size", "nunique"]).reindex(grid, fill_value=0)
    lemmas = hit.value_counts([*keys, "lemma"]).reset_index().sort_values(["count", "lemma"], ascending=[False, True])
    top = lemmas.groupby(keys).head(3).groupby(keys)["lemma"].agg(", ".join).reindex(grid, fill_value="")
    rows = [
        (g, f, labels[f], n, n / sizes[g] * PER_N, docs, n_docs[g], top[(f, g)])
        for (f, g), (n, docs) in zip(grid, hits.to_numpy())
    ]
    table = pd.DataFrame(rows, columns=[by, "frame", "label", "hits", "per_10k", "docs", "n_docs", "top_lemmas"])
    table["range"] = table["docs"].astype(str) + " of " + table["n_docs"].astype(str)
    return table


def step_evidence(shares, doc_shares, doc_group, order):
    """Each frame's change between consecutive groups, with the spread of the articles on each side.

    Parameters
    ----------
    shares, doc_shares : pandas.DataFrame
        :func:`frame_shares` by the grouping named by ``doc_group``, and by ``doc_id``.
    doc_group : pandas.Series
        doc_id → group.
    order : list
        Groups in time order; every consecutive pair is one step.

    Returns
    -------
    pandas.DataFrame
        One row per step and frame: ``step`` (0-based), ``from``, ``to``, ``frame``, ``label``,
        ``per_10k_from``, ``per_10k_to``, ``change`` (to − from), ``ratio`` (to / from; inf when from is
        0, nan when both are), ``n_from``, ``n_to`` (articles), ``min_from``, ``max_from``, ``min_to``,
        ``max_to`` (per-article rates), and ``beyond``: True when every article of the later group is above
        every article of the earlier for a rise (below for a fall); None with one article on each side.
    """
    by = doc_group.name or "group"
    rates = doc_shares.pivot(index="doc_id", columns="frame", values="per_10k")
    grp = doc_group.reindex(rates.index).astype(str)
    wide = shares.assign(**{by: shares[by].astype(str)}).set_index([by, "frame"])["per_10k"]
    labels = shares.drop_duplicates("frame").set_index("frame")["label"]
    rows = []
    for k, (a, b) in enumerate(zip(order, order[1:])):
        ra, rb = rates[(grp == str(a)).to_numpy()], rates[(grp == str(b)).to_numpy()]
        for frame in labels.index:
            fa, fb = float(wide.loc[(str(a), frame)]), float(wide.loc[(str(b), frame)])
            change = fb - fa
            ratio = fb / fa if fa else (float("inf") if fb else float("nan"))
            lo_a, hi_a, lo_b, hi_b = ra[frame].min(), ra[frame].max(), rb[frame].min(), rb[frame].max()
            # with one article on each side there is no spread to judge a change against
            judged = len(ra) > 1 or len(rb) > 1
            beyond = bool((change > 0 and lo_b > hi_a) or (change < 0 and hi_b < lo_a)) if judged else None
            rows.append(
                (k, a, b, frame, labels[frame], fa, fb, change, ratio, len(ra), len(rb), lo_a, hi_a, lo_b, hi_b, beyond)
            )
    columns = ["step", "from", "to", "frame", "label", "per_10k_from", "per_10k_to", "change", "ratio", "n_from"]
    return pd.DataFrame(rows, columns=columns + ["n_to", "min_from", "max_from", "min_to", "max_to", "beyond"])


def frame_hits(tokens, paragraphs, frames, tags=None):
    """Every frame hit with the sentence it stands in: the list behind the counts, for reading and download.

    Parameters
    ----------
    tokens, paragraphs, frames : pandas.DataFrame
        The token table, ``Corpus.paragraphs`` and the dictionary (:func:`load_frames`).
    tags : pandas.DataFrame, optional
        :func:`tag_frames` of ``tokens`` (computed when not given).

    Returns
    -------
    pandas.DataFrame
        One row per token and frame it counts for, in text order: ``doc_id``, ``paragraph``, ``position``,
        ``frame``, ``label``, ``lemma``, ``token``, ``sentence`` (:func:`corpusbook.tokenize.sentence_spans`).
    """
    tags = tag_frames(tokens, frames) if tags is None else tags
    labels = frames.drop_duplicates("frame").set_index("frame")["label"]
    long = tags.stack()
    long = long[long.to_numpy(dtype=bool)]
    rows = tokens.loc[long.index.get_level_values(0), ["doc_id", "paragraph", "position", "lemma", "token"]]
    rows = rows.assign(frame=long.index.get_level_values(1), label=long.index.get_level_values(1).map(labels))
    rows = rows.sort_values(["doc_id", "position"], kind="stable").reset_index(drop=True)
    columns = ["doc_id", "paragraph", "position", "frame", "label", "lemma", "token", "sentence"]
    if rows.empty:
        return rows.assign(sentence="").reindex(columns=columns)
    keys = list(rows[["doc_id", "paragraph"]].drop_duplicates().itertuples(index=False, name=None))
    texts = paragraphs.set_index(["doc_id", "paragraph"])["text"].loc[keys].tolist()
    first = tokens.groupby(["doc_id", "paragraph"])["position"].min()
    sentences = {}  # (doc_id, paragraph) -> the sentence of each word token
    for key, body, spans in zip(keys, texts, sentence_spans(texts)):
        starts = [s for _, kind, s in tokenize(body) if kind != "punct"]
        sentences[key] = [next((body[a:b] for a, b in spans if a <= s < b), body) for s in starts]
    rows["sentence"] = [
        sentences[(d, p)][pos - first[(d, p)]] for d, p, pos in zip(rows["doc_id"], rows["paragraph"], rows["position"])
    ]
    return rows[columns]


def by_group(tokens, frames, by, order=None):
    """Frame × group table of hits per 10,000 tokens (groups as columns, in ``order`` when given).

    Examples
    --------
    >>> import pandas as pd
    >>> toks = pd.DataFrame({"lemma": ["Krieg", "Handel", "und", "Krieg"], "doc_id": ["a", "a", "b", "b"],
    ...                      "slice": ["x", "x", "y", "y"]})
    >>> frames = pd.DataFrame({"frame": ["war", "economy"], "label": ["War", "Economy"],
    ...                        "lemma": ["Krieg", "Handel"], "not_after": "", "not_before": ""})
    >>> by_group(toks, frames, "slice").round().to_dict()
    {'x': {'economy': 5000.0, 'war': 5000.0}, 'y': {'economy': 0.0, 'war': 5000.0}}
    """
    table = frame_shares(tokens, frames, by).pivot(index="frame", columns=by, values="per_10k")
    table.columns.name = None
    return table.reindex(columns=order) if order is not None else table
