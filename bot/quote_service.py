"""The founder's quote book: read, show, confirm, correct, delete and compare their quotes.

The shell half of bot/core/understanding/quotes.py and bot/core/advice/quotes.py, as
bot/admin_service.py is for the knowledge base: core reads and compares, this module stores
through bot/store/quotes.py in one transaction per action, always under the founder's own user
id. In a group nothing is read, stored or shown: quotes live in the private chat.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.advice import quote_render as render
from bot.core.advice.currency import Rates, parse_ecb_csv
from bot.core.advice.price_lists import PriceList, validate_price_lists
from bot.core.advice.quotes import ComparisonChart, Need, Quote, compare_quotes
from bot.core.conversation.dialog import DialogState
from bot.core.markup import Plain, Reply
from bot.core.types import Attachment, Demand, InputError, Period, SessionKey
from bot.core.understanding.parsing import parse
from bot.core.understanding.quotes import correct_reading, read_quote, too_long
from bot.documents import PHOTO, DocumentError, check_document, document_text
from bot.store.db import Database
from bot.store.quotes import MAX_QUOTES_PER_FOUNDER, BookEntry, QuoteBook, QuoteBookFull, RateStore
from bot.store.sessions import SessionStore

logger = logging.getLogger(__name__)

_SORRY = "Sorry, something went wrong on my side; nothing was changed. Please try again."
_NO_QUOTE = (
    "I could not find a quote in that: I look for quantities with unit prices, e.g. "
    "“1000 @ $0.80, 5000 @ $0.45, setup $150”. Nothing was stored."
)
_NO_PRICE = (
    "I found no price in that quote ({found}), so I can't compare it. Paste the part with "
    "quantities and unit prices, e.g. “1000 @ $0.80”. Nothing was stored."
)
_NEED = (
    "Tell me the need to compare at, e.g. /quotes compare 500 a month (or 2000 once, "
    "budget €1,500)."
)
_SHIPPED_RATES = Path("rates") / "eurofxref.csv"
PRICE_LISTS_FILE = "price-lists.yaml"

Draw = Callable[[ComparisonChart], Awaitable[bytes]]
# Writes a change's replies to the outbox in the change's transaction (bot/delivery.py).
ReplyIn = Callable[[AsyncSession, Sequence[Reply]], Awaitable[None]]
T = TypeVar("T")


async def _no_outbox(_session: AsyncSession, _replies: Sequence[Reply]) -> None:
    """Writes nothing: the replies are only returned (no durable delivery)."""


class QuoteService:
    """Each founder's quotes, kept for them alone."""

    def __init__(
        self,
        db: Database,
        knowledge_dir: Path,
        draw: Draw | None = None,
        is_admin: Callable[[int], bool] = lambda _user: False,
        reply_in: ReplyIn = _no_outbox,
    ) -> None:
        self._db = db
        self._reply_in = reply_in
        self._knowledge_dir = knowledge_dir
        self._draw = draw
        self._is_admin = is_admin

    # ----------------------------------------------------------------------------------------
    # Receiving a quote
    # ----------------------------------------------------------------------------------------

    async def receive(
        self, user_id: int, text: str, source: str, filename: str | None = None
    ) -> list[Reply]:
        """Reads a quote the founder sent and stores it unconfirmed; shows what was read."""
        refusal = too_long(text)
        if refusal is not None:
            return [render.plain_reply(f"{refusal} Nothing was stored.")]
        # Off the event loop: a hostile paste costs up to ~0.1 s of CPU, other chats go on.
        reading = await asyncio.to_thread(read_quote, text)
        if reading is None:
            return [render.plain_reply(_NO_QUOTE)]
        if not reading.tiers:
            found = ", ".join(name.replace("_", " ") for name, _ in reading.figures()) or "no"
            return [render.plain_reply(_NO_PRICE.format(found=found + " figures"))]
        rates = await self.rates()
        if reading.currency is not None and not rates.knows(reading.currency):
            return [
                render.plain_reply(
                    f"This quote is in {reading.currency}, and the euro reference rates I have "
                    f"(ECB, {rates.on:%d %B %Y}) give no rate for it, so I could not compare it "
                    f"with anything. Nothing was stored."
                )
            ]
        supplier = reading.supplier.value if reading.supplier else "Unnamed supplier"
        try:
            return await self._change(
                lambda session: QuoteBook(session, user_id).add(
                    supplier, text, reading, source, filename
                ),
                lambda entry: [render.reading_reply(entry.id, reading, _quote(entry))],
            )
        except QuoteBookFull:
            return [
                render.plain_reply(
                    f"Your quote book is full ({MAX_QUOTES_PER_FOUNDER} quotes); delete some "
                    f"with /quotes delete ID first. Nothing was stored."
                )
            ]

    async def _change(
        self,
        work: Callable[[AsyncSession], Awaitable[T]],
        replies_to: Callable[[T], list[Reply]],
    ) -> list[Reply]:
        """Returns the replies to a change, written to the outbox in the change's transaction
        (a crash after the commit still answers the founder)."""

        async def unit(session: AsyncSession) -> list[Reply]:
            replies = replies_to(await work(session))
            await self._reply_in(session, replies)
            return replies

        return await self._db.unit_of_work(unit)

    def check_document(self, filename: str, size: int | None) -> list[Reply] | None:
        """Returns the refusal for a document not to download, or None to go ahead."""
        try:
            check_document(filename, size)
        except DocumentError as exc:
            return [render.plain_reply(str(exc))]
        return None

    async def receive_document(self, user_id: int, filename: str, data: bytes) -> list[Reply]:
        """Reads a CSV, XLSX or PDF quote and stores it as a quote sent as text would be."""
        try:
            # A 2 MB spreadsheet or PDF takes a second or more to open: not on the event loop.
            text = await asyncio.to_thread(document_text, filename, data)
        except DocumentError as exc:
            return [render.plain_reply(str(exc))]
        return await self.receive(user_id, text, "document", filename)

    def photo(self) -> list[Reply]:
        """Returns the answer to a photo of a quote."""
        return [render.plain_reply(PHOTO)]

    # ----------------------------------------------------------------------------------------
    # Buttons and /quotes
    # ----------------------------------------------------------------------------------------

    async def press(self, user_id: int, action: str, arg: str) -> list[Reply]:
        """Answers a quote button: confirm, correct, discard, or compare."""
        quote_id = int(arg) if arg.isdigit() else 0
        if action == render.CONFIRM:
            return await self._change(
                lambda session: QuoteBook(session, user_id).confirm(quote_id),
                lambda entry: [
                    render.plain_reply(f"You have no quote #{quote_id}.")
                    if entry is None
                    else render.confirmed_reply(entry.id, entry.supplier)
                ],
            )
        if action == render.CORRECT:
            return [render.correct_help(quote_id)]
        if action == render.DISCARD:
            return await self._delete(user_id, quote_id)
        return await self.compare(user_id, "")

    async def command(self, user_id: int, args: str, *, in_group: bool) -> list[Reply]:
        """Answers /quotes [list | show ID | edit ID FIELD VALUE | delete ID | compare NEED]."""
        if in_group:
            return [render.plain_reply(render.PRIVATE_ONLY)]
        try:
            return await self._command(user_id, args.strip())
        except InputError as exc:
            return [render.plain_reply(f"{exc.field}: {exc.reason}. Nothing was changed.")]
        except Exception:
            logger.exception("quotes command failed for user %d", user_id)
            return [render.plain_reply(_SORRY)]

    async def _command(self, user_id: int, args: str) -> list[Reply]:
        verb, _, rest = args.partition(" ")
        verb = verb.lower()
        if verb in ("", "list"):
            entries = await self._entries(user_id)
            return [
                render.book_reply([(e.id, e.supplier, e.confirmed, e.reading) for e in entries])
            ]
        if verb == "compare":
            return await self.compare(user_id, rest)
        if verb not in ("show", "delete", "edit"):
            choices = "list, show, edit, delete, compare"
            raise InputError("quotes", f"{verb[:20]!r} is not one of {choices}")
        number, _, tail = rest.strip().partition(" ")
        if not number.lstrip("#").isdigit():
            raise InputError(verb, "give the quote's number, e.g. /quotes show 3")
        quote_id = int(number.lstrip("#"))
        if verb == "show":
            entry = await self._entry(user_id, quote_id)
            return [render.reading_reply(entry.id, entry.reading, _quote(entry))]
        if verb == "delete":
            return await self._delete(user_id, quote_id)
        field, _, value = tail.strip().partition(" ")
        return await self._edit(user_id, quote_id, field, value)

    async def _entries(self, user_id: int) -> list[BookEntry]:
        async with self._db.sessions() as session:
            return await QuoteBook(session, user_id).all()

    async def _entry(self, user_id: int, quote_id: int) -> BookEntry:
        async with self._db.sessions() as session:
            entry = await QuoteBook(session, user_id).get(quote_id)
        if entry is None:
            raise InputError("quote", f"you have no quote #{quote_id}")
        return entry

    async def _delete(self, user_id: int, quote_id: int) -> list[Reply]:
        return await self._change(
            lambda session: QuoteBook(session, user_id).delete(quote_id),
            lambda deleted: [
                render.plain_reply(
                    f"Deleted quote #{quote_id}." if deleted else f"You have no quote #{quote_id}."
                )
            ],
        )

    async def _edit(self, user_id: int, quote_id: int, field: str, value: str) -> list[Reply]:
        entry = await self._entry(user_id, quote_id)
        corrected = correct_reading(entry.reading, field, value)

        def replies_to(stored: BookEntry | None) -> list[Reply]:
            if stored is None:  # raised inside the transaction: nothing is written
                raise InputError("quote", f"you have no quote #{quote_id}")
            return [render.reading_reply(stored.id, stored.reading, _quote(stored))]

        return await self._change(
            lambda session: QuoteBook(session, user_id).replace_reading(quote_id, corrected),
            replies_to,
        )

    # ----------------------------------------------------------------------------------------
    # Comparing
    # ----------------------------------------------------------------------------------------

    async def compare(self, user_id: int, need_text: str) -> list[Reply]:
        """Compares the founder's confirmed quotes at the need given (or their chat's need)."""
        async with self._db.sessions() as session:
            entries = await QuoteBook(session, user_id).all(confirmed_only=True)
            chat_state = await SessionStore(session).load(SessionKey(user_id, user_id, None))
        if not entries:
            return [
                render.plain_reply(
                    "You have no confirmed quote yet: forward me a supplier's quote, then press "
                    "Confirm."
                )
            ]
        quotes = [_quote(e) for e in entries]
        need = _need(need_text, chat_state.state if chat_state else None, quotes)
        if need is None:
            return [render.plain_reply(_NEED)]
        rates = await self.rates()
        try:
            comparison = compare_quotes(quotes, need, rates)
        except InputError as exc:
            return [render.plain_reply(f"{exc.reason}.")]
        replies = render.comparison_replies(comparison)
        if self._draw is not None:
            try:
                png = await self._draw(comparison.chart)
            except Exception:
                logger.exception("comparison chart could not be drawn")
            else:
                chart = Attachment("quotes.png", png, comparison.chart.title[:1000])
                replies.append(Reply(Plain(""), attachments=(chart,)))
        return replies

    # ----------------------------------------------------------------------------------------
    # Rates
    # ----------------------------------------------------------------------------------------

    async def rates(self) -> Rates:
        """Returns the loaded rates, else the shipped file's (a reader: the knowledge follower
        asks every few seconds, and on SQLite a writer's session would take the write lock)."""
        async with self._db.readers() as session:
            loaded = await RateStore(session).current()
        if loaded is not None:
            return loaded
        text = (self._knowledge_dir / _SHIPPED_RATES).read_text(encoding="utf-8")
        return parse_ecb_csv(text)

    async def load_rates(self, actor_id: int, filename: str, data: bytes) -> list[Reply]:
        """Stores an admin's ECB rates file after checking all of it (admins only)."""
        if not self._is_admin(actor_id):
            return [render.plain_reply("Only admins can load exchange rates. Nothing changed.")]
        try:
            if len(data) > 2_000_000:
                raise InputError("rates", "the file is larger than 2 MB")
            rates = parse_ecb_csv(data.decode("utf-8-sig"))
        except (InputError, UnicodeDecodeError) as exc:
            reason = exc.reason if isinstance(exc, InputError) else "not UTF-8 text"
            return [render.plain_reply(f"{filename[:60]}: {reason}. Nothing changed.")]
        await self._db.unit_of_work(lambda session: RateStore(session).save(rates, actor_id))
        return [render.rates_loaded(rates)]


