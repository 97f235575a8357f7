"""Time the actors and frames chapters' computations at several corpus sizes (GNAD articles).

Run: ``.venv/bin/python -m benchmarks.actors_frames [--sizes 100 1028]``. For each size it writes a
corpus of that many GNAD articles (three periods, a paragraph per three sentences) into a temporary
folder, builds the token table once (timed for context: the book caches it for every chapter), and
times each step of ``facts.actors.findings`` and ``facts.frames.findings`` and the two whole calls.
Prints a Markdown table with the growth factor from the smallest to the largest size.
"""

import argparse
import re
import sys
import tempfile
import time
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "gnad_articles.csv"
if not DATA.is_file():
    DATA = Path("/work/shared/data/gnad_articles.csv")


def write_corpus(folder, n):
    """``n`` GNAD articles over 2022, 2023 and 2024 (one moment per period) with the project's curated tables."""
    import shutil

    folder = Path(folder)
    (folder / "texts").mkdir(parents=True)
    for path in (ROOT / "corpus").iterdir():
        if path.is_file() and path.name != "metadata.csv":
            shutil.copy(path, folder / path.name)
    arts = pd.read_csv(DATA, dtype=str).head(n)
    rows = []
    for i, (aid, text) in enumerate(zip(arts["article_id"], arts["text"])):
        sentences = re.split(r"(?<=[.!?])\s+", text.strip())
        paras = "\n\n".join(" ".join(sentences[k : k + 3]) for k in range(0, len(sentences), 3))
        (folder / "texts" / f"{aid}.txt").write_text(paras + "\n", encoding="utf-8")
        year = 2022 + i * 3 // n
        rows.append(
            {
                "doc_id": aid,
                "file": f"texts/{aid}.txt",
                "title": f"Article {aid}",
                "outlet": "DER STANDARD",
                "date": f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                "period": "",
                "slice": "",
                "source_language": "de",
                "source_url": "",
                "provenance": "10kGNAD; date assigned for a benchmark",
            }
        )
    pd.DataFrame(rows).to_csv(folder / "metadata.csv", index=False)
    return folder


def load(folder):
    from corpusbook.actors import canonical_names
    from corpusbook.book import BookData
    from corpusbook.corpus import load_corpus
    from corpusbook.preprocess import load_resources, token_table

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = load_corpus(folder)
    resources = load_resources(folder)
    tokens = token_table(corpus.paragraphs, resources, cache=False)
    meta = corpus.documents.set_index("doc_id")
    tokens = tokens.assign(period=tokens["doc_id"].map(meta["period"]), slice=tokens["doc_id"].map(meta["slice"]))
    return BookData(corpus=corpus, resources=resources, tokens=canonical_names(tokens))


def timed(label, func, results):
    start = time.perf_counter()
    value = func()
    results[label] = time.perf_counter() - start
    plt.close("all")
    return value


def measure(n):
    from corpusbook.facts import actors as fa
    from corpusbook.facts import frames as ff

    from corpusbook import actors, frames

    with tempfile.TemporaryDirectory() as tmp:
        folder = write_corpus(Path(tmp) / "corpus", n)
        t0 = time.perf_counter()
        data = load(folder)
        load_s = time.perf_counter() - t0
        dictionary = frames.load_frames(Path(tmp) / "corpus" / "frames.csv")
        r = {
            "tokens": len(data.tokens),
            "paragraphs": len(data.corpus.paragraphs),
            "load and token table (shared by all chapters, uncached)": load_s,
        }
        raw = data.tokens.copy()
        raw.attrs = {}
        timed("canonical names", lambda: actors.canonical_names(raw), r)
        timed("co-occurrence per period", lambda: actors.cooccurrence(data.tokens, by="period"), r)
        timed("quotations", lambda: actors.find_quotes(data.corpus.paragraphs, data.resources.aliases), r)
        timed("frame tagging", lambda: frames.tag_frames(data.tokens, dictionary), r)
        timed("frame rates per article", lambda: frames.frame_shares(data.tokens, dictionary, "doc_id"), r)
        timed("actors findings (all)", lambda: fa.findings(data), r)
        timed("frames findings (all)", lambda: ff.findings(data, dictionary), r)
    return r


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1028])
    args = parser.parse_args(argv)
    runs = {n: measure(n) for n in args.sizes}
    lo, hi = min(runs), max(runs)
    steps = [k for k in runs[lo] if k not in ("tokens", "paragraphs")]
    print(f"| step | {' | '.join(f'{n} articles (s)' for n in runs)} | growth {lo}→{hi} |")
    print("|---|" + "---:|" * (len(runs) + 1))
    for k in ("tokens", "paragraphs"):
        cells = " | ".join(format(runs[n][k], ",") for n in runs)
        print(f"| {k} | {cells} | {runs[hi][k] / runs[lo][k]:.1f}× |")
    for k in steps:
        cells = " | ".join(format(runs[n][k], ".2f") for n in runs)
        print(f"| {k} | {cells} | {runs[hi][k] / max(runs[lo][k], 1e-9):.1f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
