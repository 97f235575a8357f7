"""Quotations: who is quoted, in which words, found by rules that are kept as data.

``direct`` speech is every quotation in „…“, «…» or "…" (one may run over two paragraphs; marks
nested inside belong to it), kept whether attributed or not and flagged ``short`` below
:data:`MIN_QUOTE_WORDS` words. ``indirect`` speech is a speech verb with a *dass*/*ob* clause, a speech
verb after the reported clause ("…, betonte Putin."), *laut X*, *nach Angaben von X* and *X zufolge*.
A direct quotation is attributed by the first rule that applies: ``after`` („…“, sagte X / „…“, so X),
``before`` (X erklärte: „…“, also at the end of the paragraph before, or a headline's name phrase:
Justizminister Heiko Maas: „…“), ``embedded`` (a speech verb of the same sentence: X betonte, es gebe
„keine Probleme“) and ``continuation`` (the sentence before quotes a known speaker and this one names
no other person). The speaker is looked for after the verb, then before it, never inside a quotation,
and resolved (``resolution``) as a ``name`` of the alias table (not in the genitive), a definite
``description`` ("der russische Präsident") resolved by apposition (the title stands before one
person's name in the document; modifiers compared by their first four letters) or, for a role of the
speaker-role table, by recency (the person named or quoted last in :data:`RECENCY_PARAGRAPHS`
paragraphs), a ``pronoun`` (unattributed) or ``none`` (unattributed, the words kept in
``speaker_phrase``). The rules are ``corpus/speech_verbs.csv`` and ``corpus/speaker_roles.csv``
(:func:`load_speech_rules`); sentences are split by SoMaJo, never inside a quotation.
"""

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from corpusbook.errors import CorpusError, read_table
from corpusbook.preprocess import AliasMatcher, lemmatize_forms
from corpusbook.tokenize import sentence_spans, tokenize, word_tokens

#: A quotation of fewer words is flagged ``short`` (a title, a term or a quoted phrase); it is kept.
MIN_QUOTE_WORDS = 4
#: The columns of :func:`find_quotes`.
QUOTE_COLUMNS = ["doc_id", "paragraph", "kind", "speaker", "speaker_phrase", "verb", "attribution", "resolution"]
QUOTE_COLUMNS += ["quote", "words", "short"]
#: Paragraphs back in which the recency rule looks for the person a description refers to.
RECENCY_PARAGRAPHS = 3

_OPEN, _CLOSE = "„«", "“”»"
_DETERMINERS = {"der", "die", "das", "des", "dem", "den"}
_PRONOUNS = {"er", "sie", "ich", "wir"}
#: After one of these words a name is no longer the subject ("sagte X gegenüber Y").
_PREPOSITIONS = {"gegenüber", "mit", "zu", "an", "für", "über", "bei", "vor", "nach", "von", "auf", "in", "im", "am"}
_PREPOSITIONS |= {"aus", "als", "wie", "dass", "ob"}
_CLAUSE_END = set(",.;:!?")
#: An unresolved speaker after "…, betonte" still makes indirect speech when it starts so ("ein Beamter").
_INDEFINITE = {"ein", "eine", "einer", "mehrere", "einige", "andere"}


@dataclass(frozen=True)
class SpeechRules:
    """The curated rules of quotation attribution.

    Attributes
    ----------
    verbs : pandas.DataFrame
        ``lemma``, ``particle`` (a separable particle closing the clause, or ""), ``where`` (``any``,
        or ``after``: only right after a closing quotation mark).
    roles : frozenset of str
        Lemmas of role nouns (*Experte*, *Senator*) whose descriptions recency may resolve.
    """

    verbs: pd.DataFrame
    roles: frozenset


