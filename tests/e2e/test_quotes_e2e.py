"""The quote book end to end: the real bot process over HTTP against the Bot API stand-in.

A founder forwards a supplier's quote, confirms what was read, and gets the comparison with its
chart; another founder in the same group never sees any of it. Bad input (no prices, a document
too large or not a quote, a currency with no rate) gets a clear answer and stores nothing.
"""

from __future__ import annotations

import time

from tests.e2e.botapi import BotApiServer, Chat, Sent, User, user_visible
from tests.e2e.conftest import StartBot

ACME = (
    "Hi Anna, as promised: Acme Packaging can do 1000 @ $0.80, 5000 @ $0.45. "
    "Setup $150 per order, shipping $0.30 per unit. Lead time 3 weeks."
)
BOXCO = "BoxCo: 500 @ $0.95, 2000 @ $0.85, free shipping, no setup fee, 10 days"


async def forward(botapi: BotApiServer, user: User, text: str, sender: str) -> None:
    """Makes a user forward a message they received from `sender` into their private chat."""
    chat = botapi.chats[user.id]
    message = botapi._new_message(chat, user)
    message["text"] = text
    message["forward_origin"] = {
        "type": "hidden_user",
        "date": int(time.time()) - 3600,
        "sender_user_name": sender,
    }
    await botapi._enqueue({"message": message})


async def ask(
    botapi: BotApiServer, user: User, text: str, *, chat: Chat | None = None, count: int = 1
) -> list[Sent]:
    since = len(botapi.sent)
    await botapi.send(user, text, chat=chat)
    return await botapi.replies(user, chat=chat, count=count, since=since, within=30, settle=1.0)


async def forwarded(botapi: BotApiServer, user: User, text: str, sender: str) -> list[Sent]:
    since = len(botapi.sent)
    await forward(botapi, user, text, sender)
    return await botapi.replies(user, since=since, within=30, settle=1.0)


async def test_a_founder_forwards_confirms_and_compares_and_the_group_sees_none_of_it(
    botapi: BotApiServer, start_bot: StartBot
) -> None:
    anna = botapi.user("Anna", "anna_founder")
    ben = botapi.user("Ben", "ben_founder")
    group = botapi.group("Makers")
    await start_bot()

    # 1. A forwarded quote: every figure shown with the words it came from, and buttons.
    read = await forwarded(botapi, anna, ACME, "Acme sales")
    shown = user_visible(read)
    assert "1,000+ at $0.80 a unit" in shown
    assert "“1000 @ $0.80”" in shown
    assert "Set-up per order: $150  “Setup $150 per order”" in shown
    assert "Shipping per unit: $0.30" in shown
    assert "Lead time: 21 days  “Lead time 3 weeks”" in shown
    card = read[-1]
    assert [b["text"] for b in card.buttons] == ["Confirm", "Correct", "Discard"]

    # 2. Confirm it; a second quote comes as a document-free paste with /quote.
    since = len(botapi.sent)
    await botapi.press(anna, card, "Confirm")
    confirmed = user_visible(await botapi.replies(anna, since=since, within=30, settle=1.0))
    assert "Saved quote #1 from Acme Packaging" in confirmed
    box = await ask(botapi, anna, f"/quote {BOXCO}")
    since = len(botapi.sent)
    await botapi.press(anna, box[-1], "Confirm")
    await botapi.replies(anna, since=since, within=30, settle=1.0)

    # 3. The comparison at her need, with the chart.
    answer = await ask(botapi, anna, "/quotes compare 1000 a month", count=2)
    text = user_visible(answer)
    assert "Your quotes compared" in text
    assert "wins" in text
    assert "Acme Packaging" in text
    assert "BoxCo" in text
    assert any(s.is_photo for s in answer)

    # 4. Ben, in the same group, asks for quotes: told they are private, shown nothing.
    in_group = await ask(botapi, ben, "/quotes", chat=group)
    assert "Quotes are private" in user_visible(in_group)
    anna_in_group = await ask(botapi, anna, "/quotes compare 1000 a month", chat=group)
    assert "Quotes are private" in user_visible(anna_in_group)
    group_texts = user_visible(s for s in botapi.sent if s.chat_id == group.id)
    for secret in ("Acme", "BoxCo", "0.80", "0.45"):
        assert secret not in group_texts
    # And his own book, in private, is empty; he cannot reach Anna's quote by its number.
    assert "empty" in user_visible(await ask(botapi, ben, "/quotes"))
    assert "you have no quote #1" in user_visible(await ask(botapi, ben, "/quotes show 1"))
    assert "You have no quote #1" in user_visible(await ask(botapi, ben, "/quotes delete 1"))
    assert "#1 Acme Packaging" in user_visible(await ask(botapi, anna, "/quotes"))


