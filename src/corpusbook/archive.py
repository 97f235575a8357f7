"""Count a large article collection with Dask: the book's preprocessing per partition, sums across.

Each partition runs the package's own normalisation, cleaning and
:func:`corpusbook.preprocess.build_token_table` and is reduced at once to per-article term counts; only
those counts leave the worker. The statistics of the frequencies and comparison chapters are sums of them
(:mod:`corpusbook.counts`). Command line (a ``LocalCluster`` unless ``--scheduler`` names a running one)::

    python -m corpusbook.archive articles.parquet --out _build/archive
    python -m corpusbook.archive 'articles-*.csv' --out counts/ --scheduler tcp://10.0.0.5:8786

The input is Parquet, CSV or JSON Lines (``.jsonl``), one row per article, with ``doc_id``, ``date``,
``text`` and optionally ``period`` and ``slice`` (as in ``corpus/metadata.csv``). The output folder
receives ``article_terms/`` (``doc_id``, ``term``, ``n``), ``articles.parquet`` (:data:`ARTICLE_COLUMNS`;
``tokens`` counts word tokens, the base of every rate) and, per grouping column,
``group_counts_<by>.parquet`` and ``group_sizes_<by>.parquet``; :func:`corpusbook.counts.frequency_from_counts`
and :func:`corpusbook.keyness.keyness_from_counts` turn these into the in-memory path's tables.
"""

import argparse
import csv
import json
import sys
import tempfile
import time
from pathlib import Path

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
from distributed import Client, LocalCluster, progress
from joblib import cpu_count

from corpusbook.cleaning import clean_text, load_rules
from corpusbook.corpus import split_paragraphs
from corpusbook.counts import article_counts, group_sizes
from corpusbook.errors import CorpusError
from corpusbook.normalise import normalise_text
from corpusbook.preprocess import build_token_table, canonical_names, load_resources
from corpusbook.settings import PERIOD_COLUMN, SLICE_COLUMN, corpus_dir

#: Columns an input collection must have.
REQUIRED = ("doc_id", "date", "text")
#: Columns kept when a collection has them (for the sample written into a corpus).
OPTIONAL = ("title", "outlet", "source_language")
#: Grouping columns counted by default.
GROUPINGS = ("corpus", PERIOD_COLUMN, SLICE_COLUMN)
#: The grouping whose single group ``"all"`` is the whole collection (the book's overall frequencies).
WHOLE = "corpus"
#: Seed of the sample of articles written into a project's corpus (``--sample``).
SAMPLE_SEED = 20240601
#: Where a project keeps the counts of its archive: the book reads them when the folder exists.
COUNTS_FOLDER = "counts"
ARTICLE_COLUMNS = ["doc_id", "date", PERIOD_COLUMN, SLICE_COLUMN, "tokens"]


def read_collection(path, blocksize="32MB"):
    """Open a partitioned article collection lazily.

    Parameters
    ----------
    path : str or path-like
        A Parquet file or folder, or CSV / JSON Lines file(s) (a glob such as ``'parts/*.csv'`` works).
    blocksize : str, default "32MB"
        Partition size for CSV and JSON Lines input.

    Returns
    -------
    dask.dataframe.DataFrame
        ``doc_id``, ``date``, ``period``, ``slice``, ``text`` and those of :data:`OPTIONAL` the input has, as strings.

    Raises
    ------
    CorpusError
        If a required column is missing.
    """
    path = str(path)
    if path.endswith(".parquet") or Path(path).is_dir():
        ddf = dd.read_parquet(path)
    elif path.endswith((".jsonl", ".json")):
        ddf = dd.read_json(path, lines=True, blocksize=blocksize, dtype=False)
    elif path.endswith(".csv"):
        ddf = dd.read_csv(path, blocksize=blocksize, dtype=str, keep_default_na=False)
    else:
        raise CorpusError(f"{path}: unknown collection format; use .parquet, .csv or .jsonl.")
    missing = [c for c in REQUIRED if c not in ddf.columns]
    if missing:
        raise CorpusError(
            f"{path}: column {', '.join(map(repr, missing))} is missing; "
            f"a collection needs {', '.join(REQUIRED)} (period and slice may be empty)."
        )
    for col in (PERIOD_COLUMN, SLICE_COLUMN):
        if col not in ddf.columns:
            ddf = ddf.assign(**{col: ""})
    extra = [c for c in OPTIONAL if c in ddf.columns]
    return ddf[["doc_id", "date", PERIOD_COLUMN, SLICE_COLUMN, "text"] + extra].astype(str)


