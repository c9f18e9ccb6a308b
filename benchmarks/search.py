"""Search benchmark: SearchIndex against a raw rapidfuzz scan on seeded synthetic knowledge bases.

    python -m benchmarks.search --sizes 1000,10000,100000 [--json]

Each size runs in a fresh subprocess, so its peak RSS (resource.getrusage) is its own. Per size:
index build time, query p50/p99 (and p99 with hard filters, checked to hold), peak RSS after
building and querying, and relevance against the
corpus's labels (a result is relevant when it lists the category the query was written for):
hit@5, precision@5 and MRR. The same queries then go through `rapidfuzz.process.extract` over
one string per supplier (name, category names, keywords; WRatio) as the baseline.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process, utils

from benchmarks.corpus import LabelledQuery, make_queries, make_suppliers
from bot.core.search.matching import SearchIndex, passes
from bot.core.search.taxonomy import parse_taxonomy
from bot.core.types import SearchFilters, Supplier, Taxonomy

_TAXONOMY = Path(__file__).resolve().parents[1] / "knowledge" / "taxonomy.yaml"
_K = 5
# Filters the same queries run with once more, in turn (selective ones included).
_FILTERS = (
    SearchFilters(country="DE"),
    SearchFilters(max_moq=100),
    SearchFilters(small_series_only=True),
    SearchFilters(region="Europe", max_moq=1000),
    SearchFilters(country="SE", small_series_only=True),
    SearchFilters(country="JP"),  # no supplier there: the honest "nothing fits"
)


def _load_taxonomy() -> Taxonomy:
    """Returns the real taxonomy the corpus draws its categories and words from."""
    return parse_taxonomy(yaml.safe_load(_TAXONOMY.read_text(encoding="utf-8")))


def _percentile(values: Sequence[float], fraction: float) -> float:
    """Returns the nearest-rank percentile of `values`."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


def _relevance(
    ranked: Sequence[Sequence[int]], queries: Sequence[LabelledQuery], cats: dict[int, set[str]]
) -> dict[str, float]:
    """Returns hit@5, precision@5 and MRR of ranked supplier ids against the category labels."""
    hits = precision = reciprocal = 0.0
    for ids, query in zip(ranked, queries, strict=True):
        relevant = [query.category in cats[i] for i in ids[:_K]]
        hits += any(relevant)
        precision += sum(relevant) / _K
        reciprocal += next((1.0 / (n + 1) for n, ok in enumerate(relevant) if ok), 0.0)
    n = len(queries)
    return {"hit@5": hits / n, "p@5": precision / n, "mrr": reciprocal / n}


def _scan_string(supplier: Supplier, taxonomy: Taxonomy) -> str:
    """Returns the one string per supplier a naive scan would match against."""
    names = []
    for cid in supplier.categories:
        category = taxonomy.get(cid)
        names.append(category.name if category else cid)
    return " ".join([supplier.name, *names, *supplier.keywords])


def measure(size: int, query_count: int, scan_count: int, seed: int) -> dict[str, object]:
    """Returns the figures for one knowledge-base size (run it in a fresh process)."""
    taxonomy = _load_taxonomy()
    suppliers = make_suppliers(size, taxonomy, seed=seed)
    queries = make_queries(query_count, taxonomy, seed=seed + 1)
    cats = {s.id: set(s.categories) for s in suppliers if s.id is not None}
    gc.collect()

    started = time.perf_counter()
    index = SearchIndex.build(suppliers, taxonomy)
    build_s = time.perf_counter() - started

    for query in queries[:10]:  # warm-up: first-call costs are not per-query costs
        index.search(query.text)
    timings: list[float] = []
    ranked: list[list[int]] = []
    nothing = 0
    for query in queries:
        started = time.perf_counter()
        result = index.search(query.text, limit=_K)
        timings.append((time.perf_counter() - started) * 1000.0)
        nothing += result.nothing_fits
        ranked.append([h.supplier.id for h in result.hits if h.supplier.id is not None])
    filtered_timings: list[float] = []
    violations = 0
    for number, query in enumerate(queries):
        filters = _FILTERS[number % len(_FILTERS)]
        started = time.perf_counter()
        result = index.search(query.text, filters, limit=_K)
        filtered_timings.append((time.perf_counter() - started) * 1000.0)
        violations += sum(not passes(h.supplier, filters) for h in result.hits)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0

    strings = [_scan_string(s, taxonomy) for s in suppliers]
    ids = [s.id or 0 for s in suppliers]
    scanned = queries[:scan_count]
    scan_timings: list[float] = []
    scan_ranked: list[list[int]] = []
    for query in scanned:
        started = time.perf_counter()
        found = process.extract(
            query.text, strings, scorer=fuzz.WRatio, processor=utils.default_process, limit=_K
        )
        scan_timings.append((time.perf_counter() - started) * 1000.0)
        scan_ranked.append([ids[position] for _, _, position in found])

    index_rel = _relevance(ranked[: len(scanned)], scanned, cats)
    return {
        "size": size,
        "queries": len(queries),
        "build_s": build_s,
        "p50_ms": statistics.median(timings),
        "p99_ms": _percentile(timings, 0.99),
        "filtered_p50_ms": statistics.median(filtered_timings),
        "filtered_p99_ms": _percentile(filtered_timings, 0.99),
        "filter_violations": violations,
        "rss_mb": rss_mb,
        "nothing_fits": nothing,
        **{f"index_{k}": v for k, v in _relevance(ranked, queries, cats).items()},
        "scan_queries": len(scanned),
        "scan_p50_ms": statistics.median(scan_timings),
        "scan_p99_ms": _percentile(scan_timings, 0.99),
        **{f"scan_{k}": v for k, v in _relevance(scan_ranked, scanned, cats).items()},
        # the index's relevance on exactly the scanned queries, for a like-for-like comparison
        **{f"index_on_scanned_{k}": v for k, v in index_rel.items()},
        "speedup_p50": statistics.median(scan_timings) / statistics.median(timings),
    }