def load_speech_rules(folder):
    """Read ``speech_verbs.csv`` and ``speaker_roles.csv`` of a corpus folder.

    Raises
    ------
    CorpusError
        For a missing file or column, an empty lemma or role, or a ``where`` other than ``any`` or ``after``.
    """
    folder = Path(folder)
    verbs = read_table(folder / "speech_verbs.csv", required=("lemma", "particle", "where"))
    roles = read_table(folder / "speaker_roles.csv", required=("role",))
    problems = [
        f"speech_verbs.csv, row {i + 2}: field 'lemma' is empty." for i, v in enumerate(verbs["lemma"]) if not v
    ]
    problems += [
        f"speech_verbs.csv, row {i + 2}: field 'where' is '{w}'; use 'any' or 'after'."
        for i, w in enumerate(verbs["where"])
        if w not in ("any", "after")
    ]
    problems += [
        f"speaker_roles.csv, row {i + 2}: field 'role' is empty." for i, v in enumerate(roles["role"]) if not v
    ]
    if problems:
        raise CorpusError(problems)
    return SpeechRules(verbs=verbs, roles=frozenset(roles["role"]))


def _marks(text):
    """(position, 'open' or 'close') of each quotation mark, by the mark and its neighbours."""
    out = []
    for m in re.finditer(r'[„«“”»"]', text):
        i, ch = m.start(), m.group()
        prev, nxt = text[i - 1 : i] or " ", text[i + 1 : i + 2] or " "
        # “ and " open a quotation after a space or bracket (" also after a dash or slash) and before a word
        starts = (prev.isspace() or prev in ("([–-/" if ch == '"' else "([")) and not nxt.isspace()
        out.append((i, "open" if ch in _OPEN or (starts and ch in '“"') else "close"))
    return out


def _pairs(text, carried):
    """Top-level quotations of a paragraph, ``[(start, end)]`` (start None: opened before), and one left open."""
    marks = _marks(text)
    depth, start, pairs = int(carried), None, []
    if carried and marks and marks[0][1] == "open" and not text[: marks[0][0]].strip():
        marks = marks[1:]  # a quotation over several paragraphs reopens each of them
    for i, role in marks:
        if role == "open":
            start = i + 1 if depth == 0 else start
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                pairs.append((start, i))
    return pairs, (start if depth else None)


def _quotations(texts):
    """Top-level quotations of a document: ``(p0, start, p1, end)``; one may run into the next paragraph."""
    spans, carried = [], None
    for p, text in enumerate(texts):
        pairs, pending = _pairs(text, carried is not None)
        if carried and pairs:  # the first pair closes the quotation carried over
            spans.append((*carried, p, pairs.pop(0)[1]))
        elif carried:  # it does not close here: it ends with its own paragraph
            spans.append((*carried, carried[0], len(texts[carried[0]])))
            pairs, pending = _pairs(text, False)
        spans += [(p, a, p, b) for a, b in pairs]
        carried = None if pending is None else (p, pending)
    if carried:
        spans.append((*carried, carried[0], len(texts[carried[0]])))
    return spans


def _adjective(form, lemma):
    return (
        form[:1].islower()
        and re.search(r"(e|en|er|es|em)$", form) is not None
        and (form != lemma or "isch" in form)
        and re.search(r"(en|ern|eln)$", lemma) is None
    )


def _stems(words):
    return {w.casefold()[:4] for w in words}


