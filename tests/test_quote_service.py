"""The quote service on a real database: read, confirm, correct, delete, compare, rates."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

from openpyxl import Workbook

from bot.core.advice.quote_render import COMPARE, CONFIRM, CORRECT, DISCARD
from bot.core.markup import Reply
from bot.quote_service import QuoteService
from bot.store.db import Database

KNOWLEDGE = Path(__file__).parents[1] / "knowledge"
ANNA, BEN, ADMIN = 11, 22, 99


def service(db: Database) -> QuoteService:
    return QuoteService(db, KNOWLEDGE, None, lambda user: user == ADMIN)


def text(replies: list[Reply]) -> str:
    return "\n".join(r.text_plain() for r in replies)


async def test_read_confirm_correct_and_compare(db: Database) -> None:
    quotes = service(db)
    shown = text(await quotes.receive(ANNA, "Acme: 1000 @ €0.80, setup €150", "text"))
    assert "1,000+ at €0.80 a unit  “1000 @ €0.80”" in shown
    assert "Set-up per order: €150  “setup €150”" in shown
    assert "no shipping stated" in shown
    # Not confirmed: not compared yet.
    assert "no confirmed quote yet" in text(await quotes.compare(ANNA, "500 a month"))
    assert "Saved quote #1" in text(await quotes.press(ANNA, CONFIRM, "1"))
    corrected = text(await quotes.command(ANNA, "edit 1 setup 120", in_group=False))
    assert "Set-up per order: €120  “corrected by you”" in corrected
    # A correction is confirmed again before use.
    assert "no confirmed quote yet" in text(await quotes.compare(ANNA, "500 a month"))
    await quotes.press(ANNA, CONFIRM, "1")
    compared = text(await quotes.compare(ANNA, "500 a month"))
    assert "Your quotes compared" in compared
    assert "Acme" in compared
    assert "ask every supplier for a price at" in compared
    assert "Send the correction as: /quotes edit 1" in text(await quotes.press(ANNA, CORRECT, "1"))
    # The button compares at the need of the founder's conversation, or asks for one.
    assert "Tell me the need" in text(await quotes.press(ANNA, COMPARE, "0"))


async def test_a_founder_never_reaches_another_founders_quote(db: Database) -> None:
    quotes = service(db)
    await quotes.receive(ANNA, "Acme: 1000 @ €0.80", "text")
    assert "You have no quote #1" in text(await quotes.press(BEN, CONFIRM, "1"))
    assert "you have no quote #1" in text(
        await quotes.command(BEN, "edit 1 moq 5", in_group=False)
    )
    assert "You have no quote #1" in text(await quotes.press(BEN, DISCARD, "1"))
    assert "empty" in text(await quotes.command(BEN, "", in_group=False))
    assert "Quotes are private" in text(await quotes.command(ANNA, "", in_group=True))
    assert "#1 Acme" in text(await quotes.command(ANNA, "list", in_group=False))
    assert "Deleted quote #1" in text(await quotes.press(ANNA, DISCARD, "1"))


async def test_bad_commands_and_inputs_change_nothing(db: Database) -> None:
    quotes = service(db)
    await quotes.receive(ANNA, "Acme: 1000 @ €0.80", "text")
    assert "is not one of" in text(await quotes.command(ANNA, "edit 1 colour red", in_group=False))
    assert "is not one of list" in text(await quotes.command(ANNA, "frobnicate", in_group=False))
    assert "give the quote's number" in text(await quotes.command(ANNA, "show x", in_group=False))
    await quotes.press(ANNA, CONFIRM, "1")
    assert "Tell me the need" in text(await quotes.compare(ANNA, "soon please"))
    assert "can't read photos" in text(quotes.photo())
    assert "not a quote document" in text(quotes.check_document("a.docx", 10) or [])


async def test_only_admins_load_rates_and_a_bad_file_changes_nothing(db: Database) -> None:
    quotes = service(db)
    good = b"Date, USD, CHF, \n03 March 2025, 1.0500, 0.9400, \n"
    refused = text(await quotes.load_rates(ANNA, "eurofxref.csv", good))
    assert "Only admins" in refused
    assert (await quotes.rates()).on.isoformat() == "2026-02-20"  # the shipped file
    bad = text(await quotes.load_rates(ADMIN, "x.csv", b"Date, USD\nsoon, 1\n"))
    assert "is not a date" in bad
    loaded = text(await quotes.load_rates(ADMIN, "eurofxref.csv", good))
    assert "Loaded 2 euro reference rates of 3 March 2025" in loaded
    assert (await quotes.rates()).knows("CHF")


async def test_compare_without_words_uses_the_need_of_the_founders_chat(db: Database) -> None:
    from bot.core.conversation.dialog import DialogState
    from bot.core.types import Need, Period, SessionKey
    from bot.store.sessions import SessionStore

    need = Need(quantity=400, period=Period.MONTH, currency="EUR")
    state = DialogState(need=need).to_dict()
    await db.unit_of_work(
        lambda session: SessionStore(session).save(SessionKey(ANNA, ANNA, None), state, None)
    )
    quotes = service(db)
    await quotes.receive(ANNA, "Acme: 1000 @ €0.80", "text")
    await quotes.press(ANNA, CONFIRM, "1")
    compared = text(await quotes.press(ANNA, COMPARE, "0"))
    assert "Your quotes compared" in compared
    assert "ask every supplier for a price at 400" in compared


def big_spreadsheet() -> bytes:
    """Returns a 500-row, 150-column XLSX that is no quote: about half a second to open."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for _ in range(500):
        sheet.append(["1 /"] * 150)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_another_founder_is_answered_while_a_big_document_is_read(db: Database) -> None:
    quotes = service(db)
    reading = asyncio.create_task(quotes.receive_document(ANNA, "big.xlsx", big_spreadsheet()))
    await asyncio.sleep(0)  # Anna's document is being opened and read now
    assert "empty" in text(await quotes.command(BEN, "list", in_group=False))
    # Read on the event loop, Anna's document would have been done before Ben got a word.
    assert not reading.done()
    assert "could not find a quote" in text(await reading)
    assert "empty" in text(await quotes.command(ANNA, "list", in_group=False))


def test_the_shipped_price_lists_load_as_the_pure_yaml_loader_reads_them() -> None:
    import yaml

    from bot.core.advice.price_lists import validate_price_lists
    from bot.quote_service import PRICE_LISTS_FILE, load_price_lists

    text = (KNOWLEDGE / PRICE_LISTS_FILE).read_text(encoding="utf-8")
    lists, errors = validate_price_lists(yaml.load(text, Loader=yaml.SafeLoader))
    assert not errors
    assert lists
    assert load_price_lists(KNOWLEDGE) == tuple(lists)