# (heading, key, format) per column; "│" marks a separator.
_COLUMNS = (
    ("size", "size", ">7,"), ("build s", "build_s", ">7.2f"), ("p50 ms", "p50_ms", ">7.2f"),
    ("p99 ms", "p99_ms", ">7.2f"), ("filt p99", "filtered_p99_ms", ">8.2f"),
    ("RSS MB", "rss_mb", ">7.0f"), ("hit@5", "index_hit@5", ">6.3f"),
    ("P@5", "index_p@5", ">5.3f"), ("MRR", "index_mrr", ">5.3f"), ("│", "", ""),
    ("scan p50", "scan_p50_ms", ">8.1f"), ("scan p99", "scan_p99_ms", ">8.1f"),
    ("hit@5", "scan_hit@5", ">6.3f"), ("P@5", "scan_p@5", ">5.3f"), ("MRR", "scan_mrr", ">5.3f"),
    ("n", "scan_queries", ">4"), ("│", "", ""), ("×p50", "speedup_p50", ">6.0f"),
)  # fmt: skip


def _table(rows: Sequence[dict[str, object]]) -> str:
    """Returns the figures as a plain-text table."""
    width = {key: len(format(0, spec)) for _, key, spec in _COLUMNS if key}

    def cells(row: dict[str, object] | None) -> str:
        out = []
        for heading, key, spec in _COLUMNS:
            if not key:
                out.append("│")
            elif row is None:
                out.append(f"{heading:>{max(width[key], len(heading))}}")
            else:
                out.append(f"{format(row[key], spec):>{max(width[key], len(heading))}}")
        return " ".join(out)

    header = cells(None)
    lines = [header, "─" * len(header), *(cells(r) for r in rows)]
    violations = sum(int(str(r["filter_violations"])) for r in rows)
    lines.append(
        "index: SearchIndex.search; scan: rapidfuzz.process.extract(WRatio) over one string per "
        "supplier; relevance on the corpus labels (category of the query); n = scanned queries; "
        "×p50 = scan p50 / index p50; filt p99 = the same queries with hard filters "
        f"(filter violations: {violations})."
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the benchmark for each size in its own process and prints the table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search", description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated sizes")
    parser.add_argument("--queries", type=int, default=200, help="queries per size")
    parser.add_argument(
        "--scan-queries", type=int, default=None, help="queries for the scan (default: all)"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print JSON, one object per size")
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    scan_count = args.queries if args.scan_queries is None else args.scan_queries
    if args.one is not None:
        sys.stdout.write(json.dumps(measure(args.one, args.queries, scan_count, args.seed)) + "\n")
        return 0
    try:
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes: not a list of integers: {args.sizes!r}")
    rows: list[dict[str, object]] = []
    for size in sizes:
        command = [
            sys.executable, "-m", "benchmarks.search", "--one", str(size),
            "--queries", str(args.queries), "--scan-queries", str(scan_count),
            "--seed", str(args.seed),
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            sys.stderr.write(done.stderr)
            return done.returncode
        row = json.loads(done.stdout)
        rows.append(row)
        if args.json:
            sys.stdout.write(json.dumps(row) + "\n")
            sys.stdout.flush()
    if not args.json:
        sys.stdout.write(_table(rows) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
