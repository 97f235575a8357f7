"""Actors and places: entity mentions per group, co-occurrence in paragraphs, quotations per speaker.

Mentions are counted once per mention (``entity_start``), after alias normalisation, so
*Kassym-Schomart Tokajew*, *Tokayev* and *Tokajews* are three mentions of one actor.
"""

from itertools import pairwise

import numpy as np
import pandas as pd
import simplemma

from corpusbook.frames import step_evidence
from corpusbook.settings import PER_N
from corpusbook.tokenize import tokenize, word_tokens

#: Lower-case particles inside a name ("Ursula von der Leyen", "Ludwig van Beethoven").
NAME_PARTICLES = frozenset(
    {"von", "van", "de", "di", "da", "du", "del", "al", "bin", "ibn", "zu", "der", "den", "la", "le"}
)


def entity_frequencies(tokens, by="period", entity_type=None):
    """Mentions of each canonical entity per group: count, per 10,000 tokens, document range.

    Parameters
    ----------
    tokens : pandas.DataFrame
        The token table with the grouping column.
    by, entity_type : str
        Grouping column; the one type to keep (``person``, ``place``, ``organisation``), if given.

    Returns
    -------
    pandas.DataFrame
        ``by``, ``entity``, ``entity_type``, ``mentions``, ``per_10k``, ``docs``, ``n_docs``, ``range``;
        sorted by group and decreasing mentions.
    """
    sizes = tokens.groupby(by, observed=True).size()
    starts = tokens[tokens["entity_start"]]
    if entity_type:
        starts = starts[starts["entity_type"] == entity_type]
    table = (
        starts.groupby([by, "entity", "entity_type"], observed=True)
        .agg(mentions=("doc_id", "size"), docs=("doc_id", "nunique"))
        .reset_index()
        .astype({"entity": str, "entity_type": str})
    )
    table["per_10k"] = table["mentions"] / table[by].map(sizes) * PER_N
    table["n_docs"] = table[by].map(tokens.groupby(by, observed=True)["doc_id"].nunique())
    table["range"] = table["docs"].astype(str) + " of " + table["n_docs"].astype(str)
    table = table.sort_values([by, "mentions", "entity"], ascending=[True, False, True]).reset_index(drop=True)
    return table[[by, "entity", "entity_type", "mentions", "per_10k", "docs", "n_docs", "range"]]


