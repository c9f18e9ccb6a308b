"""Search benchmark: SearchIndex beside pg_trgm, SQLite FTS5 and a rapidfuzz scan, in one run.

    python -m benchmarks.search [--sizes 10000,100000] [--corpora synthetic,osh]
                                [--engines index,pg,fts5,scan] [--queries 200] [--json]

Two corpora: `synthetic` (benchmarks/corpus.py, drawn from the taxonomy the index uses) and `osh`
(benchmarks/corpus_osh.py: real facility names and types, built without the index's
vocabulary). Every engine answers the same labelled queries (typos included) over the same
suppliers; a result is relevant when it carries the category the query was written for.

Engines, each in a fresh subprocess so that its peak RSS is its own:
- index: bot.core.search.matching.SearchIndex.
- pg: PostgreSQL pg_trgm, `ORDER BY doc <-> query LIMIT 5` on a GiST gist_trgm_ops index
  (KNN), in a scratch database created and dropped by the run (skipped when PostgreSQL at
  PGURL, default postgresql://postgres@127.0.0.1:5432/test, is not reachable). Its RSS column
  is the client's; the server's memory is not counted.
- fts5: SQLite FTS5 with the trigram tokenizer, the query's trigrams OR-ed, ranked by bm25.
- scan: rapidfuzz.process.extract(WRatio) over one string per supplier.
The string an anchor searches is the supplier's name, category names and keywords. Filtered
queries run once more with hard filters (country, max MOQ, small series, region), expressed
natively by each engine; every hit is checked against the filter.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

from benchmarks import corpus, corpus_osh
from benchmarks.corpus import LabelledQuery
from benchmarks.search_engines import ENGINES, Engine, Unavailable
from bot.core.search.matching import passes
from bot.core.search.taxonomy import parse_taxonomy
from bot.core.types import SearchFilters, Supplier, Taxonomy

_ById = Callable[[int], Supplier]
_TAXONOMY = Path(__file__).resolve().parents[1] / "knowledge" / "taxonomy.yaml"
_K = 5
# Filters the same queries run with once more, in turn (selective ones included), per corpus.
_FILTERS: dict[str, tuple[SearchFilters, ...]] = {
    "synthetic": (
        SearchFilters(country="DE"),
        SearchFilters(max_moq=100),
        SearchFilters(small_series_only=True),
        SearchFilters(region="Europe", max_moq=1000),
        SearchFilters(country="SE", small_series_only=True),
        SearchFilters(country="JP"),  # no supplier there: the honest "nothing fits"
    ),
    "osh": (
        SearchFilters(country="CN"),
        SearchFilters(country="VN", small_series_only=True),
        SearchFilters(max_moq=500),
        SearchFilters(region="Asia", max_moq=1000),
        SearchFilters(country="PT"),
        SearchFilters(country="SE"),  # no facility there
    ),
}


def load_taxonomy() -> Taxonomy:
    """Returns the real taxonomy (the synthetic corpus draws its categories and words from it)."""
    return parse_taxonomy(yaml.safe_load(_TAXONOMY.read_text(encoding="utf-8")))


def make_corpus(
    name: str, size: int, query_count: int, seed: int, taxonomy: Taxonomy
) -> tuple[list[Supplier], list[LabelledQuery]]:
    """Returns the suppliers and labelled queries of a corpus."""
    if name == "synthetic":
        return (
            corpus.make_suppliers(size, taxonomy, seed=seed),
            corpus.make_queries(query_count, taxonomy, seed=seed + 1),
        )
    if name == "osh":
        return corpus_osh.make_suppliers(size, seed=seed), corpus_osh.make_queries(
            query_count, seed=seed + 1
        )
    raise ValueError(f"unknown corpus {name!r}")


def percentile(values: Sequence[float], fraction: float) -> float:
    """Returns the nearest-rank percentile of `values`."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def relevance(
    ranked: Sequence[Sequence[int]], queries: Sequence[LabelledQuery], by_id: _ById
) -> dict[str, float]:
    """Returns hit@5, precision@5 and MRR of ranked supplier ids against the category labels."""
    hits = precision = reciprocal = 0.0
    for ids, query in zip(ranked, queries, strict=True):
        relevant = [query.category in by_id(i).categories for i in ids[:_K]]
        hits += any(relevant)
        precision += sum(relevant) / _K
        reciprocal += next((1.0 / (n + 1) for n, ok in enumerate(relevant) if ok), 0.0)
    n = len(queries) or 1
    return {"hit@5": hits / n, "p@5": precision / n, "mrr": reciprocal / n}


