"""End to end: the real bot process over HTTP against the Bot API stand-in on 127.0.0.1."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.e2e.botapi import BotApiServer, Sent, user_visible
from tests.e2e.conftest import BotProcess, StartBot, bot_env

BOT = "@SmallbatchTestBot"
# With the founder's quote: the figures (and the chart) need a price, never a guessed one.
NEED = (
    "about 300 custom printed mailer boxes a month, budget 1500 EUR, ships to Germany, "
    "we already sell. Quote: 100 @ €3.20, 500 @ €2.10"
)
LABELS_NEED = "we need 200 woven labels a month, budget 400 EUR, shipping to France, first sales"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
HOSTILE = "<b>boxes</b> & <script>"


def _entity_text(sent: Sent, entity: dict[str, object]) -> str:
    """Returns the text an entity covers (offsets are UTF-16 code units)."""
    units = sent.text.encode("utf-16-le")
    start, length = int(str(entity["offset"])), int(str(entity["length"]))
    return units[2 * start : 2 * (start + length)].decode("utf-16-le")


def _recommendation(messages: list[Sent]) -> Sent:
    """Returns the message that carries the recommendation's buttons."""
    for sent in messages:
        if any("draft" in str(b["text"]).lower() for b in sent.buttons):
            return sent
    raise AssertionError(f"no recommendation among {[m.text[:60] for m in messages]}")


@pytest.mark.fresh_database  # the first start migrates and seeds, as in production
async def test_private_conversation_from_start_to_recommendation_with_chart(
    botapi: BotApiServer, bot: BotProcess
) -> None:
    ann = botapi.user("Ann")
    await botapi.send(ann, "/start")
    greeting = await botapi.replies(ann)
    assert "Smallbatch" in user_visible(greeting)

    mark = len(botapi.sent)
    await botapi.send(ann, NEED)
    answer = await botapi.replies(ann, count=2, settle=1.0, since=mark)

    text = user_visible(answer)
    assert "mailer boxes" in text
    assert "300" in text
    recommendation = _recommendation(answer)
    assert all(len(str(b.get("callback_data", "")).encode()) <= 64 for b in recommendation.buttons)
    photos = [m for m in answer if m.is_photo]
    assert len(photos) == 1, "the chart goes out as a photo"
    assert photos[0].upload is not None
    assert photos[0].upload.startswith(PNG_SIGNATURE)
    assert botapi.errors == [], "Telegram would have refused something the bot sent"


async def test_inline_buttons_are_answered_and_drive_the_dialog(
    botapi: BotApiServer, bot: BotProcess
) -> None:
    ann = botapi.user("Ann")
    await botapi.send(ann, NEED)
    recommendation = _recommendation(await botapi.replies(ann, count=2, settle=1.0))
    lead = next(b for b in recommendation.buttons if "draft" in str(b["text"]).lower())

    mark = len(botapi.sent)
    query = await botapi.press(ann, recommendation, str(lead["text"]))
    draft = await botapi.replies(ann, since=mark)
    assert query in botapi.callback_answers, "every callback query is answered"
    supplier = str(lead["text"]).split(":", 1)[-1].strip()
    assert supplier in user_visible(draft)

    mark = len(botapi.sent)
    query = await botapi.press(ann, recommendation, "More leads")
    more = await botapi.replies(ann, since=mark)
    assert query in botapi.callback_answers
    assert more
    assert more[0].text

    # A button from an older version of the bot (or forged data) gets a polite answer only.
    mark = len(botapi.sent)
    stale = await botapi.press_data(ann, recommendation, "v0:pick:3")
    await _until(lambda: stale in botapi.callback_answers)
    assert "expired" in str(botapi.callback_answers[stale]["text"]).lower()
    assert await botapi.quiet(0.5, since=mark) == []


async def test_html_in_a_product_name_is_escaped_never_taken_as_markup(
    botapi: BotApiServer, bot: BotProcess
) -> None:
    ann = botapi.user("Ann")
    await botapi.send(ann, "/start")
    await botapi.replies(ann)
    mark = len(botapi.sent)
    await botapi.send(ann, HOSTILE)
    answer = await botapi.replies(ann, since=mark, settle=1.0)

    # Telegram's parser (the stand-in's) accepted every message: an unescaped <script> or a
    # stray & would have been a 400 and no answer at all.
    assert botapi.errors == []
    assert "boxes" in user_visible(answer)
    for sent in answer:
        bold = [e for e in sent.message.get("entities", []) if e["type"] == "bold"]
        assert all(_entity_text(sent, e) != "boxes" for e in bold), "user text became markup"


