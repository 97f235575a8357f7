"""Facts of the book's opening page: the findings in brief and the one box of limits.

:func:`findings` words four to six findings for any corpus, each saying how many articles back it
and linking to the figure or chapter that shows it:

- the rate of the war and the economy frames (per 10,000 tokens) in each period, in time order;
- which people have the largest rise and fall between the first and the last period;
- which key terms pass the corrected token-level threshold in each consecutive comparison of periods.

A claim that rests on a period of a single article carries the marker :data:`SINGLE` (†) after the
period's name; the limits box explains the marker once. A finding whose premise fails (one period
only, a frame missing from the dictionary) is left out, never left false.
"""


from corpusbook import actors, frames, keyness
from corpusbook.periods import chronological, comparisons
from corpusbook.prose import bullets, escape_md, italic, join, md, number, plural
from corpusbook.settings import PERIOD_COLUMN

#: Marks a period (and so a claim) that rests on a single article.
SINGLE = "†"

#: The frames the findings report, with the figure that shows them (if present in the dictionary).
HEADLINE_FRAMES = (("war", "War vocabulary"), ("economy", "Economy vocabulary"))

#: Names of the languages in ``source_language`` (ISO 639-1); other codes are shown as they are.
LANGUAGES = {"de": "German", "en": "English", "ru": "Russian", "vi": "Vietnamese", "kk": "Kazakh",
             "fr": "French", "uk": "Ukrainian", "zh": "Chinese", "tr": "Turkish"}

#: Most findings in brief (key-term findings give way first).
MAX_FINDINGS = 6

#: Most key terms named per comparison in the findings (the rest counted).
KEY_LIMIT = 6



#: A period with fewer articles than this makes the corpus "small" in the limits box.
SMALL_PERIOD = 30

def language_name(code):
    """``"ru"`` → ``"Russian"``; unknown codes are returned escaped as they are."""
    return LANGUAGES.get(str(code).lower(), escape_md(code))


def period_label(period, n_docs):
    """The period's name, escaped, with :data:`SINGLE` when it rests on one article."""
    return escape_md(period) + (SINGLE if n_docs.get(period, 0) == 1 else "")


def _backing(periods, n_docs):
    """``"4 articles in 2022 and 1 in 2024†"``: the articles behind a claim about ``periods``."""
    parts = []
    for i, p in enumerate(periods):
        n = int(n_docs.get(p, 0))
        parts.append(f"{plural(n, 'article') if i == 0 else number(n)} in {period_label(p, n_docs)}")
    return join(parts)


def _sequence(values):
    return " → ".join(number(v) for v in values)


def frame_findings(tokens, dictionary, order, n_docs, moments=None):
    """One sentence per headline frame: its rate per 10k in each period, in time order.

    ``moments`` (slices in time order): when there are more moments than periods, the sentence also
    gives the path over the moments, which pooling by period can hide (a peak inside a period).
    """
    out = []
    present = set(dictionary["frame"])
    wanted = [(f, name) for f, name in HEADLINE_FRAMES if f in present]
    if not wanted or len(order) < 2:
        return out
    chosen = dictionary[dictionary["frame"].isin([f for f, _ in wanted])]
    shares = frames.frame_shares(tokens, chosen, PERIOD_COLUMN)
    rate = shares.set_index(["frame", PERIOD_COLUMN])["per_10k"]
    per_doc = frames.frame_shares(tokens, chosen, "doc_id")
    period_of = tokens.drop_duplicates("doc_id").set_index("doc_id")[PERIOD_COLUMN]
    per_doc[PERIOD_COLUMN] = per_doc["doc_id"].map(period_of)
    finer = moments is not None and len(moments) > len(order)
    by_moment = frames.frame_shares(tokens, chosen, "slice").set_index(["frame", "slice"])["per_10k"] if finer else None
    for frame, name in wanted:
        values = [rate.get((frame, p), 0.0) for p in order]
        label = shares.loc[shares["frame"] == frame, "label"].iloc[0]
        docs = per_doc[per_doc["frame"] == frame]
        spread = [f"{number(docs.loc[docs[PERIOD_COLUMN] == p, 'per_10k'].min())} to "
                  f"{number(docs.loc[docs[PERIOD_COLUMN] == p, 'per_10k'].max())} in the articles of {escape_md(p)}"
                  for p in order if n_docs.get(p, 0) > 1]
        out.append(
            f"{name} (the frame *{escape_md(label)}*) runs {_sequence(values)} per 10,000 tokens across "
            f"{join([period_label(p, n_docs) for p in order])} ({_backing(order, n_docs)}"
            + (f"; {join(spread)}" if spread else "")
            + (f"; by moment {_sequence([by_moment.get((frame, m), 0.0) for m in moments])}" if finer else "")
            + "; see {ref}`the frames figure <fig-frames>`).")
    return out


