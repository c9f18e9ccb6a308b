"""Understanding benchmark: founder messages, scripted conversations and quotes, scored per field.

    python -m benchmarks.understanding [--part tuning|heldout|fresh|fresh-5|both|all] [--show N]
                                       [--json]
    python -m benchmarks.understanding --conversations [--part …]
    python -m benchmarks.understanding --quotes [--part …]

Messages (tests/fixtures/understanding/) go through `smallbatch understand - --json` in process
(bot.cli.main with stdin replaced), against a fresh SQLite database seeded from knowledge/.
Conversations (tests/fixtures/conversations/) drive `smallbatch chat --json` through a pipe, one
fresh user id each, answering the question the bot asks (see that folder's README). Quotes
(tests/fixtures/quotes/) go through `smallbatch compare --json` and its `read` object. A command
not yet on main: a clear message and exit status 2. `--show N` prints N failures of the TUNING
part only: the held-out and fresh parts are scored, never shown, so nobody tunes on them (`--show`
with no tuning part among those scored is refused).

Scoring rules (a field is right when the prediction matches the annotation or one of its
`alternatives`):
- numbers: equal as Decimal (1500 == 1500.0; "1,500" is not accepted: numbers must be numbers);
- a rate (quantity with period, budget with budget_period) given in another of week, month and
  year is right when it is the same rate within the rounding of one unit of the period given
  (1,000 every 6 months: 2,000 a year or 167 a month); a one-off's budget "once" is per order;
- strings (period, stage, currency, country, region): equal ignoring case;
- product: the annotated phrase's content words (lowercased, accents folded, simple plurals
  folded, filler such as "custom", "our", "de" dropped) overlap the predicted phrase's content
  words by at least 50 %, and the prediction has at most 3 content words more than the annotation
  (a whole sentence is not a product); null matches only null;
- categories: right when annotated and predicted ids overlap, or both are empty; a predicted id
  whose `broader` chain in knowledge/taxonomy.yaml reaches an annotated id counts as that id
  (knitwear for apparel-cut-sew: the taxonomy refined it after the corpus was written); an item's
  `new_category` words also accept predicted ids added to the taxonomy after the item was written
  (ids not in BASELINE_IDS) that contain one of those words; `covered` accepts true in that case;
- region: also right when not annotated and predicted as the region of the annotated country;
- currency: also right when the message states no money and the prediction is the annotated
  country's currency; supplier_moq (and a quote's moq): also right when not stated and predicted
  as the quote's first tier;
- quote: null matches null; otherwise tier by tier (same count, each min_qty and unit_price
  equal as Decimal), setup_fee and tooling_fee (a fee not stated is null; 0 and null differ unless
  alternatives say so) and currency;
- quote supplier: equal ignoring case and punctuation, or one name contains the other; for a
  quote that names none, compare's label "quote N" counts as no name.
A message (conversation, quote) is fully right when every scored field is right.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import json
import os
import re
import select
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from bot.config import default_knowledge_dir
from bot.core.search.taxonomy import wider
from bot.core.types import Taxonomy
from bot.core.understanding import role_model
from bot.core.understanding.geography import currency_of, region_of
from bot.knowledge_files import load_taxonomy

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
PARTS = ("tuning", "heldout")
# Written by writers who had not seen the reader; scored only, never tuned on: messages and quotes
# on 2026-12-01.
FRESH = "fresh"
# The latest blind part, written on 2026-12-02 after fresh-4 (messages) and the first fresh
# conversations had been scored and become tuning-7-*.yaml and conversations/tuning-4.yaml;
# scored only, never tuned on. One file per writer (fresh-5-*.yaml).
FRESH_5 = "fresh-5"
SCORED_ONLY = ("heldout", FRESH, FRESH_5)
# The corpora each scored-only part has besides heldout (which all three have).
KINDS = {FRESH: ("understanding", "quotes"), FRESH_5: ("understanding", "conversations")}

# The understand contract's fields, in its order ("text" is echoed, not scored).
FIELDS = (
    "product", "categories", "quantity", "quantity_max", "period", "budget", "budget_period",
    "currency", "country", "region", "stage", "deadline_days", "shelf_life_months",
    "target_unit_price", "supplier_moq", "quote", "covered",
)  # fmt: skip
NUMBER_FIELDS = frozenset(
    {"quantity", "quantity_max", "budget", "deadline_days", "shelf_life_months",
     "target_unit_price", "supplier_moq"}
)  # fmt: skip
QUOTE_FIELDS = (
    "supplier", "tiers", "moq", "setup_fee", "tooling_fee", "shipping_per_order",
    "shipping_per_unit", "lead_time_days", "currency",
)  # fmt: skip
SLOTS = ("product", "category", "quantity", "period", "budget", "country", "stage", "extras",
         "confirm")  # fmt: skip
OPTIONAL_SLOTS = frozenset({"budget", "country", "stage", "extras"})

# The taxonomy ids on main when the corpus was written (35): ids outside it are "new" (issue 13).
BASELINE_IDS = frozenset(
    {"packaging", "packaging-mailers", "packaging-boxes", "packaging-pouches", "tissue-paper",
     "food-packaging", "bottles-jars", "labels", "stickers", "garment-labels", "printing",
     "fabric-printing", "apparel-cut-sew", "apparel-decoration", "print-on-demand", "jewelry",
     "cosmetics-private-label", "cosmetics-contract-manufacturing", "supplements", "candles",
     "food-copacking", "pcb-fabrication", "pcb-assembly", "cnc-machining", "sheet-metal",
     "laser-cutting", "3d-printing", "injection-molding", "thermoforming", "furniture",
     "kitting", "medical-kits", "medical-packaging", "medical-device-manufacturing",
     "sourcing-marketplace"}
)  # fmt: skip

# Words that say nothing about which product: dropped before the product overlap is measured.
_FILLER = frozenset(
    ("a", "an", "the", "of", "for", "with", "and", "or", "our", "my", "your", "their", "some",
     "custom", "customised", "customized", "branded", "printed", "print", "personalised",
     "personalized", "own", "new", "small", "batch", "run", "pcs", "pieces", "units", "unit",
     "up", "de", "des", "du", "la", "le", "les", "el", "los", "las", "del", "un", "une", "una",
     "unos", "unas", "et", "y", "en", "con", "para", "pour", "mit", "und", "für", "fur", "der",
     "die", "das", "den", "dem", "ein", "eine", "einen", "von", "zu")
)  # fmt: skip


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------


def load_part(kind: str, part: str) -> list[dict[str, Any]]:
    """Returns the items of one fixture file (kind: understanding | conversations | quotes)."""
    key = {"understanding": "messages", "conversations": "conversations", "quotes": "quotes"}
    # The tuning part grows by further files (tuning-2.yaml, …), each written apart.
    files = [FIXTURES / kind / f"{part}.yaml"]
    if part == FRESH_5:
        files = sorted((FIXTURES / kind).glob(f"{FRESH_5}-*.yaml"))
    if part == "tuning":
        files += sorted((FIXTURES / kind).glob("tuning-*.yaml"))
    items: list[dict[str, Any]] = []
    for path in files:
        items += yaml.safe_load(path.read_text(encoding="utf-8"))[key[kind]]
    return items


# --------------------------------------------------------------------------------------------
# Field comparison
# --------------------------------------------------------------------------------------------


def as_decimal(value: object) -> Decimal | None:
    """Returns a number as Decimal (floats through their shortest repr), or None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return None
    return None