async def test_product_name_full_of_html_reaches_the_user_intact(
    botapi: BotApiServer, bot: BotProcess
) -> None:
    ann = botapi.user("Ann")
    await botapi.send(ann, "/start")
    await botapi.replies(ann)
    mark = len(botapi.sent)
    # A product no category covers is quoted back in the founder's own words, markup and all.
    await botapi.send(ann, "need 300 <b>yoga mats</b> & <script> a month")
    answer = await botapi.replies(ann, since=mark, settle=1.0)
    assert "yoga mats</b> & <script" in user_visible(answer), "shown as typed, not as markup"


async def test_supplier_name_full_of_html_reaches_the_user_escaped_and_intact(
    botapi: BotApiServer, start_bot: StartBot, tmp_path: Path
) -> None:
    # A test-only row (never in knowledge/): the name is hostile on purpose.
    name = f"{HOSTILE} Packaging Test Row"
    rows = {
        "suppliers": [
            {
                "name": name,
                "website": "example.com",
                "country": "DE",
                "categories": ["packaging-mailers"],
                "keywords": ["mailer box", "custom printed mailer boxes"],
                "moq": 50,
                "small_series": True,
                "source": "tests/e2e fixture, not a real supplier",
            }
        ]
    }
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(rows))
    env = bot_env(botapi, tmp_path)
    imported = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "kb",
        "import",
        str(path),
        env=env,
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await asyncio.wait_for(imported.communicate(), 60)
    assert imported.returncode == 0, err.decode()

    await start_bot()
    ann = botapi.user("Ann")
    await botapi.send(ann, NEED)
    answer = await botapi.replies(ann, count=2, settle=1.0)
    assert name in user_visible(answer)
    assert botapi.errors == []


async def test_two_users_in_one_group_get_their_own_answers_quoted(
    botapi: BotApiServer, bot: BotProcess
) -> None:
    ann, ben = botapi.user("Ann"), botapi.user("Ben")
    group = botapi.group("Founders")
    await asyncio.gather(
        botapi.send(ann, f"/start{BOT}", chat=group), botapi.send(ben, f"/start{BOT}", chat=group)
    )
    ann_prompt = (await botapi.replies(ann, chat=group))[-1]
    ben_prompt = (await botapi.replies(ben, chat=group))[-1]

    mark = len(botapi.sent)
    # Both answer at once, each replying to the bot's message to them.
    await asyncio.gather(
        botapi.send(ann, NEED, chat=group, reply_to=ann_prompt),
        botapi.send(ben, LABELS_NEED, chat=group, reply_to=ben_prompt),
    )
    ann_answer = await botapi.replies(ann, chat=group, since=mark, settle=1.0)
    ben_answer = await botapi.replies(ben, chat=group, since=mark, settle=1.0)

    assert "mailer boxes" in user_visible(ann_answer)
    assert "woven labels" not in user_visible(ann_answer)
    assert "woven labels" in user_visible(ben_answer)
    assert "mailer boxes" not in user_visible(ben_answer)
    everything = botapi.sent[mark:]
    assert all(m.quoted_user_id in (ann.id, ben.id) for m in everything), "each answer quotes"
    assert len(everything) == len(ann_answer) + len(ben_answer)
    # The group gets the short answer and a way to continue in private.
    urls = [b.get("url", "") for m in ann_answer for b in m.buttons]
    assert any("t.me/SmallbatchTestBot" in url for url in urls)


async def test_group_message_not_for_the_bot_gets_no_answer(
    botapi: BotApiServer, bot: BotProcess
) -> None:
    ann, ben = botapi.user("Ann"), botapi.user("Ben")
    group = botapi.group("Founders")
    mark = len(botapi.sent)
    chatter = await botapi.send(ann, "anyone know a good box supplier?", chat=group)
    await botapi.send(ben, "yes, try the bot", chat=group, reply_to=chatter["message_id"])
    await botapi.send(ben, "/start@SomeOtherBot", chat=group)
    assert await botapi.quiet(2.0, since=mark) == []

    await botapi.send(ann, f"{BOT} I need 300 mailer boxes a month", chat=group)
    answer = await botapi.replies(ann, chat=group, since=mark)
    assert answer
    assert answer[0].quoted_user_id == ann.id


async def test_command_in_a_forum_topic_is_answered_in_that_topic(
    botapi: BotApiServer, bot: BotProcess
) -> None:
    ann = botapi.user("Ann")
    forum = botapi.group("Makers", forum=True)
    packaging = await botapi.topic(forum, ann, "Packaging")
    labels = await botapi.topic(forum, ann, "Labels")

    mark = len(botapi.sent)
    await botapi.send(ann, "just chatting in the topic", chat=forum, thread_id=packaging)
    assert await botapi.quiet(1.5, since=mark) == [], "a topic message is not a reply to the bot"

    await botapi.send(ann, "/start", chat=forum, thread_id=packaging)
    answer = await botapi.replies(ann, chat=forum, since=mark)
    assert {m.thread_id for m in answer} == {packaging}
    assert all(m.message.get("is_topic_message") for m in answer)
    assert all(m.quoted_user_id == ann.id for m in answer)

    mark = len(botapi.sent)
    await botapi.send(ann, "/help", chat=forum, thread_id=labels)
    other = await botapi.replies(ann, chat=forum, since=mark)
    assert {m.thread_id for m in other} == {labels}