def _timed(
    queries: Sequence[LabelledQuery], answer: Callable[[str], list[int]]
) -> tuple[list[float], list[float], list[list[int]]]:
    """Returns each query's wall and CPU time in ms and its ranked ids (the CPU time is this
    thread's: on a busy machine the wall time also counts waiting for a core)."""
    timings: list[float] = []
    cpu: list[float] = []
    ranked: list[list[int]] = []
    for query in queries:
        started, started_cpu = time.perf_counter(), time.thread_time()
        ids = answer(query.text)
        cpu.append((time.thread_time() - started_cpu) * 1000.0)
        timings.append((time.perf_counter() - started) * 1000.0)
        ranked.append(ids)
    return timings, cpu, ranked


def measure(
    corpus_name: str, size: int, engine_name: str, query_count: int, seed: int
) -> dict[str, object]:
    """Returns the figures of one engine on one corpus size (run it in a fresh process)."""
    taxonomy = load_taxonomy()
    suppliers, queries = make_corpus(corpus_name, size, query_count, seed, taxonomy)
    # the corpora number their suppliers 1..n: no id map (at a million it would count in RSS)
    assert all(s.id == n for n, s in enumerate(suppliers, start=1))

    def by_id(supplier_id: int) -> Supplier:
        return suppliers[supplier_id - 1]

    gc.collect()
    engine: Engine = ENGINES[engine_name](taxonomy)
    try:
        started = time.perf_counter()
        engine.build(suppliers)
        build_s = time.perf_counter() - started
        for query in queries[:5]:  # warm-up: first-call costs are not per-query costs
            engine.search(query.text, None, _K)
        timings, cpu, ranked = _timed(queries, lambda text: engine.search(text, None, _K))
        filters = _FILTERS[corpus_name]
        filtered: list[float] = []
        filtered_cpu: list[float] = []
        violations = 0
        for number, query in enumerate(queries):
            chosen = filters[number % len(filters)]
            started, started_cpu = time.perf_counter(), time.thread_time()
            ids = engine.search(query.text, chosen, _K)
            filtered_cpu.append((time.thread_time() - started_cpu) * 1000.0)
            filtered.append((time.perf_counter() - started) * 1000.0)
            violations += sum(not passes(by_id(i), chosen) for i in ids)
    finally:
        engine.close()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    return {
        "corpus": corpus_name,
        "size": size,
        "engine": engine_name,
        "queries": len(queries),
        "build_s": build_s,
        "p50_ms": statistics.median(timings),
        "p99_ms": percentile(timings, 0.99),
        "filtered_p99_ms": percentile(filtered, 0.99),
        "cpu_p99_ms": percentile(cpu, 0.99),
        "filtered_cpu_p99_ms": percentile(filtered_cpu, 0.99),
        "filter_violations": violations,
        "rss_mb": rss_mb,
        "empty": sum(not ids for ids in ranked),
        **relevance(ranked, queries, by_id),
    }