def same_number(expected: object, predicted: object) -> bool:
    """Returns whether two numbers are equal as Decimal (None only equals None)."""
    if expected is None or predicted is None:
        return expected is None and predicted is None
    left, right = as_decimal(expected), as_decimal(predicted)
    return left is not None and right is not None and left == right


def same_text(expected: object, predicted: object) -> bool:
    """Returns whether two strings are equal ignoring case (None only equals None)."""
    if expected is None or predicted is None:
        return expected is None and predicted is None
    return str(expected).casefold() == str(predicted).casefold()


def _fold_accents(text: str) -> str:
    """Returns text without combining accents (é -> e)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _fold_plural(word: str) -> str:
    """Returns a word with a regular plural folded, the same way for both sides."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if len(word) > 3 and word.endswith(("xe", "che", "she", "sse")):
        word = word[:-1]
    if len(word) > 3 and word.endswith("ie"):
        word = word[:-2] + "y"
    return word


def content_words(phrase: str | None) -> set[str]:
    """Returns the folded content words of a product phrase (no filler, no numbers)."""
    if not phrase:
        return set()
    words = re.findall(r"[^\W\d_]+", _fold_accents(phrase).casefold())
    return {_fold_plural(w) for w in words if w not in _FILLER and len(w) > 1}


def product_matches(expected: str | None, predicted: object) -> bool:
    """Returns whether the predicted product names the annotated one (rules at the top)."""
    if not isinstance(predicted, str | type(None)):
        return False
    want, got = content_words(expected), content_words(predicted)
    if not want:
        return not got
    overlap = len(want & got)
    return overlap * 2 >= len(want) and len(got) <= len(want) + 3


