"""The slot-filling conversation: one pure step from (state, event) to (new state, messages).

Free text first: a message may fill several slots; the dialog asks only what is still missing,
one question at a time, and answers as soon as it can (with at most one confirmation). A reply is
read against the question asked (followups), and no question is asked a third time: then it is
buttons, or the question is left out.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from bot.core.advice.drafting import referral_request
from bot.core.conversation.answering import (
    LEADS_PER_PAGE,
    answer,
    draft_for,
    helpers_for,
    more_leads,
    with_quote_answer,
)
from bot.core.conversation.filling import (
    CLOSE_CATEGORY_GAP,
    Filled,
    categoriser,
    category_ids,
    fill,
)
from bot.core.conversation.followups import FollowUp, read_follow_up
from bot.core.conversation.messages import (
    OPTIONAL_SLOTS,
    Answer,
    Ask,
    EditChoices,
    FounderQuote,
    Greeting,
    HelpShown,
    HistoryShown,
    Message,
    NothingFits,
    NothingFitsReason,
    Notice,
    NoticeKind,
    NotUnderstood,
    SkipRefused,
    Slot,
    Understood,
    UnknownCommand,
)
from bot.core.conversation.quoting import quote_in, tooled_and_per_piece, with_quote
from bot.core.conversation.state import (
    ASKED_LIMIT,
    HISTORY_LIMIT,
    MAX_PRODUCT_CHARS,
    MAX_SPEC_CHARS,
    MAX_SPECS,
    DialogState,
    KnowledgeView,
    Turn,
)
from bot.core.search.matching import MAX_QUERY_CHARS
from bot.core.types import (
    Category,
    ChartData,
    Command,
    Event,
    Need,
    Period,
    Press,
    Stage,
    Text,
)
from bot.core.understanding.message import DEFAULT_MATCH_SCORE, money_currency, understand
from bot.core.understanding.parsing import (
    MAX_TEXT_CHARS,
    Parsed,
    clean_text,
    parse,
)

# A question is asked at most this often; then it becomes buttons, or is left out.
MAX_ASKS = 2

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
# "Is the mould worth it or should I keep 3D printing?": a question whether a tool pays off.
_TOOL_WORDS = (
    r"(?:injection\s+)?mou?lds?|tooling|tool|werkzeug\w*|spritzgussform\w*|silikonform\w*|"
    r"gussform\w*|gießform\w*|giessform\w*|formen?|moules?|moldes?|stampo"
)
_PAYS_OFF = (
    r"worth|pay(?:s)?\s+off|or\s+(?:keep|stick|stay)|should\s+i|smarter|lohnt|rentab\w*|vaut|"
    r"vale\s+la\s+pena|merece\s+la\s+pena|conviene|amortis\w*|amortiz\w*|o\s+sigo|"
    r"ou\s+je\s+continue|oder\s+weiter"
)
_TOOLING_QUESTION = re.compile(
    rf"\b(?:{_TOOL_WORDS})\b.{{0,60}}\b(?:{_PAYS_OFF})|\b(?:{_PAYS_OFF})\b.{{0,60}}\b(?:{_TOOL_WORDS})\b",
    re.IGNORECASE | re.DOTALL,
)
# Fewer than this many of something next to a larger count are packs ("2 cartons = 6,000").
_PACKS = 10
# Words that make a number the supplier's minimum, in four languages.
_MINIMUM_WORDS = re.compile(
    r"\b(?:moq|minimum|min\.?\s+order|min\.?\s+qty|mindestmenge|mindestbestellmenge|"
    r"commande\s+minimum|minimum\s+de\s+commande|pedido\s+m[ií]nimo|cantidad\s+m[ií]nima|"
    r"m[ií]nimo|(?:will|verlangt|fordert|nimmt)\s+(?:aber\s+)?mindestens)\b"
    r"|\bmin\.?\s*(?=\d)",
    re.IGNORECASE,
)
# The founder's own need named beside a minimum ("they want 3000, I need 500").
_OWN_NEED = re.compile(
    r"\b(?:i|we)\s+(?:only\s+)?(?:need|use|sell|go\s+through)\b|\bbrauche[nt]?\b|"
    r"\bbenötige|\bbesoin\b|\bnecesit|\bnos\s+hace\s+falta",
    re.IGNORECASE,
)
_THANKS = re.compile(
    r"^\W*(?:thanks?|thank you|thx|ty|cheers|great|cool|perfect|nice|awesome|ok|okay|"
    r"danke|merci|gracias)\b[\w\s!.,'’]{0,30}$"
)


# --------------------------------------------------------------------------------------------
# What is missing, and asking for it
# --------------------------------------------------------------------------------------------


def _filled(need: Need, slot: Slot) -> bool:
    """Returns whether the need already answers `slot`."""
    if slot in (Slot.PRODUCT, Slot.CATEGORY):
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
        if slot is Slot.PRODUCT and state.uncovered_product and state.need.product is None:
            continue  # named, but no category covers it: the rest of the need still helps
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


def _asking(
    state: DialogState,
    slot: Slot,
    kb: KnowledgeView,
    today: date,
    messages: Sequence[Message] = (),
    *,
    retry: bool = False,
) -> Turn:
    """Returns the turn that asks `slot`; after two asks it is not asked again: an optional
    question or the quantity is left out (the search goes on without it), and the product
    waits until the founder names it."""
    if _gives_up(state, slot):
        left_out = replace(state, skipped=(*dict.fromkeys((*state.skipped, slot)),))
        if slot is Slot.EXTRAS:
            left_out = replace(left_out, extras_asked=True)
        notice = Notice(NoticeKind.ASKED_TWICE, slot=slot, detail=_missing_part(state, slot))
        return _advance(left_out, [*messages, notice], kb, today)
    if state.times_asked(slot) >= MAX_ASKS and slot is Slot.PRODUCT:
        # Not a third time: say so; a product typed later is still read.
        waiting = replace(state, awaiting=Slot.PRODUCT)
        return Turn(waiting, (*messages, Notice(NoticeKind.ASKED_TWICE, slot=slot)))
    asked = replace(state, awaiting=slot, asked=(*state.asked, slot)[-ASKED_LIMIT:])
    return Turn(asked, (*messages, _ask(asked, slot, kb, retry=retry)))


def _gives_up(state: DialogState, slot: Slot) -> bool:
    """Returns whether a slot asked twice is now left out (optional ones and the quantity)."""
    return state.times_asked(slot) >= MAX_ASKS and (
        slot in OPTIONAL_SLOTS or slot is Slot.QUANTITY
    )


def _missing_part(state: DialogState, slot: Slot) -> str:
    """Returns "period" when the quantity question lacks only its period (the number is known)."""
    return "period" if slot is Slot.QUANTITY and state.need.quantity is not None else ""


def _prompt(state: DialogState, kb: KnowledgeView) -> tuple[Message, ...]:
    """Returns the question the conversation is waiting on, if any (to repeat it)."""
    if state.awaiting is Slot.DONE:
        return ()
    return (_ask(state, state.awaiting or Slot.PRODUCT, kb),)


def _fresh(state: DialogState, awaiting: Slot | None) -> DialogState:
    """Returns a new conversation that keeps the founder's history."""
    asked = (awaiting,) if awaiting is not None else ()
    return DialogState(awaiting=awaiting, history=state.history, asked=asked)


