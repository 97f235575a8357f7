"""From paragraphs to the token table every chapter uses: lemmas, stop words, entities.

The token table has one row per word token (punctuation is dropped, see :mod:`corpusbook.tokenize`):

=============  ==================================================================================
column         meaning
=============  ==================================================================================
doc_id         document id (``metadata.csv``)
paragraph      0-based paragraph position in the document
position       0-based word position in the document
token          surface form as in the text
kind           ``word``, ``number``, ``url`` or ``abbr``
lemma          simplemma lemma :cite:p:`barbaresi2023simplemma`, corrected by
               ``corpus/lemma_overrides.csv``; for a matched name, the alias form without a
               genitive ``-s`` (``Putins`` -> ``Putin``)
is_stop        the lowercased token or lemma is a stop word (stopwords-iso German list plus
               ``corpus/stopwords.txt``)
entity         canonical entity name from ``corpus/aliases.csv``, or ``""``
entity_type    ``person``, ``place``, ``organisation`` or ``""``
entity_start   True on the first token of each entity mention (count mentions with it)
start, end     character offsets of the token in its paragraph's text
alias          the alias from ``corpus/aliases.csv`` that the mention matched (for a compound such as
               ``OVKS-Kontingent``, its first part), or ``""``
=============  ==================================================================================

The table is cached on disk, keyed by the paragraphs, every curated table and the versions of the
code and of simplemma, so chapters share one computation and a change to any input recomputes it.
"""

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import pandas as pd
import simplemma
import stopwordsiso

from corpusbook.errors import CorpusError, read_table
from corpusbook.settings import cache_dir
from corpusbook.tokenize import _TOKEN_RE, tokenize_paragraphs, word_tokens

#: Bump when the token table's computation changes in a way the inputs do not show.
PIPELINE_VERSION = "4"
ENTITY_TYPES = ("person", "place", "organisation")
TOKEN_COLUMNS = [
    "doc_id", "paragraph", "position", "token", "kind", "lemma", "is_stop",
    "entity", "entity_type", "entity_start", "alias", "start", "end",
]


@dataclass(frozen=True)
class Resources:
    """The curated tables preprocessing needs, loaded once and passed in.

    Attributes
    ----------
    stopwords : frozenset of str
        Lowercased stop words.
    aliases : pandas.DataFrame
        Columns ``alias``, ``canonical``, ``type`` (and ``note``).
    lemma_overrides : dict
        ``form -> lemma``, applied after simplemma.
    fingerprint : str
        Hash of the three, part of the token cache key.
    """

    stopwords: frozenset
    aliases: pd.DataFrame
    lemma_overrides: dict
    fingerprint: str


def load_stopwords(path):
    """stopwords-iso's German list, plus the words in ``path``, minus the ones prefixed with ``-``.

    Parameters
    ----------
    path : path-like
        Text file, one word per line; ``#`` starts a comment; ``-word`` removes a word from the list.

    Returns
    -------
    frozenset of str
        Lowercased.
    """
    words = {w.lower() for w in stopwordsiso.stopwords("de")}
    path = Path(path)
    if not path.is_file():
        raise CorpusError(f"{path}: stop word file not found.")
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if line.startswith("-"):
            words.discard(line[1:].strip())
        elif line:
            words.add(line)
    return frozenset(words)


def load_aliases(path):
    """Read and check ``aliases.csv``.

    Raises
    ------
    CorpusError
        For a missing column, an empty alias or canonical name, an unknown type, or one alias
        mapped to two different canonical names.
    """
    table = read_table(path, required=("alias", "canonical", "type"))
    name = Path(path).name
    problems = []
    for i, row in table.iterrows():
        for field in ("alias", "canonical"):
            if not row[field]:
                problems.append(f"{name}, row {i + 2}: field '{field}' is empty.")
        if row["type"] not in ENTITY_TYPES:
            problems.append(f"{name}, row {i + 2}: field 'type' is '{row['type']}'; use one of {', '.join(ENTITY_TYPES)}.")
    clash = table.groupby(table["alias"].str.casefold())["canonical"].nunique()
    for alias in clash[clash > 1].index:
        problems.append(f"{name}: field 'alias' '{alias}' maps to more than one canonical name.")
    if problems:
        raise CorpusError(problems)
    return table