def _new_id_fits(predicted_id: str, hint: Sequence[str]) -> bool:
    """Returns whether an id added after the corpus was written carries one of the hint words."""
    return predicted_id not in BASELINE_IDS and any(word in predicted_id for word in hint)


@functools.cache
def _wider(category_id: str) -> frozenset[str]:
    """Returns the ids the taxonomy says a category refines (its `broader` chain)."""
    return wider(_taxonomy(), category_id)


@functools.cache
def _taxonomy() -> Taxonomy:
    """Returns knowledge/taxonomy.yaml, read once."""
    return load_taxonomy(default_knowledge_dir())


def categories_match(expected: Sequence[str], predicted: object, hint: Sequence[str]) -> bool:
    """Returns whether predicted category ids fit the annotated ones (rules at the top)."""
    if not isinstance(predicted, list):
        return False
    got = [str(p) for p in predicted]
    if set(expected) & {i for p in got for i in (p, *_wider(p))}:
        return True
    if not expected and not got:
        return True
    if not hint or not got:
        return False
    if not expected:
        return all(p not in BASELINE_IDS for p in got) and any(_new_id_fits(p, hint) for p in got)
    return any(_new_id_fits(p, hint) for p in got)


def tiers_match(expected: Sequence[Mapping[str, Any]], predicted: object) -> bool:
    """Returns whether predicted tiers equal the annotated ones, tier by tier."""
    if not isinstance(predicted, list) or len(predicted) != len(expected):
        return False
    for want, got in zip(expected, predicted, strict=True):
        if not isinstance(got, dict):
            return False
        if not same_number(want["min_qty"], got.get("min_qty")):
            return False
        if not same_number(want["unit_price"], got.get("unit_price")):
            return False
    return True


def quote_matches(expected: Mapping[str, Any] | None, predicted: object) -> bool:
    """Returns whether a predicted `quote` object equals the annotated one (rules at the top)."""
    if expected is None or predicted is None:
        return expected is None and predicted is None
    if not isinstance(predicted, dict):
        return False
    return (
        tiers_match(expected.get("tiers") or [], predicted.get("tiers") or [])
        and same_number(expected.get("setup_fee"), predicted.get("setup_fee"))
        and same_number(expected.get("tooling_fee"), predicted.get("tooling_fee"))
        and same_text(expected.get("currency"), predicted.get("currency"))
    )


def _first_tier(quote: Mapping[str, Any] | None) -> object:
    """Returns the min_qty of a quote's first tier, or None."""
    tiers = (quote or {}).get("tiers") or []
    return tiers[0]["min_qty"] if tiers else None


def _states_money(item: Mapping[str, Any]) -> bool:
    """Returns whether the annotation holds any money figure."""
    money = ("budget", "target_unit_price")
    return any(item.get(name) is not None for name in money) or item.get("quote") is not None


def _lenient(name: str, item: Mapping[str, Any], got: object) -> bool:
    """Returns whether a documented leniency accepts `got` for an unstated field."""
    country = item.get("country")
    if name == "region" and country and got is not None:
        return same_text(region_of(str(country)), got)
    if name == "currency" and country and got is not None and not _states_money(item):
        return same_text(currency_of(str(country)), got)
    if name == "supplier_moq" and got is not None:
        return same_number(_first_tier(item.get("quote")), got)
    return False


def value_matches(name: str, want: object, got: object, item: Mapping[str, Any]) -> bool:
    """Returns whether one predicted value fits one accepted annotation of a field."""
    hint = item.get("new_category") or []
    if name == "product":
        return product_matches(want if isinstance(want, str) else None, got)
    if name == "categories":
        return categories_match(list(want) if isinstance(want, list) else [], got, hint)
    if name == "covered":
        return got is want or (got is True and categories_match([], item.get("_got"), hint))
    if name == "quote":
        return quote_matches(want if isinstance(want, dict) else None, got)
    if want is None and _lenient(name, item, got):
        return True
    if name in NUMBER_FIELDS:
        return same_number(want, got)
    return same_text(want, got)