def _advance(state: DialogState, messages: list[Message], kb: KnowledgeView, today: date) -> Turn:
    """Returns the next question, or the answer when nothing required is missing."""
    missing = _next_missing(state)
    if missing is not None:
        return _asking(state, missing, kb, today, messages)
    ready = (
        state.editing
        or state.extras_asked
        or Slot.EXTRAS in state.skipped
        or state.awaiting in (Slot.EXTRAS, Slot.CONFIRM, Slot.DONE)
    )
    if not ready:
        return _asking(replace(state, extras_asked=True), Slot.EXTRAS, kb, today, messages)
    return answer(state, kb, today, messages)


# --------------------------------------------------------------------------------------------
# The step
# --------------------------------------------------------------------------------------------


def step(state: DialogState, event: Event, kb: KnowledgeView, today: date) -> Turn:
    """Returns the new state and the messages for one event; never raises for any input."""
    if state.shown is not None or state.asking is not None:
        state = replace(state, shown=None, asking=None)  # they describe one turn only
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
    asking = _asking_in(turn.messages)
    return Turn(replace(turn.state, asking=asking), turn.messages) if asking else turn


_ASKING_NAMES: Mapping[Slot, str] = {Slot.SHIPS_TO: "country"}


def _asking_in(messages: Sequence[Message]) -> str | None:
    """Returns what a turn asks, as `chat --json` names it ("period" for the period alone)."""
    asks = [m for m in messages if isinstance(m, Ask)]
    if not asks:
        return None
    ask = asks[-1]
    if ask.slot is Slot.QUANTITY and ask.period_only:
        return "period"
    return _ASKING_NAMES.get(ask.slot, ask.slot.value)


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
        return _resume(state, kb, today)
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
    if name in ("help", "history"):
        return _show(state, name, kb)
    return Turn(state, (UnknownCommand(name), *_prompt(state, kb)))


