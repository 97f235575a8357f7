"""Actors and places: entity mentions per group, co-occurrence in paragraphs, who is quoted.

Mentions are counted once per mention (``entity_start``), after alias normalisation, so
*Kassym-Schomart Tokajew*, *Tokayev* and *Tokajews* are three mentions of one actor.
"""

import re

import numpy as np
import pandas as pd

from corpusbook.settings import PER_N

#: Verbs that introduce or follow a direct quotation in news German (past and present forms).
SPEECH_VERBS = (
    "sagte", "sagt", "sagten", "erklärte", "erklärt", "betonte", "betont", "fügte", "meinte", "meint",
    "bemerkte", "schloss", "warnte", "versprach", "unterstrich", "bekräftigte", "gab", "so",
)
#: A quotation has at least this many words; shorter quoted strings are titles or terms.
MIN_QUOTE_WORDS = 4
_QUOTE = r"[„\"«](?P<quote>[^„“”\"«»]{8,}?)[“”\"»]"
_VERB = "(?:" + "|".join(SPEECH_VERBS) + ")"
#: „…“, sagte X   /   „…“ sagte X   /   „…“, so X
_AFTER = re.compile(_QUOTE + r"\s*,?\s*(?P<verb>" + _VERB + r")\s+(?P<speaker>[^.,;:„“\"]{1,80})")
#: X sagte: „…“
_BEFORE = re.compile(r"(?P<speaker>[^.;:„“\"]{1,80}?)\s+(?P<verb>" + _VERB + r")(?:\s+\w+)?\s*:\s*" + _QUOTE)


#: Cheap pre-checks: a paragraph without a quotation mark has no quotation, and the speaker-first
#: pattern needs a colon right before the opening mark.
_ANY_QUOTE = re.compile(r"[„\"«]")
_COLON_QUOTE = re.compile(r":\s*[„\"«]")


def name_parts(tokens):
    """Where each entity mention starts and ends in the token table.

    Parameters
    ----------
    tokens : pandas.DataFrame
        The token table in text order (``entity``, ``entity_start``).

    Returns
    -------
    named, last, multi : numpy.ndarray of bool
        The token belongs to a mention; it is the mention's last token; the mention has several
        tokens.
    """
    named = (tokens["entity"].astype(str) != "").to_numpy()
    start = tokens["entity_start"].to_numpy(dtype=bool)
    idx = np.flatnonzero(named)
    mention = np.cumsum(start)[idx]
    is_last = np.ones(len(idx), dtype=bool)
    is_last[:-1] = mention[1:] != mention[:-1]
    size = np.bincount(mention)[mention] if len(idx) else np.zeros(0, dtype=int)
    last = np.zeros(len(tokens), dtype=bool)
    multi = np.zeros(len(tokens), dtype=bool)
    last[idx[is_last]] = True
    multi[idx] = size > 1
    return named, last, multi