_PER_YEAR = {"week": 52, "month": 12, "year": 1}
# A rate is a pair of fields: (amount, period) for the need and for the budget.
_RATE_PAIRS = {
    "quantity": ("quantity", "period"),
    "period": ("quantity", "period"),
    "budget": ("budget", "budget_period"),
    "budget_period": ("budget", "budget_period"),
}


def same_rate(
    item: Mapping[str, Any], predicted: Mapping[str, Any], pair: tuple[str, str]
) -> bool:
    """Returns whether a rate given in another period equals the annotated one (rounding aside)."""
    amount, period = pair
    want_period, got_period = item.get(period), predicted.get(period)
    if want_period not in _PER_YEAR or got_period not in _PER_YEAR or want_period == got_period:
        return False
    want, got = as_decimal(item.get(amount)), as_decimal(predicted.get(amount))
    if want is None or got is None:
        return False
    difference = abs(got * _PER_YEAR[got_period] - want * _PER_YEAR[want_period])
    return difference <= _PER_YEAR[got_period]


def _one_off_budget(name: str, item: Mapping[str, Any], predicted: Mapping[str, Any]) -> bool:
    """Returns whether a one-off's budget was put as "once": the same as per order."""
    return (
        name == "budget_period"
        and item.get("budget_period") is None
        and predicted.get("budget_period") == "once"
        and item.get("period") == "once"
    )


def field_right(name: str, item: Mapping[str, Any], predicted: Mapping[str, Any]) -> bool:
    """Returns whether the predicted field fits the annotation or one of its alternatives."""
    accepted = [item.get(name), *((item.get("alternatives") or {}).get(name) or [])]
    context = {**item, "_got": predicted.get("categories")}
    if any(value_matches(name, want, predicted.get(name), context) for want in accepted):
        return True
    if name in _RATE_PAIRS and same_rate(item, predicted, _RATE_PAIRS[name]):
        return True
    return _one_off_budget(name, item, predicted)


# --------------------------------------------------------------------------------------------
# Tallies and the table
# --------------------------------------------------------------------------------------------


@dataclass
class Tally:
    """Right answers per field, and items fully right, for one part."""

    fields: dict[str, list[int]] = field(default_factory=dict)  # name -> [right, scored]
    items_right: int = 0
    items: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, item_id: str, results: Mapping[str, bool], note: str = "") -> None:
        """Counts one item's field results."""
        for name, right in results.items():
            counts = self.fields.setdefault(name, [0, 0])
            counts[0] += int(right)
            counts[1] += 1
        self.items += 1
        wrong = [name for name, right in results.items() if not right]
        if wrong:
            self.failures.append(f"{item_id}: wrong {', '.join(wrong)} {note}".rstrip())
        else:
            self.items_right += 1

    def field_share(self) -> tuple[int, int]:
        """Returns (right, scored) over every field of every item."""
        right = sum(counts[0] for counts in self.fields.values())
        return right, sum(counts[1] for counts in self.fields.values())


def _pct(right: int, total: int) -> str:
    """Returns a share as a percentage with its counts."""
    return f"{100 * right / total:5.1f}% ({right}/{total})" if total else "      -"


def render_table(title: str, tallies: Mapping[str, Tally], names: Iterable[str]) -> str:
    """Returns the per-field table for the parts, then fields overall and items fully right."""
    parts = list(tallies)
    lines = [title, f"{'field':<20}" + "".join(f"{part:>22}" for part in parts)]
    for name in names:
        row = [_pct(*tallies[part].fields.get(name, [0, 0])) for part in parts]
        if any(cell.strip() != "-" for cell in row):
            lines.append(f"{name:<20}" + "".join(f"{cell:>22}" for cell in row))
    lines.append(
        f"{'all fields':<20}" + "".join(f"{_pct(*t.field_share()):>22}" for t in tallies.values())
    )
    lines.append(
        f"{'fully right':<20}"
        + "".join(f"{_pct(t.items_right, t.items):>22}" for t in tallies.values())
    )
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Running the program
# --------------------------------------------------------------------------------------------