class _Doc:
    """A document's paragraphs with their tokens, quotations, sentences, names and descriptions."""

    def __init__(self, texts, matcher, rules):
        self.texts, self.roles = texts, rules.roles
        self.verbs = {
            lemma: list(zip(v["particle"], v["where"])) for lemma, v in rules.verbs.groupby("lemma", sort=False)
        }
        self.quotes = _quotations(texts)
        self.toks = [tokenize(t) for t in texts]
        lemma_of = lemmatize_forms(tok for toks in self.toks for tok, kind, _ in toks if kind != "punct")
        self.lemma = [[lemma_of.get(t, t) if kind != "punct" else "" for t, kind, _ in toks] for toks in self.toks]
        self.regions = [[] for _ in texts]
        for p0, a, p1, b in self.quotes:
            self.regions[p0].append((a - 1, b + 1 if p1 == p0 else len(texts[p0])))
            if p1 != p0:
                self.regions[p1].append((0, b + 1))
        self.inq = [[any(lo <= s < hi for lo, hi in self.regions[p]) for *_, s in t] for p, t in enumerate(self.toks)]
        self.sents = [self._merge(p, spans) for p, spans in enumerate(sentence_spans(texts))]
        self.ends = [[b for _, b in sents] for sents in self.sents]
        self.ranges = [self._token_ranges(p) for p in range(len(texts))]
        self.ent = [self._entities(p, matcher) for p in range(len(texts))]
        self.titles = self._titles()
        # (paragraph, offset, speaker): names outside quotations, and speakers as they are resolved
        self.events = [
            (p, s, e[0])
            for p, toks in enumerate(self.toks)
            for k, (*_, s) in enumerate(toks)
            if (e := self.ent[p][k]) and e[3] == k and e[1] == "person" and not e[2] and not self.inq[p][k]
        ]

    def _merge(self, p, spans):
        """Sentence spans, joined where a boundary falls inside a quotation or the next one starts in lower case."""
        out = []
        for a, b in spans:
            rest = self.texts[p][a:b].lstrip('“”"»')
            inside = out and any(lo < out[-1][1] < hi for lo, hi in self.regions[p])
            if out and (inside or rest[:1].islower() or rest[:1] in ",;"):
                out[-1] = (out[-1][0], b)
            else:
                out.append((a, b))
        return out or [(0, len(self.texts[p]))]

    def _token_ranges(self, p):
        """Per sentence: (first token, last token + 1); (0, 0) for a sentence without tokens."""
        sentence = [self.sentence_of(p, start) for *_, start in self.toks[p]]  # non-decreasing
        spans = [(bisect_left(sentence, si), bisect_right(sentence, si)) for si in range(len(self.sents[p]))]
        return [(a, b) if a < b else (0, 0) for a, b in spans]

    def _entities(self, p, matcher):
        """Per token: (canonical, type, genitive, first token, last token) of the alias it is part of, or None."""
        words = [k for k, (_, kind, _) in enumerate(self.toks[p]) if kind != "punct"]
        found = matcher.match([self.toks[p][k][0] for k in words], [self.lemma[p][k] for k in words])
        ent = [None] * len(self.toks[p])
        for s, n, canonical, etype, _, genitive, _ in found:
            first, last = words[s], words[s + n - 1]
            ent[first : last + 1] = [(canonical, etype, genitive, first, last)] * (last + 1 - first)
        return ent

    def _titles(self):
        """Person → (nouns, modifiers) of the title words right before its name in the document.

        Up to six words before a name (across one comma) while they are nouns, adjectives, determiners,
        *von* or names of places and organisations; nouns are the possible heads, the rest modifiers.
        """
        titles = {}
        for p, toks in enumerate(self.toks):
            for k in range(len(toks)):
                e = self.ent[p][k]
                if not e or e[3] != k or e[1] != "person" or self.inq[p][k]:
                    continue
                j = k - 2 if k and toks[k - 1][0] == "," else k - 1
                heads, mods = set(), set()
                while j >= 0 and k - j <= 7:
                    form, kind, _ = toks[j]
                    other = self.ent[p][j]
                    if kind == "punct" or (other and other[1] == "person"):
                        break
                    if other:
                        mods.add(other[0])
                    elif form.casefold() in _DETERMINERS or form == "von":
                        pass
                    elif form[:1].isupper():
                        heads.add(self.lemma[p][j])
                    elif _adjective(form, self.lemma[p][j]):
                        mods.add(self.lemma[p][j])
                    else:
                        break
                    j -= 1
                if heads:
                    h, m = titles.setdefault(e[0], (set(), set()))
                    h |= heads
                    m |= mods
        return titles

    def sentence_of(self, p, offset):
        return min(bisect_right(self.ends[p], offset), len(self.ends[p]) - 1)

    def verb(self, p, k, where=("any",)):
        """The speech verb at token k ("fügte hinzu"), or None."""
        toks = self.toks[p]
        form, kind, start = toks[k]
        if kind == "punct" or not form[:1].islower() or self.inq[p][k]:
            return None
        particles = [particle for particle, w in self.verbs.get(self.lemma[p][k], ()) if w in where]
        if not particles:
            return None
        _, end = self.ranges[p][self.sentence_of(p, start)]
        for particle in particles:
            if not particle:
                return form
            for j in range(k + 1, end):
                nxt = toks[j + 1][0] if j + 1 < len(toks) else "."
                if toks[j][0] == particle and (nxt in _CLAUSE_END | {"und", "oder"} or nxt in _CLOSE + '"'):
                    return f"{form} {particle}"
        return None

    def description(self, p, k):
        """A definite description starting at token k: (end, head lemma, modifier words), or None."""
        toks, lem, ent = self.toks[p], self.lemma[p], self.ent[p]
        if toks[k][0].casefold() not in _DETERMINERS:
            return None
        j, mods = k + 1, []
        while j < len(toks) and toks[j][0] not in _DETERMINERS and _adjective(toks[j][0], lem[j]):
            mods.append(lem[j])
            j += 1
        if j >= len(toks) or toks[j][1] == "punct" or not toks[j][0][:1].isupper() or ent[j]:
            return None
        head, j = lem[j], j + 1
        if j < len(toks) and ent[j] and ent[j][1] != "person":  # "den Präsidenten Kasachstans"
            mods.append(ent[j][0])
            j = ent[j][4] + 1
        elif j + 1 < len(toks) and toks[j][0] in ("von", "der", "des"):  # "von Kasachstan", "der Republik"
            m = j + 1
            while m < len(toks) and _adjective(toks[m][0], lem[m]):
                mods.append(lem[m])
                m += 1
            if m < len(toks) and toks[m][1] != "punct" and toks[m][0][:1].isupper():
                mods.append(ent[m][0] if ent[m] else lem[m])
                j = (ent[m][4] if ent[m] else m) + 1
        return j, head, mods

    def resolve(self, p, k, before):
        """The person a description at token k refers to (by apposition, then recency), or ""."""
        _, head, mods = self.description(p, k)
        titled = [(person, tmods) for person, (heads, tmods) in self.titles.items() if head in heads]
        # a title sharing the description's modifiers decides before one without modifiers
        best = [who for who, tmods in titled if mods and tmods and _stems(mods) & _stems(tmods)]
        best = best or [who for who, tmods in titled if not mods or not tmods]
        if len(best) == 1:
            return best[0]
        if head not in self.roles:
            return ""
        earlier = [e for e in self.events if (e[0], e[1]) < (p, before) and e[0] >= p - RECENCY_PARAGRAPHS]
        return max(earlier)[2] if earlier else ""

    def phrase(self, p, a, b):
        return self.texts[p][self.toks[p][a][2] : self.toks[p][b - 1][2] + len(self.toks[p][b - 1][0])]

    def _speaker_at(self, p, j, sent_start, descriptions=True):
        """(speaker, phrase, resolution) when token j starts a name (or a resolved description), else None."""
        e = self.ent[p][j]
        if e and e[1] in ("person", "organisation") and not e[2]:
            return e[0], self.phrase(p, e[3], e[4] + 1), "name"
        if descriptions and (d := self.description(p, j)) and (who := self.resolve(p, j, sent_start)):
            return who, self.phrase(p, j, d[0]), "description"
        return None

    def subject(self, p, v, lo, after_only=False):
        """(speaker, phrase, resolution) of the speech verb at token v; ``lo`` is the sentence start."""
        toks = self.toks[p]
        si = self.sentence_of(p, toks[v][2])
        sent_start, end = self.sents[p][si][0], self.ranges[p][si][1]
        # after the verb: up to a quotation, 'dass', a second comma or ten words; no comma right after it
        window, commas, j = [], 0, v + 1
        while j < end and len(window) < 10 and not self.inq[p][j]:
            form = toks[j][0]
            if form in ".;:!?" or form in ("dass", "ob") or (form == "," and (j == v + 1 or commas == 1)):
                break
            commas += form == ","
            window.append(j)
            j += 1
        words = [j for j in window if toks[j][1] != "punct"]
        if words and words[0] == v + 1 and toks[v + 1][0].casefold() in _PRONOUNS:
            return "", toks[v + 1][0], "pronoun"
        subjects = words[: next((n for n, j in enumerate(words) if toks[j][0] in _PREPOSITIONS), None)]
        for descriptions in (False, True):  # a name anywhere before a description
            for j in subjects:
                if found := self._speaker_at(p, j, sent_start, descriptions):
                    return found
        fallback = self.phrase(p, words[0], words[-1] + 1) if words else ""
        if not after_only:  # before the verb, nearest first, skipping quotations
            for j in range(v - 1, lo - 1, -1):
                if self.inq[p][j] or toks[j][1] == "punct":
                    continue
                if toks[j][0].casefold() in _PRONOUNS:
                    return "", toks[j][0], "pronoun"
                if found := self._speaker_at(p, j, sent_start):
                    return found
        return "", fallback, "none"


