"""From paragraphs to the token table every chapter uses: one row per word token (:data:`TOKEN_COLUMNS`).

``doc_id``, ``paragraph`` and ``position`` (0-based, in the document) locate a token; ``token`` is its form and
``kind`` is ``word``, ``number``, ``url`` or ``abbr`` (:mod:`corpusbook.tokenize`). ``lemma`` is simplemma's
:cite:p:`barbaresi2023simplemma`, corrected by ``corpus/lemma_overrides.csv``; a matched name keeps the alias's
form without a genitive ``-s`` (``Putins`` -> ``Putin``). ``is_stop``: the lowercased token or lemma is a stop
word (stopwords-iso's German list and ``corpus/stopwords.txt``). ``entity``, ``entity_type`` (``person``,
``place``, ``organisation``) and ``alias`` are the canonical name, type and matched alias (for a compound such
as ``OVKS-Kontingent``, its first part) from ``corpus/aliases.csv``, or ``""``; ``entity_start`` is True on the
first token of each mention. After :func:`canonical_names`, every name has one lemma whatever its spelling.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import simplemma
import stopwordsiso

from corpusbook.errors import CorpusError, read_table
from corpusbook.tokenize import form_kinds, positions, scan_paragraphs, word_tokens

#: Bump when the token table's computation changes in a way the inputs do not show.
PIPELINE_VERSION = "9"
ENTITY_TYPES = ("person", "place", "organisation")
TOKEN_COLUMNS = ["doc_id", "paragraph", "position", "token", "kind", "lemma", "is_stop", "entity", "entity_type"]
TOKEN_COLUMNS += ["entity_start", "alias"]


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
    """

    stopwords: frozenset
    aliases: pd.DataFrame
    lemma_overrides: dict


def load_stopwords(path):
    """stopwords-iso's German list, plus the words in ``path``, minus the ones prefixed with ``-``.

    Parameters
    ----------
    path : path-like
        One word per line; ``#`` starts a comment; ``-word`` removes a word from the list.

    Returns
    -------
    frozenset of str
        Lowercased.
    """
    path = Path(path)
    if not path.is_file():
        raise CorpusError(f"{path}: stop word file not found.")
    words = {w.lower() for w in stopwordsiso.stopwords("de")}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if line.startswith("-"):
            words.discard(line[1:].strip())
        elif line:
            words.add(line)
    return frozenset(words)


def load_aliases(path):
    """Read and check ``aliases.csv``: no empty alias or canonical name, a known type, one name per alias."""
    table = read_table(path, required=("alias", "canonical", "type"))
    name = Path(path).name
    problems = []
    for i, row in table.iterrows():
        problems += [f"{name}, row {i + 2}: field '{f}' is empty." for f in ("alias", "canonical") if not row[f]]
        if row["type"] not in ENTITY_TYPES:
            problems.append(
                f"{name}, row {i + 2}: field 'type' is '{row['type']}'; use one of {', '.join(ENTITY_TYPES)}."
            )
    clash = table.groupby(table["alias"].str.casefold())["canonical"].nunique()
    problems += [
        f"{name}: field 'alias' '{alias}' maps to more than one canonical name." for alias in clash.index[clash > 1]
    ]
    if problems:
        raise CorpusError(problems)
    return table