def canonical_names(tokens):
    """The token table with one name per entity: the alias table's canonical name as the lemma.

    A mention's last token takes the canonical name as its lemma, so *Zatulin*, *Konstantin
    Zatulin* and *Satulin* are all the term *Satulin*, and *Nur-Sultan* is *Astana*. The other tokens
    of a multi-word name (*Wladimir* **Putin**, *Russische* **Föderation**) keep their lemma but are
    marked as stop words, so the name is counted once and forms no bigram with itself; a
    concordance of *Putin* shows the surname. A compound that starts with an alias
    (*CSTO-Truppen*) names the entity canonically in its first part (*OVKS-Truppe*). Token totals
    do not change (no row is dropped), and applying the function twice gives the same table.

    Parameters
    ----------
    tokens : pandas.DataFrame
        The token table in text order (``token``, ``lemma``, ``is_stop``, ``entity``,
        ``entity_start``, ``alias``).

    Returns
    -------
    pandas.DataFrame
        A copy with ``lemma`` and ``is_stop`` changed as above; ``attrs["canonical_names"]`` is True.

    Examples
    --------
    >>> toks = pd.DataFrame({"token": ["Konstantin", "Zatulin", "CSTO-Truppen"],
    ...     "lemma": ["Konstantin", "Zatulin", "CSTO-Truppe"], "is_stop": False,
    ...     "entity": ["Satulin", "Satulin", "OVKS"], "entity_start": [True, False, True],
    ...     "alias": ["Konstantin Zatulin", "Konstantin Zatulin", "CSTO"]})
    >>> canonical_names(toks)[["lemma", "is_stop"]].values.tolist()
    [['Konstantin', True], ['Satulin', False], ['OVKS-Truppe', False]]
    """
    if tokens.attrs.get("canonical_names"):
        return tokens
    out = tokens.copy()
    named, last, multi = name_parts(out)
    lemma = out["lemma"].to_numpy(dtype=object).copy()
    # several words: the last carries the name
    idx = np.flatnonzero(last & multi)
    lemma[idx] = out["entity"].astype(str).to_numpy(dtype=object)[idx]
    # one word: the alias itself (or its genitive) is renamed; a compound gets the name in its first part
    one = np.flatnonzero(last & ~multi)
    entity = out["entity"].astype(str).to_numpy(dtype=object)[one]
    token_cf = np.array([t.casefold() for t in out["token"].to_numpy(dtype=object)[one]], dtype=object)
    alias_cf = np.array([a.casefold() for a in out["alias"].astype(str).to_numpy(dtype=object)[one]], dtype=object)
    whole = (token_cf == alias_cf) | (token_cf == alias_cf + "s") if len(one) else np.zeros(0, dtype=bool)
    lemma[one[whole]] = entity[whole]
    for k in np.flatnonzero(~whole):
        i, head = one[k], alias_cf[k]
        if str(lemma[i]).casefold().startswith(head + "-"):
            lemma[i] = entity[k] + str(lemma[i])[len(head):]
    out["lemma"] = lemma
    out["is_stop"] = out["is_stop"].to_numpy(dtype=bool) | (named & ~last)
    out.attrs["canonical_names"] = True
    return out


def entity_frequencies(tokens, by="period", entity_type=None):
    """Mentions of each canonical entity per group: count, per 10,000 tokens, document range.

    Parameters
    ----------
    tokens : pandas.DataFrame
        The token table with the grouping column.
    by : str
        Grouping column.
    entity_type : str, optional
        Keep one type (``person``, ``place``, ``organisation``).

    Returns
    -------
    pandas.DataFrame
        ``by``, ``entity``, ``entity_type``, ``mentions``, ``per_10k``, ``docs``, ``n_docs``, ``range``;
        sorted by group and decreasing mentions.
    """
    sizes = tokens.groupby(by, observed=True).size()
    n_docs = tokens.groupby(by, observed=True)["doc_id"].nunique()
    starts = tokens[tokens["entity_start"]]
    if entity_type:
        starts = starts[starts["entity_type"] == entity_type]
    table = starts.groupby([by, "entity", "entity_type"], observed=True).agg(
        mentions=("doc_id", "size"), docs=("doc_id", "nunique")).reset_index()
    table["entity"] = table["entity"].astype(str)
    table["entity_type"] = table["entity_type"].astype(str)
    table["per_10k"] = table["mentions"] / table[by].map(sizes) * PER_N
    table["n_docs"] = table[by].map(n_docs)
    table["range"] = table["docs"].astype(str) + " of " + table["n_docs"].astype(str)
    table = table.sort_values([by, "mentions", "entity"], ascending=[True, False, True]).reset_index(drop=True)
    return table[[by, "entity", "entity_type", "mentions", "per_10k", "docs", "n_docs", "range"]]


