"""The Bot API stand-in behaves like Telegram towards PTB's own Bot (the client the bot uses)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
)
from telegram.error import BadRequest, Conflict, InvalidToken, RetryAfter

from tests.e2e.botapi import BotApiServer

TOKEN = "123456:TEST"
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.fixture
async def server() -> AsyncIterator[BotApiServer]:
    """Yields a running stand-in without flood control."""
    api = BotApiServer(TOKEN)
    await api.start()
    yield api
    await api.stop()


@pytest.fixture
async def bot(server: BotApiServer) -> AsyncIterator[Bot]:
    """Yields PTB's Bot pointed at the stand-in."""
    client = Bot(TOKEN, base_url=server.base_url, base_file_url=server.base_url[:-4] + "/file/bot")
    async with client:
        yield client


async def test_get_me_describes_a_bot_with_privacy_mode_on(bot: Bot) -> None:
    me = await bot.get_me()
    assert me.is_bot
    assert me.username == "SmallbatchTestBot"
    assert me.can_read_all_group_messages is False


async def test_html_is_parsed_into_plain_text_and_entities(server: BotApiServer, bot: Bot) -> None:
    user = server.user("Ann")
    message = await bot.send_message(
        user.id, "<b>&lt;b&gt;boxes&lt;/b&gt;</b> &amp; co", parse_mode="HTML"
    )
    assert message.text == "<b>boxes</b> & co"
    assert message.entities[0].type == "bold"
    assert message.entities[0].length == len("<b>boxes</b>")
    assert isinstance(message.date.timestamp(), float)
    assert abs(message.date.timestamp() - time.time()) < 60  # seconds, not milliseconds


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<script>alert(1)</script>", 'Unsupported start tag "script"'),
        ("<b>open", "Can't find end tag"),
        ("a < b", "Unclosed start tag"),
        ("<b><i>x</b></i>", "Unmatched end tag"),
    ],
    ids=["unknown-tag", "unclosed", "bare-lt", "crossed"],
)
async def test_malformed_html_is_refused_like_telegram(
    server: BotApiServer, bot: Bot, html: str, reason: str
) -> None:
    user = server.user("Ann")
    with pytest.raises(BadRequest, match=r"(?i)can.t parse entities") as caught:
        await bot.send_message(user.id, html, parse_mode="HTML")
    assert reason.lower() in caught.value.message.lower()
    assert server.sent == []


async def test_text_over_4096_characters_after_parsing_is_refused(
    server: BotApiServer, bot: Bot
) -> None:
    user = server.user("Ann")
    await bot.send_message(user.id, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")  # fits
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(user.id, "x" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(user.id, "🙂" * 2049)  # 4,098 UTF-16 code units


async def test_callback_data_over_64_bytes_is_refused(server: BotApiServer, bot: Bot) -> None:
    user = server.user("Ann")
    ok = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="x" * 64)]])
    await bot.send_message(user.id, "fits", reply_markup=ok)
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("no", callback_data="é" * 33)]])
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(user.id, "too long", reply_markup=too_long)


async def test_long_polling_waits_then_delivers_and_offset_confirms(
    server: BotApiServer, bot: Bot
) -> None:
    user = server.user("Ann")
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.3)
    assert not poll.done()  # long polling: nothing yet
    await server.send(user, "/start")
    updates = await asyncio.wait_for(poll, 5)
    assert time.monotonic() - started < 4
    first = updates[0].message
    assert first is not None
    assert first.text == "/start"
    assert first.entities[0].type == "bot_command"
    again = await bot.get_updates(timeout=0)
    assert [u.update_id for u in again] == [updates[0].update_id]  # not confirmed yet
    confirmed = await bot.get_updates(offset=updates[0].update_id + 1, timeout=0)
    assert confirmed == ()
    assert server.pending_updates() == 0


async def test_allowed_updates_filters_kinds(server: BotApiServer, bot: Bot) -> None:
    user = server.user("Ann")
    sent = await bot.send_message(
        user.id,
        "pick",
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("a", callback_data="v1:a:")]]),
    )
    await server.press(user, server.sent[-1], "a")
    await server.send(user, "hello")
    updates = await bot.get_updates(timeout=0, allowed_updates=["message"])
    assert [u.message.text if u.message else None for u in updates] == ["hello"]
    both = await bot.get_updates(timeout=0, allowed_updates=["message", "callback_query"])
    query = both[0].callback_query
    assert query is not None
    assert query.chat_instance
    assert query.message is not None
    assert query.message.message_id == sent.message_id


async def test_a_second_poller_ends_the_first_with_a_conflict(
    server: BotApiServer, bot: Bot
) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    async with Bot(TOKEN, base_url=server.base_url) as other_instance:
        second = asyncio.create_task(other_instance.get_updates(timeout=1))
        with pytest.raises(Conflict, match="terminated by other getUpdates"):
            await asyncio.wait_for(first, 5)
        assert await asyncio.wait_for(second, 5) == ()