async def test_a_killed_bot_restarts_and_the_conversation_continues(
    botapi: BotApiServer, bot: BotProcess
) -> None:
    ann = botapi.user("Ann")
    await botapi.send(ann, "/start")
    await botapi.replies(ann)
    mark = len(botapi.sent)
    await botapi.send(ann, "custom printed mailer boxes")
    asked = await botapi.replies(ann, since=mark)
    assert asked

    await bot.kill()  # SIGKILL mid-conversation: no shutdown code runs
    mark = len(botapi.sent)
    await botapi.send(ann, "300 a month")  # sent while the bot is down
    assert await botapi.quiet(0.5, since=mark) == []

    await bot.start()
    resumed = await botapi.replies(ann, since=mark, within=30)
    text = user_visible(resumed).lower()
    assert "what are you making" not in text, "the product answer was not lost"
    mark = len(botapi.sent)
    await botapi.send(ann, "budget 1500 EUR, shipping to Germany, we already sell")
    await botapi.replies(ann, since=mark, within=30)
    mark = len(botapi.sent)
    await botapi.send(ann, "/skip")  # no extras
    # No price known (no quote given): the answer is one message, without a chart.
    answer = await botapi.replies(ann, count=1, since=mark, settle=1.0, within=30)
    final = user_visible(answer)
    assert "mailer boxes" in final, "the answers given before the crash are all there"
    assert "300 a month" in final
    assert _recommendation(answer)


async def test_sigterm_shuts_down_gracefully(botapi: BotApiServer, bot: BotProcess) -> None:
    ann = botapi.user("Ann")
    await botapi.send(ann, "/start")
    await botapi.replies(ann)
    assert await bot.stop() == 0
    assert "assistant closed" in bot.log()
    assert "Traceback" not in bot.log()


async def test_a_failing_photo_falls_back_to_text_and_optional_calls_never_block(
    botapi: BotApiServer, start_bot: StartBot
) -> None:
    botapi.fail("setMyCommands", 500, "Internal Server Error")
    botapi.fail("sendChatAction", 400, "Bad Request: not enough rights")
    botapi.fail("sendPhoto", 400, "Bad Request: IMAGE_PROCESS_FAILED")
    await start_bot()
    ann = botapi.user("Ann")
    await botapi.send(ann, NEED)
    answer = await botapi.replies(ann, count=2, settle=1.0)
    assert _recommendation(answer)
    assert not any(m.is_photo for m in answer)
    assert len(answer) >= 2, "the chart's caption went out as text instead"


async def test_a_failed_send_is_logged_and_the_bot_keeps_running(
    botapi: BotApiServer, bot: BotProcess
) -> None:
    ann = botapi.user("Ann")
    botapi.fail("sendMessage", 500, "Internal Server Error", times=2)
    await botapi.send(ann, "/start")
    await asyncio.sleep(1.5)
    mark = len(botapi.sent)
    await botapi.send(ann, "/help")
    assert await botapi.replies(ann, since=mark)
    assert "failed" in bot.log()


async def test_commands_are_registered_for_private_chats_groups_and_admins(
    botapi: BotApiServer, start_bot: StartBot
) -> None:
    await start_bot(admin_ids=[4242])
    private = botapi.commands["all_private_chats:"]
    groups = botapi.commands["all_group_chats:"]
    admin = botapi.commands["chat:4242:"]
    assert {"start", "help"} <= {c["command"] for c in private}
    assert {"start", "help"} <= {c["command"] for c in groups}
    assert {"addsupplier", "import", "audit"} <= {c["command"] for c in admin}
    assert "addsupplier" not in {c["command"] for c in private}


async def test_webhook_mode_receives_pushed_updates_with_the_secret(
    botapi: BotApiServer, start_bot: StartBot, unused_tcp_port: int
) -> None:
    url = f"http://127.0.0.1:{unused_tcp_port}/telegram"
    process = await start_bot(
        "--webhook-url",
        url,
        "--port",
        str(unused_tcp_port),
        extra_env={"WEBHOOK_SECRET": "s3cret-token"},
        ready=lambda: botapi.webhook is not None,
    )
    assert botapi.webhook is not None
    assert botapi.webhook["url"] == url
    assert botapi.webhook["secret_token"] == "s3cret-token"
    ann = botapi.user("Ann")
    await botapi.send(ann, "/start")
    assert "Smallbatch" in user_visible(await botapi.replies(ann))
    assert await process.stop() == 0


async def _until(condition: Callable[[], bool], within: float = 10.0) -> None:
    """Waits for a condition, polling every 50 ms, for at most `within` seconds."""
    for _ in range(int(within / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not met in time")