def load_price_lists(knowledge_dir: Path) -> tuple[PriceList, ...]:
    """Returns the published price lists the chat prices needs on (none when the file is
    missing or invalid: the chat then says "no price known", never a guess)."""
    import yaml  # the shell reads the file; the core validates it

    path = knowledge_dir / PRICE_LISTS_FILE
    try:
        # libyaml's scanner under the same safe constructor (the pure one took ~1/10 of the
        # start-up); the pure loader where PyYAML was built without libyaml.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - safe
    except FileNotFoundError:
        return ()
    except (OSError, yaml.YAMLError) as error:
        logger.error("published price lists not loaded: %s: %s", path, error)
        return ()
    lists, errors = validate_price_lists(data)
    if errors:
        logger.error("published price lists not loaded: %s: %s", path, "; ".join(errors[:5]))
    return tuple(lists)


def shipped_rates(knowledge_dir: Path) -> Rates | None:
    """Returns the rates shipped in knowledge/rates/, or None when there is no valid file."""
    try:
        return parse_ecb_csv((knowledge_dir / _SHIPPED_RATES).read_text(encoding="utf-8"))
    except (OSError, InputError) as error:
        logger.warning("no shipped exchange rates: %s", error)
        return None


def _quote(entry: BookEntry) -> Quote:
    """Returns the comparison's view of a stored quote."""
    return Quote.from_reading(entry.reading, entry.supplier)