def _has_command(argv: Sequence[str]) -> bool:
    """Returns whether smallbatch's parser accepts these arguments (the command is on main)."""
    from bot.cli import build_parser

    with contextlib.redirect_stderr(io.StringIO()):
        try:
            build_parser().parse_args(list(argv))
        except SystemExit:
            return False
    return True


def run_in_process(argv: Sequence[str], stdin_text: str = "") -> tuple[int, str, str]:
    """Runs bot.cli.main with stdin replaced; returns (status, stdout, stderr)."""
    from bot.cli import main

    out, err = io.StringIO(), io.StringIO()
    stdin = io.TextIOWrapper(io.BytesIO(stdin_text.encode("utf-8")), encoding="utf-8")
    saved = sys.stdin
    sys.stdin = stdin
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(list(argv))
            except SystemExit as exc:
                status = exc.code if isinstance(exc.code, int) else 2
    finally:
        sys.stdin = saved
    return status, out.getvalue(), err.getvalue()


def _json_lines(text: str) -> list[dict[str, Any]]:
    """Returns the JSON objects printed one a line."""
    return [json.loads(line) for line in text.splitlines() if line.strip().startswith("{")]


def understand_all(texts: Sequence[str]) -> list[dict[str, Any]]:
    """Returns `understand - --json` output for the messages, one object per message."""
    status, out, err = run_in_process(["understand", "-", "--json"], "\n".join(texts) + "\n")
    results = _json_lines(out)
    if status != 0 or len(results) != len(texts):
        raise RuntimeError(
            f"understand exited {status} with {len(results)} of {len(texts)} "
            f"answers: {err.strip()[:300]}"
        )
    return results


def score_messages(part: str, first_turn: bool = False) -> Tally:
    """Scores one part of the messages corpus: as `understand` reads each message, or (with
    first_turn) as the chat's dialog understood it after the founder's first message."""
    items = load_part("understanding", part)
    texts = [item["text"] for item in items]
    predictions = chat_first_turns(texts) if first_turn else understand_all(texts)
    tally = Tally()
    for item, predicted in zip(items, predictions, strict=True):
        results = {name: field_right(name, item, predicted) for name in FIELDS}
        note = _explain(item, predicted, results) if part == "tuning" else ""
        tally.add(item["id"], results, note)
    return tally


def chat_first_turns(texts: Sequence[str]) -> list[dict[str, Any]]:
    """Returns the need (the `understand` fields) the dialog holds after each text as the first
    message of a fresh conversation: what the chat itself understood, run in process."""
    from datetime import date

    from bot.config import load_settings
    from bot.core.conversation.dialog import step
    from bot.core.conversation.state import DialogState, KnowledgeView
    from bot.core.conversation.transcript import state_need_json
    from bot.core.search.matching import SearchIndex
    from bot.core.types import Text
    from bot.quote_service import load_price_lists, shipped_rates
    from bot.startup import open_knowledge

    settings = load_settings()

    async def load() -> KnowledgeView:
        db, suppliers, taxonomy = await open_knowledge(settings)
        await db.dispose()
        return KnowledgeView(
            index=SearchIndex.build(suppliers, taxonomy),
            taxonomy=taxonomy,
            price_lists=load_price_lists(settings.knowledge_dir),
            rates=shipped_rates(settings.knowledge_dir),
        )

    import asyncio

    kb = asyncio.run(load())
    today = date(2026, 12, 1)
    out = []
    for text in texts:
        state = step(DialogState.new(), Text(text), kb, today).state
        out.append({"text": text, **state_need_json(state)})
    return out


def _explain(
    item: Mapping[str, Any],
    predicted: Mapping[str, Any],
    results: Mapping[str, bool],
) -> str:
    """Returns what was expected and what came, for the wrong fields of a tuning item."""
    wrong = [name for name, right in results.items() if not right]
    parts = [f"{name}: want {item.get(name)!r} got {predicted.get(name)!r}" for name in wrong]
    return f"| {item.get('text', '')[:90]!r} | " + "; ".join(parts)


# --------------------------------------------------------------------------------------------
# Conversations through `chat --json`
# --------------------------------------------------------------------------------------------


