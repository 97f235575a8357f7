"""Frames: a curated dictionary of lemma lists, counted per document and group.

``corpus/frames.csv`` has one row per frame lemma: ``frame`` (id), ``label`` (for readers),
``lemma`` (a lemma as in the token table, or a pattern with ``*`` as wildcard, e.g. ``*energie`` for
compounds such as *Kernenergie*), ``note``, an optional ``pos`` and two optional exclusion columns for
known false hits: ``not_after`` (word forms, ``|``-separated, that must not come right before the
token: *mit* excludes *mit Sicherheit*, "certainly") and ``not_before`` (lemmas that must not come
right after it).

Patterns are compared with lemmas case-insensitively; ``pos`` then decides by case, as German
spelling does: a ``noun`` or ``name`` pattern matches only a capitalised token whose lemma is
capitalised, an ``adj`` or ``verb`` pattern only a lemma in lower case (simplemma lower-cases the
lemmas of verbs and adjectives, and keeps nouns capitalised). So the noun *Unternehmen* (company)
does not match the verb in "Schritte **unternommen**" (lemma *unternehmen*). An empty ``pos``
matches either case. A token counts for every frame whose list it matches (frames may overlap), at
most once per frame.
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


def _frame_regex(patterns):
    parts = [fnmatch.translate(p.casefold()) for p in patterns]
    return re.compile("|".join(f"(?:{p})" for p in parts))


def _case_ok(tokens):
    """Per ``pos`` value, which tokens have the case it asks for (see the module docstring)."""
    lemma = tokens["lemma"].astype(str)
    form = tokens["token"].astype(str) if "token" in tokens else lemma
    upper = (lemma.str[:1].str.isupper() & form.str[:1].str.isupper()).to_numpy(dtype=bool)
    lower = lemma.str[:1].str.islower().to_numpy(dtype=bool)
    anycase = np.ones(len(tokens), dtype=bool)
    return {"noun": upper, "name": upper, "adj": lower, "verb": lower, "": anycase}


def _matches(rows, lemma_codes, folded, case_ok):
    """Tokens that one of ``rows`` (dictionary rows) matches, by lemma pattern and case."""
    hit = np.zeros(len(lemma_codes), dtype=bool)
    pos = rows["pos"] if "pos" in rows else pd.Series("", index=rows.index)
    for value, group in rows.groupby(pos, sort=False):
        regex = _frame_regex(group["lemma"])
        by_form = np.array([bool(regex.fullmatch(f)) for f in folded], dtype=bool)
        if len(by_form):
            hit |= by_form[lemma_codes] & case_ok[value]
    return hit


def _split(cell):
    return {w.strip().casefold() for w in str(cell or "").split("|") if w.strip()}


def _neighbours(tokens):
    """Casefolded form of the previous word and lemma of the next word in the same paragraph ("" at an edge)."""
    doc = tokens["doc_id"].to_numpy()
    para = tokens["paragraph"].to_numpy()
    form = tokens["token"].astype(str).str.casefold().to_numpy(dtype=object)
    lemma = tokens["lemma"].astype(str).str.casefold().to_numpy(dtype=object)
    same_prev = np.zeros(len(tokens), dtype=bool)
    same_prev[1:] = (doc[1:] == doc[:-1]) & (para[1:] == para[:-1])
    prev = np.full(len(tokens), "", dtype=object)
    prev[1:] = np.where(same_prev[1:], form[:-1], "")
    nxt = np.full(len(tokens), "", dtype=object)
    nxt[:-1] = np.where(same_prev[1:], lemma[1:], "")
    return prev, nxt


def exclusions(tokens, frames):
    """Which tokens a dictionary row's exclusion rule removes (a known false hit).

    A row with ``not_after`` (word forms) drops a matching token right after one of those words in the
    same paragraph; ``not_before`` (lemmas) drops one right before such a lemma. The token table is
    in text order (document, position), as :func:`corpusbook.preprocess.token_table` returns it.

    Returns
    -------
    pandas.DataFrame
        Index as ``tokens``; one boolean column per frame: True where a token matched by a row of
        that frame stands in that row's excluded context (whatever other rows of the frame match it:
        *Gas* before *geben* is no energy hit, though ``*gas`` matches it too).
    """
    frames = frames.assign(**{c: frames.get(c, "") for c in ("not_after", "not_before")})
    rules = frames[(frames["not_after"] != "") | (frames["not_before"] != "")]
    out = pd.DataFrame(False, index=tokens.index, columns=list(dict.fromkeys(frames["frame"])))
    if rules.empty or tokens.empty:
        return out
    prev, nxt = _neighbours(tokens)
    lemma_codes, forms = pd.factorize(tokens["lemma"])
    folded = pd.Series(forms, dtype=object).str.casefold()
    case_ok = _case_ok(tokens)
    for frame, rows in frames.groupby("frame", sort=False):
        dropped = np.zeros(len(tokens), dtype=bool)
        for i, row in rows[(rows["not_after"] != "") | (rows["not_before"] != "")].iterrows():
            hit = _matches(rows.loc[[i]], lemma_codes, folded, case_ok)
            bad = np.zeros(len(tokens), dtype=bool)
            after, before = _split(row["not_after"]), _split(row["not_before"])
            if after:
                bad |= np.isin(prev, list(after))
            if before:
                bad |= np.isin(nxt, list(before))
            dropped |= hit & bad
        out[frame] = dropped
    return out


def tag_frames(tokens, frames):
    """Boolean matrix: for each token (row) whether it counts for each frame (column).

    A token counts when its lemma matches one of the frame's patterns, in the case the row's ``pos``
    asks for, and no exclusion rule of that row removes it (see :func:`exclusions`). Inside a multi-word name only its
    last token can count
    (with the canonical name as lemma, :func:`corpusbook.actors.canonical_names`): *Organisation des
    Vertrags über kollektive Sicherheit* is one hit (*OVKS*), not two.

    Returns
    -------
    pandas.DataFrame
        Index as ``tokens``; one boolean column per frame id, in the dictionary's order.
    """
    lemma_codes, forms = pd.factorize(tokens["lemma"])
    folded = pd.Series(forms, dtype=object).str.casefold()
    case_ok = _case_ok(tokens)
    out = {frame: _matches(rows, lemma_codes, folded, case_ok) for frame, rows in frames.groupby("frame", sort=False)}
    out = pd.DataFrame(out, index=tokens.index, columns=list(out))
    if "entity_start" in tokens:
        named, last, multi = name_parts(tokens)
        out = out & ~(named & multi & ~last)[:, None]
    return out & ~exclusions(tokens, frames)


def frame_shares(tokens, frames, by="period", tags=None):
    """Frame hits per group: count, per 10,000 tokens, document range and the lemmas that matched.

    One pass over the tagged tokens (group-by), so the cost grows linearly with the corpus.

    Parameters
    ----------
    tokens : pandas.DataFrame
    frames : pandas.DataFrame
        From :func:`load_frames`.
    by : str
        Grouping column (``period``, ``slice``, ``doc_id``).
    tags : pandas.DataFrame, optional
        :func:`tag_frames` of ``tokens`` (computed when not given).

    Returns
    -------
    pandas.DataFrame
        ``by``, ``frame``, ``label``, ``hits``, ``per_10k``, ``docs`` (documents with at least one
        hit), ``n_docs``, ``range``, ``top_lemmas`` (the three most frequent matching lemmas; ties by
        alphabet).
    """
    tags = tag_frames(tokens, frames) if tags is None else tags
    labels = frames.drop_duplicates("frame").set_index("frame")["label"]
    groups = tokens[by].astype(str)
    sizes = groups.value_counts(sort=False)
    n_docs = tokens.groupby(groups, observed=True)["doc_id"].nunique()
    order = list(sizes.sort_index().index)
    rows = []
    for frame in tags.columns:
        mask = tags[frame].to_numpy()
        hit = pd.DataFrame(
            {
                "g": groups.to_numpy()[mask],
                "doc": tokens["doc_id"].to_numpy()[mask],
                "lemma": tokens["lemma"].astype(str).to_numpy()[mask],
            }
        )
        hits = hit.groupby("g").size()
        docs = hit.groupby("g")["doc"].nunique()
        lem = (
            hit.groupby(["g", "lemma"])
            .size()
            .reset_index(name="n")
            .sort_values(["g", "n", "lemma"], ascending=[True, False, True])
        )
        top = lem.groupby("g").head(3).groupby("g")["lemma"].agg(", ".join)
        for group in order:
            n = int(hits.get(group, 0))
            rows.append(
                {
                    by: group,
                    "frame": frame,
                    "label": labels[frame],
                    "hits": n,
                    "per_10k": n / sizes[group] * PER_N,
                    "docs": int(docs.get(group, 0)),
                    "n_docs": int(n_docs[group]),
                    "top_lemmas": top.get(group, ""),
                }
            )
    table = pd.DataFrame(rows, columns=[by, "frame", "label", "hits", "per_10k", "docs", "n_docs", "top_lemmas"])
    table["range"] = table["docs"].astype(str) + " of " + table["n_docs"].astype(str)
    return table


def step_evidence(shares, doc_shares, doc_group, order):
    """Each frame's change between consecutive groups, with the spread of the articles on each side.

    Parameters
    ----------
    shares : pandas.DataFrame
        :func:`frame_shares` by the grouping (``by`` column named in ``doc_group``'s name).
    doc_shares : pandas.DataFrame
        :func:`frame_shares` by ``doc_id``.
    doc_group : pandas.Series
        doc_id → group.
    order : list
        Groups in time order; every consecutive pair is one step.

    Returns
    -------
    pandas.DataFrame
        One row per step and frame: ``step`` (0-based), ``from``, ``to``, ``frame``, ``label``,
        ``per_10k_from``, ``per_10k_to``, ``change`` (to − from), ``ratio`` (to / from; inf when
        from is 0, nan when both are 0), ``n_from``, ``n_to`` (articles), ``min_from``, ``max_from``,
        ``min_to``, ``max_to`` (per-article rates), and ``beyond``: True when the ranges of the two
        sides' articles do not overlap in the direction of the change (every article of the later
        group above every article of the earlier for a rise, below for a fall); None with one article on
        each side, where there is no spread to judge.
    """
    by = doc_group.name or "group"
    rates = doc_shares.pivot(index="doc_id", columns="frame", values="per_10k")
    grp = doc_group.reindex(rates.index).astype(str)
    wide = shares.assign(**{by: shares[by].astype(str)}).set_index([by, "frame"])
    rows = []
    labels = shares.drop_duplicates("frame").set_index("frame")["label"]
    for k, (a, b) in enumerate(zip(order, order[1:])):
        ra, rb = rates[(grp == str(a)).to_numpy()], rates[(grp == str(b)).to_numpy()]
        for frame in labels.index:
            fa, fb = float(wide.loc[(str(a), frame), "per_10k"]), float(wide.loc[(str(b), frame), "per_10k"])
            change = fb - fa
            ratio = fb / fa if fa else (float("inf") if fb else float("nan"))
            lo_a, hi_a, lo_b, hi_b = ra[frame].min(), ra[frame].max(), rb[frame].min(), rb[frame].max()
            # with one article on each side there is no spread to judge a change against
            beyond = (
                None
                if len(ra) < 2 and len(rb) < 2
                else bool((change > 0 and lo_b > hi_a) or (change < 0 and hi_b < lo_a))
            )
            rows.append(
                {
                    "step": k,
                    "from": a,
                    "to": b,
                    "frame": frame,
                    "label": labels[frame],
                    "per_10k_from": fa,
                    "per_10k_to": fb,
                    "change": change,
                    "ratio": ratio,
                    "n_from": len(ra),
                    "n_to": len(rb),
                    "min_from": lo_a,
                    "max_from": hi_a,
                    "min_to": lo_b,
                    "max_to": hi_b,
                    "beyond": beyond,
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "step",
            "from",
            "to",
            "frame",
            "label",
            "per_10k_from",
            "per_10k_to",
            "change",
            "ratio",
            "n_from",
            "n_to",
            "min_from",
            "max_from",
            "min_to",
            "max_to",
            "beyond",
        ],
    )


def frame_hits(tokens, paragraphs, frames, tags=None):
    """Every frame hit with the sentence it stands in: the list behind the counts, for reading and download.

    Parameters
    ----------
    tokens : pandas.DataFrame
        The token table (``doc_id``, ``paragraph``, ``position``, ``token``, ``lemma``).
    paragraphs : pandas.DataFrame
        ``doc_id``, ``paragraph``, ``text`` (``Corpus.paragraphs``).
    frames : pandas.DataFrame
        From :func:`load_frames`.
    tags : pandas.DataFrame, optional
        :func:`tag_frames` of ``tokens`` (computed when not given).

    Returns
    -------
    pandas.DataFrame
        One row per token and frame it counts for: ``doc_id``, ``paragraph``, ``position``, ``frame``,
        ``label``, ``lemma``, ``token``, ``sentence`` (split by :func:`corpusbook.tokenize.sentence_spans`);
        in text order.
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
    keys = rows[["doc_id", "paragraph"]].drop_duplicates()
    text = paragraphs.set_index(["doc_id", "paragraph"])["text"]
    texts = [text.loc[(d, p)] for d, p in keys.itertuples(index=False)]
    first = tokens.groupby(["doc_id", "paragraph"])["position"].min()
    sentence_at = {}
    for (d, p), body, spans in zip(keys.itertuples(index=False), texts, sentence_spans(texts)):
        starts = [s for tok, kind, s in tokenize(body) if kind != "punct"]
        for k, start in enumerate(starts):
            sentence_at[(d, p, k)] = next((body[a:b] for a, b in spans if a <= start < b), body)
    rows["sentence"] = [
        sentence_at[(d, p, pos - first.loc[(d, p)])]
        for d, p, pos in zip(rows["doc_id"], rows["paragraph"], rows["position"])
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
    shares = frame_shares(tokens, frames, by)
    table = shares.pivot(index="frame", columns=by, values="per_10k")
    table.columns.name = None
    return table.reindex(columns=order) if order is not None else table