# (heading, key, format) per column.
_COLUMNS = (
    ("corpus", "corpus", "<9"), ("size", "size", ">9,"), ("engine", "engine", "<6"),
    ("hit@5", "hit@5", ">6.3f"), ("P@5", "p@5", ">6.3f"), ("MRR", "mrr", ">6.3f"),
    ("p50 ms", "p50_ms", ">8.2f"), ("p99 ms", "p99_ms", ">8.2f"),
    ("filt p99", "filtered_p99_ms", ">8.2f"), ("cpu p99", "cpu_p99_ms", ">7.2f"),
    ("filt cpu", "filtered_cpu_p99_ms", ">8.2f"), ("build s", "build_s", ">8.2f"),
    ("RSS MB", "rss_mb", ">7.0f"), ("empty", "empty", ">5"),
)  # fmt: skip


def table(rows: Sequence[dict[str, object]], skipped: Sequence[str] = ()) -> str:
    """Returns the figures as a plain-text table."""

    def cells(row: dict[str, object] | None) -> str:
        out = []
        for heading, key, spec in _COLUMNS:
            width = max(len(heading), len(format(0 if spec[-1] in "f," else "", spec)))
            value = heading if row is None else format(row[key], spec)
            out.append(f"{value:<{width}}" if spec.startswith("<") else f"{value:>{width}}")
        return "  ".join(out)

    header = cells(None)
    lines = [header, "-" * len(header), *(cells(r) for r in rows)]
    violations = sum(int(str(r["filter_violations"])) for r in rows)
    queries = sorted({int(str(r["queries"])) for r in rows})
    lines.append(
        f"{'/'.join(map(str, queries))} labelled queries per corpus (typos by rule); empty = "
        "queries with no result; filt p99 = the same queries with hard filters (filter "
        f"violations: {violations}); p99 columns are wall time, cpu ones the searching "
        "thread's CPU time (pg: the client's only); RSS = peak of the engine's process "
        "(corpus included; pg: client only)."
    )
    lines.extend(f"skipped: {reason}" for reason in skipped)
    return "\n".join(lines)


def _run_one(args: argparse.Namespace, corpus_name: str, size: int, engine: str) -> object:
    """Runs one measurement in a subprocess; returns its row, or a reason it was skipped."""
    command = [
        sys.executable, "-m", "benchmarks.search", "--one", f"{corpus_name}:{size}:{engine}",
        "--queries", str(args.queries), "--seed", str(args.seed),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=os.environ)
    if done.returncode == 3:
        return done.stderr.strip() or f"{engine} unavailable"
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(done.returncode)
    return json.loads(done.stdout)


def _measure_one(args: argparse.Namespace) -> int:
    """Measures one corpus:size:engine in this process (the parent starts one per row)."""
    corpus_name, size, engine = args.one.split(":")
    try:
        row = measure(corpus_name, int(size), engine, args.queries, args.seed)
    except Unavailable as exc:
        sys.stderr.write(f"{engine}: {exc}\n")
        return 3
    sys.stdout.write(json.dumps(row) + "\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Runs every (corpus, size, engine) in its own process and prints the table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search", description=__doc__)
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated sizes")
    parser.add_argument("--corpora", default="synthetic,osh")
    parser.add_argument("--engines", default="index,pg,fts5,scan")
    parser.add_argument("--queries", type=int, default=200, help="queries per corpus")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print JSON, one object per row")
    parser.add_argument("--one", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one is not None:
        return _measure_one(args)
    try:
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes: not a list of integers: {args.sizes!r}")
    engines = [e for e in args.engines.split(",") if e]
    unknown = [e for e in engines if e not in ENGINES]
    if unknown:
        parser.error(f"--engines: unknown {', '.join(unknown)} (known: {', '.join(ENGINES)})")
    rows: list[dict[str, object]] = []
    skipped: list[str] = []
    for size in sizes:
        for corpus_name in (c for c in args.corpora.split(",") if c):
            for engine in engines:
                found = _run_one(args, corpus_name, size, engine)
                if isinstance(found, str):
                    skipped.append(f"{corpus_name} {size}: {found}")
                    continue
                assert isinstance(found, dict)
                rows.append(found)
                if args.json:
                    sys.stdout.write(json.dumps(found) + "\n")
                    sys.stdout.flush()
    if not args.json:
        sys.stdout.write(table(rows, skipped) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