async def test_bad_quotes_get_a_clear_answer_and_nothing_is_stored(
    botapi: BotApiServer, start_bot: StartBot
) -> None:
    carl = botapi.user("Carl", "carl_founder")
    await start_bot()

    no_prices = user_visible(
        await forwarded(botapi, carl, "Thanks for your enquiry, prices follow next week.", "X")
    )
    assert "I could not find a quote in that" in no_prices
    moq_only = user_visible(await forwarded(botapi, carl, "MOQ 500, setup €80", "Y"))
    assert "I found no price in that quote" in moq_only
    no_rate = user_visible(await ask(botapi, carl, "/quote Andes: 100 @ ARS 2000"))
    assert "no rate for it" in no_rate

    since = len(botapi.sent)
    await botapi.send_document(carl, "brochure.docx", b"PK\x03\x04 not a quote")
    refused = user_visible(await botapi.replies(carl, since=since, within=30, settle=1.0))
    assert "is not a quote document I can read" in refused
    since = len(botapi.sent)
    await botapi.send_document(carl, "huge.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024 + 10))
    too_big = user_visible(await botapi.replies(carl, since=since, within=30, settle=1.0))
    assert "may be up to 2 MB" in too_big
    since = len(botapi.sent)
    await botapi.send_document(carl, "quote.csv", b"hello,world\nno,prices\n")
    not_quote = user_visible(await botapi.replies(carl, since=since, within=30, settle=1.0))
    assert "I could not find a quote in that" in not_quote

    assert "Your quote book is empty" in user_visible(await ask(botapi, carl, "/quotes"))


async def test_a_csv_quote_document_is_read(botapi: BotApiServer, start_bot: StartBot) -> None:
    dana = botapi.user("Dana", "dana_founder")
    await start_bot()
    since = len(botapi.sent)
    await botapi.send_document(
        dana, "offer.csv", b"Quantity;Unit price (EUR)\n500;1,20\n1000;0,90\nSetup;150\n"
    )
    shown = user_visible(await botapi.replies(dana, since=since, within=30, settle=1.0))
    assert "500+ at €1.20 a unit" in shown
    assert "Set-up per order: €150" in shown


async def test_a_group_answer_is_priced_on_a_published_list_never_on_her_own_quotes(
    botapi: BotApiServer, start_bot: StartBot
) -> None:
    anna = botapi.user("Anna", "anna_founder")
    group = botapi.group("Makers")
    await start_bot()
    saved = await ask(botapi, anna, "/quote Inkworks: 100 @ $2.50, 500 @ $1.80, setup $60")
    since = len(botapi.sent)
    await botapi.press(anna, saved[-1], "Confirm")
    assert "Saved quote #1" in user_visible(
        await botapi.replies(anna, since=since, within=30, settle=1.0)
    )

    prompt = (await ask(botapi, anna, "/start@SmallbatchTestBot", chat=group))[-1]
    since = len(botapi.sent)
    await botapi.send(
        anna,
        "screen printing on 200 t-shirts a month, budget $800 a month, launching, ships to US",
        chat=group,
        reply_to=prompt,
    )
    answer = user_visible(
        await botapi.replies(anna, chat=group, since=since, within=30, settle=1.0)
    )
    assert "Prices: from Grand Palace's published price list" in answer
    assert "page titled '2017 CONTRACT PRICING CHART'" in answer
    assert "grandpalace.us/2016-contract-printing-price-chart" in answer
    assert "at $1.00 a unit" in answer  # the page's 576+ tier
    group_texts = user_visible(s for s in botapi.sent if s.chat_id == group.id)
    for secret in ("Inkworks", "2.50", "1.80", "your quote"):
        assert secret not in group_texts