def _need(text: str, chat_state: dict[str, object] | None, quotes: list[Quote]) -> Need | None:
    """Returns the need from the text ("500 a month, budget €2k"), else the chat's, else None."""
    currency = next((q.currency for q in quotes if q.currency), None)
    if text.strip():
        parsed = parse(text)
        if parsed.quantity is None:
            return None
        period = parsed.quantity.period or parsed.period or Period.ONCE
        budget = parsed.budget.amount if parsed.budget else None
        if parsed.budget and parsed.budget.currency:
            currency = parsed.budget.currency
        shelf = Decimal(parsed.shelf_life_months) if parsed.shelf_life_months else None
        demand = Demand(
            parsed.quantity.value,
            period,
            budget=budget,
            shelf_life_months=shelf,
            stage=parsed.stage,
        )
        return Need(demand, currency)
    if chat_state is None:
        return None
    need = DialogState.from_dict(chat_state).need
    if need.quantity is None or need.period is None:
        return None
    demand = Demand(
        need.quantity,
        need.period,
        budget=need.budget,
        shelf_life_months=Decimal(need.shelf_life_months) if need.shelf_life_months else None,
        stage=need.stage,
    )
    return Need(demand, need.currency or currency)


__all__ = ["PRICE_LISTS_FILE", "QuoteService", "load_price_lists", "shipped_rates"]