def _direct(doc, q, previous):
    """Attribution of one quotation: (speaker, phrase, resolution, verb, attribution)."""
    p0, a, p1, b = q
    toks = doc.toks[p1]
    # after: „…“, sagte X
    k = next((k for k, (*_, s) in enumerate(toks) if s > b), None)
    if k is not None and toks[k][0] == ",":
        k += 1
    if k is not None and k < len(toks) and (verb := doc.verb(p1, k, ("any", "after"))):
        found = doc.subject(p1, k, k, after_only=True)
        if found[1]:  # a clause-final verb ("die X als „…“ bezeichnete") has no speaker after it
            return (*found, verb, "after")
    # before: X sagte: „…“ (also a colon at the end of the paragraph before)
    p, cut = p0, a - 1
    if not doc.texts[p0][:cut].strip() and p0 > 0:
        p, cut = p0 - 1, len(doc.texts[p0 - 1])
    if doc.texts[p][:cut].rstrip().endswith(":"):
        lo, _ = doc.ranges[p][doc.sentence_of(p, max(cut - 1, 0))]
        colon = max(k for k, (*_, s) in enumerate(doc.toks[p]) if s < cut)
        for v in range(colon - 1, lo - 1, -1):
            if verb := doc.verb(p, v):
                return (*doc.subject(p, v, lo), verb, "before")
        # a headline's "Justizminister Heiko Maas: „…“": only a name phrase before the colon
        words = [k for k in range(lo, colon) if doc.toks[p][k][1] != "punct"]
        if 0 < len(words) <= 6 and all(
            (form := doc.toks[p][k][0])[:1].isupper() or form in _DETERMINERS or _adjective(form, doc.lemma[p][k])
            for k in words
        ):
            speaker, phrase, how = doc.subject(p, colon, lo)
            return speaker, phrase if how != "none" else doc.phrase(p, words[0], words[-1] + 1), how, "", "before"
    # embedded: a speech verb of the same sentence, before the quotation or clause-final after it
    si = doc.sentence_of(p0, a)
    lo, hi = doc.ranges[p0][si]
    first = next((k for k in range(lo, hi) if doc.toks[p0][k][2] >= a - 1), hi)
    for v in range(first - 1, lo - 1, -1):
        if verb := doc.verb(p0, v):
            return (*doc.subject(p0, v, lo), verb, "embedded")
    if p1 == p0:
        for v in range(first, hi):
            if doc.toks[p0][v][2] <= b or doc.inq[p0][v]:
                continue
            if doc.toks[p0][v][0] in _CLAUSE_END:
                break
            if verb := doc.verb(p0, v):
                return (*doc.subject(p0, v, lo), verb, "embedded")
    # continuation: the sentence before is a quotation of a known speaker, this one names no other person
    source = previous.get((p0, si - 1))
    names = any(doc.ent[p0][k] and doc.ent[p0][k][1] == "person" and not doc.inq[p0][k] for k in range(lo, hi))
    if source and not names:
        return (*source[:4], "continuation")
    return "", "", "none", "", "none"


