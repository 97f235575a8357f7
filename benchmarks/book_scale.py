"""Book-scale benchmark: the whole book built cold on 5, 100, 1,028 and 10,280 GNAD articles.

``make bench`` runs it (``make bench-book`` alone). For each size it copies the project (without
``.venv``, ``_build`` and git) into ``benchmarks/_work/book-<n>/``, replaces the corpus with the first
``n`` articles of ``../shared/data/gnad_articles.csv`` (ids ``gnad-0000`` ..., dates spread over 2022,
2023 and 2024, ``source_language`` ``de``), builds it cold with ``tools/build.py`` (as ``make book``
does) and records the build time, each chapter's execution time (from the jupyter-cache records of that
build), the peak resident memory of the largest process, the heaviest page, and the growth factor per
chapter from 1,028 to 10,280 articles (the 1,028 articles of the file ten times, with distinct ids). The table goes
into the "Book scale" section of ``benchmarks/results.md``.
Never part of ``make test``.
"""

import argparse
import csv
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "gnad_articles.csv"
SIZES = (5, 100, 1028, 10280)
DATES = ("2022-06-15", "2023-06-15", "2024-06-15")
HEADER = ["doc_id", "file", "title", "outlet", "date", "period", "slice", "source_language", "source_url", "provenance"]
SECTION = "## Book scale"


