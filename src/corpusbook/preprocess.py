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

import numpy as np
import pandas as pd
import simplemma
import stopwordsiso

from corpusbook.errors import CorpusError, read_table
from corpusbook.settings import cache_dir
from corpusbook.tokenize import _TOKEN_RE, tokenize_paragraphs, word_tokens

#: Bump when the token table's computation changes in a way the inputs do not show.
PIPELINE_VERSION = "8"
ENTITY_TYPES = ("person", "place", "organisation")
TOKEN_COLUMNS = [
    "doc_id", "paragraph", "position", "token", "kind", "lemma", "is_stop",
    "entity", "entity_type", "entity_start", "alias",
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

    def _match_at(self, toks, lems, i, end):
        first = toks[i]
        candidates = self._by_first.get(first, []) + self._by_first.get(lems[i], [])
        if first.endswith("s"):
            candidates += self._by_first.get(first[:-1], [])
        for cf, lf, canonical, etype, surface, alias in sorted(candidates, key=lambda e: -len(e[0])):
            n = len(cf)
            if i + n > end:
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

    def candidates(self, toks, lems):
        """Positions where a mention may start (vectorised pre-filter; the rest cannot match).

        Parameters
        ----------
        toks, lems : pandas.Series of str
            Casefolded tokens and lemmas.

        Returns
        -------
        numpy.ndarray of int
        """
        keys = list(self._by_first)
        mask = toks.isin(keys) | lems.isin(keys) | toks.str[:-1].isin(keys)
        hyphen = toks.str.contains("-", regex=False)
        mask |= hyphen & toks.str.split("-", n=1).str[0].isin(list(self._single))
        return np.flatnonzero(mask.to_numpy())

    def candidates_by_form(self, form_cf, codes, lemma_cf, lemma_codes):
        """:meth:`candidates` computed once per distinct form and lemma, then mapped to tokens."""
        keys = list(self._by_first)
        form_hit = form_cf.isin(keys) | form_cf.str[:-1].isin(keys)
        hyphen = form_cf.str.contains("-", regex=False)
        form_hit |= hyphen & form_cf.str.split("-", n=1).str[0].isin(list(self._single))
        lemma_hit = lemma_cf.isin(keys)
        return np.flatnonzero(form_hit.to_numpy()[codes] | lemma_hit.to_numpy()[lemma_codes])

    def scan(self, toks, lems, starts, ends):
        """Find mentions at the candidate ``starts``; ``ends[i]`` is the end of token i's paragraph.

        Returns
        -------
        list of tuple
            ``(start, length, canonical, type, alias_surface_tokens, genitive, alias)``.
        """
        found, covered = [], -1
        for i in starts:
            if i < covered:
                continue
            hit = self._match_at(toks, lems, i, ends[i])
            if hit:
                n, canonical, etype, surface, genitive, alias = hit
                found.append((i, n, canonical, etype, surface, genitive, alias))
                covered = i + n
                continue
            if "-" in toks[i]:
                entry = self._single.get(toks[i].split("-", 1)[0])
                if entry:
                    found.append((i, 1, entry[2], entry[3], None, False, entry[5]))
        return found

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
        toks = pd.Series([t.casefold() for t in tokens], dtype=object)
        lems = pd.Series([lm.casefold() for lm in lemmas], dtype=object)
        starts = self.candidates(toks, lems)
        return self.scan(toks.tolist(), lems.tolist(), starts, [len(tokens)] * len(tokens))


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
    n_tok = len(table)
    token_arr = table["token"].to_numpy(dtype=object)
    # string work is done once per distinct form (and lemma), then mapped back to the tokens
    codes, forms = pd.factorize(token_arr)
    forms = pd.Series(forms, dtype=object)
    kinds = np.empty(len(forms), dtype=object)
    kinds[codes] = table["kind"].to_numpy(dtype=object)
    words = kinds == "word"
    lemma_of = lemmatize_forms(forms[words], resources.lemma_overrides)
    form_lemma = forms.where(~words, forms.map(lemma_of)).to_numpy(dtype=object)
    lem_codes, lem_forms = pd.factorize(form_lemma)
    lem_codes = lem_codes[codes]  # per token
    lem_forms = pd.Series(lem_forms, dtype=object)
    form_cf = forms.str.casefold()
    lemma_cf = lem_forms.str.casefold()

    # entities: a vectorised pre-filter finds where a mention may start; only those are scanned
    matcher = AliasMatcher(resources.aliases)
    para_change = np.ones(n_tok, dtype=bool)
    if n_tok:
        doc = table["doc_id"].to_numpy(dtype=object)
        par = table["paragraph"].to_numpy()
        para_change[1:] = (doc[1:] != doc[:-1]) | (par[1:] != par[:-1])
    para_start = np.flatnonzero(para_change)
    para_end = np.append(para_start[1:], n_tok)
    ends = np.repeat(para_end, para_end - para_start)
    starts = matcher.candidates_by_form(form_cf, codes, lemma_cf, lem_codes)
    toks_cf = form_cf.to_numpy(dtype=object)[codes]
    lems_cf = lemma_cf.to_numpy(dtype=object)[lem_codes]
    lemmas = lem_forms.to_numpy(dtype=object)[lem_codes]
    entity = np.full(n_tok, "", dtype=object)
    etype = np.full(n_tok, "", dtype=object)
    alias_of = np.full(n_tok, "", dtype=object)
    start = np.zeros(n_tok, dtype=bool)
    for s, n, canonical, typ, surface, genitive, alias in matcher.scan(toks_cf, lems_cf, starts, ends):
        start[s] = True
        entity[s:s + n] = canonical
        etype[s:s + n] = typ
        alias_of[s:s + n] = alias
        if surface is not None and n == len(surface):
            for k, form in enumerate(surface):
                # names keep their spelling; a genitive -s is lemmatized away
                if n == 1 or genitive or toks_cf[s + k] == form.casefold():
                    lemmas[s + k] = form
    stop_form = forms.str.lower().isin(resources.stopwords).to_numpy()
    lemma_series = pd.Series(lemmas, dtype=object)
    out_codes, out_forms = pd.factorize(lemmas)
    stop_lemma = pd.Series(out_forms, dtype=object).str.lower().isin(resources.stopwords).to_numpy()
    # columns with few distinct values are categoricals: a fraction of the memory of object columns
    return pd.DataFrame({
        "doc_id": table["doc_id"], "paragraph": table["paragraph"], "position": table["position"],
        "token": token_arr, "kind": pd.Categorical(table["kind"].to_numpy(dtype=object)), "lemma": lemma_series,
        "is_stop": stop_form[codes] | stop_lemma[out_codes], "entity": pd.Categorical(entity),
        "entity_type": pd.Categorical(etype), "entity_start": start, "alias": pd.Categorical(alias_of),
    })[TOKEN_COLUMNS]


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


def document_term_matrix(tokens, view="lemma", include_stop=False):
    """Sparse document × term count matrix from the token table (content words only by default).

    Returns
    -------
    matrix : scipy.sparse.csr_matrix
        Documents in order of first appearance, terms sorted.
    doc_ids : numpy.ndarray
    vocab : numpy.ndarray
    """
    from scipy.sparse import csr_matrix

    mask = tokens["kind"].isin(("word", "abbr")).to_numpy().copy()
    if not include_stop:
        mask &= ~tokens["is_stop"].to_numpy()
    doc_codes, doc_ids = pd.factorize(tokens["doc_id"])
    term_codes, vocab = pd.factorize(tokens[view], sort=True)
    matrix = csr_matrix(
        (np.ones(int(mask.sum()), dtype=np.int32), (doc_codes[mask], term_codes[mask])),
        shape=(len(doc_ids), len(vocab)),
    )
    matrix.sum_duplicates()
    return matrix, np.asarray(doc_ids), np.asarray(vocab)