def _resume(state: DialogState, kb: KnowledgeView, today: date) -> Turn:
    """Returns where we were: a front end reconnecting (a second console run) asks for it."""
    if state.awaiting is Slot.DONE and state.last_answer is not None:
        # Re-showing an answer must not add it to the history again.
        again = answer(state, kb, today, [Greeting(returning=True)])
        return Turn(replace(again.state, history=state.history), again.messages)
    return Turn(state, (Greeting(returning=True), *_prompt(state, kb)))


def _show(state: DialogState, name: str, kb: KnowledgeView) -> Turn:
    """Returns the help or the founder's history, then the pending question."""
    if name == "help":
        return Turn(state, (HelpShown(), *_prompt(state, kb)))
    if not state.history:
        return Turn(state, (Notice(NoticeKind.HISTORY_EMPTY), *_prompt(state, kb)))
    return Turn(state, (HistoryShown(tuple(reversed(state.history))), *_prompt(state, kb)))


def _on_press(state: DialogState, press: Press, kb: KnowledgeView, today: date) -> Turn:
    """Returns the turn for a pressed button; stale or forged data gets a polite notice."""
    action, arg = press.action[:20], press.arg[:60]
    if action in ("cat", "period", "stage"):
        turn = _on_answer_button(state, action, arg, kb, today)
    elif action == "skip":
        turn = _skip(state, kb, today)
    elif action == "go" and state.awaiting is Slot.CONFIRM:
        turn = answer(state, kb, today, [])
    elif action == "more":
        turn = more_leads(state, kb)
    elif action == "draft":
        turn = _draft(state, arg, kb)
    elif action == "edit":
        turn = _edit(state, arg, kb)
    elif action == "new":
        fresh = _fresh(state, Slot.PRODUCT)
        turn = Turn(fresh, (Notice(NoticeKind.NEW_SEARCH), _ask(fresh, Slot.PRODUCT, kb)))
    elif action == "back":
        turn = _back(state, kb)
    elif action == "help":
        turn = Turn(state, (HelpShown(), *_prompt(state, kb)))
    else:
        turn = None
    return turn or Turn(state, (Notice(NoticeKind.STALE_BUTTON), *_prompt(state, kb)))


def _on_answer_button(
    state: DialogState, action: str, arg: str, kb: KnowledgeView, today: date
) -> Turn | None:
    """Returns the turn for a button that answers a question, or None when it is stale."""
    if action == "cat" and state.awaiting is Slot.CATEGORY:
        if arg == "none":
            need = replace(state.need, product=None, categories=())
            asked = replace(state, need=need, category_options=())
            return _asking(asked, Slot.PRODUCT, kb, today, retry=True)
        if arg.isdigit() and int(arg) < len(state.category_options):
            return _choose_category(state, state.category_options[int(arg)], kb, today)
        return None
    if action == "period" and state.need.quantity is not None:
        period = _enum(Period, arg)
        if period is None:
            return None
        return _answered(state, Slot.QUANTITY, replace(state.need, period=period), kb, today)
    if action == "stage":
        stage = _enum(Stage, arg)
        if stage is None:
            return None
        return _answered(state, Slot.STAGE, replace(state.need, stage=stage), kb, today)
    return None