def load_resources(corpus_dir):
    """Load stop words, aliases and lemma overrides from ``corpus_dir``.

    Returns
    -------
    Resources
    """
    corpus_dir = Path(corpus_dir)
    stop_path = corpus_dir / "stopwords.txt"
    alias_path = corpus_dir / "aliases.csv"
    over_path = corpus_dir / "lemma_overrides.csv"
    overrides = read_table(over_path, required=("form", "lemma"))
    digest = hashlib.sha256()
    for p in (stop_path, alias_path, over_path):
        digest.update(p.read_bytes() if p.is_file() else b"")
    return Resources(
        stopwords=load_stopwords(stop_path),
        aliases=load_aliases(alias_path),
        lemma_overrides=dict(zip(overrides["form"], overrides["lemma"])),
        fingerprint=digest.hexdigest(),
    )


def lemmatize_forms(forms, overrides=None):
    """Lemmatize each distinct form once with simplemma, then apply the override table.

    Parameters
    ----------
    forms : iterable of str
    overrides : dict, optional
        ``form -> lemma``.

    Returns
    -------
    dict
        ``form -> lemma``.

    Examples
    --------
    >>> lemmatize_forms(["Beziehungen", "Quelle"], {"Quelle": "Quelle"})
    {'Beziehungen': 'Beziehung', 'Quelle': 'Quelle'}
    """
    overrides = overrides or {}
    return {f: overrides.get(f) or simplemma.lemmatize(f, lang="de") for f in dict.fromkeys(forms)}


class AliasMatcher:
    """Find entity mentions in token sequences, longest alias first.

    A mention matches an alias when every token matches, compared case-insensitively; the last
    token may carry a genitive ``-s`` (``Tokajews``, ``Kasachstans``); in multi-word aliases a token
    also matches by lemma, so inflected adjectives match (``der Eurasischen Wirtschaftsunion``). A
    hyphenated compound whose first part is a one-word alias is a mention too (``OVKS-Kontingent``,
    ``Nazarbayev-Clan``).

    Parameters
    ----------
    aliases : pandas.DataFrame
        Columns ``alias``, ``canonical``, ``type``.
    """

    def __init__(self, aliases):
        self._by_first = {}
        self._single = {}
        forms = [word_tokens(a) for a in aliases["alias"]]
        lemmas = lemmatize_forms(t for f in forms for t in f)
        for toks, canonical, etype in zip(forms, aliases["canonical"], aliases["type"]):
            entry = (
                tuple(t.casefold() for t in toks),
                tuple(lemmas[t].casefold() for t in toks),
                canonical,
                etype,
                tuple(toks),
            )
            entry = entry + (" ".join(toks),)
            keys = {entry[0][0], entry[1][0]} if len(toks) > 1 else {entry[0][0]}
            for key in keys:
                self._by_first.setdefault(key, []).append(entry)
            if len(toks) == 1:
                self._single[entry[0][0]] = entry
        for entries in self._by_first.values():
            entries.sort(key=lambda e: -len(e[0]))

    def _match_at(self, toks, lems, i):
        first = toks[i]
        candidates = self._by_first.get(first, []) + self._by_first.get(lems[i], [])
        if first.endswith("s"):
            candidates += self._by_first.get(first[:-1], [])
        for cf, lf, canonical, etype, surface, alias in sorted(candidates, key=lambda e: -len(e[0])):
            n = len(cf)
            if i + n > len(toks):
                continue
            ok, genitive = True, False
            for j in range(n):
                t, lm = toks[i + j], lems[i + j]
                if t == cf[j]:
                    continue
                if j == n - 1 and t == cf[j] + "s":
                    genitive = True
                    continue
                if n > 1 and lm == lf[j]:
                    continue
                ok = False
                break
            if ok:
                return n, canonical, etype, surface, genitive, alias
        return None

    def match(self, tokens, lemmas):
        """Tag one sequence (a paragraph).

        Parameters
        ----------
        tokens, lemmas : list of str

        Returns
        -------
        list of tuple
            ``(start, length, canonical, type, alias_surface_tokens, genitive, alias)`` per mention;
            ``alias_surface_tokens`` is None for a compound match.
        """
        toks = [t.casefold() for t in tokens]
        lems = [lm.casefold() for lm in lemmas]
        found, i = [], 0
        while i < len(toks):
            hit = self._match_at(toks, lems, i)
            if hit:
                n, canonical, etype, surface, genitive, alias = hit
                found.append((i, n, canonical, etype, surface, genitive, alias))
                i += n
                continue
            if "-" in toks[i]:
                head = toks[i].split("-", 1)[0]
                entry = self._single.get(head)
                if entry:
                    found.append((i, 1, entry[2], entry[3], None, False, entry[5]))
            i += 1
        return found