def count_partition(part, resources, rules):
    """Clean, tokenize and count one partition with the package's own functions.

    Parameters
    ----------
    part : pandas.DataFrame
        Rows of :func:`read_collection`.
    resources : corpusbook.preprocess.Resources
    rules : pandas.DataFrame
        Cleaning rules (:func:`corpusbook.cleaning.load_rules`).

    Returns
    -------
    terms : pandas.DataFrame
        ``doc_id``, ``term``, ``n``.
    articles : pandas.DataFrame
        :data:`ARTICLE_COLUMNS` (period defaults to the year of the date, slice to the period).
    """
    docs = part.copy()
    # normalised and cleaned as load_corpus does it, so the counts equal the in-memory path's for any form of a text
    docs["text"] = [clean_text(normalise_text(t).text, rules)[0] for t in docs["text"]]
    # the token table every chapter reads (corpusbook.book.load): one name per entity
    terms, sizes = article_counts(canonical_names(build_token_table(split_paragraphs(docs), resources)))
    articles = docs[["doc_id", "date", PERIOD_COLUMN, SLICE_COLUMN]].astype({"doc_id": str})
    year = articles["date"].str.slice(0, 4)
    articles[PERIOD_COLUMN] = articles[PERIOD_COLUMN].where(articles[PERIOD_COLUMN] != "", year)
    articles[SLICE_COLUMN] = articles[SLICE_COLUMN].where(articles[SLICE_COLUMN] != "", articles[PERIOD_COLUMN])
    articles = articles.merge(sizes, on="doc_id", how="left")
    articles["tokens"] = articles["tokens"].fillna(0).astype("int64")
    return terms, articles[ARTICLE_COLUMNS]


def count_collection(ddf, resources, rules, by=GROUPINGS, out=None, client=None):
    """Count a collection: per-article term counts, then group counts for each grouping column.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        From :func:`read_collection`.
    resources, rules
        As for :func:`count_partition`.
    by : sequence of str
        Grouping columns.
    out : path-like, optional
        Folder for the Parquet output (see the module docstring); nothing is written without it.
    client : distributed.Client, optional
        Shows Dask's progress bar for the counting when given.

    Returns
    -------
    dict
        ``"articles"``, and per grouping column ``"counts_<by>"`` (:func:`corpusbook.counts.group_counts`)
        and ``"sizes_<by>"`` (:func:`corpusbook.counts.group_sizes`), all pandas.
    """
    with dask.config.set({"dataframe.convert-string": False}):  # keep pandas' own str dtype throughout
        pieces = [dask.delayed(count_partition, nout=2)(p, resources, rules) for p in ddf.to_delayed()]
        term_meta = pd.DataFrame({c: pd.Series(dtype="int64" if c == "n" else str) for c in ("doc_id", "term", "n")})
        article_meta = pd.DataFrame({c: pd.Series(dtype="int64" if c == "tokens" else str) for c in ARTICLE_COLUMNS})
        terms = dd.from_delayed([t for t, _ in pieces], meta=term_meta, verify_meta=False)
        article_parts = dd.from_delayed([a for _, a in pieces], meta=article_meta, verify_meta=False)
        with tempfile.TemporaryDirectory(prefix="corpusbook-archive-") as scratch:
            # the per-article counts go to disk partition by partition: no worker holds them all
            folder = Path(scratch if out is None else out) / "article_terms"
            folder.parent.mkdir(parents=True, exist_ok=True)
            write = terms.to_parquet(folder, write_index=False, overwrite=True, compute=False)
            if client is None:
                _, articles = dask.compute(write, article_parts)
            else:
                futures = client.compute([write, article_parts])
                progress(futures)
                print(file=sys.stderr)
                _, articles = client.gather(futures)
            articles = articles.sort_values("doc_id", ignore_index=True)
            if articles["doc_id"].duplicated().any():
                dup = articles.loc[articles["doc_id"].duplicated(), "doc_id"].iloc[0]
                raise CorpusError(f"collection: doc_id {dup!r} occurs more than once; ids must be unique.")
            return _aggregate(dd.read_parquet(folder), articles, by, out)


