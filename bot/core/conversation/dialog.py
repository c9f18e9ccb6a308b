"""The slot-filling conversation: one pure step from (state, event) to (new state, messages).

Free text first: a message may fill several slots; the dialog asks only what is still missing,
one question at a time, and answers as soon as it can (with at most one confirmation).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from bot.core.advice.drafting import draft_request
from bot.core.advice.economics import recommend, recommend_for
from bot.core.conversation.messages import (
    OPTIONAL_SLOTS,
    Answer,
    Ask,
    EditChoices,
    Greeting,
    HelpShown,
    HistoryEntry,
    HistoryShown,
    Lead,
    Message,
    MoreLeads,
    NothingFits,
    NothingFitsReason,
    Notice,
    NoticeKind,
    NotUnderstood,
    PriceBasis,
    SkipRefused,
    Slot,
    Understood,
    UnknownCommand,
)
from bot.core.search.matching import MAX_QUERY_CHARS, SearchIndex, estimate_unit_price
from bot.core.types import (
    PERIODS_PER_YEAR,
    Binding,
    Category,
    ChartData,
    Command,
    Demand,
    Event,
    InputError,
    Need,
    Period,
    Press,
    PriceTier,
    Recommendation,
    SearchFilters,
    SearchResult,
    Stage,
    Supplier,
    Taxonomy,
    Terms,
    Text,
)
from bot.core.understanding.parsing import (
    MAX_TEXT_CHARS,
    Money,
    Parsed,
    Problem,
    ProblemKind,
    clean_text,
    country_region,
    currency_of,
    own_words,
    parse,
    parse_period,
    parse_stage,
)

# How many leads one answer shows, and how many the search fetches for "more leads".
LEADS_PER_PAGE = 5
MAX_LEADS = 25
HISTORY_LIMIT = 20
# Two categories within this many points (0-100 scale) both fit: ask which one.
CLOSE_CATEGORY_GAP = 8.0
# An MOQ beyond this many months of the founder's demand (or this multiple of a one-off batch)
# is "far above the need": the lead is shown, but it does not count as a fit.
FAR_ABOVE_MONTHS = 6
FAR_ABOVE_BATCHES = 3
MAX_MOQ_SORT = 10**12  # sorts suppliers with no stated MOQ after those with one

# The questions in the order they are asked.
_ORDER: tuple[Slot, ...] = (
    Slot.PRODUCT,
    Slot.CATEGORY,
    Slot.QUANTITY,
    Slot.BUDGET,
    Slot.SHIPS_TO,
    Slot.STAGE,
)
_EDIT_ALIASES: Mapping[str, Slot] = {
    "product": Slot.PRODUCT,
    "what": Slot.PRODUCT,
    "category": Slot.CATEGORY,
    "quantity": Slot.QUANTITY,
    "qty": Slot.QUANTITY,
    "amount": Slot.QUANTITY,
    "units": Slot.QUANTITY,
    "budget": Slot.BUDGET,
    "money": Slot.BUDGET,
    "ships_to": Slot.SHIPS_TO,
    "ships-to": Slot.SHIPS_TO,
    "country": Slot.SHIPS_TO,
    "shipping": Slot.SHIPS_TO,
    "where": Slot.SHIPS_TO,
    "stage": Slot.STAGE,
    "extras": Slot.EXTRAS,
    "shelf": Slot.EXTRAS,
    "deadline": Slot.EXTRAS,
}
_YES = re.compile(
    r"^\W*(?:yes|y|yeah|yep|yup|ok|okay|sure|go|go ahead|search|search now|right|correct|"
    r"that'?s right|ja|oui|si|sí)\b"
)
_THANKS = re.compile(
    r"^\W*(?:thanks?|thank you|thx|ty|cheers|great|cool|perfect|nice|awesome|ok|okay|"
    r"danke|merci|gracias)\b[\w\s!.,]{0,30}$"
)
_ANYWHERE = re.compile(r"\b(?:anywhere|worldwide|global(?:ly)?|everywhere|any country|all over)\b")


@dataclass(frozen=True, slots=True)
class KnowledgeView:
    """The knowledge the dialog reads: the search index and the taxonomy."""

    index: SearchIndex
    taxonomy: Taxonomy


@dataclass(frozen=True, slots=True)
class DialogState:
    """One founder's conversation; stored as JSON between events."""

    SCHEMA_VERSION: ClassVar[int] = 1

    need: Need = field(default_factory=Need)
    awaiting: Slot | None = None  # None: nothing asked yet
    answered: tuple[Slot, ...] = ()  # in the order they were filled, for /back
    skipped: tuple[Slot, ...] = ()
    category_options: tuple[str, ...] = ()  # category ids offered as buttons
    editing: bool = False  # after this answer, re-run the recommendation
    extras_asked: bool = False
    lead_offset: int = 0
    order_quantity: int | None = None  # the last recommended order, for the drafted request
    last_answer: HistoryEntry | None = None
    history: tuple[HistoryEntry, ...] = ()  # newest last, at most HISTORY_LIMIT

    @classmethod
    def new(cls) -> DialogState:
        """Returns the state of a conversation that has not started."""
        return cls()

    def to_dict(self) -> dict[str, Any]:
        """Returns the state as JSON-safe data (Decimals as strings) with its schema version."""
        return {
            "schema": self.SCHEMA_VERSION,
            "need": _need_to_dict(self.need),
            "awaiting": self.awaiting.value if self.awaiting else None,
            "answered": [slot.value for slot in self.answered],
            "skipped": [slot.value for slot in self.skipped],
            "category_options": list(self.category_options),
            "editing": self.editing,
            "extras_asked": self.extras_asked,
            "lead_offset": self.lead_offset,
            "order_quantity": self.order_quantity,
            "last_answer": _entry_to_dict(self.last_answer) if self.last_answer else None,
            "history": [_entry_to_dict(entry) for entry in self.history],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DialogState:
        """Returns the state stored in `data`; unknown, old or damaged data gives a fresh state."""
        try:
            return cls._from_dict(data)
        except (KeyError, TypeError, ValueError, AttributeError, InvalidOperation):
            return cls.new()

    @classmethod
    def _from_dict(cls, data: Mapping[str, Any]) -> DialogState:
        """Returns the state in `data`, raising on anything malformed."""
        if not isinstance(data, Mapping) or data.get("schema") != cls.SCHEMA_VERSION:
            raise ValueError("unknown schema")
        awaiting = data["awaiting"]
        if awaiting == Slot.CATEGORY.value and len(_list(data["category_options"])) < 2:
            raise ValueError("a category question without choices")
        offset = _int(data["lead_offset"], minimum=0)
        order_quantity = data["order_quantity"]
        last = data["last_answer"]
        return cls(
            need=_need_from_dict(data["need"]),
            awaiting=Slot(awaiting) if awaiting is not None else None,
            answered=tuple(Slot(s) for s in _list(data["answered"]))[: len(Slot) * 2],
            skipped=tuple(Slot(s) for s in _list(data["skipped"]))[: len(Slot)],
            category_options=tuple(_str(c, 80) for c in _list(data["category_options"]))[:5],
            editing=_bool(data["editing"]),
            extras_asked=_bool(data["extras_asked"]),
            lead_offset=min(offset, MAX_LEADS),
            order_quantity=None if order_quantity is None else _int(order_quantity, minimum=1),
            last_answer=_entry_from_dict(last) if last is not None else None,
            history=tuple(_entry_from_dict(e) for e in _list(data["history"]))[-HISTORY_LIMIT:],
        )


@dataclass(frozen=True, slots=True)
class Turn:
    """The result of one step: the new state and the messages to show (never empty)."""

    state: DialogState
    messages: tuple[Message, ...]


# --------------------------------------------------------------------------------------------
# Serialisation helpers (strict: from_dict turns any failure into a fresh state)
# --------------------------------------------------------------------------------------------


def _int(value: object, minimum: int | None = None) -> int:
    """Returns value as an int, rejecting bools, floats and out-of-range values."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("not an integer")
    if minimum is not None and value < minimum:
        raise ValueError("out of range")
    return value


def _bool(value: object) -> bool:
    """Returns value when it is a bool."""
    if not isinstance(value, bool):
        raise TypeError("not a bool")
    return value


def _str(value: object, limit: int) -> str:
    """Returns value when it is a string within `limit` characters."""
    if not isinstance(value, str) or len(value) > limit:
        raise TypeError("not a short string")
    return value


def _list(value: object) -> list[Any]:
    """Returns value when it is a list."""
    if not isinstance(value, list):
        raise TypeError("not a list")
    return value


def _decimal(value: object) -> Decimal:
    """Returns a positive finite Decimal from its string form."""
    number = Decimal(_str(value, 40))
    if not number.is_finite() or number <= 0:
        raise ValueError("not a positive amount")
    return number


def _opt(value: object, convert: Any) -> Any:
    """Returns convert(value), or None when value is None."""
    return None if value is None else convert(value)


def _need_to_dict(need: Need) -> dict[str, Any]:
    """Returns the need as JSON-safe data."""
    return {
        "product": need.product,
        "categories": list(need.categories),
        "quantity": need.quantity,
        "quantity_max": need.quantity_max,
        "period": need.period.value if need.period else None,
        "budget": str(need.budget) if need.budget is not None else None,
        "budget_period": need.budget_period.value if need.budget_period else None,
        "currency": need.currency,
        "country": need.country,
        "region": need.region,
        "stage": need.stage.value if need.stage else None,
        "shelf_life_months": need.shelf_life_months,
        "deadline_days": need.deadline_days,
        "target_unit_price": (
            str(need.target_unit_price) if need.target_unit_price is not None else None
        ),
        "certifications": list(need.certifications),
    }


def _need_from_dict(data: object) -> Need:
    """Returns the need in `data`, raising on anything malformed."""
    if not isinstance(data, Mapping):
        raise TypeError("need is not a mapping")
    quantity = _opt(data["quantity"], lambda v: _int(v, minimum=1))
    quantity_max = _opt(data["quantity_max"], lambda v: _int(v, minimum=1))
    if quantity_max is not None and (quantity is None or quantity_max < quantity):
        raise ValueError("bad range")
    return Need(
        product=_opt(data["product"], lambda v: _str(v, 300)),
        categories=tuple(_str(c, 80) for c in _list(data["categories"]))[:5],
        quantity=quantity,
        quantity_max=quantity_max,
        period=_opt(data["period"], Period),
        budget=_opt(data["budget"], _decimal),
        budget_period=_opt(data["budget_period"], Period),
        currency=_opt(data["currency"], lambda v: _str(v, 3)),
        country=_opt(data["country"], lambda v: _str(v, 2)),
        region=_opt(data["region"], lambda v: _str(v, 40)),
        stage=_opt(data["stage"], Stage),
        shelf_life_months=_opt(data["shelf_life_months"], lambda v: _int(v, minimum=1)),
        deadline_days=_opt(data["deadline_days"], lambda v: _int(v, minimum=1)),
        target_unit_price=_opt(data["target_unit_price"], _decimal),
        certifications=tuple(_str(c, 40) for c in _list(data["certifications"]))[:20],
    )


def _entry_to_dict(entry: HistoryEntry) -> dict[str, Any]:
    """Returns a history entry as JSON-safe data."""
    return {
        "day": entry.day.isoformat(),
        "product": entry.product,
        "quantity": entry.quantity,
        "period": entry.period.value if entry.period else None,
        "supplier": entry.supplier,
        "order_quantity": entry.order_quantity,
        "binding": entry.binding.value if entry.binding else None,
    }


def _entry_from_dict(data: object) -> HistoryEntry:
    """Returns the history entry in `data`, raising on anything malformed."""
    if not isinstance(data, Mapping):
        raise TypeError("entry is not a mapping")
    return HistoryEntry(
        day=date.fromisoformat(_str(data["day"], 10)),
        product=_str(data["product"], 300),
        quantity=_int(data["quantity"], minimum=1),
        period=_opt(data["period"], Period),
        supplier=_opt(data["supplier"], lambda v: _str(v, 300)),
        order_quantity=_opt(data["order_quantity"], lambda v: _int(v, minimum=1)),
        binding=_opt(data["binding"], Binding),
    )


# --------------------------------------------------------------------------------------------
# What is missing
# --------------------------------------------------------------------------------------------


def _filled(need: Need, slot: Slot) -> bool:
    """Returns whether the need already answers `slot`."""
    if slot is Slot.PRODUCT:
        return need.product is not None
    if slot is Slot.CATEGORY:
        return need.product is not None
    if slot is Slot.QUANTITY:
        return need.quantity is not None and need.period is not None
    if slot is Slot.BUDGET:
        return need.budget is not None
    if slot is Slot.SHIPS_TO:
        return need.country is not None or need.region is not None
    if slot is Slot.STAGE:
        return need.stage is not None
    return False


def _next_missing(state: DialogState) -> Slot | None:
    """Returns the first required-or-unskipped slot the need does not answer yet."""
    for slot in _ORDER:
        if slot is Slot.CATEGORY:
            continue  # asked only when the product matches several categories closely
        if slot in state.skipped:
            continue
        if not _filled(state.need, slot):
            return slot
    return None


def _ask(state: DialogState, slot: Slot, kb: KnowledgeView, *, retry: bool = False) -> Ask:
    """Returns the question for `slot` in the current state."""
    categories: tuple[Category, ...] = ()
    if slot is Slot.CATEGORY:
        found = (kb.taxonomy.get(cid) for cid in state.category_options)
        categories = tuple(c for c in found if c is not None)
    return Ask(
        slot=slot,
        need=state.need,
        categories=categories,
        period_only=slot is Slot.QUANTITY and state.need.quantity is not None,
        retry=retry,
        can_skip=slot in OPTIONAL_SLOTS,
    )


def _prompt(state: DialogState, kb: KnowledgeView) -> tuple[Message, ...]:
    """Returns the question the conversation is waiting on, if any (to repeat it)."""
    if state.awaiting is Slot.DONE:
        return ()
    return (_ask(state, state.awaiting or Slot.PRODUCT, kb),)


def _fresh(state: DialogState, awaiting: Slot | None) -> DialogState:
    """Returns a new conversation that keeps the founder's history."""
    return DialogState(awaiting=awaiting, history=state.history)


# --------------------------------------------------------------------------------------------
# The step
# --------------------------------------------------------------------------------------------


def step(state: DialogState, event: Event, kb: KnowledgeView, today: date) -> Turn:
    """Returns the new state and the messages for one event; never raises for any input."""
    if isinstance(event, Command):
        turn = _on_command(state, event, kb, today)
    elif isinstance(event, Press):
        turn = _on_press(state, event, kb, today)
    elif isinstance(event, Text):
        turn = _on_text(state, event.text, kb, today)
    else:  # pragma: no cover - Event is a closed union
        turn = Turn(state, (Notice(NoticeKind.STALE_BUTTON),))
    if not turn.messages:
        prompt = _prompt(turn.state, kb)
        turn = Turn(turn.state, prompt or (Greeting(returning=True),))
    return turn


def _on_command(state: DialogState, command: Command, kb: KnowledgeView, today: date) -> Turn:
    """Returns the turn for a /command."""
    name = command.name.strip().lower().lstrip("/").split("@", 1)[0][:40]
    if name == "start":
        in_progress = state.awaiting not in (None, Slot.DONE) and state.need != Need()
        if in_progress:
            return Turn(state, (Greeting(returning=True), *_prompt(state, kb)))
        fresh = _fresh(state, Slot.PRODUCT)
        return Turn(fresh, (Greeting(), _ask(fresh, Slot.PRODUCT, kb)))
    if name == "resume":
        # A front end reconnecting (a second console run) asks where we were, buttons included;
        # re-showing an answer must not add it to the history again.
        if state.awaiting is Slot.DONE and state.last_answer is not None:
            again = _answer(state, kb, today, [Greeting(returning=True)])
            return Turn(replace(again.state, history=state.history), again.messages)
        return Turn(state, (Greeting(returning=True), *_prompt(state, kb)))
    if name == "help":
        return Turn(state, (HelpShown(), *_prompt(state, kb)))
    if name == "new":
        fresh = _fresh(state, Slot.PRODUCT)
        return Turn(fresh, (Notice(NoticeKind.NEW_SEARCH), _ask(fresh, Slot.PRODUCT, kb)))
    if name == "cancel":
        return Turn(_fresh(state, None), (Notice(NoticeKind.CANCELLED),))
    if name == "back":
        return _back(state, kb)
    if name == "skip":
        return _skip(state, kb, today)
    if name == "edit":
        return _edit(state, command.args, kb)
    if name == "history":
        if not state.history:
            return Turn(state, (Notice(NoticeKind.HISTORY_EMPTY), *_prompt(state, kb)))
        return Turn(state, (HistoryShown(tuple(reversed(state.history))), *_prompt(state, kb)))
    return Turn(state, (UnknownCommand(name), *_prompt(state, kb)))


def _on_press(state: DialogState, press: Press, kb: KnowledgeView, today: date) -> Turn:
    """Returns the turn for a pressed button; stale or forged data gets a polite notice."""
    action, arg = press.action[:20], press.arg[:60]
    stale = Turn(state, (Notice(NoticeKind.STALE_BUTTON), *_prompt(state, kb)))
    if action == "cat" and state.awaiting is Slot.CATEGORY:
        if arg == "none":
            need = replace(state.need, product=None, categories=())
            asked = replace(state, need=need, awaiting=Slot.PRODUCT, category_options=())
            return Turn(asked, (_ask(asked, Slot.PRODUCT, kb, retry=True),))
        if arg.isdigit() and int(arg) < len(state.category_options):
            return _choose_category(state, state.category_options[int(arg)], kb, today)
        return stale
    if action == "period" and state.need.quantity is not None:
        period = _enum(Period, arg)
        if period is None:
            return stale
        new = replace(state, need=replace(state.need, period=period))
        new = _mark_answered(new, (Slot.QUANTITY,))
        return _advance(new, [Understood(new.need, (Slot.QUANTITY,))], kb, today)
    if action == "stage":
        stage = _enum(Stage, arg)
        if stage is None:
            return stale
        new = _mark_answered(replace(state, need=replace(state.need, stage=stage)), (Slot.STAGE,))
        return _advance(new, [Understood(new.need, (Slot.STAGE,))], kb, today)
    if action == "skip":
        return _skip(state, kb, today)
    if action == "go" and state.awaiting is Slot.CONFIRM:
        return _answer(state, kb, today, [])
    if action == "more":
        return _more(state, kb)
    if action == "draft":
        return _draft(state, arg, kb)
    if action == "edit":
        return _edit(state, arg, kb)
    if action == "new":
        fresh = _fresh(state, Slot.PRODUCT)
        return Turn(fresh, (Notice(NoticeKind.NEW_SEARCH), _ask(fresh, Slot.PRODUCT, kb)))
    if action == "back":
        return _back(state, kb)
    if action == "help":
        return Turn(state, (HelpShown(), *_prompt(state, kb)))
    return stale


def _enum(kind: Any, value: str) -> Any:
    """Returns kind(value), or None when value is not one of its members."""
    try:
        return kind(value)
    except ValueError:
        return None


def _mark_answered(state: DialogState, slots: Sequence[Slot]) -> DialogState:
    """Returns the state with `slots` moved to the end of the answered order."""
    kept = tuple(s for s in state.answered if s not in slots)
    skipped = tuple(s for s in state.skipped if s not in slots)
    return replace(state, answered=(*kept, *dict.fromkeys(slots)), skipped=skipped)


def _back(state: DialogState, kb: KnowledgeView) -> Turn:
    """Returns the turn for /back: forget the last answer and ask it again."""
    if not state.answered:
        return Turn(state, (Notice(NoticeKind.NOTHING_TO_UNDO), *_prompt(state, kb)))
    slot = state.answered[-1]
    need = _clear(state.need, slot)
    back = replace(
        state,
        need=need,
        answered=state.answered[:-1],
        awaiting=Slot.PRODUCT if slot is Slot.CATEGORY else slot,
        editing=False,
        category_options=(),
    )
    if slot is Slot.CATEGORY:
        back = replace(back, answered=tuple(s for s in back.answered if s is not Slot.PRODUCT))
    return Turn(
        back,
        (Notice(NoticeKind.WENT_BACK, slot=slot), _ask(back, back.awaiting or Slot.PRODUCT, kb)),
    )


def _clear(need: Need, slot: Slot) -> Need:
    """Returns the need without the answer to `slot`."""
    if slot in (Slot.PRODUCT, Slot.CATEGORY):
        return replace(need, product=None, categories=())
    if slot is Slot.QUANTITY:
        return replace(need, quantity=None, quantity_max=None, period=None)
    if slot is Slot.BUDGET:
        return replace(need, budget=None, budget_period=None)
    if slot is Slot.SHIPS_TO:
        return replace(need, country=None, region=None)
    if slot is Slot.STAGE:
        return replace(need, stage=None)
    if slot is Slot.EXTRAS:
        return replace(
            need,
            shelf_life_months=None,
            deadline_days=None,
            target_unit_price=None,
            certifications=(),
        )
    return need


def _skip(state: DialogState, kb: KnowledgeView, today: date) -> Turn:
    """Returns the turn for /skip: optional slots are skipped, required ones are explained."""
    slot = state.awaiting
    if slot is None or slot in (Slot.DONE, Slot.CONFIRM):
        return Turn(state, (Notice(NoticeKind.NOTHING_TO_SKIP), *_prompt(state, kb)))
    if slot not in OPTIONAL_SLOTS:
        return Turn(state, (SkipRefused(slot), _ask(state, slot, kb)))
    new = replace(state, skipped=(*dict.fromkeys((*state.skipped, slot)),))
    if slot is Slot.EXTRAS:
        new = replace(new, extras_asked=True)
    return _advance(new, [], kb, today)


def _edit(state: DialogState, arg: str, kb: KnowledgeView) -> Turn:
    """Returns the turn for /edit [slot]: ask that one answer again, then re-run."""
    key = arg.strip().lower().replace(" ", "_")[:20]
    if not key:
        return Turn(state, (EditChoices(state.need),))
    slot = _EDIT_ALIASES.get(key)
    if slot is None:
        return Turn(state, (EditChoices(state.need),))
    if slot is Slot.CATEGORY and state.need.product is None:
        slot = Slot.PRODUCT
    if slot is Slot.CATEGORY:
        options = _category_ids(kb.index.categories_for(state.need.product or "", limit=3))
        if len(options) < 2:
            slot = Slot.PRODUCT
        else:
            asked = replace(state, awaiting=Slot.CATEGORY, category_options=options)
            return Turn(asked, (_ask(asked, Slot.CATEGORY, kb),))
    complete = _next_missing(state) is None
    asked = replace(
        state,
        awaiting=slot,
        editing=complete or state.awaiting is Slot.DONE,
        skipped=tuple(s for s in state.skipped if s is not slot),
    )
    return Turn(asked, (_ask(asked, slot, kb),))


def _category_ids(found: Sequence[tuple[Any, float]]) -> tuple[str, ...]:
    """Returns the ids of the categories within CLOSE_CATEGORY_GAP of the best one."""
    if not found:
        return ()
    top = found[0][1]
    return tuple(cat.id for cat, score in found if top - score <= CLOSE_CATEGORY_GAP)[:3]


# --------------------------------------------------------------------------------------------
# Free text
# --------------------------------------------------------------------------------------------


def _on_text(state: DialogState, text: str, kb: KnowledgeView, today: date) -> Turn:
    """Returns the turn for a free-text message: fill what it says, then ask or answer."""
    if len(text) > MAX_TEXT_CHARS:
        notice = Notice(NoticeKind.TOO_LONG, detail=str(MAX_TEXT_CHARS))
        return Turn(state, (notice, *_prompt(state, kb)))
    cleaned = clean_text(text)
    if not cleaned:
        return Turn(state, (Notice(NoticeKind.EMPTY), *_prompt(state, kb)))
    awaiting = state.awaiting
    if awaiting is Slot.CATEGORY:
        chosen = _typed_choice(state, cleaned, kb)
        if chosen is not None:
            return _choose_category(state, chosen, kb, today)
    if awaiting is Slot.DONE and _THANKS.match(cleaned.casefold()):
        return Turn(state, (Notice(NoticeKind.THANKS),))
    if awaiting is Slot.CONFIRM and _YES.match(cleaned.casefold()):
        return _answer(state, kb, today, [])
    parsed = parse(cleaned, lenient_country=awaiting is Slot.SHIPS_TO)
    return _apply(state, parsed, cleaned, kb, today)


def _choose_category(state: DialogState, category_id: str, kb: KnowledgeView, today: date) -> Turn:
    """Returns the turn after the founder picked one of the offered categories."""
    new = replace(
        state,
        need=replace(state.need, categories=(category_id,)),
        category_options=(),
        answered=(*state.answered, Slot.CATEGORY),
    )
    return _advance(new, [_chosen(new, category_id, kb)], kb, today)


def _chosen(state: DialogState, category_id: str, kb: KnowledgeView) -> Understood:
    """Returns the echo of a chosen category, by its display name."""
    category = kb.taxonomy.get(category_id)
    name = category.name if category else category_id
    return Understood(state.need, (Slot.CATEGORY,), category_name=name)


def _typed_choice(state: DialogState, text: str, kb: KnowledgeView) -> str | None:
    """Returns the category id a typed answer picks ("2", or words naming one option)."""
    stripped = text.strip(" .)#")
    if stripped.isdigit() and 1 <= int(stripped) <= len(state.category_options):
        return state.category_options[int(stripped) - 1]
    found = kb.index.categories_for(text[:MAX_QUERY_CHARS], limit=1)
    if found and found[0][0].id in state.category_options:
        return found[0][0].id
    return None


def _apply(state: DialogState, parsed: Parsed, text: str, kb: KnowledgeView, today: date) -> Turn:
    """Returns the turn after applying everything a message said to the need."""
    need = state.need
    awaiting = state.awaiting
    changed: list[Slot] = []
    messages: list[Message] = []
    skipped = list(state.skipped)
    readings = list(parsed.ambiguous)

    quantity, budget, problems = parsed.quantity, parsed.budget, list(parsed.problems)
    plain_answer = parsed.product is None and not parsed.correction
    if awaiting is Slot.BUDGET and budget is None and plain_answer:
        if quantity is not None:
            budget_value = Decimal(quantity.value)
            budget = Money(budget_value, None, quantity.period, quantity.text)
            quantity = None
        elif parsed.bare_number is not None:
            budget = Money(parsed.bare_number, None, None, "")
        problems = [replace(p, slot="budget") if p.slot == "quantity" else p for p in problems]
    if awaiting is Slot.QUANTITY and quantity is None and parsed.bare_number is not None:
        problems.append(_not_whole(parsed.bare_number))

    if quantity is not None:
        need = replace(
            need,
            quantity=quantity.value,
            quantity_max=quantity.maximum,
            period=quantity.period or need.period,
        )
        changed.append(Slot.QUANTITY)
    elif parsed.period is not None and need.quantity is not None:
        need = replace(need, period=parsed.period)
        changed.append(Slot.QUANTITY)
    if budget is not None:
        need = replace(
            need,
            budget=budget.amount,
            budget_period=budget.period if budget.period is not Period.ONCE else None,
            currency=budget.currency or need.currency,
        )
        changed.append(Slot.BUDGET)
    if parsed.target_unit_price is not None:
        need = replace(
            need,
            target_unit_price=parsed.target_unit_price.amount,
            currency=need.currency or parsed.target_unit_price.currency,
        )
        changed.append(Slot.EXTRAS)
    if parsed.country is not None or parsed.region is not None:
        region = parsed.region or (country_region(parsed.country) if parsed.country else None)
        need = replace(need, country=parsed.country, region=region)
        changed.append(Slot.SHIPS_TO)
    elif awaiting is Slot.SHIPS_TO and _ANYWHERE.search(text.casefold()):
        skipped.append(Slot.SHIPS_TO)
    stage = parsed.stage or (parse_stage(text) if awaiting is Slot.STAGE else None)
    if stage is not None:
        need = replace(need, stage=stage)
        changed.append(Slot.STAGE)
    if awaiting is Slot.QUANTITY and need.quantity is not None and Slot.QUANTITY not in changed:
        period = parse_period(text)
        if period is not None:
            need = replace(need, period=period)
            changed.append(Slot.QUANTITY)
    if parsed.shelf_life_months is not None:
        need = replace(need, shelf_life_months=parsed.shelf_life_months)
        changed.append(Slot.EXTRAS)
    if parsed.deadline_days is not None:
        need = replace(need, deadline_days=parsed.deadline_days)
        changed.append(Slot.EXTRAS)
    if parsed.certifications:
        merged = tuple(dict.fromkeys((*need.certifications, *parsed.certifications)))[:20]
        need = replace(need, certifications=merged)
        changed.append(Slot.EXTRAS)
    if parsed.negation and awaiting in OPTIONAL_SLOTS and awaiting not in changed:
        skipped.append(awaiting)

    category_options: tuple[str, ...] = ()
    product_failed = False
    product_open = awaiting in (None, Slot.PRODUCT, Slot.CATEGORY) or need.product is None
    if parsed.product is not None:
        product = parsed.product[:MAX_QUERY_CHARS]
        found = kb.index.categories_for(product, limit=3)
        strong = bool(found) and found[0][1] >= 80.0
        if product_open or (
            strong and (awaiting in (Slot.DONE, Slot.CONFIRM) or parsed.correction)
        ):
            if found or _searchable(kb, product, need):
                options = _category_ids(found)
                shown = own_words(text, product)[:MAX_QUERY_CHARS]
                need = replace(need, product=shown, categories=options[:1])
                if len(options) >= 2:
                    category_options = options
                changed.insert(0, Slot.PRODUCT)
            elif product_open:
                product_failed = True

    if need.budget is not None and need.currency is None and need.country is not None:
        assumed = currency_of(need.country)
        if assumed is not None:
            need = replace(need, currency=assumed)
            readings.append(f"amounts in {assumed} (the currency of {need.country})")

    for problem in problems:
        slot = {"budget": Slot.BUDGET, "quantity": Slot.QUANTITY}.get(problem.slot, Slot.EXTRAS)
        if slot not in changed:
            messages.append(NotUnderstood(slot, problem.text, problem.kind))
    if product_failed:
        messages.append(NotUnderstood(Slot.PRODUCT, parsed.product or text))

    changed = list(dict.fromkeys(changed))
    if not changed and len(skipped) == len(state.skipped):
        if not messages:
            messages.append(NotUnderstood(awaiting or Slot.PRODUCT, text[:200]))
        if awaiting is Slot.DONE:
            return Turn(state, tuple(messages))
        retry = state if awaiting is not None else replace(state, awaiting=Slot.PRODUCT)
        return Turn(
            retry, (*messages, _ask(retry, retry.awaiting or Slot.PRODUCT, kb, retry=True))
        )

    new = replace(
        state,
        need=need,
        skipped=tuple(dict.fromkeys(s for s in skipped if s not in changed)),
        category_options=category_options,
    )
    new = _mark_answered(new, [s for s in changed if s is not Slot.EXTRAS])
    if Slot.QUANTITY in changed or Slot.PRODUCT in changed:
        new = replace(new, lead_offset=0)
    if changed:
        picked = kb.taxonomy.get(need.categories[0]) if need.categories else None
        name = picked.name if picked and Slot.PRODUCT in changed and not category_options else ""
        messages.insert(0, Understood(need, tuple(changed), tuple(readings), name))
    first_message = not state.answered and len(changed) >= 3
    if first_message:
        new = replace(new, extras_asked=True)  # it said nearly everything: don't ask more
    if category_options:
        asked = replace(new, awaiting=Slot.CATEGORY)
        return Turn(asked, (*messages, _ask(asked, Slot.CATEGORY, kb)))
    if awaiting in (Slot.DONE, Slot.CONFIRM) and changed:
        new = replace(new, editing=True)
    if first_message and readings and _next_missing(new) is None:
        # The one confirmation: say what was assumed once, in the question, then search.
        confirm = replace(new, awaiting=Slot.CONFIRM)
        messages = [replace(m, readings=()) if isinstance(m, Understood) else m for m in messages]
        return Turn(
            confirm,
            (*messages, replace(_ask(confirm, Slot.CONFIRM, kb), readings=tuple(readings))),
        )
    return _advance(new, messages, kb, today)


def _not_whole(value: Decimal) -> Problem:
    """Returns the problem for a number that cannot be a unit count."""
    kind = ProblemKind.ZERO if value == 0 else ProblemKind.NOT_WHOLE
    return Problem("quantity", kind, f"{value}")


def _searchable(kb: KnowledgeView, product: str, need: Need) -> bool:
    """Returns whether a product phrase with no taxonomy category still finds suppliers."""
    try:
        result = kb.index.search(product, SearchFilters(), need=None, limit=1)
    except InputError:
        return False
    return bool(result.hits) and not result.nothing_fits


def _advance(state: DialogState, messages: list[Message], kb: KnowledgeView, today: date) -> Turn:
    """Returns the next question, or the answer when nothing required is missing."""
    missing = _next_missing(state)
    if missing is not None:
        asked = replace(state, awaiting=missing)
        return Turn(asked, (*messages, _ask(asked, missing, kb)))
    ready = (
        state.editing
        or state.extras_asked
        or Slot.EXTRAS in state.skipped
        or state.awaiting in (Slot.EXTRAS, Slot.CONFIRM, Slot.DONE)
    )
    if not ready:
        asked = replace(state, awaiting=Slot.EXTRAS, extras_asked=True)
        return Turn(asked, (*messages, _ask(asked, Slot.EXTRAS, kb)))
    return _answer(state, kb, today, messages)


# --------------------------------------------------------------------------------------------
# The answer
# --------------------------------------------------------------------------------------------


def _demand(need: Need) -> Demand | None:
    """Returns the economics' view of the need, or None while quantity or period is missing."""
    if need.quantity is None or need.period is None:
        return None
    return Demand(
        quantity=need.quantity,
        period=need.period,
        budget=need.budget,
        shelf_life_months=(
            Decimal(need.shelf_life_months) if need.shelf_life_months is not None else None
        ),
        stage=need.stage,
    )


def _moq_limit(need: Need) -> int | None:
    """Returns the largest MOQ still within reach of the need (see FAR_ABOVE_*)."""
    if need.quantity is None:
        return None
    wanted = need.quantity_max or need.quantity
    yearly = need.yearly_demand()
    if yearly is None:
        return wanted * FAR_ABOVE_BATCHES
    return max(wanted, yearly * FAR_ABOVE_MONTHS // 12)


def _fit(supplier: Supplier, limit: int | None) -> bool | None:
    """Returns True when the supplier is known to take a run this size, False when known not
    to (MOQ far above the need, or it says it does not do small series), None when unknown."""
    if supplier.moq is not None:
        return limit is None or supplier.moq <= limit
    if supplier.small_series is None:
        return None
    return supplier.small_series


def _search(need: Need, kb: KnowledgeView) -> tuple[SearchResult, list[Any]]:
    """Returns the search result and its hits, the ones whose MOQ fits first."""
    query = (need.product or "")[:MAX_QUERY_CHARS]
    try:
        result = kb.index.search(query, SearchFilters(), need=need, limit=MAX_LEADS)
    except InputError:
        result = SearchResult(query=query, nothing_fits=True)
    hits = list(result.hits)
    if need.categories:
        in_category = [h for h in hits if set(h.supplier.categories) & set(need.categories)]
        hits = in_category or hits
    limit = _moq_limit(need)
    order = {True: 0, None: 1, False: 2}
    hits.sort(key=lambda h: order[_fit(h.supplier, limit)])  # stable: keeps the ranking
    return result, hits


def _lead(hit: Any, need: Need, demand: Demand | None, fallback_quantity: int | None) -> Lead:
    """Returns a lead with the supplier's own order-size answer where it states prices."""
    supplier = hit.supplier
    recommendation: Recommendation | None = None
    if demand is not None and supplier.price_tiers:
        own = demand
        if need.currency and supplier.currency and need.currency != supplier.currency:
            own = replace(demand, budget=None)  # no exchange rates: the budget cannot apply
        with contextlib.suppress(InputError, ArithmeticError):
            recommendation = recommend_for(supplier, own).recommendation
    at = recommendation.best.order_quantity if recommendation else fallback_quantity
    price = estimate_unit_price(supplier, at) if at else None
    return Lead(
        supplier=supplier,
        reasons=tuple(hit.reasons)[:6],
        unit_price=price,
        at_quantity=at if price is not None else None,
        recommendation=recommendation,
        moq_fits=_fit(supplier, _moq_limit(need)),
    )


def _implied_price(need: Need) -> Decimal | None:
    """Returns the founder's own unit price, budget ÷ quantity, in the same period."""
    if need.budget is None or need.quantity is None:
        return None
    budget, quantity = need.budget, Decimal(need.quantity)
    budget_rate = PERIODS_PER_YEAR.get(need.budget_period) if need.budget_period else None
    need_rate = PERIODS_PER_YEAR.get(need.period) if need.period else None
    if budget_rate and need_rate and budget_rate != need_rate:
        budget, quantity = budget * budget_rate, quantity * need_rate  # both per year
    price = (budget / quantity).quantize(Decimal("0.01"))
    return price if price > 0 else None


def _answer(state: DialogState, kb: KnowledgeView, today: date, messages: list[Message]) -> Turn:
    """Returns the recommendation with leads, or the honest "nothing fits" and what works."""
    need = state.need
    demand = _demand(need)
    result, hits = _search(need, kb)
    done = replace(state, awaiting=Slot.DONE, editing=False, lead_offset=0, category_options=())
    limit = _moq_limit(need)
    if not hits:
        closest = tuple(_lead(h, need, None, None) for h in result.near_misses[:3])
        return Turn(done, (*messages, NothingFits(need, NothingFitsReason.NO_MATCH, closest)))
    fits = [_fit(h.supplier, limit) for h in hits]
    if True not in fits and False in fits:
        unknown = [h for h, fit in zip(hits, fits, strict=True) if fit is None][:2]
        too_big = sorted(
            (h for h, fit in zip(hits, fits, strict=True) if fit is False),
            key=lambda h: h.supplier.moq if h.supplier.moq is not None else MAX_MOQ_SORT,
        )[:2]
        closest = tuple(_lead(h, need, None, need.quantity) for h in (*unknown, *too_big))
        return Turn(done, (*messages, NothingFits(need, NothingFitsReason.MOQ_TOO_HIGH, closest)))

    leads = [_lead(h, need, demand, need.quantity) for h in hits[:LEADS_PER_PAGE]]
    headline: Recommendation | None = None
    basis, basis_supplier, implied = PriceBasis.NONE, None, None
    priced = [
        lead for lead in leads if lead.recommendation is not None and lead.moq_fits is not False
    ]
    feasible = [
        lead for lead in priced if lead.recommendation and lead.recommendation.best.feasible
    ]
    chosen = (feasible or priced)[0] if (feasible or priced) else None
    budget_ignored = False
    if chosen is not None and chosen.recommendation is not None:
        headline, basis, basis_supplier = (
            chosen.recommendation,
            PriceBasis.SUPPLIER,
            (chosen.supplier.name),
        )
        supplier_currency = chosen.supplier.currency
        budget_ignored = bool(
            need.budget
            and need.currency
            and supplier_currency
            and need.currency != supplier_currency
        )
    elif demand is not None:
        implied = _implied_price(need)
        if implied is not None:
            terms = Terms(tiers=(PriceTier(1, implied),), currency=need.currency)
            if need.period is Period.ONCE:
                # The implied price spends the whole budget on the batch; checking the budget
                # again would only restate that assumption (and fail by the per-order cost).
                demand = replace(demand, budget=None)
            try:
                headline = recommend(terms, demand)
                basis = PriceBasis.IMPLIED
            except (InputError, ArithmeticError):
                headline, implied = None, None
    if headline is not None:
        order_quantity: int | None = headline.best.order_quantity
        leads = [
            _lead(h, need, demand, order_quantity) if lead.recommendation is None else lead
            for h, lead in zip(hits[:LEADS_PER_PAGE], leads, strict=True)
        ]
    else:
        order_quantity = None
    entry = HistoryEntry(
        day=today,
        product=(need.product or "")[:300] or "(no product)",
        quantity=need.quantity or 1,
        period=need.period,
        supplier=basis_supplier[:300] if basis_supplier else None,
        order_quantity=order_quantity,
        binding=headline.binding if headline else None,
    )
    done = replace(
        done,
        order_quantity=order_quantity,
        last_answer=entry,
        history=(*state.history, entry)[-HISTORY_LIMIT:],
    )
    answer = Answer(
        need=need,
        leads=tuple(leads),
        recommendation=headline,
        basis=basis,
        basis_supplier=basis_supplier,
        implied_unit_price=implied,
        used_quantity=need.quantity,
        budget_ignored=budget_ignored,
        more_available=len(hits) > LEADS_PER_PAGE,
        offset=0,
    )
    return Turn(done, (*messages, answer))


def _more(state: DialogState, kb: KnowledgeView) -> Turn:
    """Returns the next page of leads for the last answer."""
    if state.awaiting is not Slot.DONE or state.last_answer is None:
        return Turn(state, (Notice(NoticeKind.NO_ANSWER_YET), *_prompt(state, kb)))
    _, hits = _search(state.need, kb)
    offset = state.lead_offset + LEADS_PER_PAGE
    page = hits[offset : offset + LEADS_PER_PAGE]
    if not page:
        return Turn(state, (Notice(NoticeKind.NO_MORE_LEADS),))
    demand = _demand(state.need)
    leads = tuple(_lead(h, state.need, demand, state.order_quantity) for h in page)
    more = MoreLeads(state.need, leads, offset, len(hits) > offset + LEADS_PER_PAGE)
    return Turn(replace(state, lead_offset=offset), (more,))


def _draft(state: DialogState, arg: str, kb: KnowledgeView) -> Turn:
    """Returns the drafted request to one lead (arg: its id, or "p<position>"), or to anyone."""
    if state.need.product is None:
        return Turn(state, (Notice(NoticeKind.NO_ANSWER_YET), *_prompt(state, kb)))
    supplier = None
    if arg.isdigit() and len(arg) <= 12:
        supplier = kb.index.get(int(arg))
    elif arg.startswith("p") and arg[1:].isdigit() and len(arg) <= 6:
        _, hits = _search(state.need, kb)
        position = int(arg[1:])
        supplier = hits[position].supplier if position < len(hits) else None
    if arg and supplier is None:
        return Turn(state, (Notice(NoticeKind.STALE_BUTTON), *_prompt(state, kb)))
    return Turn(state, (draft_request(state.need, supplier, state.order_quantity),))


def charts_in(messages: Sequence[Message]) -> list[ChartData]:
    """Returns the charts the answer wants shown (the headline recommendation's)."""
    charts: list[ChartData] = []
    for message in messages:
        if isinstance(message, Answer) and message.recommendation is not None:
            chart = message.recommendation.chart
            if chart is not None:
                charts.append(chart)
    return charts


__all__ = [
    "CLOSE_CATEGORY_GAP",
    "HISTORY_LIMIT",
    "LEADS_PER_PAGE",
    "DialogState",
    "KnowledgeView",
    "Slot",
    "Turn",
    "charts_in",
    "step",
]