def _answered(state: DialogState, slot: Slot, need: Need, kb: KnowledgeView, today: date) -> Turn:
    """Returns the turn after a button answered `slot`."""
    new = _mark_answered(replace(state, need=need), (slot,))
    return _advance(new, [Understood(new.need, (slot,))], kb, today)


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
    if slot is Slot.CATEGORY and state.category_options:
        # No preference between close kinds of supplier: the closest, said, never a third ask.
        turn = _choose_category(state, state.category_options[0], kb, today)
        return Turn(turn.state, (Notice(NoticeKind.CLOSEST_CATEGORY), *turn.messages))
    if slot is Slot.PRODUCT and state.uncovered_product:
        # To "anything else I can look for?" after "I don't cover X": nothing else, no refusal.
        return Turn(state, (Notice(NoticeKind.NO_OTHER_PRODUCT),))
    if slot not in OPTIONAL_SLOTS:
        # Asked twice already: _asking leaves it out, so "it can't be skipped" would contradict.
        refused = SkipRefused(slot, period_only=_missing_part(state, slot) == "period")
        return _asking(state, slot, kb, today, [] if _gives_up(state, slot) else [refused])
    new = replace(state, skipped=(*dict.fromkeys((*state.skipped, slot)),))
    if slot is Slot.EXTRAS:
        new = replace(new, extras_asked=True)
    return _advance(new, [], kb, today)


def _edit(state: DialogState, arg: str, kb: KnowledgeView) -> Turn:
    """Returns the turn for /edit [slot]: ask that one answer again, then re-run."""
    key = arg.strip().lower().replace(" ", "_")[:20]
    slot = _EDIT_ALIASES.get(key) if key else None
    if slot is None:
        return Turn(state, (EditChoices(state.need),))
    if slot is Slot.CATEGORY and state.need.product is None:
        slot = Slot.PRODUCT
    if slot is Slot.CATEGORY:
        options = category_ids(kb.index.categories_for(state.need.product or "", limit=3))
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
        # The founder asked to change it: this question starts its count again.
        asked=(*(s for s in state.asked if s is not slot), slot),
    )
    return Turn(asked, (_ask(asked, slot, kb),))


def _draft(state: DialogState, arg: str, kb: KnowledgeView) -> Turn:
    """Returns the drafted request, or a notice when there is nothing to draft yet."""
    if state.need.product is None:
        return Turn(state, (Notice(NoticeKind.NO_ANSWER_YET), *_prompt(state, kb)))
    turn = draft_for(state, arg, kb)
    if turn is None:
        return Turn(state, (Notice(NoticeKind.STALE_BUTTON), *_prompt(state, kb)))
    return turn


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
    if _nothing_else(state, cleaned):
        return Turn(state, (Notice(NoticeKind.NO_OTHER_PRODUCT),))
    follow = read_follow_up(awaiting, _by_line(text))
    if follow.declines or follow.not_for_sale:
        return _decline(state, kb, today)
    if follow.agrees and awaiting is Slot.CONFIRM:
        return answer(state, kb, today, [])
    if follow.anywhere:
        return _skip(state, kb, today)
    return _read_message(state, follow, kb, today)


def _nothing_else(state: DialogState, text: str) -> bool:
    """Returns whether the founder answers "anything else?" after "I don't cover X" with
    thanks or a no ("ok thanks", "no that's it"), not with another product."""
    if state.awaiting is not Slot.PRODUCT or not state.uncovered_product:
        return False
    return bool(_THANKS.match(text.casefold())) or read_follow_up(Slot.EXTRAS, text).declines