class ChatProcess:
    """One `smallbatch chat --json` process driven line by line through a pipe."""

    def __init__(self, user_id: int, env: Mapping[str, str]) -> None:
        argv = [sys.executable, "-m", "bot", "chat", "--json", "--user-id", str(user_id)]
        self.proc = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, bufsize=1, env=dict(env), cwd=ROOT,
        )  # fmt: skip

    def say(self, line: str, timeout: float = 30.0) -> dict[str, Any] | None:
        """Sends one line and returns the last bot turn printed for it (None: no answer)."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(line.replace("\n", " ") + "\n")
        self.proc.stdin.flush()
        turns = self._read(timeout)
        return turns[-1] if turns else None

    def _read(self, timeout: float) -> list[dict[str, Any]]:
        """Returns the JSON turns printed until the output is quiet after the first one."""
        assert self.proc.stdout is not None
        turns: list[dict[str, Any]] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            wait = 0.3 if turns else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([self.proc.stdout], [], [], wait)
            if not ready:
                break
            line = self.proc.stdout.readline()
            if not line:
                break
            with contextlib.suppress(json.JSONDecodeError):
                turns.append(json.loads(line))
        return turns

    def close(self) -> None:
        """Ends the process (stdin closed first, then terminated if it lingers)."""
        if self.proc.stdin is not None:
            with contextlib.suppress(BrokenPipeError):
                self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.terminate()
            self.proc.wait(timeout=5)


@dataclass
class Transcript:
    """What happened in one scripted conversation."""

    turns: list[dict[str, Any]] = field(default_factory=list)
    asks: dict[str, int] = field(default_factory=dict)
    unexpected: list[str] = field(default_factory=list)
    finished: bool = False


def next_line(
    script: Mapping[str, Any],
    asking: str | None,
    used: dict[str, int],
    later: list[str],
    transcript: Transcript,
) -> str | None:
    """Returns what the founder says next, by the README's rules; None ends the script."""
    answers = script.get("answers") or {}
    if asking is not None and asking in answers and used.get(asking, 0) < len(answers[asking]):
        used[asking] = used.get(asking, 0) + 1
        return str(answers[asking][used[asking] - 1])
    if later:
        return later.pop(0)
    if asking is None:
        transcript.finished = True
        return None
    if asking == "confirm":
        return "yes"
    if asking == "category":
        return "1"
    if asking not in OPTIONAL_SLOTS:
        transcript.unexpected.append(asking)
    return "/skip"


def drive(
    script: Mapping[str, Any], user_id: int, env: Mapping[str, str], max_turns: int = 16
) -> Transcript:
    """Plays one script against a fresh chat process and returns the transcript."""
    chat = ChatProcess(user_id, env)
    transcript, later = Transcript(), list(script.get("later") or [])
    used: dict[str, int] = {}
    try:
        line: str | None = str(script["opening"])
        while line is not None and len(transcript.turns) < max_turns:
            turn = chat.say(line)
            if turn is None:
                transcript.unexpected.append("no reply")
                break
            transcript.turns.append(turn)
            asking = turn.get("asking")
            if asking is not None and asking != "confirm":
                transcript.asks[asking] = transcript.asks.get(asking, 0) + 1
            line = next_line(script, asking, used, later, transcript)
    finally:
        chat.close()
    return transcript


def conversation_results(script: Mapping[str, Any], transcript: Transcript) -> dict[str, bool]:
    """Returns each check of one conversation: need fields, asks, answer, price source."""
    expect = script.get("expect") or {}
    need = transcript.turns[-1].get("need") or {} if transcript.turns else {}
    context = {
        **(expect.get("need") or {}),
        "new_category": expect.get("new_category"),
        "alternatives": expect.get("alternatives"),
    }
    results = {f"need.{name}": field_right(name, context, need) for name in expect.get("need", {})}
    results["asked at most twice"] = all(count <= 2 for count in transcript.asks.values())
    for slot, most in (expect.get("max_asks") or {}).items():
        results[f"asks.{slot} <= {most}"] = transcript.asks.get(slot, 0) <= most
    results["no unexpected question"] = not transcript.unexpected
    answers = [t["answer"] for t in transcript.turns if t.get("answer")]
    if expect.get("answer"):
        results["answer reached"] = bool(answers)
    if "price_source" in expect:
        got = answers[-1].get("price_source") if answers else None
        results["price_source"] = same_text(expect["price_source"], got)
    return results