def actor_findings(tokens, order, n_docs):
    """Which people have the largest rise and fall (per 10k, by difference) from the first to the last period;
    ties named together."""
    if len(order) < 2:
        return []
    first, last = order[0], order[-1]
    if not (tokens["entity_start"] & (tokens["entity_type"] == "person")).any():
        return []
    people = actors.entity_frequencies(tokens, PERIOD_COLUMN, entity_type="person")
    wide = people.pivot_table(index="entity", columns=PERIOD_COLUMN, values="per_10k", aggfunc="sum").reindex(
        columns=order).fillna(0.0)
    if wide.empty:
        return []
    change = (wide[last] - wide[first]).round(6)
    parts = []
    for sign, verb in ((1, "rise"), (-1, "fall")):
        moved = change[change * sign > 0]
        if moved.empty:
            continue
        best = (moved * sign).max()
        names = sorted(moved.index[(moved * sign) == best])
        each = [f"{italic(n)} ({number(wide.loc[n, first])} → {number(wide.loc[n, last])})" for n in names]
        tied = " (tied)" if len(names) > 1 else ""
        # "the largest … by difference", not "rises most": whether a change also holds by ratio and beyond the
        # articles' spread is judged on the actors page (facts.frames.describe_step)
        parts.append(f"{join(each)}{tied} {'has' if len(names) == 1 else 'have'} the largest {verb} by difference")
    if not parts:
        return [f"No person's mentions per 10,000 tokens change between {period_label(first, n_docs)} and "
                f"{period_label(last, n_docs)} ({_backing([first, last], n_docs)}; see {{ref}}`the people figure <fig-people>`)."]
    text = join(parts)
    return [f"Among people, from {period_label(first, n_docs)} to {period_label(last, n_docs)} (mentions per "
            f"10,000 tokens), {text} ({_backing([first, last], n_docs)}; see {{ref}}`the people figure <fig-people>`)."]


def keyness_findings(tokens, documents, n_docs, limit=KEY_LIMIT, most=None):
    """For each consecutive comparison (the latest ``most``): the key terms that pass the corrected threshold."""
    out = []
    steps = [c for c in comparisons(documents) if c.kind == "consecutive"]
    for comp in steps[-most:] if most else steps:
        table = keyness.keyness(tokens, PERIOD_COLUMN, comp.target, list(comp.reference))
        passing = table[table["significant"]].sort_values(["g2", "term"], ascending=[False, True])
        sides = []
        for direction, side in ((1, comp.target), (-1, comp.reference_label)):
            hit = passing[passing["direction"] == direction]
            if len(hit):
                names = [italic(t) for t in hit["term"].head(limit)]
                more = len(hit) - limit
                listed = join(names + ([f"{more} more"] if more > 0 else []))
                label = (period_label(comp.target, n_docs) if direction == 1 else
                         join([period_label(p, n_docs) for p in comp.reference]))
                sides.append(f"{listed} for {label}")
        pair = f"{period_label(comp.target, n_docs)} against {join([period_label(p, n_docs) for p in comp.reference])}"
        backing = _backing(list(comp.reference) + [comp.target], n_docs)
        n_pass = len(passing)
        if n_pass == 0:
            out.append(f"Comparing {pair}, no key term passes the corrected token-level threshold ({backing}; "
                       f"see {{ref}}`the comparison chapter <chapter-comparison>`).")
        else:
            verb = "passes" if n_pass == 1 else "pass"
            out.append(f"Comparing {pair}, {plural(n_pass, 'key term')} {verb} the corrected token-level threshold: "
                       f"{join(sides, conj='and')} ({backing}; see {{ref}}`the comparison chapter <chapter-comparison>`).")
    return out