def cooccurrence(tokens, unit=("doc_id", "paragraph"), by=None):
    """Pairs of entities mentioned in the same paragraph.

    Each paragraph contributes each pair of distinct entities once. The work is a self-join of the
    distinct (paragraph, entity) rows: it grows with the number of paragraphs times the square of the
    entities *per paragraph* (a few), so linearly with the corpus.

    Parameters
    ----------
    tokens : pandas.DataFrame
        The token table (``entity``, ``entity_start`` and the ``unit`` columns).
    unit : tuple of str
        The co-occurrence unit (default: a paragraph of a document).
    by : str, optional
        Count separately per group (``period``): the result gets a ``by`` column.

    Returns
    -------
    pandas.DataFrame
        (``by``,) ``source``, ``target`` (alphabetical), ``paragraphs`` (units in which both occur),
        ``documents``; sorted by group, decreasing ``paragraphs``, then names.
    """
    unit = list(unit)
    keys = unit + ([by] if by and by not in unit else [])
    ent = tokens.loc[tokens["entity_start"].to_numpy(dtype=bool), keys + ["entity"]]
    ent = ent.assign(entity=ent["entity"].astype(str))
    ent = ent[ent["entity"] != ""].drop_duplicates()
    both = ent.merge(ent, on=keys, suffixes=("_a", "_b"))
    both = both[both["entity_a"] < both["entity_b"]]
    group = ([by] if by else []) + ["entity_a", "entity_b"]
    table = both.groupby(group, observed=True).agg(paragraphs=(unit[-1], "size"), documents=(unit[0], "nunique")).reset_index()
    table = table.rename(columns={"entity_a": "source", "entity_b": "target"})
    cols = ([by] if by else []) + ["source", "target", "paragraphs", "documents"]
    table = table.reindex(columns=cols)
    sort = ([by] if by else []) + ["paragraphs", "source", "target"]
    asc = ([True] if by else []) + [False, True, True]
    return table.sort_values(sort, ascending=asc).reset_index(drop=True)


def cooccurrence_graph(pairs, mentions, min_weight=2):
    """A networkx graph of the pairs with at least ``min_weight`` shared paragraphs.

    Node attribute ``mentions``; edge attribute ``weight`` (shared paragraphs).
    """
    import networkx as nx

    graph = nx.Graph()
    for row in pairs[pairs["paragraphs"] >= min_weight].itertuples():
        graph.add_edge(row.source, row.target, weight=int(row.paragraphs))
    for node in graph.nodes:
        graph.nodes[node]["mentions"] = int(mentions.get(node, 0))
    return graph


def _speaker_entity(phrase, matcher):
    from corpusbook.preprocess import lemmatize_forms
    from corpusbook.tokenize import word_tokens

    words = word_tokens(phrase)[:8]
    if not words:
        return ""
    lemmas = lemmatize_forms(words)
    hits = matcher.match(words, [lemmas[w] for w in words])
    speakers = [h for h in hits if h[3] == "person"] or [h for h in hits if h[3] == "organisation"]
    return speakers[0][2] if speakers else ""