def _explain_conversation(
    script: Mapping[str, Any], transcript: Transcript, results: Mapping[str, bool]
) -> str:
    """Returns the wrong need fields (want/got), the questions asked and any unexpected ones."""
    need = transcript.turns[-1].get("need") or {} if transcript.turns else {}
    want = (script.get("expect") or {}).get("need") or {}
    wrong = [n.removeprefix("need.") for n, right in results.items() if not right]
    shown = [f"{n}: want {want[n]!r} got {need.get(n)!r}" for n in wrong if n in want]
    return f"| {'; '.join(shown)} | asks={transcript.asks} unexpected={transcript.unexpected}"


def score_conversations(part: str, env: Mapping[str, str], first_user: int) -> Tally:
    """Scores one part of the scripted conversations."""
    tally = Tally()
    for number, script in enumerate(load_part("conversations", part)):
        transcript = drive(script, first_user + number, env)
        results = conversation_results(script, transcript)
        note = "" if part in SCORED_ONLY else _explain_conversation(script, transcript, results)
        tally.add(script["id"], results, note)
    return tally


# --------------------------------------------------------------------------------------------
# Quotes through `compare --json`
# --------------------------------------------------------------------------------------------


def _supplier_matches(expected: object, predicted: object) -> bool:
    """Returns whether two supplier names agree (rules at the top)."""
    if expected is None and isinstance(predicted, str) and _PLACEHOLDER.fullmatch(predicted):
        return True
    if expected is None or predicted is None:
        return expected is None and predicted is None

    def norm(name: object) -> str:
        return " ".join(re.findall(r"\w+", str(name).casefold()))

    left, right = norm(expected), norm(predicted)
    return bool(left and right) and (left in right or right in left)


# The label compare gives a quote that names no supplier ("quote 1"): not a supplier's name.
_PLACEHOLDER = re.compile(r"quote \d+", re.IGNORECASE)


def quote_field_right(name: str, item: Mapping[str, Any], read: Mapping[str, Any]) -> bool:
    """Returns whether one field the quote reader gave fits the annotation or an alternative."""
    accepted = [item.get(name), *((item.get("alternatives") or {}).get(name) or [])]
    got = read.get(name)
    for want in accepted:
        if name == "supplier" and _supplier_matches(want, got):
            return True
        if name == "tiers" and tiers_match(want or [], got or []):
            return True
        if name == "currency" and same_text(want, got):
            return True
        if name == "moq" and want is None and same_number(_first_tier(item), got):
            return True
        if name not in {"supplier", "tiers", "currency"} and same_number(want, got):
            return True
    return False


def read_quote(text: str) -> tuple[int, dict[str, Any] | None]:
    """Returns compare's exit status and the first quote of its JSON (supplier, read, currency)."""
    argv = ["compare", "--demand", "1000", "--per", "year", "--quote", text, "--json"]
    status, out, _ = run_in_process(argv)
    objects = _json_lines(out) if status == 0 else []
    if not objects or not objects[0].get("quotes"):
        return status, None
    quote = objects[0]["quotes"][0]
    return status, {
        **(quote.get("read") or {}),
        "supplier": quote.get("supplier"),
        "currency": quote.get("currency"),
    }


def score_quotes(part: str) -> Tally:
    """Scores one part of the quotes corpus."""
    tally = Tally()
    for item in load_part("quotes", part):
        status, read = read_quote(item["text"])
        if item.get("unreadable"):
            tally.add(item["id"], {"refused (exit 2)": status == 2})
            continue
        results = {
            name: read is not None and quote_field_right(name, item, read) for name in QUOTE_FIELDS
        }
        note = "" if part in SCORED_ONLY else f"read={read}"
        tally.add(item["id"], results, note)
    return tally


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


@contextlib.contextmanager
def fresh_database() -> Iterator[dict[str, str]]:
    """Points DATABASE_URL at a new SQLite file for the run, and restores it after."""
    saved = os.environ.get("DATABASE_URL")
    with tempfile.TemporaryDirectory(prefix="sb-understanding-") as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.db"
        try:
            yield dict(os.environ)
        finally:
            if saved is None:
                os.environ.pop("DATABASE_URL", None)
            else:
                os.environ["DATABASE_URL"] = saved


def _require(argv: Sequence[str], what: str) -> None:
    """Exits 2 with a clear message when a command the benchmark needs is not on main."""
    if not _has_command(argv):
        print(
            f"benchmarks.understanding: `smallbatch {' '.join(argv)}` is not available yet "
            f"({what}); nothing to score.",
            file=sys.stderr,
        )
        raise SystemExit(2)