def build_token_table(paragraphs, resources):
    """Compute the token table (no cache; see :func:`token_table`).

    Parameters
    ----------
    paragraphs : pandas.DataFrame
        Columns ``doc_id``, ``paragraph``, ``text``.
    resources : Resources

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TOKEN_COLUMNS`.
    """
    table = tokenize_paragraphs(paragraphs)
    words = table["kind"] == "word"
    lemma_of = lemmatize_forms(table.loc[words, "token"], resources.lemma_overrides)
    table["lemma"] = table["token"].where(~words, table["token"].map(lemma_of))

    entity = [""] * len(table)
    etype = [""] * len(table)
    start = [False] * len(table)
    alias_of = [""] * len(table)
    lemmas = table["lemma"].tolist()
    matcher = AliasMatcher(resources.aliases)
    tokens = table["token"].tolist()
    # rows of one paragraph are contiguous: match paragraph by paragraph
    bounds = table.groupby(["doc_id", "paragraph"], sort=False).indices
    for rows in bounds.values():
        lo, hi = rows[0], rows[-1] + 1
        for s, n, canonical, typ, surface, genitive, alias in matcher.match(tokens[lo:hi], lemmas[lo:hi]):
            start[lo + s] = True
            for k in range(lo + s, lo + s + n):
                entity[k] = canonical
                etype[k] = typ
                alias_of[k] = alias
            if surface is not None and n == len(surface):
                for k, form in enumerate(surface):
                    # names keep their spelling; a genitive -s is lemmatized away
                    if n == 1 or genitive or tokens[lo + s + k].casefold() == form.casefold():
                        lemmas[lo + s + k] = form
    table["lemma"] = lemmas
    table["entity"] = entity
    table["entity_type"] = etype
    table["entity_start"] = start
    table["alias"] = alias_of
    low_tok = table["token"].str.lower()
    low_lem = table["lemma"].str.lower()
    table["is_stop"] = low_tok.isin(resources.stopwords) | low_lem.isin(resources.stopwords)
    return table[TOKEN_COLUMNS]


def cache_key(paragraphs, resources):
    """Hash of everything the token table depends on."""
    digest = hashlib.sha256()
    for part in (PIPELINE_VERSION, version("simplemma"), version("stopwordsiso"), _TOKEN_RE.pattern, resources.fingerprint):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    for doc_id, para, text in zip(paragraphs["doc_id"], paragraphs["paragraph"], paragraphs["text"]):
        digest.update(f"{doc_id}\0{para}\0{text}\0".encode("utf-8"))
    return digest.hexdigest()[:24]


def token_table(paragraphs, resources, cache=True, folder=None):
    """The token table, read from the on-disk cache when the inputs are unchanged.

    Parameters
    ----------
    paragraphs : pandas.DataFrame
        Columns ``doc_id``, ``paragraph``, ``text`` (e.g. ``Corpus.paragraphs``).
    resources : Resources
        From :func:`load_resources`.
    cache : bool, default True
        Read and write the cache. ``False`` always recomputes and writes nothing.
    folder : path-like, optional
        Cache folder (default :func:`corpusbook.settings.cache_dir`).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TOKEN_COLUMNS`, one row per word token.

    Notes
    -----
    The cache file is ``tokens-<key>.pkl`` where the key hashes the paragraphs, the curated tables,
    the tokenizer pattern and the simplemma and stopwords-iso versions. It is written atomically
    (temporary file, then rename), so an interrupted run never leaves a half-written table.
    """
    if not cache:
        return build_token_table(paragraphs, resources)
    folder = Path(folder) if folder else cache_dir()
    path = folder / f"tokens-{cache_key(paragraphs, resources)}.pkl"
    if path.is_file():
        with open(path, "rb") as fh:
            return pickle.load(fh)
    table = build_token_table(paragraphs, resources)
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        pickle.dump(table, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
    return table
