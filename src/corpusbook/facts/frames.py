"""Facts of the frames chapter: frame rates per moment and per article, and which changes go beyond the articles' spread.

:func:`findings` returns every number, sentence, table and figure the chapter shows. Moments are
the ``slice`` groups of ``metadata.csv`` in time order (:func:`corpusbook.periods.chronological`);
every consecutive pair of moments is one step. A frame "rises most" or "falls most" in a step only
when it has both the largest difference and the largest ratio of that direction *and* its change
goes beyond the spread of the articles (every later article above every earlier one, or below),
with at least one moment of several articles; otherwise the sentence gives the largest difference
and ratio and says where they lie against the articles' range.
"""

import numpy as np
import pandas as pd

from corpusbook import actors, frames, plots, tables
from corpusbook.kwic import kwic
from corpusbook.palette import slice_colors
from corpusbook.periods import chronological
from corpusbook.prose import bullets, escape_md, italic, join, md, number, plural, terms, top_with_ties

#: Concordance lines per frame (each from a different paragraph), from its most frequent lemmas.
EXAMPLES_PER_FRAME = 2
#: Hits tried per frame when looking for lines from new paragraphs (bounds the work on a large corpus).
MAX_ATTEMPTS = 200


def _rng(lo, hi):
    return number(lo) if round(lo) == round(hi) else f"{number(lo)}–{number(hi)}"


def _ratio(r):
    if r is None or not np.isfinite(r):
        return "from zero" if r == float("inf") else "—"
    return f"×{r:.2f}" if r < 10 else f"×{r:.0f}"


def _side(name, n, lo, hi):
    """``the article of 2024 (106)`` / ``the articles of 2022 (42–117)``."""
    return (f"the article of {escape_md(name)} ({number(lo)})" if n == 1 else
            f"the articles of {escape_md(name)} ({_rng(lo, hi)})")


def _labels(rows):
    return join([italic(x) for x in rows["label"]])


def _moment(name, n):
    return f"**{escape_md(name)}** ({plural(n, 'article')})"


def describe_step(step, noun="frame"):
    """The sentence for one step (rows of :func:`corpusbook.frames.step_evidence` with one ``step``).

    ``noun`` names what the rows measure ("frame", "person") where no row rises or falls.

    Returns
    -------
    str
        Markdown.
    """
    a, b = str(step["from"].iloc[0]), str(step["to"].iloc[0])
    na, nb = int(step["n_from"].iloc[0]), int(step["n_to"].iloc[0])
    spread = na > 1 or nb > 1
    parts = []
    for sign, verb, kind in ((1, "rises", "rise"), (-1, "falls", "fall")):
        cands = step[np.sign(step["change"]) == sign]
        if cands.empty:
            parts.append(f"no {noun} {verb}")
            continue
        by_diff = top_with_ties(cands.assign(size=cands["change"].abs()), "size", 1)
        key = cands["ratio"].replace(np.inf, 1e300) if sign > 0 else cands["ratio"]
        by_ratio = top_with_ties(cands.assign(key=key * sign), "key", 1)
        d = by_diff.iloc[0]
        diff = (f"{_labels(by_diff)} ({number(d['per_10k_from'])} → {number(d['per_10k_to'])} per 10,000 tokens, "
                f"{'+' if sign > 0 else '−'}{number(abs(d['change']), 1)}" + (", tied" if len(by_diff) > 1 else "") + ")")
        same = set(by_diff["frame"]) == set(by_ratio["frame"])
        beyond = bool(by_diff["beyond"].all())
        if same and beyond and spread:
            text = (f"{_labels(by_diff)} {verb} most by difference and by ratio ({number(d['per_10k_from'])} → "
                    f"{number(d['per_10k_to'])} per 10,000 tokens, {_ratio(d['ratio'])}), beyond the articles' spread: "
                    f"{_side(b, nb, d['min_to'], d['max_to'])} against {_side(a, na, d['min_from'], d['max_from'])}")
        else:
            text = f"the largest {kind} by difference is {diff}"
            r = by_ratio.iloc[0]
            extreme = (sign > 0 and not np.isfinite(r["ratio"])) or (sign < 0 and r["ratio"] == 0)
            if same:
                text += ", also the largest by ratio"
            elif extreme:
                many = plural(len(by_ratio), noun, "people" if noun == "person" else None)
                verb_n = ("rises from" if sign > 0 else "falls to") if len(by_ratio) == 1 else (
                    "rise from" if sign > 0 else "fall to")
                text += (f"; by ratio, {many} {verb_n} zero"
                         + (f" ({_labels(by_ratio)})" if len(by_ratio) <= 4 else ""))
            else:
                text += (f", by ratio {_labels(by_ratio)} ({number(r['per_10k_from'], 1)} → {number(r['per_10k_to'], 1)}, "
                         f"{_ratio(r['ratio'])}" + (", tied" if len(by_ratio) > 1 else "") + ")")
            if not spread:
                text += f"; with one article on each side there is no spread to judge that {kind} against"
            elif beyond:
                text += (f"; that {kind} goes beyond the articles' spread ({_side(b, nb, d['min_to'], d['max_to'])} against "
                         f"{_side(a, na, d['min_from'], d['max_from'])})")
            else:
                text += (f"; that {kind} lies within the articles' spread ({_side(b, nb, d['min_to'], d['max_to'])} against "
                         f"{_side(a, na, d['min_from'], d['max_from'])})")
        parts.append(text)
    return f"From {_moment(a, na)} to {_moment(b, nb)}: {parts[0]}; {parts[1]}."