def _indirect(doc, p, si):
    """Indirect speech in one sentence: rows (speaker, phrase, resolution, verb, attribution, reported text)."""
    toks, text = doc.toks[p], doc.texts[p]
    lo, hi = doc.ranges[p][si]
    a, b = doc.sents[p][si]

    def quoted(s, e):
        return any(s < q_hi and q_lo < e for q_lo, q_hi in doc.regions[p])

    rows, verbs = [], []
    for k in range(lo, hi):
        form = toks[k][0]
        if doc.inq[p][k] or toks[k][1] == "punct":
            continue
        if form.casefold() == "laut" or (form == "Angaben" and k > lo and toks[k - 1][0].casefold() == "nach"):
            j = k + (k + 1 < hi and toks[k + 1][0] == "von")
            if not quoted(a, b) and j + 1 < hi:
                marker = "nach Angaben" if form == "Angaben" else "laut"
                rows.append((*doc.subject(p, j, j + 1, after_only=True), marker, marker, text[a:b].strip()))
        elif form == "zufolge" and not quoted(a, b):
            rows.append((*doc.subject(p, k, lo), form, form, text[a:b].strip()))
        elif verb := doc.verb(p, k):
            verbs.append((k, verb))
    for n, (k, verb) in enumerate(verbs):
        stop = verbs[n + 1][0] if n + 1 < len(verbs) else hi
        dass = next((j for j in range(k + 1, stop) if toks[j][0] in ("dass", "ob") and toks[j - 1][0] == ","), None)
        if dass is not None and not quoted(toks[dass][2], b):
            rows.append((*doc.subject(p, k, lo), verb, "dass", text[toks[dass][2] : b].strip()))
        elif k > lo and toks[k - 1][0] == "," and not quoted(a, b) and len(text[a : toks[k][2]].split()) >= 3:
            # "…, betonte Putin.": the speaker follows the verb (else the clause before is its subject)
            speaker, phrase, how = doc.subject(p, k, k, after_only=True)
            if how != "none" or (phrase.split() or [""])[0] in _INDEFINITE:
                rows.append((speaker, phrase, how, verb, "comma", text[a : toks[k - 1][2]].strip()))
    return rows