def cooccurrence(tokens, unit=("doc_id", "paragraph"), by=None):
    """Pairs of entities mentioned in the same paragraph; each paragraph counts each pair once.

    A self-join of the distinct (paragraph, entity) rows: the cost grows linearly with the corpus.

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
    unit, lead = list(unit), [by] if by else []
    keys = unit + ([by] if by and by not in unit else [])
    ent = tokens.loc[tokens["entity_start"].to_numpy(dtype=bool), keys + ["entity"]]
    ent = ent.assign(entity=ent["entity"].astype(str))
    ent = ent[ent["entity"] != ""].drop_duplicates()
    both = ent.merge(ent, on=keys, suffixes=("_a", "_b"))
    both = both[both["entity_a"] < both["entity_b"]].rename(columns={"entity_a": "source", "entity_b": "target"})
    table = (
        both.groupby(lead + ["source", "target"], observed=True)
        .agg(paragraphs=(unit[-1], "size"), documents=(unit[0], "nunique"))
        .reset_index()
        .reindex(columns=lead + ["source", "target", "paragraphs", "documents"])
    )
    sort = lead + ["paragraphs", "source", "target"]
    return table.sort_values(sort, ascending=[True] * len(lead) + [False, True, True]).reset_index(drop=True)


def quotes_per_speaker(quotes, documents, by="period"):
    """Quotations per speaker and group (unattributed ones counted as ``(unattributed)``).

    ``quotes`` is :func:`corpusbook.quotes.find_quotes` (or the rows of one ``kind``).
    """
    group = documents.set_index("doc_id")[by]
    speaker = quotes["speaker"].replace("", "(unattributed)")
    table = quotes.assign(**{by: quotes["doc_id"].map(group), "speaker": speaker})
    out = table.groupby([by, "speaker"]).agg(quotes=("quote", "size"), docs=("doc_id", "nunique")).reset_index()
    return out.sort_values([by, "quotes", "speaker"], ascending=[True, False, True]).reset_index(drop=True)


def name_candidates(tokens, paragraphs, titles, speakers=(), min_count=1):
    """Name-like word sequences the alias table does not know: candidates to add to ``corpus/aliases.csv``.

    A name-like word is capitalised, not an acronym, not a stop word and not part of a known entity. A
    sequence of them, unbroken by punctuation, may hold particles (*von der*) before a word unknown to
    simplemma's German dictionary (``simplemma.is_known``); leading words the corpus also uses elsewhere
    are dropped ("Prozent Casinos Austria"). A sequence is a candidate when it follows a title (a word
    whose lemma ends in one of ``titles``: "Außenbeauftragte Kaja Kallas"); or it is a first name and a
    surname (two to four words, the last unknown to the dictionary and used more than once, as news
    writing names a person in full once and by surname after); or a word unknown to the dictionary names
    the speaker of an unattributed quotation ("sagte Umarow"). Candidates are grouped by their last word
    (the surname), counted wherever it stands as a name-like word.

    Parameters
    ----------
    tokens, paragraphs : pandas.DataFrame
        The token table in text order and ``Corpus.paragraphs`` (where the punctuation between words is).
    titles : iterable of str
        Title and role nouns (``roles`` of :func:`corpusbook.quotes.load_speech_rules`).
    speakers : iterable of str
        ``speaker_phrase`` of the unattributed quotations of :func:`corpusbook.quotes.find_quotes`.
    min_count : int
        Keep candidates mentioned at least this often.

    Returns
    -------
    pandas.DataFrame
        ``name`` (the longest form seen), ``surname``, ``mentions``, ``articles``, ``documents``
        (comma-separated ids), ``cue`` (the title, ``first name`` or ``speaker``); most mentioned first.
    """
    titles = tuple(t.casefold() for t in titles)
    t = tokens.reset_index(drop=True)
    form = t["token"].astype(str).to_numpy(dtype=object)
    lemma = t["lemma"].astype(str).to_numpy(dtype=object)
    cap = t["token"].astype(str)
    namelike = (
        (t["kind"].astype(str) == "word")
        & (t["entity"].astype(str) == "")
        & ~t["is_stop"].astype(bool)
        & cap.str[:1].str.isupper()
        & ~cap.str.isupper()
    ).to_numpy()
    # joined[k]: token k follows token k-1 in the same paragraph with no punctuation between
    text_of = paragraphs.set_index(["doc_id", "paragraph"])["text"]
    joined = []
    for key in t[["doc_id", "paragraph"]].drop_duplicates().itertuples(index=False, name=None):
        words = [i for i, (_, kind, _) in enumerate(tokenize(text_of.loc[key])) if kind != "punct"]
        joined += [False] + [b == a + 1 for a, b in pairwise(words)]
    joined = np.array(joined, dtype=bool)
    known = {w: simplemma.is_known(w, lang="de") for w in set(form[namelike])}
    is_title = np.array([lm.casefold().endswith(titles) for lm in lemma], dtype=bool)
    uses = pd.Series(form[namelike]).value_counts()
    pairs = pd.Series(list(pairwise(form)))[joined[1:] & namelike[:-1]].value_counts()
    runs, i = [], 0
    while i < len(t):
        if not namelike[i]:
            i += 1
            continue
        run, j = [i], i + 1  # name-like words, and particles before an unknown word
        while j < len(t) and joined[j] and len(run) < 6:
            k = j
            while k < len(t) and joined[k] and form[k] in NAME_PARTICLES and k - j < 2:
                k += 1
            if not (k < len(t) and joined[k] and namelike[k] and (k == j or not known[form[k]])):
                break
            run += list(range(j, k + 1))
            j = k + 1
        i = j
        cue = ""
        while run and is_title[run[0]]:
            cue, run = lemma[run[0]], run[1:]
        if not cue and run and i - len(run) > 0 and joined[run[0]] and is_title[run[0] - 1]:
            cue = lemma[run[0] - 1]
        while (
            len(run) > 1
            and form[run[0]] not in NAME_PARTICLES
            and uses[form[run[0]]] > pairs.get((form[run[0]], form[run[1]]), 0)
        ):
            run = run[1:]  # a word used elsewhere too is no first name
        if not run or not namelike[run[0]]:
            continue
        words = [k for k in run if namelike[k]]
        if cue or (2 <= len(words) <= 4 and not known[form[words[-1]]]):
            runs.append((" ".join(form[k] for k in run), form[words[-1]], cue or "first name"))
    runs += [
        (w, w, "speaker")
        for phrase in speakers
        for w in word_tokens(str(phrase))
        if w[:1].isupper() and not w.isupper() and not simplemma.is_known(w, lang="de")
    ]
    columns = ["name", "surname", "mentions", "articles", "documents", "cue"]
    runs = pd.DataFrame(runs, columns=["name", "surname", "cue"])
    if runs.empty:
        return pd.DataFrame(columns=columns)
    runs = runs.assign(length=runs["name"].str.len()).sort_values(["surname", "length"], ascending=[True, False])
    best = runs.drop_duplicates("surname").set_index("surname")
    counts = (
        t[namelike & t["token"].isin(best.index).to_numpy()]
        .groupby("token")
        .agg(
            mentions=("doc_id", "size"),
            articles=("doc_id", "nunique"),
            documents=("doc_id", lambda d: ", ".join(sorted(set(map(str, d))))),
        )
    )
    out = best.join(counts, how="inner").reset_index()[columns]
    out = out[(out["mentions"] >= min_count) & ((out["cue"] != "first name") | (out["mentions"] >= 2))]
    return out.sort_values(["mentions", "name"], ascending=[False, True]).reset_index(drop=True)


def person_steps(tokens, order, by="period"):
    """Each person's mention rate from each group to the next, with the spread of the articles on each side.

    The table of :func:`corpusbook.frames.step_evidence`, with people in place of frames (columns ``frame``
    and ``label`` hold the person's name).

    Returns
    -------
    pandas.DataFrame
    """
    person = (tokens["entity_type"].astype(str) == "person").to_numpy()
    starts = tokens[tokens["entity_start"].to_numpy(dtype=bool) & person]
    names = sorted(starts["entity"].astype(str).unique())
    size_g, size_d = tokens[by].astype(str).value_counts(), tokens["doc_id"].value_counts()
    per_g = starts.groupby([starts[by].astype(str), starts["entity"].astype(str)]).size()
    per_d = starts.groupby([starts["doc_id"], starts["entity"].astype(str)]).size()
    shares = pd.DataFrame(
        [(g, n, n, per_g.get((g, n), 0) / size_g[g] * PER_N) for g in order for n in names],
        columns=[by, "frame", "label", "per_10k"],
    )
    wide = per_d.unstack(fill_value=0).reindex(index=size_d.index, columns=names, fill_value=0)
    wide = wide.div(size_d, axis=0) * PER_N
    wide.index.name, wide.columns.name = "doc_id", "frame"
    doc_shares = wide.stack().rename("per_10k").reset_index()
    doc_group = tokens.drop_duplicates("doc_id").set_index("doc_id")[by].astype(str).rename(by)
    return step_evidence(shares, doc_shares, doc_group, order)