def evidence_lines(tokens, paragraphs, dictionary, tags, per_frame=EXAMPLES_PER_FRAME, window=7):
    """Concordance lines for each frame: one per lemma in turn (most frequent first), each from a new paragraph.

    Only counted hits are used (exclusion rules applied), so a known false hit is never shown, and
    no two lines come from the same paragraph or show the same text, so they are distinct sentences.

    Returns
    -------
    pandas.DataFrame
        ``frame``, ``label``, ``lemma``, ``doc_id``, ``paragraph_number`` (from 1), ``left``, ``keyword``, ``right``.
    """
    labels = dictionary.drop_duplicates("frame").set_index("frame")["label"]
    rows, used, seen_text = [], set(), set()
    para_rows = None
    for frame in tags.columns:
        hits = tokens[tags[frame].to_numpy()]
        if hits.empty:
            continue
        if para_rows is None:  # one pass over the table: each paragraph's rows, for every line below
            para_rows = tokens.groupby(["doc_id", "paragraph"], sort=False).indices
        counts = hits["lemma"].astype(str).value_counts()
        lemmas = sorted(counts.index, key=lambda x: (-counts[x], x))
        queues = {lm: iter(hits[hits["lemma"].astype(str) == lm].itertuples()) for lm in lemmas}
        n, attempts = 0, 0
        while n < per_frame and queues and attempts < MAX_ATTEMPTS:
            for lemma in list(queues):  # one line per lemma in each round, most frequent lemma first
                if n >= per_frame:
                    break
                for hit in queues[lemma]:
                    attempts += 1
                    if attempts > MAX_ATTEMPTS:
                        break
                    key = (hit.doc_id, hit.paragraph)
                    if key in used:
                        continue
                    para = tokens.iloc[para_rows[key]]
                    line = kwic(para, paragraphs, lemma, window=window)
                    line = line[line["position"] == hit.position]
                    if line.empty:
                        continue
                    text = " ".join(line.iloc[0][["left", "keyword", "right"]])
                    if text in seen_text:  # the same sentence repeated in another paragraph
                        continue
                    seen_text.add(text)
                    used.add(key)
                    rows.append({"frame": frame, "label": labels[frame], "lemma": lemma, "doc_id": hit.doc_id,
                                 "paragraph_number": int(hit.paragraph) + 1,
                                 **line.iloc[0][["left", "keyword", "right"]].to_dict()})
                    n += 1
                    break
                else:
                    del queues[lemma]  # no usable hit left for this lemma
    return pd.DataFrame(rows, columns=["frame", "label", "lemma", "doc_id", "paragraph_number", "left", "keyword", "right"])