def _by_line(text: str) -> str:
    """Returns the text cleaned line by line: a pasted quote's rows stay rows ("1000 st. — €1,20"
    then "screen fee €45" on one line read as 1,000 at €45 and a €1.20 set-up)."""
    lines = (clean_text(line) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _read_message(state: DialogState, follow: FollowUp, kb: KnowledgeView, today: date) -> Turn:
    """Returns the turn for a message read in full: its quote into the state, its need filled."""
    awaiting = state.awaiting
    lenient = awaiting is Slot.SHIPS_TO
    parsed = _minimum_in_context(state, parse(follow.text, lenient_country=lenient), follow)
    quote, rest = quote_in(parsed, follow.text)
    pair = tooled_and_per_piece(parsed, follow.text, quote)
    if pair is not None:  # a tool weighed against a per-piece process: two quotes
        state = replace(state, quote=pair[0], earlier_quote=pair[1])
    elif quote is not None:
        current, earlier = with_quote(state.quote, state.earlier_quote, quote)
        state = replace(state, quote=current, earlier_quote=earlier)
    if rest != follow.text:
        parsed = parse(rest, lenient_country=lenient)
    parsed = _minimum_in_context(state, parsed, follow)
    state = _with_specs(state, (*parsed.sizes, *parsed.variants))
    parsed, named = _with_product_span(parsed, rest, kb, parsed_as_first=not lenient)
    if _TOOLING_QUESTION.search(follow.text) and (state.need.product or state.uncovered_product):
        # "Is it smarter to pay for moulds or 3D print masters?" weighs ways of making the
        # product already named; its process words name no new product.
        parsed = replace(parsed, product=None)
    if quote is not None and awaiting in (Slot.DONE, Slot.CONFIRM) and not parsed.correction:
        # "Mould quote: ..." after the answer is a quote for the same need, not a new product,
        # and its numbers ("which one?") are not a new quantity.
        parsed = replace(parsed, product=None, quantity=None, period=None)
    elif _terms(parsed, quote) and not (parsed.correction or follow.corrects):
        parsed = _about_the_same_need(state, parsed)
    if follow.stage is not None and awaiting is Slot.STAGE:
        # To the stage question the answer's own words decide ("en pleine croissance").
        parsed = replace(parsed, stage=follow.stage, product=None)
    if follow.corrects:
        parsed = replace(parsed, correction=True, negation=False)
    quoted = quote is not None
    turn = _apply(state, parsed, rest, kb, today, quoted=quoted, named=named, follow=follow)
    if _TOOLING_QUESTION.search(follow.text) and pair is None and not _tooled(turn.state):
        # The question asked is not answered by the figures: say what is missing, not nothing.
        notice = Notice(NoticeKind.TOOLING_UNREAD)
        first = 1 if turn.messages and isinstance(turn.messages[0], Understood) else 0
        turn = replace(turn, messages=(*turn.messages[:first], notice, *turn.messages[first:]))
    return turn


def _terms(parsed: Parsed, quote: FounderQuote | None) -> bool:
    """Returns whether a message states a supplier's terms (a quote, or a fee alone)."""
    return quote is not None or parsed.setup_fee is not None or parsed.tooling_fee is not None


def _about_the_same_need(state: DialogState, parsed: Parsed) -> Parsed:
    """Returns a mid-dialog quote's parse without a product once one is known ("for the
    moulded ones" names the same item) and, with no quantity of its own, without a rate once
    the need has one: "a $300 mould, one time" is the fee's, not the need's."""
    # Dropped only where it would replace the known one: elsewhere a product-less reply is a
    # bare answer, and "I need 250 a month" to the budget question would read as money.
    opens = state.awaiting in (None, Slot.PRODUCT, Slot.CATEGORY)
    product = None if state.need.product and opens else parsed.product
    rated = state.need.quantity is not None and parsed.quantity is None
    return replace(parsed, product=product, period=None if rated else parsed.period)


def _minimum_in_context(state: DialogState, parsed: Parsed, follow: FollowUp) -> Parsed:
    """Returns the parse with a number said with MOQ words read as the supplier's minimum once
    the need's quantity is known ("MOQ is one pallet = 4,200 bottles"), not as a new need;
    "I need 500" in the same message keeps it the need."""
    quantity = parsed.quantity
    if quantity is None or state.need.quantity is None or parsed.correction or follow.corrects:
        return parsed
    if not _MINIMUM_WORDS.search(follow.text):
        return parsed
    if _OWN_NEED.search(follow.text):
        if quantity.period is None and state.need.period is not None and parsed.supplier_moq:
            # "MOQ 1000 per design, I need 150": the need restated in the minimum's terms (per
            # design, per order), not a new rate; the rate said before stays.
            return replace(parsed, quantity=None)
        return parsed
    if parsed.supplier_moq and not (
        parsed.supplier_moq < min(_PACKS, quantity.value) and quantity.period is None
    ):
        return parsed  # both read: the reader told the minimum from the need
    # "MOQ is one pallet = 4,200": the minimum is the count, not the pallets.
    return replace(parsed, supplier_moq=quantity.value, quantity=None, period=None)


def _tooled(state: DialogState) -> bool:
    """Returns whether the chat holds a tooled quote and the per-piece one it is weighed with."""
    quotes = (state.quote, state.earlier_quote)
    return any(q is not None and q.tooling_fee for q in quotes) and None not in quotes


def _with_specs(state: DialogState, found: Sequence[str]) -> DialogState:
    """Returns the state with the sizes and variants a message named, for the request (a
    reading inside a longer one, "0x10 cm" of "30x20x10 cm", is the same size)."""
    specs = [s[:MAX_SPEC_CHARS] for s in dict.fromkeys((*state.specs, *found))]
    kept = tuple(s for s in specs if not any(s != o and s in o for o in specs))
    return replace(state, specs=kept[:MAX_SPECS]) if kept != state.specs else state


def _with_product_span(
    parsed: Parsed, text: str, kb: KnowledgeView, *, parsed_as_first: bool
) -> tuple[Parsed, tuple[str, ...] | None]:
    """Returns the parse with the noun phrase that names the item to source as the product
    ("custom printed boxes" out of "hi! we need custom printed boxes for our soap bars"), and
    the categories that phrase names, its head noun first (as `smallbatch understand` reads
    them): () when it names none ("yoga mats": not covered, said by that name); None when the
    message has no product words at all. `parsed_as_first`: `parsed` is the text read as a
    first message is (`parse(text)`, not leniently), so `understand` need not read it again."""
    if not parsed.product_candidates:
        return parsed, None
    # A message's phrases overlap ("custom printed mailer boxes", "mailer boxes", "boxes") and
    # each is rated several ways: looked up once per message, the index is asked 10 times, not
    # 25 (the load benchmark's first message). Within one message the index is fixed.
    score = functools.cache(kb.index.category_score)
    categorise = functools.cache(categoriser(kb))
    first = parsed if parsed_as_first else None
    reading = understand(text, score, categorise=categorise, parsed=first)
    if reading.product is None:
        return parsed, None  # no phrase at all: the leftover words tell what it is
    named = reading.categories if reading.product_score >= DEFAULT_MATCH_SCORE else ()
    return replace(parsed, product=reading.product), named


def _decline(state: DialogState, kb: KnowledgeView, today: date) -> Turn:
    """Returns the turn for a "no" to the question asked: no fixed budget, nowhere in
    particular, nothing else; to a required question it explains why it is needed."""
    awaiting = state.awaiting
    if awaiting is Slot.DONE:
        return Turn(state, (Notice(NoticeKind.THANKS),))
    if awaiting is Slot.CONFIRM:
        return Turn(state, (EditChoices(state.need),))
    return _skip(state, kb, today)


def _choose_category(state: DialogState, category_id: str, kb: KnowledgeView, today: date) -> Turn:
    """Returns the turn after the founder picked one of the offered categories."""
    new = replace(
        state,
        need=replace(state.need, categories=(category_id,)),
        category_options=(),
        answered=(*state.answered, Slot.CATEGORY),
    )
    category = kb.taxonomy.get(category_id)
    name = category.name if category else category_id
    return _advance(new, [Understood(new.need, (Slot.CATEGORY,), category_name=name)], kb, today)


def _typed_choice(state: DialogState, text: str, kb: KnowledgeView) -> str | None:
    """Returns the category id a typed answer picks ("2", or words naming one option)."""
    stripped = text.strip(" .)#")
    if stripped.isdigit() and 1 <= int(stripped) <= len(state.category_options):
        return state.category_options[int(stripped) - 1]
    found = kb.index.categories_for(text[:MAX_QUERY_CHARS], limit=1)
    if found and found[0][0].id in state.category_options:
        return found[0][0].id
    return None


def _apply(
    state: DialogState,
    parsed: Parsed,
    text: str,
    kb: KnowledgeView,
    today: date,
    *,
    quoted: bool = False,
    named: tuple[str, ...] | None = None,
    follow: FollowUp | None = None,
) -> Turn:
    """Returns the turn after applying everything a message said to the need (a quote in it is
    already in the state: `quoted`; `named`: the categories its product phrase names)."""
    said = money_currency(parsed)
    if said is not None and said != state.money_currency:
        state = replace(state, money_currency=said)
    replaced = follow.replaced if follow is not None else None
    filled = fill(
        state.need,
        state.awaiting,
        state.skipped,
        parsed,
        text,
        kb,
        named,
        replaced=replaced,
        uncovered=bool(state.uncovered_product),
    )
    messages = _unused(filled, parsed, text, kb)
    if filled.product_failed:
        state = replace(state, uncovered_product=_uncovered_name(parsed, text))
    elif filled.need.categories:
        state = replace(state, uncovered_product=None)
    if not (filled.changed or quoted) and len(filled.skipped) == len(state.skipped):
        return _nothing_usable(state, messages, text, kb, today, who_only=filled.names_who)
    new = _with(state, filled)
    if filled.changed or quoted:
        messages.insert(0, _echo(filled, kb, new.quote if quoted else None))
    first_message = not state.answered and len(filled.changed) >= 3
    if first_message:
        new = replace(new, extras_asked=True)  # it said nearly everything: don't ask more
    if filled.category_options:
        return _asking(new, Slot.CATEGORY, kb, today, messages)
    if state.awaiting in (Slot.DONE, Slot.CONFIRM) and (filled.changed or quoted):
        new = replace(new, editing=True)
    if first_message and filled.readings and _next_missing(new) is None:
        return _confirm(new, messages, filled.readings, kb)
    return with_quote_answer(_advance(new, messages, kb, today), kb)


def _unused(filled: Filled, parsed: Parsed, text: str, kb: KnowledgeView) -> list[Message]:
    """Returns what the message gave that could not be used: bad numbers, an unknown product."""
    messages: list[Message] = []
    for problem in filled.problems:
        slot = {"budget": Slot.BUDGET, "quantity": Slot.QUANTITY}.get(problem.slot, Slot.EXTRAS)
        if slot not in filled.changed:
            messages.append(NotUnderstood(slot, problem.text, problem.kind))
    if filled.product_failed:
        product = _uncovered_name(parsed, text)
        helpers = helpers_for(filled.need, kb, product)
        messages.append(
            NothingFits(
                filled.need, NothingFitsReason.NOT_COVERED, product=product, helpers=helpers
            )
        )
        messages.append(referral_request(product, filled.need))
    return messages


def _uncovered_name(parsed: Parsed, text: str) -> str:
    """Returns the founder's words for a product no category covers."""
    return (parsed.product or text)[:MAX_PRODUCT_CHARS]


def _nothing_usable(
    state: DialogState,
    messages: list[Message],
    text: str,
    kb: KnowledgeView,
    today: date,
    *,
    who_only: bool = False,
) -> Turn:
    """Returns the turn for a message that changed nothing: say why, and ask again (once);
    a request for a maker with no product (`who_only`) is simply asked what it is for."""
    if who_only and not messages and state.awaiting in (None, Slot.PRODUCT):
        return _asking(state, Slot.PRODUCT, kb, today)
    if not messages:
        messages.append(NotUnderstood(state.awaiting or Slot.PRODUCT, text[:200]))
    if state.awaiting is Slot.DONE:
        return Turn(state, tuple(messages))
    slot = state.awaiting or Slot.PRODUCT
    return _asking(replace(state, awaiting=slot), slot, kb, today, messages, retry=True)


def _with(state: DialogState, filled: Filled) -> DialogState:
    """Returns the state with what a message filled."""
    changed = filled.changed
    new = replace(
        state,
        need=filled.need,
        skipped=tuple(dict.fromkeys(s for s in filled.skipped if s not in changed)),
        category_options=filled.category_options,
    )
    new = _mark_answered(new, [s for s in changed if s is not Slot.EXTRAS])
    if Slot.QUANTITY in changed or Slot.PRODUCT in changed:
        new = replace(new, lead_offset=0)
    return new


def _echo(filled: Filled, kb: KnowledgeView, quote: FounderQuote | None) -> Understood:
    """Returns what a message filled, said back (with the category's name for a new product,
    and the quote as read)."""
    need = filled.need
    picked = kb.taxonomy.get(need.categories[0]) if need.categories else None
    named = picked and Slot.PRODUCT in filled.changed and not filled.category_options
    name = picked.name if picked and named else ""
    return Understood(need, filled.changed, filled.readings, name, quote=quote)


def _confirm(
    state: DialogState, messages: list[Message], readings: Sequence[str], kb: KnowledgeView
) -> Turn:
    """Returns the one confirmation: what was assumed is said once, in the question."""
    confirm = replace(state, awaiting=Slot.CONFIRM, asked=(*state.asked, Slot.CONFIRM))
    plain = [replace(m, readings=()) if isinstance(m, Understood) else m for m in messages]
    ask = replace(_ask(confirm, Slot.CONFIRM, kb), readings=tuple(readings))
    return Turn(confirm, (*plain, ask))


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