def limits(documents, tokens, order, n_docs):
    """The caveats, once: corpus size, machine translation, single-article periods, token statistics."""
    n = len(documents)
    # "small" only where it is: fewer than SMALL_PERIOD articles in some period
    per_period = documents[PERIOD_COLUMN].astype(str).value_counts()
    small = bool((per_period < SMALL_PERIOD).any())
    lines = [f"The corpus {'is small' if small else 'holds'}: {plural(n, 'article')}, "
             f"{plural(len(tokens), 'word token')}, in {plural(len(order), 'period')} "
             f"({join([escape_md(p) for p in order])}). It shows what these articles stress, not how "
             f"German-language coverage as a whole changed."]
    langs = documents["source_language"].astype(str).str.lower()
    translated = documents[langs != "de"]
    if len(translated):
        by_lang = translated["source_language"].astype(str).str.lower().value_counts()
        names = join([f"{language_name(code)} ({number(k)})" for code, k in sorted(by_lang.items(), key=lambda x: (-x[1], x[0]))])
        if len(translated) == n:
            lines.append(f"All {plural(n, 'article')} are machine translations into German, from {names}: word "
                         f"choice and the spelling of names partly reflect the translation engine.")
        else:
            lines.append(f"{number(len(translated))} of the {plural(n, 'article')} are machine translations into "
                         f"German, from {names}; the other {number(n - len(translated))} were written in German. "
                         f"Word choice in the translations partly reflects the translation engine.")
    single = [p for p in order if n_docs.get(p, 0) == 1]
    if single:
        lines.append(f"{join([escape_md(p) for p in single])} {'rests' if len(single) == 1 else 'each rest'} on a "
                     f"single article: what the book says about {'it' if len(single) == 1 else 'them'} is said about "
                     f"that article, not about its period. {SINGLE} marks every claim that rests on a single-article "
                     f"period.")
    lines.append("Key-term statistics ({term}`G²`, the corrected threshold) count {term}`tokens <token>` as if independent; the article is "
                 "the sampling unit, so the chapters show per-article evidence beside period-level claims wherever a period has more than one article.")
    return bullets(lines)


def findings(data, dictionary=None):
    """Everything the opening page states: the findings in brief, the limits box, the corpus in one line.

    Parameters
    ----------
    data : corpusbook.book.BookData
    dictionary : pandas.DataFrame, optional
        The frame dictionary (default: ``corpus/frames.csv`` of the project).

    Returns
    -------
    dict
        ``findings_brief`` (Markdown list), ``limits`` (Markdown list), ``corpus_sentence``,
        ``periods`` (the periods in time order, as prose), ``n_findings``.
    """
    docs, tokens = data.documents, data.tokens
    if dictionary is None:
        from corpusbook.settings import corpus_dir

        dictionary = frames.load_frames(corpus_dir() / "frames.csv")
    order = chronological(docs)
    n_docs = docs.groupby(PERIOD_COLUMN).size().to_dict()
    moments = chronological(docs, "slice")
    items = frame_findings(tokens, dictionary, order, n_docs, moments) + actor_findings(tokens, order, n_docs)
    # at most MAX_FINDINGS in all: the latest changes between consecutive periods (the chapter has every one)
    items += keyness_findings(tokens, docs, n_docs, most=max(1, MAX_FINDINGS - len(items)))
    if not items:
        items = [f"The corpus has one period ({escape_md(order[0]) if order else 'none'}): the book describes it but "
                 f"has no change to report (see {{ref}}`the frequencies chapter <chapter-frequencies>`)."]
    outlets = docs["outlet"].nunique()
    corpus_sentence = (
        f"The corpus has {plural(len(docs), 'article')} ({plural(len(tokens), 'word token')}) from "
        f"{plural(outlets, 'outlet')}, published between {docs['date'].min():%-d %B %Y} and "
        f"{docs['date'].max():%-d %B %Y}. "
        + (f"The periods are {join([escape_md(p) for p in order])}: " if len(order) > 1 else "It has one period: ")
        + "; ".join(f"{period_label(p, n_docs)} has {plural(int(n_docs[p]), 'article')}" for p in order) + ".")
    return {
        "findings_brief": md(bullets(items)),
        "n_findings": len(items),
        "limits": md(limits(docs, tokens, order, n_docs)),
        "corpus_sentence": md(corpus_sentence),
        "periods": md(join([escape_md(p) for p in order])),
    }