def findings(data, dictionary):
    """Everything the frames chapter states, for any number of moments and articles.

    Parameters
    ----------
    data : corpusbook.book.BookData
    dictionary : pandas.DataFrame
        :func:`corpusbook.frames.load_frames` of ``corpus/frames.csv``.

    Returns
    -------
    dict
        name → value, glued by ``chapters/frames.md``.
    """
    docs = data.documents.assign(slice=lambda d: d["slice"].astype(str), period=lambda d: d["period"].astype(str))
    tokens = actors.canonical_names(data.tokens)
    tokens = tokens.assign(slice=tokens["slice"].astype(str))
    periods = chronological(docs)
    moments = [str(s) for s in chronological(docs, "slice")]
    first_period = docs.groupby("slice")["period"].first()
    colors = slice_colors({s: first_period[s] for s in moments}, periods)
    n_docs = docs["slice"].value_counts()
    labels = dictionary.drop_duplicates("frame").set_index("frame")["label"]
    out = {}

    # ---- the dictionary and its exclusion rules
    rules = dictionary.assign(**{c: dictionary[c] if c in dictionary else "" for c in ("not_after", "not_before")})
    rules = rules[(rules["not_after"] != "") | (rules["not_before"] != "")]
    excluded = frames.exclusions(tokens, dictionary)
    out["n_frames"], out["n_entries"] = number(dictionary["frame"].nunique()), number(len(dictionary))
    rule_texts = []
    for r in rules.itertuples():
        what = []
        if r.not_after:
            what.append(f"after {join([italic(w) for w in r.not_after.split('|')], 'or')}")
        if r.not_before:
            what.append(f"before {join([italic(w) for w in r.not_before.split('|')], 'or')}")
        rule_texts.append(f"{italic(r.lemma)} {' or '.join(what)}")
    n_ex = int(excluded.any(axis=1).sum())
    out["exclusions_sentence"] = md(
        (f"Known false hits are excluded by {plural(len(rules), 'rule')} in the same file ({'; '.join(rule_texts)}), "
         f"which {'removes' if n_ex == 1 else 'remove'} {plural(n_ex, 'token')} from the counts here. "
         if len(rules) else "The dictionary has no exclusion rules. ")
        + "Inside a multi-word name only the name counts (*Organisation des Vertrags über kollektive Sicherheit* "
          "is one hit, *OVKS*).")
    table = dictionary.groupby(["frame", "label"], sort=False)["lemma"].agg(", ".join).reset_index()
    out["dictionary_table"] = tables.show(table, {"label": "Frame", "lemma": "Lemma patterns"}, name="frames-dictionary")

    # ---- rates per moment and per article
    tags = frames.tag_frames(tokens, dictionary)
    by_slice = frames.frame_shares(tokens, dictionary, "slice", tags=tags)
    by_doc = frames.frame_shares(tokens, dictionary, "doc_id", tags=tags)
    doc_slice = docs.set_index("doc_id")["slice"].rename("slice")
    rates = by_doc.pivot(index="doc_id", columns="frame", values="per_10k")[list(labels.index)]
    pooled = by_slice.pivot(index="slice", columns="frame", values="per_10k")[list(labels.index)]
    lines = []
    for s in moments:
        g = by_slice[by_slice["slice"] == s]
        top = top_with_ties(g, "per_10k", 1)
        items = []
        for r in top.itertuples():
            docs_r = rates.loc[doc_slice[doc_slice == s].index.intersection(rates.index), r.frame]
            spread = f"; per article {_rng(docs_r.min(), docs_r.max())}" if len(docs_r) > 1 else ""
            items.append(f"{italic(r.label)} ({number(r.per_10k)} per 10,000 tokens{spread}; lemmas "
                         f"{terms(r.top_lemmas.split(', ')) if r.top_lemmas else 'none'})")
        lines.append(f"{_moment(s, int(n_docs.get(s, 0)))}: strongest frame "
                     + (join(items) + " (tied)" if len(items) > 1 else items[0]))
    out["strongest_per_slice"] = md(bullets(lines))
    out["fig_frames"] = plots.grouped_bars(
        by_slice, "label", "slice", "per_10k", "frame lemmas per 10,000 tokens", order=moments, colors=colors)
    summary = []
    for s in moments:
        members = doc_slice[doc_slice == s].index.intersection(rates.index)
        for f in labels.index:
            v = rates.loc[members, f]
            row = by_slice[(by_slice["slice"] == s) & (by_slice["frame"] == f)].iloc[0]
            summary.append({"slice": s, "label": labels[f], "hits": int(row["hits"]), "per_10k": row["per_10k"],
                            "article_min": v.min(), "article_median": v.median(), "article_max": v.max(),
                            "range": row["range"], "top_lemmas": row["top_lemmas"]})
    summary = pd.DataFrame(summary)
    out["slice_table"] = tables.show(
        summary, {"label": "Frame", "slice": "Moment", "hits": "Hits", "per_10k": "Per 10k",
                  "article_min": "Article min", "article_max": "Article max", "range": "Articles with a hit"},
        {"per_10k": ".1f", "article_min": ".1f", "article_max": ".1f"}, name="frames-per-moment",
        interactive=len(summary) > 12,
        note="Per 10k: all the moment's tokens together; article min/max: the lowest and highest rate of its "
             "articles (the same as per 10k for a moment of one article). The CSV adds the median and the lemmas.")
    wide = rates.reset_index().assign(slice=lambda d: d["doc_id"].map(doc_slice))
    wide = wide.sort_values(["slice", "doc_id"], key=lambda c: c.map({m: i for i, m in enumerate(moments)}) if c.name == "slice" else c)
    out["article_table"] = tables.show(
        wide, {"doc_id": "Article", "slice": "Moment", **{f: str(f) for f in labels.index}},
        {f: ".0f" for f in labels.index}, name="frames-per-article", interactive=len(wide) > 12,
        note="Frame lemmas per 10,000 word tokens of each article; columns are the frame ids of corpus/frames.csv ("
             + "; ".join(f"{f}: {labels[f]}" for f in labels.index) + ").")
    out["fig_article_frames"] = plots.frame_dots(
        rates, doc_slice, pooled, moments, colors, labels.to_dict())

    # ---- steps between consecutive moments
    steps = frames.step_evidence(by_slice, by_doc, doc_slice, moments)
    if len(moments) < 2:
        out["steps"] = md(f"The corpus has one moment ({escape_md(moments[0]) if moments else 'none'}): there is no change to describe.")
        out["steps_summary"] = md("")
    else:
        out["steps"] = md(bullets([describe_step(steps[steps["step"] == k]) for k in range(len(moments) - 1)]))
        beyond = steps[steps["beyond"] & ((steps["n_from"] > 1) | (steps["n_to"] > 1))]
        n_all = int((steps["change"] != 0).sum())
        out["steps_summary"] = md(
            (f"Of the {plural(n_all, 'change')} between consecutive moments, {number(len(beyond))} "
             f"{'goes' if len(beyond) == 1 else 'go'} beyond the spread of the articles"
             + (": " + "; ".join(f"{italic(r.label)} from {escape_md(r._2)} to {escape_md(r.to)} ({number(r.per_10k_from)} → "
                                 f"{number(r.per_10k_to)})" for r in beyond.itertuples()) + "." if len(beyond) else
                ". Every difference between moments lies within the range of single articles or compares two single articles."))
            if n_all else "No frame's rate changes between consecutive moments.")
    # ---- one sentence for a summary of the book: the frame that moves most across the moments
    if len(moments) > 1:
        spread_rates = pooled.loc[moments]
        span = spread_rates.max() - spread_rates.min()
        top = [f for f in span.index if span[f] == span.max()]
        parts = []
        for f in top:
            path = " → ".join(number(spread_rates.loc[m, f]) for m in moments)
            beyond_steps = steps[(steps["frame"] == f) & steps["beyond"] & ((steps["n_from"] > 1) | (steps["n_to"] > 1))]
            parts.append(f"{italic(labels[f])} goes {path} per 10,000 tokens"
                         + (f" (beyond the articles' spread from {join([escape_md(x) for x in beyond_steps['from']])} "
                            "to the next moment)" if len(beyond_steps) else ""))
        out["finding"] = md(f"Across the {number(len(moments))} moments ({escape_md(join(moments))}), the frame that "
                            f"moves most {'is' if len(top) == 1 else 'are (tied)'}: " + "; ".join(parts) + ".")
    else:
        out["finding"] = md("")
    steps_shown = steps.assign(
        step_label=[f"{a} → {b}" for a, b in zip(steps["from"], steps["to"])],
        rates=[f"{number(a, 1)} → {number(b, 1)}" for a, b in zip(steps["per_10k_from"], steps["per_10k_to"])],
        range_from=[_rng(a, b) for a, b in zip(steps["min_from"], steps["max_from"])],
        range_to=[_rng(a, b) for a, b in zip(steps["min_to"], steps["max_to"])],
        ratio_text=[_ratio(r).replace("×", "") for r in steps["ratio"]],
        beyond_text=["— (one article each)" if a == 1 and b == 1 else "yes" if x else "no"
                     for a, b, x in zip(steps["n_from"], steps["n_to"], steps["beyond"])])
    out["steps_table"] = tables.show(
        steps_shown, {"step_label": "Step", "label": "Frame", "rates": "Per 10k", "change": "Difference",
                      "ratio_text": "Ratio", "range_from": "Articles before", "range_to": "Articles after",
                      "beyond_text": "Beyond"},
        {"change": "+.1f"}, name="frames-steps", interactive=len(steps) > 12,
        note="Per 10k: before → after, all the moment's tokens; difference: after − before; ratio: after / before "
             "(— when both are zero, 'from zero' when only before is zero). Articles: the range of the articles' "
             "own rates. Beyond: every article after lies above (rise) or below (fall) every article before; with one "
             "article on each side there is no spread to compare.")

    # ---- evidence
    ev = evidence_lines(tokens, data.corpus.paragraphs, dictionary, tags)
    out["evidence_table"] = tables.show(
        ev, {"label": "Frame", "doc_id": "Article", "paragraph_number": "Paragraph", "left": "Left context",
             "keyword": "Word", "right": "Right context"}, name="frames-evidence", align_right=["left"])
    out["evidence_sentence"] = md(
        f"For each frame, up to {plural(EXAMPLES_PER_FRAME, 'concordance line')} from its most frequent lemmas, "
        "each from a different paragraph; excluded false hits are never shown.")
    single = [m for m in moments if int(n_docs.get(m, 0)) == 1]
    out["single_sentence"] = md(
        f"{join([escape_md(m) for m in single])} {'is' if len(single) == 1 else 'are'} a single article: a frame's "
        f"rate there is that article's emphasis." if single else "")
    return out