def _run(
    args: argparse.Namespace, parts: Sequence[str]
) -> tuple[str, dict[str, Tally], list[str]]:
    """Runs the chosen corpus over the parts; returns (title, tallies, field names)."""
    with fresh_database() as env:
        if args.conversations:
            _require(["chat", "--json"], "the chat --json contract of issue 10")
            tallies = {
                p: score_conversations(p, env, 900_000 + 1000 * i) for i, p in enumerate(parts)
            }
            names = sorted({n for t in tallies.values() for n in t.fields})
            return "conversations (chat --json)", tallies, names
        if args.quotes:
            _require(
                ["compare", "--demand", "1", "--per", "year", "--quote", "x"],
                "the compare contract of issue 11",
            )
            tallies = {p: score_quotes(p) for p in parts}
            return "quotes (compare --json, read)", tallies, [*QUOTE_FIELDS, "refused (exit 2)"]
        if args.first_turn:
            tallies = {p: score_messages(p, first_turn=True) for p in parts}
            return "messages (the chat's need after the first message)", tallies, list(FIELDS)
        _require(["understand", "-", "--json"], "the understand contract of issue 10")
        return "messages (understand --json)", {p: score_messages(p) for p in parts}, list(FIELDS)


def main(argv: Sequence[str] | None = None) -> int:
    """Prints the per-field accuracy table for the chosen corpus and parts."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.understanding")
    parser.add_argument(
        "--part",
        choices=[*PARTS, FRESH, FRESH_5, "both", "all"],
        default="both",
        help="both = tuning and heldout; all = those and the fresh parts (fresh: messages and "
        "quotes; fresh-5: messages and conversations)",
    )
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--conversations", action="store_true", help="score the chat scripts")
    what.add_argument("--quotes", action="store_true", help="score the quote reader")
    what.add_argument(
        "--first-turn",
        action="store_true",
        help="score the messages as the chat's dialog understood them (its need after each)",
    )
    parser.add_argument(
        "--show",
        type=int,
        default=0,
        metavar="N",
        help="print N failures of the tuning part (never the held-out part)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    parser.add_argument(
        "--roles",
        choices=[r.value for r in role_model.Reader],
        default=None,
        help="who decides each number's role (default: the shipped reader); issue 10's "
        "rules-vs-model comparison",
    )
    args = parser.parse_args(argv)
    if args.roles is not None:
        role_model.use_reader(role_model.Reader(args.roles))
    parts = _parts(args)
    kind = _kind(args)
    for part in parts:
        if kind not in KINDS.get(part, (kind,)):
            parser.error(f"the {part} part has no {kind}")
    if args.show and "tuning" not in parts:
        parser.error("--show prints failures of the tuning part only; the others are never shown")
    started = time.perf_counter()
    title, tallies, names = _run(args, parts)
    print(render_table(f"{title}, {time.perf_counter() - started:.1f} s", tallies, names))
    if args.show and "tuning" in tallies:
        print("\nfailures (tuning):")
        print("\n".join(tallies["tuning"].failures[: args.show]))
    if args.json:
        print(json.dumps(_figures(tallies)))
    return 0


def _parts(args: argparse.Namespace) -> list[str]:
    """Returns the parts that --part names (all: the fresh parts too, those the corpus has)."""
    if args.part == "both":
        return list(PARTS)
    if args.part == "all":
        return [*PARTS, *(p for p, kinds in KINDS.items() if _kind(args) in kinds)]
    return [args.part]


def _kind(args: argparse.Namespace) -> str:
    """Returns the corpus the arguments score (understanding, conversations or quotes)."""
    if args.conversations:
        return "conversations"
    return "quotes" if args.quotes else "understanding"


def _figures(tallies: Mapping[str, Tally]) -> dict[str, Any]:
    """Returns the table's figures as a JSON-ready dict."""
    out: dict[str, Any] = {}
    for part, tally in tallies.items():
        right, total = tally.field_share()
        out[part] = {
            "fields": {n: c[0] / c[1] for n, c in tally.fields.items() if c[1]},
            "all_fields": right / total if total else None,
            "fully_right": tally.items_right,
            "items": tally.items,
        }
    return out


if __name__ == "__main__":
    raise SystemExit(main())
