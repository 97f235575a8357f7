"""Topics benchmark: the topic-model computations of the topics chapter on the shipped corpus and on 100
and 1,028 GNAD articles, step by step.

``make bench-topics`` runs it alone and rewrites the "Topics" section of ``benchmarks/results.md``;
``make bench`` runs it as its ``topics`` part. Each GNAD size is a temporary copy of the project whose
corpus is the first ``n`` articles of ``../shared/data/gnad_articles.csv`` (as in
``benchmarks/book_scale.py``), loaded cold. The steps are the package calls a chapter makes, in order:
units; the k sweep and the choice of k; NMF and LDA at that k on every unit; the tables (convergence,
topic shares of both models, NMF-LDA matching with its permutation test, coherence of both models,
prevalence with two bootstraps, representative paragraphs); the figures. Target: at most
:data:`TARGET_S` seconds for the steps at 1,028 articles. Never part of ``make test``.
"""

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "gnad_articles.csv"
SIZES = (100, 1028)
#: Seconds the topic computations may take at 1,028 articles.
TARGET_S = 60
SECTION = "## Topics"
STEPS = ("units", "k sweep", "NMF", "LDA", "tables", "figures")


def measure(data):
    """Time each step of the topic computations on one loaded corpus; return the times and the fits' facts."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from corpusbook import plots
    from corpusbook import topics as T
    from corpusbook.periods import chronological

    seconds = {}

    def step(name, fn):
        t0 = time.perf_counter()
        out = fn()
        seconds[name] = time.perf_counter() - t0
        return out

    units = step("units", lambda: T.make_units(data.tokens))
    evidence, choice = step("k sweep", lambda: (ev := T.select_k(units), T.choose_k(ev)))
    nmf = step("NMF", lambda: T.fit(units, choice.k, "nmf"))
    lda = step("LDA", lambda: T.fit(units, choice.k, "lda"))
    models = {"nmf": nmf, "lda": lda}

    def tables():
        reference = T.WindowCounts(units.texts)
        return (
            T.convergence(models, evidence),
            T.topic_shares(units, models),
            T.compare_models(nmf, lda, units.vocab),
            [reference.npmi(T.top_terms(f.topic_term, units.vocab)) for f in models.values()],
            T.prevalence(units, nmf.doc_topic, resample="doc_id"),
            T.prevalence(units, nmf.doc_topic, resample="unit"),
            T.representative_units(units, nmf.doc_topic, data.corpus.paragraphs, n=1),
        )

    conv, shares, _, _, prev_doc, prev_unit, _ = step("tables", tables)

    def figures():
        labels = T.topic_labels(nmf.topic_term, units.vocab)
        order = chronological(data.documents)
        periods = data.documents.set_index("doc_id")["period"]
        for fig in (
            plots.k_selection(evidence, chosen=choice, min_stability=T.MIN_STABILITY),
            plots.topic_terms(nmf.topic_term, units.vocab, labels),
            plots.article_shares(shares, periods, order, labels),
            plots.prevalence_intervals(prev_doc, prev_unit, labels, order),
        ):
            plt.close(fig)

    step("figures", figures)
    sweep = conv[conv["stage"] == "k sweep"]
    return {
        "articles": int(data.documents["doc_id"].nunique()),
        "units": len(units.table),
        "sweep_units": len(evidence.attrs["sample"]),
        "k_min": choice.k_min,
        "k_max": choice.k_max,
        "k": choice.k,
        "edge": choice.edge,
        "sweep_fits": len(sweep),
        "sweep_converged": int(sweep["converged"].sum()),
        "sweep_max_iterations": int(sweep["iterations"].max()),
        "fits": {
            f.model: {"units": f.units, "iterations": f.iterations, "max_iter": f.max_iter, "converged": f.converged}
            for f in models.values()
        },
        "seconds": seconds,
        "total_s": sum(seconds.values()),
    }


def run(data_csv=DATA, sizes=SIZES, shipped=True):
    """Measure the shipped corpus (``shipped``) and each GNAD size; return one result per corpus."""
    from benchmarks.book_scale import make_copy
    from corpusbook.book import load_folder

    results = []
    if shipped:
        t0 = time.perf_counter()
        data = load_folder(ROOT / "corpus", cache=False)
        results.append({"corpus": "shipped", "load_s": time.perf_counter() - t0, **measure(data)})
        print(line(results[-1]), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            copy = make_copy(n, Path(data_csv), Path(tmp))
            t0 = time.perf_counter()
            data = load_folder(copy / "corpus", cache=False)
            results.append({"corpus": f"GNAD {n:,}", "load_s": time.perf_counter() - t0, **measure(data)})
            print(line(results[-1]), flush=True)
    return results


def line(r):
    return f"{r['corpus']}: k = {r['k']}, topics {r['total_s']:.1f} s " + str(
        {k: round(v, 1) for k, v in r["seconds"].items()}
    )


def _fit(f):
    return f"{f['iterations']} / {f['max_iter']}, " + ("converged" if f["converged"] else "**not converged**")


def table(results):
    """The "Topics" section of ``benchmarks/results.md``."""
    from corpusbook import topics as T

    lines = [
        SECTION,
        "",
        "The topic-model computations of the topics chapter, step by step (`benchmarks/topics.py`; corpus loaded "
        f"cold, not counted). The k sweep fits NMF with {len(T.STABILITY_SEEDS)} seeds at every k of the range on a "
        f"seeded sample of at most {T.SWEEP_MAX_UNITS:,} units and {T.SWEEP_MAX_TERMS:,} content lemmas; NMF and LDA "
        "at the chosen k are fitted on every unit. *Tables*: convergence, topic shares of both models, NMF-LDA "
        "matching with its permutation test, coherence, prevalence with two bootstraps, representative paragraphs.",
        "",
        "| corpus | units | in the sweep | k (range) | " + " | ".join(f"{s} (s)" for s in STEPS) + " | total (s) |",
        "|---|---:|---:|---|" + "---:|" * (len(STEPS) + 1),
    ]
    for r in results:
        where = f" — {r['edge']} tried" if r["edge"] else ""
        lines.append(
            f"| {r['corpus']} | {r['units']:,} | {r['sweep_units']:,} | {r['k']} ({r['k_min']}–{r['k_max']}{where}) | "
            + " | ".join(f"{r['seconds'][s]:.1f}" for s in STEPS)
            + f" | {r['total_s']:.1f} |"
        )
    lines += [
        "",
        "Convergence: iterations used / cap (scikit-learn's `n_iter_` and `max_iter`; LDA stops when the "
        f"perplexity, evaluated every {T.LDA_EVALUATE_EVERY} passes, changes by less than {T.LDA_PERP_TOL}).",
        "",
        "| corpus | NMF on all units | LDA on all units | k-sweep fits converged | most iterations in the sweep |",
        "|---|---|---|---:|---:|",
    ]
    lines += [
        f"| {r['corpus']} | {_fit(r['fits']['nmf'])} | {_fit(r['fits']['lda'])} | "
        f"{r['sweep_converged']} of {r['sweep_fits']} | {r['sweep_max_iterations']} |"
        for r in results
    ]
    lines += ["", "Targets:", ""] + [f"- {v}" for v in verdicts(results)]
    return "\n".join(lines) + "\n"


def verdicts(results):
    out = []
    for r in results:
        if r["corpus"] == "GNAD 1,028":
            ok = r["total_s"] <= TARGET_S
            out.append(f"topics at 1,028 articles <= {TARGET_S} s: {r['total_s']:.1f} s, {'met' if ok else 'NOT met'}")
        every = all(f["converged"] for f in r["fits"].values()) and r["sweep_converged"] == r["sweep_fits"]
        out.append(f"every fit converged on {r['corpus']}: {'met' if every else 'NOT met'}")
    return out


def write_section(text, path):
    """Replace this benchmark's section of ``path`` (or append it), leaving the other sections as they are."""
    path = Path(path)
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if SECTION + "\n" in old:
        head, rest = old.split(SECTION + "\n", 1)
        nxt = re.search(r"^## ", rest, flags=re.M)
        old = head + (rest[nxt.start() :] if nxt else "")
    path.write_text(old.rstrip("\n") + "\n\n" + text, encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(DATA), help="CSV with article_id,text (default: %(default)s)")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results.md"))
    args = parser.parse_args(argv)
    if not Path(args.data).is_file():
        raise SystemExit(f"the topics benchmark needs {args.data} (see ../shared/data/README.md); pass --data")
    results = run(args.data, [int(s) for s in args.sizes.split(",") if s])
    text = table(results)
    write_section(text, args.out)
    print(text)
    return 0 if all("NOT met" not in v for v in verdicts(results)) else 1


if __name__ == "__main__":
    sys.exit(main())