def _aggregate(terms, articles, by, out):
    """Group counts and sizes of each grouping column from the per-article counts on disk."""
    result = {"articles": articles}
    for col in by:
        labels = pd.Series("all", index=articles["doc_id"]) if col == WHOLE else articles.set_index("doc_id")[col]
        shares, totals = group_sizes(articles[["doc_id", "tokens"]], labels, col)
        # the small per-article table travels to every partition (a broadcast join, no shuffle)
        rows = terms.map_partitions(pd.merge, shares[["doc_id", col, "share"]], on="doc_id", how="inner")
        first = rows.groupby([col, "term"]).agg({"n": ["sum", "count", "max"]}, split_out=1).compute()
        first.columns = ["count", "doc_freq", "max_in_doc"]
        total = first["count"].rename("total").reset_index()
        rows = rows.map_partitions(pd.merge, total, on=[col, "term"], how="inner")
        rows = rows.assign(abs_dev=abs(rows["n"] / rows["total"] - rows["share"]))
        second = rows.groupby([col, "term"]).agg({"abs_dev": "sum", "share": "sum"}, split_out=1).compute()
        second.columns = ["dev_nz", "share_nz"]
        counts = first.join(second).reset_index().sort_values([col, "term"], ignore_index=True)
        counts[["count", "doc_freq", "max_in_doc"]] = counts[["count", "doc_freq", "max_in_doc"]].astype("int64")
        result[f"counts_{col}"], result[f"sizes_{col}"] = counts, totals
        if out is not None:
            counts.to_parquet(Path(out) / f"group_counts_{col}.parquet", index=False)
            totals.reset_index().to_parquet(Path(out) / f"group_sizes_{col}.parquet", index=False)
    if out is not None:
        articles.to_parquet(Path(out) / "articles.parquet", index=False)
    return result


def load_counts(folder, by=PERIOD_COLUMN):
    """Read the group counts and sizes that :func:`count_collection` wrote for grouping ``by``.

    ``by="corpus"`` gives the whole collection as one group, ``"all"``.
    """
    counts = pd.read_parquet(Path(folder) / f"group_counts_{by}.parquet")
    return counts, pd.read_parquet(Path(folder) / f"group_sizes_{by}.parquet").set_index(by)


def sample_ids(articles, n, seed=SAMPLE_SEED):
    """A seeded sample of ``n`` article ids, spread over the periods in proportion to their size.

    Every period keeps at least one article (so ``n`` smaller than the number of periods gives one per period).

    Parameters
    ----------
    articles : pandas.DataFrame
        ``doc_id`` and ``period`` (the ``articles`` table of :func:`count_collection`).
    n, seed : int

    Returns
    -------
    list of str
        Sorted ids.

    Examples
    --------
    >>> arts = pd.DataFrame({"doc_id": [f"a{i}" for i in range(10)], "period": ["2022"] * 8 + ["2024"] * 2})
    >>> ids = sample_ids(arts, 5)
    >>> len(ids), sum(i in ("a8", "a9") for i in ids) >= 1
    (5, True)
    """
    rng = np.random.default_rng(seed)
    groups = articles.groupby(PERIOD_COLUMN)["doc_id"]
    sizes = groups.size()
    quota = np.maximum(1, np.floor(sizes / sizes.sum() * n)).astype(int)
    # the articles left after the floor go to the largest remainders, ties by period label
    while quota.sum() < min(n, sizes.sum()):
        room = (sizes / sizes.sum() * n - quota).where(quota < sizes, -np.inf)
        quota[room.idxmax()] += 1
    chosen = []
    for period, ids in groups:
        ids = sorted(ids.astype(str))
        chosen += list(rng.choice(ids, size=min(int(quota[period]), len(ids)), replace=False))
    return sorted(chosen)


