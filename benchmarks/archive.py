"""Benchmark of the Dask path (:mod:`corpusbook.archive`) against the in-memory path.

The GNAD articles are replicated (new ids, dates spread over three years) to at least
``--min-tokens`` word tokens, written as a partitioned Parquet collection, and counted on a
``LocalCluster`` whose workers are capped at ``--memory-limit`` each. The in-memory path (one token
table, :func:`corpusbook.frequency.frequency_table`) is timed on the largest replica count it still
holds comfortably (``--memory-scale``). Run by ``make bench``; writes its section of
``benchmarks/results.md``.
"""

import argparse
import logging
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "gnad_articles.csv"
WORK = ROOT / "benchmarks" / "_work" / "archive"
HEADING = "## Beyond one machine: the Dask path (`python -m corpusbook.archive`)"
BEGIN, END = "<!-- archive:begin -->", "<!-- archive:end -->"
DATES = ("2022-03-01", "2023-06-15", "2024-11-27")


def collection(data, scale):
    """GNAD replicated ``scale`` times as a DataFrame with the collection's columns."""
    import numpy as np
    import pandas as pd

    raw = pd.read_csv(data, dtype=str, keep_default_na=False)
    parts = []
    for r in range(scale):
        parts.append(pd.DataFrame({"doc_id": raw["article_id"] + f"-r{r}", "text": raw["text"]}))
    df = pd.concat(parts, ignore_index=True)
    df["date"] = np.array(DATES)[np.arange(len(df)) % len(DATES)]
    df["period"], df["slice"] = "", ""
    return df[["doc_id", "date", "period", "slice", "text"]]


def in_memory(data, scale):
    """Run in a fresh process: token table + period frequency table; prints seconds, tokens, RSS."""
    from corpusbook.cleaning import clean_text, load_rules
    from corpusbook.corpus import split_paragraphs
    from corpusbook.frequency import frequency_table
    from corpusbook.preprocess import build_token_table, load_resources

    df = collection(data, scale)
    resources, rules = load_resources(ROOT / "corpus"), load_rules(ROOT / "corpus" / "cleaning_rules.csv")
    start = time.perf_counter()
    docs = df.assign(text=[clean_text(t, rules)[0] for t in df["text"]])
    tokens = build_token_table(split_paragraphs(docs), resources)
    tokens["period"] = tokens["doc_id"].map(docs.set_index("doc_id")["date"].str.slice(0, 4))
    frequency_table(tokens, by="period")
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{seconds:.3f} {len(tokens)} {rss:.0f}")


def run_dask(path, workers, memory_limit):
    from distributed import Client, LocalCluster

    from corpusbook.archive import count_collection, read_collection
    from corpusbook.cleaning import load_rules
    from corpusbook.preprocess import load_resources

    restarts = []

    class Watch(logging.Handler):
        def emit(self, record):
            msg = record.getMessage()
            if "Restarting worker" in msg or "exceeded" in msg and "memory" in msg:
                restarts.append(msg)

    logging.getLogger("distributed").addHandler(Watch(level=logging.WARNING))
    resources, rules = load_resources(ROOT / "corpus"), load_rules(ROOT / "corpus" / "cleaning_rules.csv")
    out = WORK / "out"
    shutil.rmtree(out, ignore_errors=True)
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, memory_limit=memory_limit, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        start = time.perf_counter()
        result = count_collection(read_collection(path), resources, rules, out=out)
        seconds = time.perf_counter() - start
        alive = len(client.scheduler_info()["workers"])
    return seconds, int(result["articles"]["tokens"].sum()), len(result["articles"]), alive, restarts


def write_section(text):
    results = ROOT / "benchmarks" / "results.md"
    old = results.read_text() if results.is_file() else "# Benchmark results\n"
    block = f"{HEADING}\n\n{BEGIN}\n{text.rstrip()}\n{END}"
    if BEGIN in old and END in old:
        start = old.index(HEADING) if HEADING in old else old.index(BEGIN)
        new = old[:start] + block + old[old.index(END) + len(END) :]
    else:
        new = old.rstrip() + "\n\n" + block + "\n"
    results.write_text(new)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.archive", description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--min-tokens", type=float, default=20e6)
    parser.add_argument("--memory-scale", type=int, default=10, help="replicas for the in-memory path")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory-limit", default="1GB")
    parser.add_argument("--in-memory-only", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.in_memory_only is not None:
        in_memory(args.data, args.in_memory_only)
        return 0
    if not Path(args.data).is_file():
        sys.exit(f"benchmark data not found: {args.data} (the GNAD CSV beside the project; --data FILE)")

    def memory_run(scale):
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.archive", "--data", args.data, "--in-memory-only", str(scale)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        seconds, tokens, rss = out.stdout.split()
        return float(seconds), int(tokens), float(rss)

    s1, tokens_1x, rss1 = memory_run(1)
    scale = max(1, int(-(-args.min_tokens // tokens_1x)))
    sm, tokens_m, rssm = memory_run(args.memory_scale)

    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / "collection"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir()
    df = collection(args.data, scale)
    per_file = 2000
    for i in range(0, len(df), per_file):
        df.iloc[i : i + per_file].to_parquet(
            path / f"part-{i // per_file:04d}.parquet", index=False, row_group_size=500
        )
    del df
    seconds, tokens, articles, alive, restarts = run_dask(path, args.workers, args.memory_limit)
    ok = alive == args.workers and not restarts
    mem_rate, dask_rate = tokens_m / sm, tokens / seconds
    million = 1_000_000 * tokens / articles / dask_rate
    text = f"""GNAD replicated {scale}× ({articles:,} articles, {tokens:,} word tokens) as Parquet files of 2,000
articles, counted on a `LocalCluster` of {args.workers} worker processes (one thread each) capped at
{args.memory_limit} each: cleaning, tokenizing, lemmatizing and counting per partition, then the
whole-collection, period and slice group counts. {
        "It completed with every worker alive and no memory restarts."
        if ok
        else f"Workers alive at the end: {alive}; memory events: {len(restarts)}."
    }

| path | articles | word tokens | seconds | tokens/s | peak memory |
|---|---:|---:|---:|---:|---|
| in-memory, 1× | {len(collection(args.data, 1)):,} | {tokens_1x:,} | {s1:.1f} | {tokens_1x / s1:,.0f} | {
        rss1:,.0f} MB (process) |
| in-memory, {args.memory_scale}× | {args.memory_scale * len(collection(args.data, 1)):,} | {tokens_m:,} | {sm:.1f} | {
        mem_rate:,.0f} | {rssm:,.0f} MB (process) |
| Dask, {scale}× | {articles:,} | {tokens:,} | {seconds:.1f} | {dask_rate:,.0f} | ≤ {args.memory_limit} per worker |

Extrapolated from the measured Dask throughput on this {args.workers}-worker machine: a million articles of
this length ({tokens / articles:,.0f} tokens each) would take about {million / 3600:.1f} hours; throughput
grows with the number of workers, since partitions are independent until the final sums.
"""
    write_section(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