def articles(path, n):
    """The first ``n`` articles; beyond the file's 1,028, the file again with distinct ids (``gnad-0000-r2`` …)."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = [
        dict(row, article_id=row["article_id"] + (f"-r{k + 1}" if k else ""))
        for k in range(-(-n // len(rows)))
        for row in rows
    ]
    return out[:n]


def make_copy(n, data, work):
    copy = work / f"book-{n}"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", "_build", ".git", ".pytest_cache", "__pycache__", "*.egg-info", "notebooks", "_work"
        ),
    )
    texts = copy / "corpus" / "texts"
    shutil.rmtree(texts)
    texts.mkdir()
    with open(copy / "corpus" / "metadata.csv", "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        for i, row in enumerate(articles(data, n)):
            name = f"{row['article_id']}.txt"
            (texts / name).write_text(row["text"] + "\n", encoding="utf-8")
            date = DATES[i * len(DATES) // n]
            title = re.split(r"(?<=[.!?])\s", row["text"], maxsplit=1)[0][:80]
            out.writerow(
                [
                    row["article_id"],
                    f"texts/{name}",
                    title,
                    "DER STANDARD (10kGNAD)",
                    date,
                    date[:4],
                    "",
                    "de",
                    "",
                    "10kGNAD test split, for the book-scale benchmark",
                ]
            )
    return copy


def chapter_seconds(copy):
    from jupyter_cache import get_cache

    seconds = {}
    for cache in (copy / "_build" / "work").glob("*/_build/.jupyter_cache"):
        for record in get_cache(str(cache)).list_cache_records():
            seconds[Path(record.uri).stem] = (record.data or {}).get("execution_seconds")
    return seconds


def run(n, data, work, timeout):
    copy = make_copy(n, data, work)
    env = {**os.environ, "PYTHONPATH": str(copy / "src")}
    env.pop("CORPUSBOOK_ROOT", None)
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, str(copy / "tools" / "build.py"), str(copy)],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        status = "ok" if proc.returncode == 0 else "failed"
        output = proc.stdout + proc.stderr
        failed = re.findall(r"execute\.base\.ExecutionError: (\S+\.md)", output)
        errors = re.findall(r"^(?:\x1b\[[0-9;]*m)*(\w+(?:Error|Exception): .{0,160})", output, flags=re.M)
        tail = "; ".join(
            dict.fromkeys(
                [Path(f).stem + " failed" for f in failed]
                + [e for e in errors if not e.startswith(("ExecutionError", "CellExecutionError", "RuntimeError"))][:3]
            )
        )
    except subprocess.TimeoutExpired:
        status, tail = f"stopped after {timeout} s", ""
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # MiB, largest process so far
    pages = (
        [
            (p.stat().st_size, p.relative_to(copy / "_build" / "html"))
            for p in (copy / "_build" / "html").rglob("*.html")
        ]
        if (copy / "_build" / "html").exists()
        else []
    )
    heaviest = max(pages) if pages else (0, "—")
    opens = slowest_page(copy / "_build" / "html") if pages and status == "ok" else "—"
    return {
        "n": n,
        "status": status,
        "seconds": seconds,
        "peak_mib": peak,
        "chapters": chapter_seconds(copy),
        "tail": tail,
        "heaviest": f"{heaviest[1]} ({heaviest[0] / 2**20:.1f} MiB)",
        "slowest": opens,
    }


def slowest_page(html):
    """The page that takes longest to open in headless Chromium (served on localhost), and its seconds."""
    import http.server
    import threading
    from functools import partial

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = partial(Quiet, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    times = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for path in sorted(html.rglob("*.html")):
            rel = path.relative_to(html).as_posix()
            if rel.startswith(("_", "downloads/")):
                continue
            start = time.perf_counter()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/{rel}", wait_until="load")
            page.wait_for_load_state("networkidle")
            times[rel] = time.perf_counter() - start
        browser.close()
    server.shutdown()
    name = max(times, key=times.get)
    return f"{name} ({times[name]:.1f} s)"


def table(results):
    chapters = sorted({c for r in results for c in r["chapters"]})
    by_n = {r["n"]: r for r in results}
    lines = [
        SECTION,
        "",
        "Cold `make book` (tools/build.py) on a copy of the project whose corpus is the first n articles of "
        "`gnad_articles.csv` (dates spread over 2022, 2023, 2024). Chapter seconds are each chapter's "
        "execution time in its kernel (chapters run two at a time); peak memory is the largest single "
        "process (resident set). Produced by `benchmarks/book_scale.py`.",
        "",
        "| articles | status | cold build (s) | peak memory (MiB) | heaviest page |",
        "|---:|---|---:|---:|---|",
    ]
    lines += [
        f"| {r['n']:,} | {r['status']}{': ' + r['tail'].replace('|', '/') if r['status'] != 'ok' else ''} "
        f"| {r['seconds']:.1f} | {r['peak_mib']:.0f} | {r['heaviest']} |"
        for r in results
    ]
    ns = [r["n"] for r in results]
    lines += [
        "",
        "| chapter | " + " | ".join(f"{n:,} articles (s)" for n in ns) + " | growth 1,028 → 10,280 |",
        "|---|" + "---:|" * (len(ns) + 1),
    ]
    for c in chapters:
        cells = []
        for n in ns:
            s = by_n[n]["chapters"].get(c)
            cells.append("not run or failed" if s is None else f"{s:.1f}")
        a, b = by_n.get(1028, {}).get("chapters", {}).get(c), by_n.get(10280, {}).get("chapters", {}).get(c)
        growth = f"{b / a:.1f}×" if a and b else "—"
        lines.append(f"| {c} | " + " | ".join(cells) + f" | {growth} |")
    return "\n".join(lines) + "\n"


def write_section(text, path):
    path = Path(path)
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if SECTION in old:
        head, rest = old.split(SECTION, 1)
        nxt = re.search(r"^## ", rest, flags=re.M)
        old = head + (rest[nxt.start() :] if nxt else "")
    path.write_text(old.rstrip("\n") + "\n\n" + text, encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=str(DATA))
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--timeout", type=int, default=3600, help="seconds per build")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results.md"))
    args = parser.parse_args(argv)
    if not Path(args.data).is_file():
        raise SystemExit(f"the book-scale benchmark needs {args.data} (see ../shared/data/README.md)")
    work = ROOT / "benchmarks" / "_work"
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        result = run(n, args.data, work, args.timeout)
        print(f"{n} articles: {result['status']} in {result['seconds']:.1f} s; {result['chapters']}", flush=True)
        if result["status"] != "ok":
            print(result["tail"], file=sys.stderr)
        results.append(result)
        write_section(table(results), args.out)  # written after each size, so a long run leaves its results
    return 0


if __name__ == "__main__":
    sys.exit(main())