def write_sample(ddf, articles, corpus, n, seed=SAMPLE_SEED, source="collection"):
    """Write a seeded sample of the collection's articles into a project's corpus folder.

    The texts go to ``corpus/texts/<doc_id>.txt`` and one row each is appended to ``corpus/metadata.csv``
    (``title``, ``outlet`` and ``source_language`` from the collection's columns of those names when it has them).

    Raises
    ------
    CorpusError
        If a sampled id is already in ``metadata.csv`` (nothing is written then).
    """
    corpus = Path(corpus)
    meta_path = corpus / "metadata.csv"
    ids = sample_ids(articles, n, seed)
    new = not meta_path.is_file()
    clash = [] if new else sorted(set(ids) & set(pd.read_csv(meta_path, dtype=str, keep_default_na=False)["doc_id"]))
    if clash:
        raise CorpusError(
            f"{meta_path}: doc_id {clash[0]!r} is already in the corpus; "
            "sample into a corpus without the collection's articles."
        )
    rows = ddf[ddf["doc_id"].isin(ids)].compute().sort_values("doc_id")
    periods = articles.set_index("doc_id")[PERIOD_COLUMN]
    (corpus / "texts").mkdir(parents=True, exist_ok=True)
    header = ["doc_id", "file", "title", "outlet", "date", "period", "slice"]
    header += ["source_language", "source_url", "provenance"]
    provenance = (
        f"Seeded sample (seed {seed}) of {len(articles):,} articles of {source}; "
        "date from the collection's 'date' column."
    )
    with open(meta_path, "a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        if new:
            writer.writerow(header)
        for row in rows.itertuples(index=False):
            file = f"texts/{row.doc_id}.txt"
            (corpus / file).write_text(row.text, encoding="utf-8")
            extra = row._asdict()
            title, outlet = extra.get("title") or f"Article {row.doc_id}", extra.get("outlet") or source
            language = extra.get("source_language") or "de"
            writer.writerow(
                [row.doc_id, file, title, outlet, row.date, periods[row.doc_id], row.slice, language, "", provenance]
            )
    return ids


def main(argv=None):
    """``python -m corpusbook.archive INPUT --out DIR [--scheduler ADDR]``: see the module docstring."""
    parser = argparse.ArgumentParser(prog="python -m corpusbook.archive", description=__doc__.splitlines()[0])
    add = parser.add_argument
    add("input", help="Parquet file/folder, CSV or JSON Lines file(s) (globs allowed)")
    add("--out", required=True, help="output folder for the Parquet tables")
    add("--corpus", help="project corpus/ folder with the curated tables (default: the project's)")
    add("--scheduler", help="address of a running Dask scheduler (default: start a LocalCluster on this machine)")
    add("--workers", type=int, help="LocalCluster worker processes")
    add("--memory-limit", default="auto", help="LocalCluster memory per worker, e.g. 1GB")
    add("--dashboard", default=":0", help="LocalCluster dashboard address (default: any free port, printed)")
    add("--blocksize", default="32MB", help="partition size of CSV / JSON Lines input")
    add(
        "--sample",
        type=int,
        default=0,
        help="also write a seeded sample of this many articles "
        "into the corpus folder (texts + metadata.csv) for the chapters that read the text",
    )
    add("--seed", type=int, default=SAMPLE_SEED, help="seed of the sample")
    args = parser.parse_args(argv)

    folder = Path(args.corpus) if args.corpus else corpus_dir()
    try:
        resources, rules = load_resources(folder), load_rules(folder / "cleaning_rules.csv")
        ddf = read_collection(args.input, args.blocksize)
    except CorpusError as err:
        print(err, file=sys.stderr)
        return 2
    start = time.perf_counter()
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(
            n_workers=args.workers or cpu_count(),
            threads_per_worker=1,
            memory_limit=args.memory_limit,
            processes=True,
            dashboard_address=args.dashboard,
        )
        client = Client(cluster)
    with client:
        print(f"Dask dashboard: {client.dashboard_link}", file=sys.stderr)
        result = count_collection(ddf, resources, rules, out=args.out, client=client)
        if args.sample:
            try:
                ids = write_sample(ddf, result["articles"], folder, args.sample, args.seed, Path(args.input).name)
            except CorpusError as err:
                print(err, file=sys.stderr)
                return 2
            info = {"seed": args.seed, "articles": len(ids), "of": len(result["articles"]), "corpus": str(folder)}
            (Path(args.out) / "sample.json").write_text(json.dumps(info))
            print(f"wrote a sample of {len(ids):,} articles (seed {args.seed}) into {folder}", file=sys.stderr)
    seconds = time.perf_counter() - start
    tokens = int(result["articles"]["tokens"].sum())
    print(
        f"{len(result['articles']):,} articles, {tokens:,} word tokens in {seconds:.1f} s "
        f"({tokens / seconds:,.0f} tokens/s); tables in {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