def load_resources(corpus_dir):
    """Load stop words, aliases and lemma overrides (:class:`Resources`) from ``corpus_dir``."""
    corpus_dir = Path(corpus_dir)
    overrides = read_table(corpus_dir / "lemma_overrides.csv", required=("form", "lemma"))
    return Resources(
        stopwords=load_stopwords(corpus_dir / "stopwords.txt"),
        aliases=load_aliases(corpus_dir / "aliases.csv"),
        lemma_overrides=dict(zip(overrides["form"], overrides["lemma"])),
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
    """
    overrides = overrides or {}
    return {form: overrides.get(form) or simplemma.lemmatize(form, lang="de") for form in dict.fromkeys(forms)}


class AliasMatcher:
    """Find entity mentions in token sequences, longest alias first.

    A mention matches an alias when every token matches, compared case-insensitively; the last
    token may carry a genitive ``-s`` (``Tokajews``); in multi-word aliases a token also matches by
    lemma (``der Eurasischen Wirtschaftsunion``). A hyphenated compound whose first part is a one-word
    alias is a mention too (``OVKS-Kontingent``).

    Parameters
    ----------
    aliases : pandas.DataFrame
        Columns ``alias``, ``canonical``, ``type``.
    """

    def __init__(self, aliases):
        self._by_first = {}  # first word (form, or lemma of a multi-word alias) -> entries
        self._single = {}  # one-word alias -> entry
        forms = [word_tokens(a) for a in aliases["alias"]]
        lemmas = lemmatize_forms(t for f in forms for t in f)
        for toks, canonical, etype in zip(forms, aliases["canonical"], aliases["type"]):
            cf = tuple(t.casefold() for t in toks)
            lf = tuple(lemmas[t].casefold() for t in toks)
            entry = (cf, lf, canonical, etype, tuple(toks), " ".join(toks))
            for key in {cf[0], lf[0]} if len(toks) > 1 else {cf[0]}:
                self._by_first.setdefault(key, []).append(entry)
            if len(toks) == 1:
                self._single[cf[0]] = entry

    def _match_at(self, toks, lems, i, end):
        """The longest alias at token ``i``: ``(length, canonical, type, surface, genitive, alias)``, or None."""
        candidates = self._by_first.get(toks[i], []) + self._by_first.get(lems[i], [])
        if toks[i].endswith("s"):
            candidates += self._by_first.get(toks[i][:-1], [])
        for cf, lf, canonical, etype, surface, alias in sorted(candidates, key=lambda e: -len(e[0])):
            n = len(cf)
            if i + n <= end and all(
                toks[i + j] == cf[j] or (j == n - 1 and toks[i + j] == cf[j] + "s") or (n > 1 and lems[i + j] == lf[j])
                for j in range(n)
            ):
                return n, canonical, etype, surface, toks[i + n - 1] == cf[-1] + "s", alias
        return None

    def may_start(self, forms_cf, lemmas_cf):
        """Whether a mention may start at each (casefolded form, casefolded lemma): a pre-filter.

        Parameters
        ----------
        forms_cf, lemmas_cf : sequence of str

        Returns
        -------
        numpy.ndarray of bool
        """
        firsts = self._by_first.keys() | {key + "s" for key in self._by_first}
        # a one-word alias is also a first word, so the hyphen test covers unhyphenated forms too
        pairs = zip(forms_cf, lemmas_cf)
        return np.array([f in firsts or lm in self._by_first or f.split("-", 1)[0] in self._single for f, lm in pairs])

    def scan(self, toks, lems, starts, ends):
        """Find mentions at the candidate ``starts``.

        Parameters
        ----------
        toks, lems : sequence of str
            Casefolded forms and lemmas.
        starts, ends : sequence of int
            Positions where a mention may start; ``ends[i]`` is the end of token i's paragraph.

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
            elif "-" in toks[i] and (entry := self._single.get(toks[i].split("-", 1)[0])):
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
            As :meth:`scan`; ``alias_surface_tokens`` is None for a compound match.
        """
        toks = [t.casefold() for t in tokens]
        lems = [lm.casefold() for lm in lemmas]
        return self.scan(toks, lems, np.flatnonzero(self.may_start(toks, lems)), [len(tokens)] * len(tokens))


def build_token_table(paragraphs, resources):
    """Compute the token table: one row per word token with its lemma, stop-word flag and entity.

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
    # tokens are codes into the distinct forms: kinds, lemmas, casefolding and stop words are computed
    # once per form or lemma and reach the tokens by indexing
    doc_of_para = paragraphs["doc_id"].to_numpy(dtype=object)
    codes, forms, counts = scan_paragraphs(paragraphs["text"].tolist())
    kinds = form_kinds(forms)
    lemma_of = lemmatize_forms(forms[kinds == "word"], resources.lemma_overrides)
    form_lem_code, lem_forms = pd.factorize(_map_str(lambda f: lemma_of.get(f, f), forms))
    lem_codes = form_lem_code[codes]
    form_cf = _map_str(str.casefold, forms)
    lemma_cf = _map_str(str.casefold, lem_forms)

    # entities: only the positions where the pre-filter says a mention may start are scanned
    matcher = AliasMatcher(resources.aliases)
    starts = np.flatnonzero(matcher.may_start(form_cf, lemma_cf[form_lem_code])[codes])
    toks_cf = form_cf[codes]
    entity, etype, alias_of = np.zeros((3, len(codes)), dtype=np.int32)
    start = np.zeros(len(codes), dtype=bool)
    entities, aliases, types = {"": 0}, {"": 0}, ("",) + ENTITY_TYPES
    renamed = {}  # token position -> lemma taken from the alias
    ends = np.repeat(np.cumsum(counts), counts)
    for s, n, canonical, typ, surface, genitive, alias in matcher.scan(toks_cf, lemma_cf[lem_codes], starts, ends):
        start[s] = True
        entity[s : s + n] = entities.setdefault(canonical, len(entities))
        etype[s : s + n] = types.index(typ)
        alias_of[s : s + n] = aliases.setdefault(alias, len(aliases))
        if surface is not None and n == len(surface):
            for k, form in enumerate(surface):
                # names keep their spelling; a genitive -s is lemmatized away
                if n == 1 or genitive or toks_cf[s + k] == form.casefold():
                    renamed[s + k] = form

    lemmas = lem_forms[lem_codes]
    stopwords = resources.stopwords
    is_stop = (
        _member(_map_str(str.lower, forms), stopwords)[codes]
        | _member(_map_str(str.lower, lem_forms), stopwords)[lem_codes]
    )
    for i, form in renamed.items():
        lemmas[i] = form
        is_stop[i] = forms[codes[i]].lower() in stopwords or form.lower() in stopwords

    # columns with few distinct values are categoricals: a fraction of the memory of object columns
    kind_codes, kind_cats = pd.factorize(kinds)
    return pd.DataFrame(
        {
            "doc_id": np.repeat(doc_of_para, counts),
            "paragraph": np.repeat(paragraphs["paragraph"].to_numpy(), counts),
            "position": positions(doc_of_para, counts),
            "token": forms[codes],
            "kind": _categorical(kind_codes[codes], list(kind_cats)),
            "lemma": pd.Series(lemmas, dtype=object),
            "is_stop": is_stop,
            "entity": _categorical(entity, list(entities)),
            "entity_type": _categorical(etype, types),
            "entity_start": start,
            "alias": _categorical(alias_of, list(aliases)),
        }
    )[TOKEN_COLUMNS]


def _map_str(method, strings):
    """``method`` applied to each string (``str.casefold``, ``str.lower``), as an object array."""
    return np.array([method(s) for s in strings], dtype=object)


def _member(strings, collection):
    """Boolean array: each string is in ``collection``."""
    return np.fromiter(map(collection.__contains__, strings), dtype=bool, count=len(strings))


def _categorical(codes, categories):
    """A categorical from codes into ``categories``, with the categories sorted (as ``pd.Categorical`` sorts them)."""
    ordered = sorted(categories)
    return pd.Categorical.from_codes(pd.Index(ordered).get_indexer(categories)[codes], categories=ordered)


def name_parts(tokens):
    """Where each entity mention starts and ends in the token table.

    Parameters
    ----------
    tokens : pandas.DataFrame
        The token table in text order (``entity``, ``entity_start``).

    Returns
    -------
    named, last, multi : numpy.ndarray of bool
        The token belongs to a mention; it is the mention's last token; the mention has several tokens.
    """
    named = (tokens["entity"].astype(str) != "").to_numpy()
    mention = np.cumsum(tokens["entity_start"].to_numpy(dtype=bool))[named]
    last = np.zeros(len(tokens), dtype=bool)
    multi = np.zeros(len(tokens), dtype=bool)
    last[named] = np.diff(mention, append=-1) != 0
    multi[named] = np.bincount(mention)[mention] > 1
    return named, last, multi


def canonical_names(tokens):
    """The token table with one name per entity: the alias table's canonical name as the lemma.

    A mention's last token takes the canonical name as its lemma, so *Zatulin*, *Konstantin
    Zatulin* and *Satulin* are all the term *Satulin*. The other tokens of a multi-word name
    (*Wladimir* **Putin**) keep their lemma but are marked as stop words, so the name is counted once
    and forms no bigram with itself. A compound that starts with an alias (*CSTO-Truppen*) names the
    entity canonically in its first part (*OVKS-Truppe*). No row is dropped, and applying the
    function twice gives the same table.

    Parameters
    ----------
    tokens : pandas.DataFrame
        The token table in text order (``token``, ``lemma``, ``is_stop``, ``entity``,
        ``entity_start``, ``alias``).

    Returns
    -------
    pandas.DataFrame
        A copy with ``lemma`` and ``is_stop`` changed as above; ``attrs["canonical_names"]`` is True.
    """
    if tokens.attrs.get("canonical_names"):
        return tokens
    out = tokens.copy()
    named, last, multi = name_parts(out)
    lemma = out["lemma"].to_numpy(dtype=object).copy()
    entity = out["entity"].astype(str).to_numpy(dtype=object)
    token = out["token"].to_numpy(dtype=object)
    alias = out["alias"].astype(str).to_numpy(dtype=object)
    lemma[last & multi] = entity[last & multi]  # several words: the last carries the name
    for i in np.flatnonzero(last & ~multi):
        # one word: the alias itself (or its genitive) is renamed; a compound gets the name in its first part
        head = alias[i].casefold()
        if token[i].casefold() in (head, head + "s"):
            lemma[i] = entity[i]
        elif str(lemma[i]).casefold().startswith(head + "-"):
            lemma[i] = entity[i] + str(lemma[i])[len(head) :]
    out["lemma"] = lemma
    out["is_stop"] = out["is_stop"].to_numpy(dtype=bool) | (named & ~last)
    out.attrs["canonical_names"] = True
    return out


def content_tokens(tokens, include_stop=False, kinds=("word", "abbr")):
    """The tokens that count as terms: words (and abbreviations), stop words excluded by default.

    Parameters
    ----------
    tokens : pandas.DataFrame
        The token table.
    include_stop : bool, default False
        Keep stop words.
    kinds : tuple of str
        Token kinds kept (numbers and URLs are left out by default).

    Returns
    -------
    pandas.DataFrame
        A filtered view of ``tokens``.
    """
    mask = tokens["kind"].isin(kinds)
    if not include_stop:
        mask &= ~tokens["is_stop"]
    return tokens[mask]
