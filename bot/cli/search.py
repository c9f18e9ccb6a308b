"""`smallbatch search`: fuzzy search of the knowledge base (DESIGN.md's `search` contract)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from bot.cli.context import load_search_index
from bot.core.search.matching import MAX_QUERY_CHARS, check_query
from bot.core.types import Hit, InputError, SearchFilters, SearchResult
from bot.core.understanding.normalise import strip_controls

logger = logging.getLogger(__name__)

# More results than this is a listing, not a search.
MAX_LIMIT = 100
# A knowledge base MOQ never needs more digits than this.
MAX_MOQ = 10**9

_EPILOG = f"""\
QUERY is what you are looking for, in your own words ("custm printd mailer boxs"), at most
{MAX_QUERY_CHARS} characters. With QUERY "-" one query is read per line of stdin and the
results are printed in the same order, one JSON object a line with --json; blank lines are
skipped; a bad line prints {{"query": ..., "error": ...}} (or a line on stderr without --json),
the other lines are still answered, and the exit status is 2 at the end.

--max-moq keeps only suppliers that state an MOQ of at most Q: a supplier whose MOQ is not
known is left out, because it cannot be shown to fit. --country and --region likewise leave out
suppliers whose country or region is not known (UK and GB are one country; --region Europe
takes UK suppliers, --region EU does not). --small-series keeps only suppliers known to take
small runs.

JSON: {{"query", "results": [{{"id", "name", "score" (0-100), "categories", "country", "moq",
"small_series", "why"}}], "nothing_fits"}}, best first. When nothing scores above the relevance
threshold, "results" is empty and "nothing_fits" is true.
"""


def register(subparsers: Any) -> None:
    """Adds the `search` subcommand."""
    parser = subparsers.add_parser(
        "search",
        help="fuzzy search of the knowledge base",
        description="Find suppliers for a product, typos, synonyms and other languages welcome.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("query", metavar="QUERY", help='what you need, or "-" for stdin lines')
    parser.add_argument("--limit", default="5", metavar="N", help="results per query (5)")
    parser.add_argument(
        "--max-moq", metavar="Q", help="only suppliers with a stated MOQ of at most Q units"
    )
    parser.add_argument("--country", metavar="CC", help="only suppliers in this country (DE)")
    parser.add_argument("--region", metavar="R", help="only suppliers in this region (Europe)")
    parser.add_argument(
        "--small-series", action="store_true", help="only suppliers that take small runs"
    )
    parser.add_argument("--json", action="store_true", help="print JSON (see below)")
    parser.set_defaults(handler=_handle)


def _whole(text: str, field: str, minimum: int, maximum: int) -> int:
    """Returns a whole number from text ("1,000" accepted) within the bounds, or InputError."""
    cleaned = text.strip().replace(",", "").replace("_", "")
    if not cleaned.lstrip("-").isdigit() or not cleaned.isascii():
        raise InputError(field, f"{text.strip()!r} is not a whole number")
    value = int(cleaned)
    if not minimum <= value <= maximum:
        raise InputError(field, f"{value:,} must be from {minimum:,} to {maximum:,}")
    return value


def filters_from(args: argparse.Namespace) -> SearchFilters:
    """Returns the hard filters the arguments ask for, or raises InputError."""
    max_moq = None if args.max_moq is None else _whole(args.max_moq, "--max-moq", 0, MAX_MOQ)
    country = None
    if args.country is not None:
        country = args.country.strip().upper()
        if len(country) != 2 or not country.isascii() or not country.isalpha():
            raise InputError("--country", f"{args.country!r} is not a two-letter country code")
    region = None
    if args.region is not None:
        region = strip_controls(args.region).strip()
        if not region or len(region) > 60:
            raise InputError("--region", "give a region name such as Europe or North America")
    return SearchFilters(
        max_moq=max_moq, country=country, region=region, small_series_only=args.small_series
    )


def _hit_json(hit: Hit) -> dict[str, object]:
    """Returns one result in DESIGN's JSON shape."""
    supplier = hit.supplier
    return {
        "id": supplier.id,
        "name": supplier.name,
        "score": hit.score,
        "categories": list(supplier.categories),
        "country": supplier.country,
        "moq": supplier.moq,
        "small_series": supplier.small_series,
        "why": hit.why,
    }


def result_json(result: SearchResult) -> dict[str, object]:
    """Returns a search result as DESIGN's JSON object, plus "nothing_fits"."""
    return {
        "query": result.query,
        "results": [_hit_json(hit) for hit in result.hits],
        "nothing_fits": result.nothing_fits,
    }


def _clip(text: str, width: int) -> str:
    """Returns text cut to width with an ellipsis."""
    return text if len(text) <= width else text[: width - 1] + "…"


def _row(number: int | str, hit: Hit) -> list[str]:
    """Returns the table lines for one hit: the facts, then the reasons."""
    s = hit.supplier
    small = {True: "yes", False: "no", None: "?"}[s.small_series]
    moq = f"{s.moq:,}" if s.moq is not None else "?"
    head = (
        f"{number!s:>2}  {hit.score:5.1f}  {_clip(s.name, 32):<32}  {s.country or '?':<2}  "
        f"{moq:>7}  {small:<5}  {_clip(', '.join(s.categories), 40)}"
    )
    return [head, f"             {hit.why}"]


def render_table(result: SearchResult) -> str:
    """Returns a search result as a readable table."""
    lines = [f"search: {result.query}"]
    header = (
        f"{'#':>2}  {'score':>5}  {'supplier':<32}  {'cc':<2}  {'MOQ':>7}  {'small':<5}  "
        "categories"
    )
    if result.hits:
        lines.append(header)
        for number, hit in enumerate(result.hits, start=1):
            lines.extend(_row(number, hit))
        return "\n".join(lines)
    lines.append("Nothing in the knowledge base fits this search.")
    if result.near_misses:
        lines.append("Closest, though they do not fit:")
        lines.append(header)
        for hit in result.near_misses:
            lines.extend(_row("-", hit))
    return "\n".join(lines)


def _stdin_queries(stream: TextIO) -> Iterable[str]:
    """Yields the non-blank lines of stream without their line ends."""
    for line in stream:
        text = line.rstrip("\r\n")
        if text.strip():
            yield text


def _handle(args: argparse.Namespace) -> int:
    """Runs one search, or one per stdin line with QUERY "-"."""
    limit = _whole(args.limit, "--limit", 1, MAX_LIMIT)
    filters = filters_from(args)
    if args.query != "-":
        # A bad query is reported before the knowledge base is opened.
        check_query(args.query)
        index = load_search_index()
        result = index.search(args.query, filters, limit=limit)
        _write(result_json(result) if args.json else render_table(result), args.json)
        return 0
    index = load_search_index()
    status = 0
    for query in _stdin_queries(sys.stdin):
        try:
            result = index.search(query, filters, limit=limit)
        except InputError as exc:
            status = 2
            if args.json:
                _write({"query": _clip(query, MAX_QUERY_CHARS), "error": str(exc)}, True)
            else:
                sys.stderr.write(f"smallbatch search: {_clip(query, 60)!r}: {exc}\n")
            continue
        _write(result_json(result) if args.json else render_table(result) + "\n", args.json)
    return status


def _write(payload: object, as_json: bool) -> None:
    """Writes one JSON line or one block of text to stdout."""
    text = json.dumps(payload, ensure_ascii=False) if as_json else str(payload)
    sys.stdout.write(text + "\n")
    sys.stdout.flush()