def find_quotes(paragraphs, aliases):
    """Direct quotations attributed to a speaker where the pattern is clear.

    Patterns (speech verbs in :data:`SPEECH_VERBS`): ``„…“, sagte X``, ``„…“ sagte X``,
    ``„…“, so X`` (speaker after the quote) and ``X sagte: „…“`` (speaker before it, with a colon).
    The speaker phrase is resolved to a canonical person (or, failing that, organisation) with the
    alias table; a pronoun, a place or a description (``sagte er``, ``sagte ein Beamter``, ``sagte
    der Präsident von Kasachstan``) stays unattributed (``speaker`` empty) but is kept with its
    phrase. Quoted strings of fewer than :data:`MIN_QUOTE_WORDS` words are titles, not quotations.

    Parameters
    ----------
    paragraphs : pandas.DataFrame
        ``doc_id``, ``paragraph``, ``text``.
    aliases : pandas.DataFrame
        The alias table.

    Returns
    -------
    pandas.DataFrame
        ``doc_id``, ``paragraph``, ``speaker`` (canonical entity or ""), ``speaker_phrase``,
        ``verb``, ``pattern`` (``after`` or ``before``), ``quote``.
    """
    from corpusbook.preprocess import AliasMatcher

    matcher = AliasMatcher(aliases)
    rows = []
    for doc_id, para, text in zip(paragraphs["doc_id"], paragraphs["paragraph"], paragraphs["text"]):
        if not _ANY_QUOTE.search(text):
            continue  # most paragraphs: no quotation mark, nothing to scan
        seen = set()
        patterns = (("after", _AFTER), ("before", _BEFORE)) if _COLON_QUOTE.search(text) else (("after", _AFTER),)
        for pattern, regex in patterns:
            for m in regex.finditer(text):
                if m.start("quote") in seen:
                    continue
                phrase = m.group("speaker").strip()
                if pattern == "after" and m.group("verb") in ("fügte", "gab"):
                    phrase = re.sub(r"\s+(hinzu|zu)\b.*$", "", phrase)
                seen.add(m.start("quote"))
                if len(m.group("quote").split()) < MIN_QUOTE_WORDS:
                    continue  # a quoted title or term („Global Affairs“), not a quotation
                phrase = re.split(r"\s+(?:und|der|die|das|in|im|am|,)\s+(?=[a-zäöü])", phrase)[0] if phrase[:1].isupper() else phrase
                rows.append({"doc_id": doc_id, "paragraph": para, "speaker": _speaker_entity(phrase, matcher),
                             "speaker_phrase": phrase, "verb": m.group("verb"), "pattern": pattern,
                             "quote": m.group("quote").strip()})
    return pd.DataFrame(rows, columns=["doc_id", "paragraph", "speaker", "speaker_phrase", "verb", "pattern", "quote"])


def quotes_per_speaker(quotes, documents, by="period"):
    """Attributed quotations per speaker and group (unattributed ones counted as ``(unattributed)``)."""
    group = documents.set_index("doc_id")[by]
    table = quotes.assign(**{by: quotes["doc_id"].map(group), "speaker": quotes["speaker"].replace("", "(unattributed)")})
    out = table.groupby([by, "speaker"]).agg(quotes=("quote", "size"), docs=("doc_id", "nunique")).reset_index()
    return out.sort_values([by, "quotes", "speaker"], ascending=[True, False, True]).reset_index(drop=True)


def person_steps(tokens, order, by="period"):
    """Each person's mention rate from each group to the next, with the spread of the articles on each side.

    The same table as :func:`corpusbook.frames.step_evidence`, with people in place of frames
    (columns ``frame`` and ``label`` hold the person's name).

    Returns
    -------
    pandas.DataFrame
    """
    from corpusbook.frames import step_evidence

    starts = tokens[tokens["entity_start"].to_numpy(dtype=bool) & (tokens["entity_type"].astype(str) == "person").to_numpy()]
    names = sorted(starts["entity"].astype(str).unique())
    group = tokens[by].astype(str)
    size_g, size_d = group.value_counts(), tokens["doc_id"].value_counts()
    per_g = starts.groupby([starts[by].astype(str), starts["entity"].astype(str)]).size()
    per_d = starts.groupby([starts["doc_id"], starts["entity"].astype(str)]).size()
    shares = pd.DataFrame([{by: g, "frame": n, "label": n, "per_10k": per_g.get((g, n), 0) / size_g[g] * PER_N}
                           for g in order for n in names], columns=[by, "frame", "label", "per_10k"])
    wide = per_d.unstack(fill_value=0).reindex(index=size_d.index, columns=names, fill_value=0).div(size_d, axis=0) * PER_N
    wide.index.name, wide.columns.name = "doc_id", "frame"
    doc_shares = wide.stack().rename("per_10k").reset_index()
    doc_group = tokens.drop_duplicates("doc_id").set_index("doc_id")[by].astype(str).rename(by)
    return step_evidence(shares, doc_shares, doc_group, order)
