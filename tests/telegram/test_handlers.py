"""The Telegram layer offline: updates in, Bot API calls out, through a real PTB Application."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, cast

import pytest
from telegram import Bot, Update

from bot.core.types import Command, Press, ReplyContext, SessionKey, Text
from bot.telegram.send import typing
from tests.e2e.telegram_html import parse_html
from tests.telegram.conftest import BOT_ID, BOT_USERNAME, Offline

GROUP: dict[str, Any] = {"id": -100123, "type": "supergroup", "title": "Founders"}
FORUM: dict[str, Any] = {"id": -100777, "type": "supergroup", "title": "Makers", "is_forum": True}


def _bot_message(
    chat: dict[str, object], message_id: int = 50, **extra: object
) -> dict[str, object]:
    """Returns a message the bot sent earlier (for replies and presses)."""
    return {
        "message_id": message_id,
        "date": 1,
        "chat": chat,
        "from": {"id": BOT_ID, "is_bot": True, "first_name": "Smallbatch"},
        "text": "earlier answer",
        **extra,
    }


async def test_start_in_private_reaches_the_assistant_and_replies_in_html(
    offline: Offline,
) -> None:
    await offline.client.send(1, "/start")

    key, event, ctx = offline.assistant.events[0]
    assert key == SessionKey(1, 1, None)
    assert event == Command("start", "")
    assert ctx == ReplyContext(in_group=False, bot_username=BOT_USERNAME)
    [sent] = offline.request.sent()
    assert sent["parse_mode"] == "HTML"
    assert "&lt;friend&gt; &amp; co" in sent["text"]
    assert parse_html(sent["text"]).text.startswith("Hi <friend> & co")
    assert "reply_parameters" not in sent, "no quoting in private chats"
    button = sent["reply_markup"]["inline_keyboard"][0][0]
    assert button["callback_data"] == "v1:cat:packaging-mailers"


async def test_command_arguments_and_bot_suffix_are_parsed(offline: Offline) -> None:
    await offline.client.send(1, f"/edit@{BOT_USERNAME} quantity 500")
    assert offline.assistant.events[0][1] == Command("edit", "quantity 500")


async def test_free_text_in_private_is_a_text_event(offline: Offline) -> None:
    await offline.client.send(1, "300 boxes a month")
    assert offline.assistant.events[0][1] == Text("300 boxes a month")


async def test_a_command_for_another_bot_is_ignored_in_a_group(offline: Offline) -> None:
    await offline.client.send(1, "/start@OtherBot", chat=GROUP)
    assert offline.assistant.events == []
    assert offline.request.sent() == []


async def test_group_chatter_not_for_the_bot_is_ignored(offline: Offline) -> None:
    chatter = await offline.client.send(1, "anyone know a box supplier?", chat=GROUP)
    await offline.client.send(2, "try the bot", chat=GROUP, reply_to=chatter)
    assert offline.assistant.events == []
    assert offline.request.sent() == []


async def test_a_group_command_is_answered_quoting_the_asker(offline: Offline) -> None:
    asked = await offline.client.send(5, f"/start@{BOT_USERNAME}", chat=GROUP)
    key, _, ctx = offline.assistant.events[0]
    assert key == SessionKey(GROUP["id"], 5, None)
    assert ctx.in_group
    [sent] = offline.request.sent()
    assert sent["chat_id"] == GROUP["id"]
    assert sent["reply_parameters"]["message_id"] == asked["message_id"]
    assert sent["reply_parameters"]["allow_sending_without_reply"] is True


async def test_a_reply_to_the_bot_and_a_mention_reach_it_in_a_group(offline: Offline) -> None:
    earlier = _bot_message(GROUP)
    await offline.client.send(5, "300 a month", chat=GROUP, reply_to=earlier)
    await offline.client.send(6, f"@{BOT_USERNAME} woven labels please", chat=GROUP)
    events = [event for _, event, _ in offline.assistant.events]
    assert events == [Text("300 a month"), Text("woven labels please")]


async def test_two_users_in_one_group_have_separate_sessions(offline: Offline) -> None:
    await offline.client.send(5, "/start", chat=GROUP)
    await offline.client.send(6, "/start", chat=GROUP)
    keys = {key for key, _, _ in offline.assistant.events}
    assert keys == {SessionKey(GROUP["id"], 5, None), SessionKey(GROUP["id"], 6, None)}


async def test_a_forum_topic_command_is_answered_in_its_topic(offline: Offline) -> None:
    await offline.client.send(5, "/start", chat=FORUM, thread_id=42)
    assert offline.assistant.events[0][0] == SessionKey(FORUM["id"], 5, 42)
    [sent] = offline.request.sent()
    assert sent["message_thread_id"] == 42


async def test_a_topic_message_is_not_mistaken_for_a_reply_to_the_bot(offline: Offline) -> None:
    # Telegram sets the topic's creation message as reply_to_message of every topic message.
    topic_start = _bot_message(FORUM, 42, forum_topic_created={"name": "Boxes", "icon_color": 1})
    await offline.client.send(
        5, "chatting in the topic", chat=FORUM, thread_id=42, reply_to=topic_start
    )
    assert offline.assistant.events == []


async def test_a_press_is_answered_and_becomes_a_press_event(offline: Offline) -> None:
    bot_message = _bot_message({"id": 1, "type": "private", "first_name": "Ann"})
    query = await offline.client.click(1, bot_message, "v1:more:2")
    assert offline.assistant.events[0][1] == Press("more", "2")
    answers = offline.request.sent("answerCallbackQuery")
    assert [a["callback_query_id"] for a in answers] == [query]
    assert offline.request.sent()[0]["text"] == "pressed more:2"


@pytest.mark.parametrize("data", ["v0:pick:1", "garbage", "v1:", "v1:noarg"])
async def test_an_old_or_foreign_button_gets_a_polite_expired_answer(
    offline: Offline, data: str
) -> None:
    bot_message = _bot_message({"id": 1, "type": "private", "first_name": "Ann"})
    await offline.client.click(1, bot_message, data)
    assert offline.assistant.events == []
    [answer] = offline.request.sent("answerCallbackQuery")
    assert "expired" in answer["text"]
    assert offline.request.sent() == []


async def test_someone_elses_buttons_in_a_group_are_refused(offline: Offline) -> None:
    asked = offline.client.message(5, "/start", chat=GROUP)
    answer = _bot_message(GROUP, reply_to_message=asked)
    await offline.client.click(6, answer, "v1:cat:labels")
    assert offline.assistant.events == []
    [refusal] = offline.request.sent("answerCallbackQuery")
    assert refusal["show_alert"] is True
    await offline.client.click(5, answer, "v1:cat:labels")
    assert offline.assistant.events[0][1] == Press("cat", "labels")
    assert offline.request.sent()[0]["reply_parameters"]["message_id"] == asked["message_id"]


async def test_anyone_may_press_an_answer_that_quotes_only_the_topic_start(
    offline: Offline,
) -> None:
    topic_start = offline.client.message(5, "", chat=FORUM, thread_id=42)
    topic_start["forum_topic_created"] = {"name": "Boxes", "icon_color": 1}
    answer = _bot_message(
        FORUM, message_thread_id=42, is_topic_message=True, reply_to_message=topic_start
    )
    await offline.client.click(6, answer, "v1:more:1")
    assert offline.assistant.events[0][0] == SessionKey(FORUM["id"], 6, 42)


async def test_a_long_reply_is_split_under_4096_with_buttons_on_the_last_part(
    offline: Offline,
) -> None:
    await offline.client.send(1, "long")
    parts = offline.request.sent()
    assert len(parts) >= 3
    assert all(len(parse_html(p["text"]).text) <= 4096 for p in parts)
    assert [("reply_markup" in p) for p in parts] == [False] * (len(parts) - 1) + [True]
    assert "line 0 " in parts[0]["text"]
    assert "line 119 " in parts[-1]["text"]


async def test_a_chart_goes_out_as_a_photo_with_an_escaped_caption(offline: Offline) -> None:
    await offline.client.send(1, "chart")
    [photo] = offline.request.sent("sendPhoto")
    assert photo["caption"] == "Yearly cost &lt;by&gt; order size"
    assert photo["parse_mode"] == "HTML"
    assert [m["text"] for m in offline.request.sent()] == ["Order 300 at a time"]


async def test_when_the_photo_fails_its_caption_goes_out_as_text(offline: Offline) -> None:
    offline.request.failing["sendPhoto"] = "Bad Request: IMAGE_PROCESS_FAILED"
    await offline.client.send(1, "chart")
    texts = [parse_html(m["text"]).text for m in offline.request.sent()]
    assert texts == ["Order 300 at a time", "Yearly cost <by> order size"]


async def test_a_failing_assistant_is_logged_and_the_user_told_briefly(
    offline: Offline, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="bot.telegram.handlers"):
        await offline.client.send(1, "boom")
    assert any("failed (chat 1, user 1)" in r.getMessage() for r in caplog.records)
    [sorry] = offline.request.sent()
    assert "went wrong" in sorry["text"]
    await offline.client.send(1, "still there?")
    assert offline.request.sent()[-1]["text"] == "You said: still there?"


async def test_slow_answers_show_typing_and_fast_ones_do_not(offline: Offline) -> None:
    await offline.client.send(1, "fast")
    assert offline.request.sent("sendChatAction") == []
    offline.assistant.delay = 0.6
    await offline.client.send(1, "slow")
    [action] = offline.request.sent("sendChatAction")
    assert action["action"] == "typing"


async def test_a_fast_answer_starts_no_typing_task_at_all() -> None:
    class _NoActions:
        async def send_chat_action(self, *_args: Any, **_kwargs: Any) -> None:
            raise AssertionError("a fast answer shows no chat action")

    before = asyncio.all_tasks()
    async with typing(cast(Bot, _NoActions()), 1, None):
        assert asyncio.all_tasks() == before, "no task made (and cancelled) per update"
    assert asyncio.all_tasks() == before


async def test_a_failing_chat_action_never_blocks_the_reply(offline: Offline) -> None:
    offline.request.failing["sendChatAction"] = "Bad Request: not enough rights"
    offline.assistant.delay = 0.6
    await offline.client.send(1, "slow")
    assert offline.request.sent()[-1]["text"] == "You said: slow"


async def test_edited_messages_are_not_answered(offline: Offline) -> None:
    message = offline.client.message(1, "edited text")
    await offline.client.process({"edited_message": {**message, "edit_date": 2}})
    assert offline.assistant.events == []


async def test_updates_arrive_concurrently_yet_each_users_stay_in_order(offline: Offline) -> None:
    # Through the application's own queue and update processor, as in production. Each user's
    # first message is slow: without per-user ordering their second answer would overtake it.
    offline.assistant.delays = {"1:0": 0.3, "2:0": 0.3}
    await offline.app.start()
    try:
        for number in range(5):
            for user_id in (1, 2):
                message = offline.client.message(user_id, f"{user_id}:{number}")
                payload = {"update_id": number * 2 + user_id, "message": message}
                await offline.app.update_queue.put(Update.de_json(payload, offline.app.bot))
        for _ in range(200):
            if len(offline.request.sent()) == 10:
                break
            await asyncio.sleep(0.02)
    finally:
        await offline.app.stop()
    answers = [(m["chat_id"], m["text"]) for m in offline.request.sent()]
    for user_id in (1, 2):
        mine = [text for chat, text in answers if chat == user_id]
        assert mine == [f"You said: {user_id}:{n}" for n in range(5)]
    starts = [e.text for _, e, _ in offline.assistant.events if isinstance(e, Text)]
    assert starts.index("2:0") < starts.index("1:1"), "users do not wait for each other"