def find_quotes(paragraphs, aliases, rules, min_words=MIN_QUOTE_WORDS):
    """Every direct quotation and every attributed indirect speech, with its speaker where the rules find one.

    Parameters
    ----------
    paragraphs, aliases : pandas.DataFrame
        ``Corpus.paragraphs`` (a document's paragraphs in order) and the alias table.
    rules : SpeechRules
        From :func:`load_speech_rules`.
    min_words : int
        Quotations with fewer words are flagged ``short`` (kept).

    Returns
    -------
    pandas.DataFrame
        :data:`QUOTE_COLUMNS` in text order: ``paragraph`` where the quotation opens, ``kind`` (``direct``,
        ``indirect``), ``speaker`` ("" when unattributed), ``speaker_phrase``, ``verb`` (or *laut*, *nach
        Angaben*, *zufolge*), ``attribution`` (a rule, ``none``, or ``dass``, ``comma`` or the preposition
        for indirect speech), ``resolution``, ``quote`` (or the reported clause), ``words``, ``short``.
    """
    matcher = AliasMatcher(aliases)
    rows = []
    for doc_id, group in paragraphs.groupby("doc_id", sort=False):
        numbers = group["paragraph"].tolist()
        doc = _Doc(group["text"].tolist(), matcher, rules)
        by_sentence = {}
        for q in doc.quotes:
            by_sentence.setdefault((q[0], doc.sentence_of(q[0], q[1])), []).append(q)
        previous = {}  # (paragraph, sentence) -> the last attributed direct quotation's speaker
        for p in range(len(doc.texts)):
            for si in range(len(doc.sents[p])):
                for q in by_sentence.get((p, si), []):
                    speaker, phrase, how, verb, attribution = _direct(doc, q, previous)
                    p0, a, p1, b = q
                    quote = doc.texts[p0][a:b] if p1 == p0 else doc.texts[p0][a:] + " " + doc.texts[p1][:b]
                    rows.append((doc_id, numbers[p], "direct", speaker, phrase, verb, attribution, how, quote.strip()))
                    if how != "none":
                        previous[(p, si)] = (speaker, phrase, how, verb)
                    if speaker:
                        doc.events.append((p, a, speaker))
                for speaker, phrase, how, verb, attribution, text in _indirect(doc, p, si):
                    rows.append((doc_id, numbers[p], "indirect", speaker, phrase, verb, attribution, how, text))
                    if speaker:
                        doc.events.append((p, doc.sents[p][si][0], speaker))
    out = pd.DataFrame(rows, columns=QUOTE_COLUMNS[:-2])
    out["words"] = out["quote"].map(lambda text: len(word_tokens(text)))
    out["short"] = out["words"] < min_words
    return out