async def test_forum_topic_and_quote_are_kept(server: BotApiServer, bot: Bot) -> None:
    ann = server.user("Ann")
    forum = server.group("Makers", forum=True)
    topic = await server.topic(forum, ann, "Packaging")
    asked = await server.send(ann, "/start@SmallbatchTestBot", chat=forum, thread_id=topic)
    message = await bot.send_message(
        forum.id,
        "hi",
        message_thread_id=topic,
        reply_parameters=ReplyParameters(message_id=asked["message_id"]),
    )
    assert message.message_thread_id == topic
    assert message.is_topic_message
    assert message.reply_to_message is not None
    assert message.reply_to_message.from_user is not None
    assert message.reply_to_message.from_user.id == ann.id
    assert message.chat.is_forum
    with pytest.raises(BadRequest, match=r"(?i)message thread not found"):
        await bot.send_message(forum.id, "lost", message_thread_id=999)
    with pytest.raises(BadRequest, match=r"(?i)message to be replied not found"):
        await bot.send_message(forum.id, "x", reply_parameters=ReplyParameters(message_id=999))


async def test_photo_upload_is_multipart_and_downloadable(server: BotApiServer, bot: Bot) -> None:
    user = server.user("Ann")
    message = await bot.send_photo(user.id, PNG_1X1, caption="<i>chart</i>", parse_mode="HTML")
    assert message.photo[-1].width == 1
    assert message.caption == "chart"
    assert server.sent[-1].upload == PNG_1X1
    file = await bot.get_file(message.photo[-1].file_id)
    assert bytes(await file.download_as_bytearray()) == PNG_1X1
    with pytest.raises(BadRequest, match=r"(?i)image_process_failed"):
        await bot.send_photo(user.id, b"not an image")


async def test_edits_return_the_message_and_refuse_no_change(
    server: BotApiServer, bot: Bot
) -> None:
    user = server.user("Ann")
    sent = await bot.send_message(user.id, "one")
    edited = await bot.edit_message_text("two", chat_id=user.id, message_id=sent.message_id)
    assert isinstance(edited, Message)  # a bot's own message comes back, not True
    assert edited.text == "two"
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("two", chat_id=user.id, message_id=sent.message_id)
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("a", callback_data="v1:a:")]])
    changed = await bot.edit_message_reply_markup(
        chat_id=user.id, message_id=sent.message_id, reply_markup=markup
    )
    assert isinstance(changed, Message)
    assert changed.reply_markup == markup


async def test_a_callback_query_can_be_answered_once(server: BotApiServer, bot: Bot) -> None:
    user = server.user("Ann")
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("a", callback_data="v1:a:")]])
    await bot.send_message(user.id, "pick", reply_markup=markup)
    query_id = await server.press(user, server.sent[-1], "a")
    assert await bot.answer_callback_query(query_id, text="done")
    assert server.callback_answers[query_id]["text"] == "done"
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query_id)


async def test_commands_are_kept_per_scope(bot: Bot) -> None:
    await bot.set_my_commands([BotCommand("start", "Start")])
    await bot.set_my_commands([BotCommand("help", "Help")], scope=BotCommandScopeAllGroupChats())
    assert [c.command for c in await bot.get_my_commands()] == ["start"]
    groups = await bot.get_my_commands(scope=BotCommandScopeAllGroupChats())
    assert [c.command for c in groups] == ["help"]
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Not-Valid", "x")])


async def test_get_chat_and_chat_action(server: BotApiServer, bot: Bot) -> None:
    forum = server.group("Makers", forum=True)
    chat = await bot.get_chat(forum.id)
    assert chat.is_forum
    assert chat.type == "supergroup"
    assert await bot.send_chat_action(forum.id, "typing")


# PTB warns about RetryAfter.retry_after turning into a timedelta in v23; not our concern here.
FUTURE_RETRY_AFTER = "ignore::telegram.warnings.PTBDeprecationWarning"


@pytest.mark.filterwarnings(FUTURE_RETRY_AFTER)
async def test_flood_control_answers_429_with_retry_after() -> None:
    # The clock stands still: on a loaded machine five sends can take over a second, which
    # refilled the bucket and made this test fail.
    api = BotApiServer(TOKEN, global_rate=5, clock=lambda: 1000.0)
    await api.start()
    try:
        async with Bot(TOKEN, base_url=api.base_url) as bot:
            user = api.user("Ann")
            for number in range(5):
                await bot.send_message(user.id, f"m{number}")
            with pytest.raises(RetryAfter) as caught:
                await bot.send_message(user.id, "one too many")
            assert "retry in 1 seconds" in str(caught.value).lower()  # from retry_after
            assert api.errors[-1][:2] == ("sendmessage", 429)
            assert api.rate_limited == 1
    finally:
        await api.stop()


@pytest.mark.filterwarnings(FUTURE_RETRY_AFTER)
async def test_group_flood_control_is_per_group() -> None:
    api = BotApiServer(TOKEN, group_rate_per_minute=3)
    await api.start()
    try:
        async with Bot(TOKEN, base_url=api.base_url) as bot:
            one, two = api.group("One"), api.group("Two")
            for _ in range(3):
                await bot.send_message(one.id, "x")
            with pytest.raises(RetryAfter):
                await bot.send_message(one.id, "x")
            await bot.send_message(two.id, "another group is not limited by the first")
    finally:
        await api.stop()


async def test_a_wrong_token_is_unauthorized(server: BotApiServer) -> None:
    with pytest.raises(InvalidToken):
        async with Bot("999:WRONG", base_url=server.base_url):
            pass
