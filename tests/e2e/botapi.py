"""A Bot API server on loopback, faithful to https://core.telegram.org/bots/api, for e2e tests.

The bot under test talks to it over HTTP exactly as to Telegram (`BOT_API_BASE_URL`); the test
plays the users through `BotApiServer`'s client side: a user sends a message or presses a button,
the server turns it into an Update, and the test waits for what the bot sent back.

Why not the npm emulator `telegram-test-api` 4.2.1: its getMe lacks `is_bot`, its dates are in
milliseconds, edits return null, callback queries lack `chat_instance`, getUpdates neither
long-polls nor honours `offset`, most other methods answer 500 and HTML is never validated.

Covered: JSON, form and multipart bodies; getMe; getUpdates (long polling, offset confirmation,
allowed_updates, 409 on a second poller or an active webhook); setWebhook/deleteWebhook/
getWebhookInfo with pushed updates carrying X-Telegram-Bot-Api-Secret-Token; sendMessage (HTML
validated like Telegram, 4,096-character limit after entity parsing, inline keyboards with
callback_data ≤ 64 bytes, message_thread_id, reply_parameters); editMessageText;
editMessageReplyMarkup; answerCallbackQuery; sendPhoto/sendDocument (multipart); sendChatAction;
setMyCommands/getMyCommands/deleteMyCommands; getChat; getFile and file download; 429 with
retry_after when the global (30/s) or per-group (20/min) rate is exceeded, as token buckets whose
caps the test chooses.

Fault injection (`inject`, `outage`): a call answers 500 or 502 without doing anything, hangs
past the client's timeout, has its connection dropped before or after it was carried out (the
message IS recorded but the answer never arrives), answers 429 with retry_after, or answers 200
with a body that is not JSON; per method, optionally per chat, for the next N calls or all.
`outage(seconds)` makes every method fail for that long (Telegram unreachable).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import math
import re
import secrets
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import aiohttp
from aiohttp import web

from tests.e2e.telegram_html import HtmlError, parse_html, utf16_len

JSON = dict[str, Any]

# Telegram's limits (https://core.telegram.org/bots/api, https://core.telegram.org/bots/faq).
MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
GLOBAL_RATE_PER_SECOND = 30
GROUP_RATE_PER_MINUTE = 20
_COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
_BOT_COMMAND = re.compile(r"^/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_MENTION = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{5,32}")
_CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}
# Methods that send or change messages in a chat: the ones Telegram's flood control counts.
_RATED_METHODS = {
    "sendmessage",
    "sendphoto",
    "senddocument",
    "sendchataction",
    "editmessagetext",
    "editmessagereplymarkup",
    "editmessagecaption",
    "deletemessage",
    "copymessage",
    "forwardmessage",
    "sendmediagroup",
}
_JSON_FIELDS = {
    "reply_markup",
    "reply_parameters",
    "entities",
    "caption_entities",
    "allowed_updates",
    "commands",
    "scope",
    "link_preview_options",
    "media",
}


class Fault(StrEnum):
    """What an injected failure does to a Bot API call."""

    HTTP_500 = "500"  # Telegram's own 500 error body; nothing done
    HTTP_502 = "502"  # a proxy's HTML 502 page; nothing done
    TIMEOUT = "timeout"  # no answer until the client gives up; nothing done
    DROP = "drop"  # connection closed before the call is carried out
    LOST_RESPONSE = "lost_response"  # carried out (message recorded), then connection closed
    TOO_MANY = "429"  # 429 with parameters.retry_after; nothing done
    GARBAGE = "garbage"  # 200 with a body that is not JSON; nothing done


# How long a TIMEOUT call hangs at most (past PTB's 5-second read timeout; bounded for tests).
TIMEOUT_HOLD_SECONDS = 12.0


@dataclass
class Injection:
    """One injected failure: which calls it hits and how often."""

    method: str  # lower-case method name, or "*" for every method
    fault: Fault
    times: int | None = 1  # None: every matching call until healed
    chat_id: int | None = None  # None: any chat
    retry_after: int = 1
    hits: int = 0


class ApiError(Exception):
    """An error answer: HTTP status, Telegram's description, optional parameters."""

    def __init__(self, code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


def bad_request(reason: str) -> ApiError:
    """Returns a 400 with Telegram's "Bad Request: " prefix."""
    return ApiError(400, f"Bad Request: {reason}")


# ------------------------------------------------------------------------------------------------
# People and chats (the test creates them)
# ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class User:
    """A Telegram user the test plays."""

    id: int
    first_name: str
    username: str | None = None
    language_code: str = "en"

    def to_json(self) -> JSON:
        """Returns the User object."""
        out: JSON = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.username:
            out["username"] = self.username
        out["language_code"] = self.language_code
        return out


@dataclass
class Chat:
    """A chat: private (id = the user's id), group, or supergroup (forum when is_forum)."""

    id: int
    type: str
    title: str | None = None
    first_name: str | None = None
    username: str | None = None
    is_forum: bool = False
    topics: dict[int, str] = field(default_factory=dict)  # thread id -> topic name

    def to_json(self) -> JSON:
        """Returns the Chat object."""
        out: JSON = {"id": self.id, "type": self.type}
        if self.title is not None:
            out["title"] = self.title
        if self.first_name is not None:
            out["first_name"] = self.first_name
        if self.username is not None:
            out["username"] = self.username
        if self.is_forum:
            out["is_forum"] = True
        return out


@dataclass
class Sent:
    """A message the bot sent (its JSON as returned), with when it arrived."""

    method: str
    message: JSON
    at: float  # time.monotonic()
    upload: bytes | None = None

    @property
    def chat_id(self) -> int:
        """Returns the chat the message went to."""
        return int(self.message["chat"]["id"])

    @property
    def message_id(self) -> int:
        """Returns the message's id."""
        return int(self.message["message_id"])

    @property
    def thread_id(self) -> int | None:
        """Returns the forum topic (message_thread_id) or None."""
        value = self.message.get("message_thread_id")
        return int(value) if value is not None else None

    @property
    def text(self) -> str:
        """Returns the text (or caption) as the user sees it, entities parsed."""
        return str(self.message.get("text") or self.message.get("caption") or "")

    @property
    def quoted_message_id(self) -> int | None:
        """Returns the id of the message this one replies to (quotes), if any."""
        replied = self.message.get("reply_to_message")
        return int(replied["message_id"]) if replied else None

    @property
    def quoted_user_id(self) -> int | None:
        """Returns whose message this one quotes, if any."""
        replied = self.message.get("reply_to_message")
        if not replied or "from" not in replied:
            return None
        return int(replied["from"]["id"])

    @property
    def buttons(self) -> list[JSON]:
        """Returns the inline keyboard's buttons, row after row."""
        markup = self.message.get("reply_markup") or {}
        return [button for row in markup.get("inline_keyboard", []) for button in row]

    @property
    def is_photo(self) -> bool:
        """Returns whether the message is a photo."""
        return "photo" in self.message

    @property
    def is_document(self) -> bool:
        """Returns whether the message is a document."""
        return "document" in self.message

    def button(self, label: str) -> JSON:
        """Returns the button whose text contains `label` (case-insensitive)."""
        for candidate in self.buttons:
            if label.casefold() in str(candidate["text"]).casefold():
                return candidate
        labels = [b["text"] for b in self.buttons]
        raise LookupError(f"no button {label!r} in message {self.message_id}: {labels}")


@dataclass
class _Bucket:
    """A token bucket: `capacity` requests at once, refilled at `rate` per second."""

    capacity: float
    rate: float
    tokens: float
    updated: float

    def take(self, now: float) -> float:
        """Takes one token; returns 0 on success or the seconds until one is available."""
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


# ------------------------------------------------------------------------------------------------
# The server
# ------------------------------------------------------------------------------------------------


class BotApiServer:
    """The Bot API on 127.0.0.1 plus a client side for tests (users, groups, presses, waits)."""

    def __init__(
        self,
        token: str = "123456:TEST",  # noqa: S107 - a test token, never a real one
        *,
        bot_username: str = "SmallbatchTestBot",
        global_rate: float | None = None,
        group_rate_per_minute: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Builds a server; rates are None (no flood control) unless the test asks for them."""
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self._clock = clock
        self._global_rate = global_rate
        self._group_rate = group_rate_per_minute
        self._global_bucket = (
            _Bucket(global_rate, global_rate, global_rate, clock()) if global_rate else None
        )
        self._group_buckets: dict[int, _Bucket] = {}
        self.port: int | None = None
        self._runner: web.AppRunner | None = None
        self._http: aiohttp.ClientSession | None = None

        self.chats: dict[int, Chat] = {}
        self.users: dict[int, User] = {}
        self._messages: dict[int, dict[int, JSON]] = defaultdict(dict)  # chat -> id -> message
        self._next_message_id: dict[int, itertools.count[int]] = {}
        self._next_user_id = itertools.count(1001)
        self._next_group_id = itertools.count(1)
        self._file_ids = itertools.count(1)
        self.files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, data)

        self._updates: deque[JSON] = deque()
        self._update_ids = itertools.count(1)
        self._updates_changed = asyncio.Condition()
        self._allowed_updates: list[str] | None = None
        self._poll_generation = 0
        self._closing = False
        self.update_sent_at: dict[int, float] = {}  # update_id -> when the user sent it
        # Whether the bot still owes a chat something (an unhandled update, an unsent answer),
        # None when it cannot tell; set by the e2e fixtures for a bot whose database they read.
        self.bot_owes: Callable[[int], bool | None] | None = None

        self.webhook: JSON | None = None  # {"url", "secret_token", "allowed_updates"}
        self._webhook_task: asyncio.Task[None] | None = None
        self._webhook_wakeup = asyncio.Event()

        self.sent: list[Sent] = []
        # Tests waiting for messages: (match, queue); each new message goes to those it matches.
        self._waiters: list[tuple[Callable[[Sent], bool], asyncio.Queue[Sent]]] = []
        self.callback_queries: dict[str, JSON] = {}
        self.callback_answers: dict[str, JSON] = {}
        self.commands: dict[str, list[JSON]] = {}  # scope key -> commands
        self.requests: list[tuple[str, JSON]] = []
        self.errors: list[tuple[str, int, str]] = []  # (method, code, description)
        self.rate_limited = 0
        self.rated_at: list[float] = []  # when each flood-controlled call was accepted
        self.failures: dict[str, tuple[ApiError, int | None]] = {}  # method -> (error, times)
        self.injections: list[Injection] = []
        self.injected: list[tuple[str, Fault, int | None]] = []  # (method, fault, chat) applied
        self._outage_until = 0.0
        self._outage_fault = Fault.HTTP_502

    # -------------------------------------------------------------------- lifecycle

    @property
    def base_url(self) -> str:
        """Returns the value for BOT_API_BASE_URL (PTB's base_url, ending in /bot)."""
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self) -> None:
        """Listens on a free port of 127.0.0.1."""
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        # A pending long poll must not hold the shutdown for aiohttp's default minute.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        """Stops listening and ends any pending long poll."""
        self._closing = True
        async with self._updates_changed:
            self._updates_changed.notify_all()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
        if self._http is not None:
            await self._http.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # -------------------------------------------------------------------- client side: people

    def user(self, first_name: str, username: str | None = None) -> User:
        """Returns a new user (and creates their private chat with the bot)."""
        user = User(next(self._next_user_id), first_name, username)
        self.users[user.id] = user
        self.chats[user.id] = Chat(user.id, "private", first_name=first_name, username=username)
        return user

    def group(self, title: str, *, supergroup: bool = True, forum: bool = False) -> Chat:
        """Returns a new group; forum supergroups have topics (see `topic`)."""
        number = next(self._next_group_id)
        chat_id = -(1_000_000_000_000 + number) if supergroup else -number
        chat = Chat(chat_id, "supergroup" if supergroup else "group", title=title, is_forum=forum)
        self.chats[chat_id] = chat
        return chat

    async def topic(self, chat: Chat, creator: User, name: str) -> int:
        """Creates a forum topic and returns its message_thread_id (the service message's id)."""
        if not chat.is_forum:
            raise ValueError("topics exist only in forum supergroups")
        message = self._new_message(chat, creator)
        message["forum_topic_created"] = {"name": name, "icon_color": 7322096}
        message["message_thread_id"] = message["message_id"]
        message["is_topic_message"] = True
        chat.topics[message["message_id"]] = name
        await self._enqueue({"message": message})
        return int(message["message_id"])

    # -------------------------------------------------------------------- client side: acting

    async def send(
        self,
        user: User,
        text: str,
        *,
        chat: Chat | None = None,
        thread_id: int | None = None,
        reply_to: int | Sent | None = None,
    ) -> JSON:
        """Makes a user send a text message (bot_command and mention entities as Telegram sets)."""
        where = chat or self.chats[user.id]
        message = self._new_message(where, user)
        message["text"] = text
        entities = _text_entities(text)
        if entities:
            message["entities"] = entities
        self._place(message, where, thread_id, reply_to)
        await self._enqueue({"message": message})
        return message

    async def send_document(
        self,
        user: User,
        filename: str,
        data: bytes,
        *,
        caption: str = "",
        mime_type: str = "application/octet-stream",
        chat: Chat | None = None,
        thread_id: int | None = None,
    ) -> JSON:
        """Makes a user send a file (kept for getFile), with an optional caption."""
        where = chat or self.chats[user.id]
        message = self._new_message(where, user)
        message["document"] = {
            **self._store_file(data, f"documents/{filename}"),
            "file_name": filename,
            "mime_type": mime_type,
        }
        if caption:
            message["caption"] = caption
            entities = _text_entities(caption)
            if entities:
                message["caption_entities"] = entities
        self._place(message, where, thread_id, None)
        await self._enqueue({"message": message})
        return message

    async def press(self, user: User, sent: Sent, label: str) -> str:
        """Makes a user press an inline button of a bot message; returns the callback query id."""
        button = sent.button(label)
        if "callback_data" not in button:
            raise ValueError(f"button {label!r} is a link, not a callback button")
        return await self.press_data(user, sent, str(button["callback_data"]))

    async def press_data(self, user: User, sent: Sent, data: str) -> str:
        """Makes a user press a button carrying `data` (old or forged data included)."""
        query_id = str(secrets.randbits(63))
        current = self._messages[sent.chat_id].get(sent.message_id, sent.message)
        query = {
            "id": query_id,
            "from": user.to_json(),
            "message": current,
            # Telegram: a global identifier of the chat the message with the button was sent in.
            "chat_instance": str(abs(sent.chat_id) * 7919 + self.bot_id),
            "data": data,
        }
        self.callback_queries[query_id] = query
        await self._enqueue({"callback_query": query})
        return query_id

    # -------------------------------------------------------------------- client side: waiting

    async def wait_for(
        self,
        match: Callable[[Sent], bool],
        *,
        count: int = 1,
        within: float = 15.0,
        settle: float = 0.0,
        since: int = 0,
    ) -> list[Sent]:
        """Returns the bot's messages (from index `since`) that match, once `count` arrived.

        With `settle`, keeps waiting until no further match arrives for that many seconds, so a
        reply made of several messages is collected whole. Raises TimeoutError with what came.
        """
        found = [s for s in self.sent[since:] if match(s)]
        arrivals: asyncio.Queue[Sent] = asyncio.Queue()
        waiter = (match, arrivals)
        # Registered before any await: no message can slip between the scan and the wait.
        self._waiters.append(waiter)
        deadline = self._clock() + within
        try:
            while len(found) < count:
                remaining = deadline - self._clock()
                if remaining <= 0:
                    texts = [s.text[:80] for s in found]
                    raise TimeoutError(f"waited {within}s for {count} message(s); got {texts}")
                with contextlib.suppress(TimeoutError):
                    found.append(await asyncio.wait_for(arrivals.get(), timeout=remaining))
            while settle > 0:
                try:
                    found.append(await asyncio.wait_for(arrivals.get(), timeout=settle))
                except TimeoutError:
                    break
            return found
        finally:
            self._waiters.remove(waiter)

    async def replies(
        self,
        user: User,
        *,
        chat: Chat | None = None,
        thread_id: int | None = None,
        count: int = 1,
        within: float = 15.0,
        settle: float = 0.5,
        since: int = 0,
    ) -> list[Sent]:
        """Returns the bot's messages to a user: in private, or quoting them in a group."""
        where = chat or self.chats[user.id]

        def match(sent: Sent) -> bool:
            if sent.chat_id != where.id:
                return False
            if where.type == "private":
                return True
            return sent.quoted_user_id == user.id and (
                thread_id is None or sent.thread_id == thread_id
            )

        return await self.wait_for(match, count=count, within=within, settle=settle, since=since)

    async def quiet(self, seconds: float, *, since: int) -> list[Sent]:
        """Waits `seconds` and returns whatever the bot sent meanwhile (to prove silence)."""
        await asyncio.sleep(seconds)
        return self.sent[since:]

    def pending_updates(self) -> int:
        """Returns how many updates the bot has not confirmed yet."""
        return len(self._updates)

    def fail(
        self,
        method: str,
        code: int = 400,
        description: str = "Bad Request: failing on purpose",
        *,
        times: int | None = None,
    ) -> None:
        """Makes calls of a method fail (e.g. sendPhoto): the next `times` ones, or all."""
        self.failures[method.lower()] = (ApiError(code, description), times)

    def heal(self, method: str) -> None:
        """Lets a method succeed again (failures and injected faults alike)."""
        self.failures.pop(method.lower(), None)
        self.injections = [i for i in self.injections if i.method != method.lower()]

    def inject(
        self,
        method: str,
        fault: Fault,
        *,
        times: int | None = 1,
        chat_id: int | None = None,
        retry_after: int = 1,
    ) -> Injection:
        """Makes the next `times` calls of a method (in one chat, or any) fail with `fault`."""
        injection = Injection(method.lower(), fault, times, chat_id, retry_after)
        self.injections.append(injection)
        return injection

    def outage(self, seconds: float, fault: Fault = Fault.HTTP_502) -> None:
        """Makes every call fail with `fault` for the next `seconds` (Telegram unreachable)."""
        self._outage_until = self._clock() + seconds
        self._outage_fault = fault

    def heal_all(self) -> None:
        """Ends every injected fault and outage."""
        self.injections.clear()
        self.failures.clear()
        self._outage_until = 0.0

    def _chat_of_call(self, params: JSON) -> int | None:
        """Returns the chat a call acts in (answerCallbackQuery: the pressed message's chat)."""
        chat_id = params.get("chat_id")
        if isinstance(chat_id, int):
            return chat_id
        query = self.callback_queries.get(str(params.get("callback_query_id") or ""))
        if query is not None:
            return int(query["message"]["chat"]["id"])
        return None

    def _take_fault(self, method: str, params: JSON) -> Injection | None:
        """Returns the fault this call suffers, if any, counting it against its `times`."""
        if self._clock() < self._outage_until:
            return Injection("*", self._outage_fault, None)
        chat = self._chat_of_call(params)
        for injection in self.injections:
            if injection.method not in (method, "*"):
                continue
            if injection.chat_id is not None and injection.chat_id != chat:
                continue
            injection.hits += 1
            if injection.times is not None and injection.hits >= injection.times:
                self.injections.remove(injection)
            self.injected.append((method, injection.fault, chat))
            return injection
        return None

    async def _suffer(self, request: web.Request, injection: Injection) -> web.Response:
        """Answers a call the way the injected fault says (nothing is carried out)."""
        fault = injection.fault
        if fault is Fault.HTTP_500:
            return _error(ApiError(500, "Internal Server Error"))
        if fault is Fault.HTTP_502:
            page = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
            return web.Response(status=502, text=page, content_type="text/html")
        if fault is Fault.TOO_MANY:
            self.rate_limited += 1
            return _error(_too_many(injection.retry_after))
        if fault is Fault.GARBAGE:
            return web.Response(status=200, text="<html>upstream", content_type="text/html")
        if fault is Fault.TIMEOUT:
            # Hang until the client gives up (it closes the connection) or the bound passes.
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.sleep(TIMEOUT_HOLD_SECONDS)
        return _dropped(request)

    # -------------------------------------------------------------------- update queue

    async def _enqueue(self, payload: JSON) -> None:
        """Adds an update for the bot (delivered by getUpdates or pushed to the webhook)."""
        update = {"update_id": next(self._update_ids), **payload}
        self.update_sent_at[update["update_id"]] = self._clock()
        async with self._updates_changed:
            self._updates.append(update)
            self._updates_changed.notify_all()
        self._webhook_wakeup.set()

    def _confirm(self, offset: int) -> None:
        """Forgets updates below `offset` (getUpdates' confirmation)."""
        while self._updates and self._updates[0]["update_id"] < offset:
            self._updates.popleft()

    def _deliverable(self, allowed: list[str] | None, limit: int) -> list[JSON]:
        """Returns pending updates of the allowed kinds, oldest first."""
        kinds = set(allowed) if allowed else None
        out = []
        for update in self._updates:
            kind = next(k for k in update if k != "update_id")
            if kinds is None or kind in kinds:
                out.append(update)
            if len(out) >= limit:
                break
        return out

    # -------------------------------------------------------------------- HTTP

    async def _handle(self, request: web.Request) -> web.Response:
        """Answers one Bot API call."""
        method = request.match_info["method"].lower()
        if request.match_info["token"] != self.token:
            return _error(ApiError(401, "Unauthorized"))
        try:
            params, uploads = await _read_params(request)
        except ApiError as exc:
            return _error(exc)
        self.requests.append((method, params))
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return _error(ApiError(404, "Not Found"))
        injection = self._take_fault(method, params)
        if injection is not None and injection.fault is not Fault.LOST_RESPONSE:
            return await self._suffer(request, injection)
        try:
            self._raise_scripted_failure(method)
            if method in _RATED_METHODS:
                self._check_rate(params)
                self.rated_at.append(self._clock())
            result = await handler(params, uploads)
        except ApiError as exc:
            self.errors.append((method, exc.code, exc.description))
            if exc.code == 429:
                self.rate_limited += 1
            return _error(exc)
        if injection is not None:  # LOST_RESPONSE: done, but the answer never arrives
            return _dropped(request)
        return web.json_response({"ok": True, "result": result})

    def _raise_scripted_failure(self, method: str) -> None:
        """Raises the error a test scripted for this method (fail_next), counting it down."""
        if method not in self.failures:
            return
        error, times = self.failures[method]
        if times is not None and times <= 1:
            del self.failures[method]
        elif times is not None:
            self.failures[method] = (error, times - 1)
        raise error

    async def _download(self, request: web.Request) -> web.Response:
        """Serves a file by its file_path (base_file_url)."""
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        path = request.match_info["path"]
        for file_path, data in self.files.values():
            if file_path == path:
                return web.Response(body=data)
        return web.Response(status=404)

    def _check_rate(self, params: JSON) -> None:
        """Raises 429 when the global or the group's flood limit is exceeded."""
        now = self._clock()
        if self._global_bucket is not None:
            wait = self._global_bucket.take(now)
            if wait:
                raise _too_many(wait)
        chat_id = params.get("chat_id")
        if self._group_rate and isinstance(chat_id, int) and chat_id < 0:
            bucket = self._group_buckets.setdefault(
                chat_id,
                _Bucket(self._group_rate, self._group_rate / 60, self._group_rate, now),
            )
            wait = bucket.take(now)
            if wait:
                raise _too_many(wait)

    # -------------------------------------------------------------------- helpers

    def _bot_json(self) -> JSON:
        """Returns the bot's User object."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Smallbatch (test)",
            "username": self.bot_username,
        }

    def _chat(self, params: JSON) -> Chat:
        """Returns the chat a call names, or the 400 Telegram gives."""
        chat_id = params.get("chat_id")
        if chat_id is None:
            raise bad_request("chat_id is empty")
        if isinstance(chat_id, str) and not chat_id.lstrip("-").isdigit():
            raise bad_request("chat not found")
        chat = self.chats.get(int(chat_id))
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def _new_message(self, chat: Chat, sender: User | None) -> JSON:
        """Returns a message skeleton with the chat's next id; dates are Unix seconds."""
        counter = self._next_message_id.setdefault(chat.id, itertools.count(1))
        message: JSON = {
            "message_id": next(counter),
            "date": int(time.time()),
            "chat": chat.to_json(),
            "from": sender.to_json() if sender else self._bot_json(),
        }
        self._messages[chat.id][message["message_id"]] = message
        return message

    def _place(
        self, message: JSON, chat: Chat, thread_id: int | None, reply_to: int | Sent | None
    ) -> None:
        """Sets a user message's topic and reply fields the way Telegram does."""
        replied_id = reply_to.message_id if isinstance(reply_to, Sent) else reply_to
        replied = self._messages[chat.id].get(replied_id) if replied_id else None
        if replied_id and replied is None:
            raise ValueError(f"no message {replied_id} in chat {chat.id}")
        if chat.is_forum and thread_id is not None:
            if thread_id not in chat.topics:
                raise ValueError(f"no topic {thread_id} in chat {chat.id}")
            message["message_thread_id"] = thread_id
            message["is_topic_message"] = True
            # Telegram: a topic message that replies to nothing "replies" to the topic start.
            replied = replied or self._messages[chat.id][thread_id]
        elif chat.type == "supergroup" and replied is not None:
            message["message_thread_id"] = replied.get("message_thread_id", replied["message_id"])
        if replied is not None:
            message["reply_to_message"] = _shallow(replied)

    def _store_file(self, data: bytes, path: str) -> JSON:
        """Keeps uploaded bytes for getFile and returns the file fields."""
        number = next(self._file_ids)
        file_id = f"F{number:06d}{secrets.token_hex(4)}"
        self.files[file_id] = (f"{number}/{path}", data)
        return {"file_id": file_id, "file_unique_id": f"U{number}", "file_size": len(data)}

    def _bot_message(self, chat: Chat, params: JSON) -> JSON:
        """Returns a message from the bot with the topic, quote and keyboard a call asked for."""
        thread_id = params.get("message_thread_id")
        if thread_id is not None:
            thread_id = int(thread_id)
            if chat.is_forum and thread_id not in chat.topics:
                raise bad_request("message thread not found")
            if not chat.is_forum and thread_id not in self._messages[chat.id]:
                raise bad_request("message thread not found")
        replied = self._replied(chat, params)
        markup = _check_markup(params.get("reply_markup"))
        message = self._new_message(chat, None)
        if thread_id is not None and chat.is_forum:
            message["message_thread_id"] = thread_id
            message["is_topic_message"] = True
            replied = replied or self._messages[chat.id][thread_id]
        if replied is not None:
            message["reply_to_message"] = _shallow(replied)
        if markup is not None:
            message["reply_markup"] = markup
        return message

    def _replied(self, chat: Chat, params: JSON) -> JSON | None:
        """Returns the message a call quotes (reply_parameters or reply_to_message_id)."""
        reply = params.get("reply_parameters")
        if reply is None and params.get("reply_to_message_id") is not None:
            reply = {
                "message_id": params["reply_to_message_id"],
                "allow_sending_without_reply": params.get("allow_sending_without_reply", False),
            }
        if reply is None:
            return None
        if not isinstance(reply, Mapping) or "message_id" not in reply:
            raise bad_request("invalid reply parameters")
        target = self._messages[chat.id].get(int(reply["message_id"]))
        if target is None:
            if reply.get("allow_sending_without_reply"):
                return None
            raise bad_request("message to be replied not found")
        return target

    async def _record(self, method: str, message: JSON, upload: bytes | None = None) -> JSON:
        """Stores a message the bot sent and wakes the tests waiting for it."""
        sent = Sent(method, message, self._clock(), upload)
        self.sent.append(sent)
        for match, arrivals in self._waiters:
            if match(sent):
                arrivals.put_nowait(sent)
        return message

    # -------------------------------------------------------------------- methods

    async def _m_getme(self, params: JSON, uploads: Mapping[str, bytes]) -> JSON:
        """getMe."""
        return {
            **self._bot_json(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,  # privacy mode on
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _m_logout(self, params: JSON, uploads: Mapping[str, bytes]) -> bool:
        """logOut."""
        return True

    async def _m_getupdates(self, params: JSON, uploads: Mapping[str, bytes]) -> list[JSON]:
        """getUpdates: confirm below offset, then answer at once or long-poll up to timeout."""
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        if "allowed_updates" in params and params["allowed_updates"] is not None:
            # Telegram remembers allowed_updates until the next call that names them.
            self._allowed_updates = list(params["allowed_updates"]) or None
        self._poll_generation += 1
        generation = self._poll_generation
        deadline = self._clock() + timeout
        async with self._updates_changed:
            while True:
                if generation != self._poll_generation:
                    raise ApiError(
                        409,
                        "Conflict: terminated by other getUpdates request; make sure that only "
                        "one bot instance is running",
                    )
                if offset:
                    self._confirm(offset)
                if self._closing:
                    return []
                ready = self._deliverable(self._allowed_updates, limit)
                remaining = deadline - self._clock()
                if ready or remaining <= 0:
                    return ready
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._updates_changed.wait(), timeout=remaining)

    async def _m_setwebhook(self, params: JSON, uploads: Mapping[str, bytes]) -> bool:
        """setWebhook: from now on updates are POSTed to the URL."""
        url = str(params.get("url") or "")
        if not url:
            return await self._m_deletewebhook(params, uploads)
        if not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise bad_request("secret token contains unallowed characters")
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self.webhook = {
            "url": url,
            "secret_token": secret,
            "allowed_updates": params.get("allowed_updates"),
        }
        if self._webhook_task is None or self._webhook_task.done():
            self._webhook_task = asyncio.create_task(self._push_updates())
        self._webhook_wakeup.set()
        async with self._updates_changed:
            self._poll_generation += 1  # ends a poll in progress with 409
            self._updates_changed.notify_all()
        return True

    async def _m_deletewebhook(self, params: JSON, uploads: Mapping[str, bytes]) -> bool:
        """deleteWebhook: back to getUpdates."""
        self.webhook = None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _m_getwebhookinfo(self, params: JSON, uploads: Mapping[str, bytes]) -> JSON:
        """getWebhookInfo."""
        return {
            "url": self.webhook["url"] if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
            "max_connections": 40,
        }

    async def _push_updates(self) -> None:
        """Delivers updates to the webhook one by one, in order, as Telegram does per bot."""
        self._http = self._http or aiohttp.ClientSession()
        for _ in range(1_000_000):  # bounded; ended by cancellation in stop()
            await self._webhook_wakeup.wait()
            self._webhook_wakeup.clear()
            while self.webhook is not None and self._updates:
                if self._clock() < self._outage_until:
                    await asyncio.sleep(0.2)  # Telegram is down: nothing is pushed either
                    continue
                hook = self.webhook
                update = self._deliverable(hook["allowed_updates"], 1)
                if not update:
                    break
                headers = {}
                if hook["secret_token"]:
                    headers["X-Telegram-Bot-Api-Secret-Token"] = str(hook["secret_token"])
                try:
                    async with self._http.post(
                        hook["url"], json=update[0], headers=headers
                    ) as response:
                        delivered = response.status < 300
                except aiohttp.ClientError:
                    delivered = False
                if delivered:
                    self._confirm(update[0]["update_id"] + 1)
                else:
                    await asyncio.sleep(0.2)  # Telegram retries later

    async def _m_sendmessage(self, params: JSON, uploads: Mapping[str, bytes]) -> JSON:
        """sendMessage: HTML validated as Telegram does; 4,096 characters after parsing."""
        chat = self._chat(params)
        text, entities = _formatted(params.get("text"), params.get("parse_mode"), MESSAGE_LIMIT)
        message = self._bot_message(chat, params)
        message["text"] = text
        if entities:
            message["entities"] = entities
        return await self._record("sendMessage", message)

    async def _send_file(
        self, params: JSON, uploads: Mapping[str, bytes], kind: str, method: str
    ) -> JSON:
        """sendPhoto/sendDocument: a multipart upload (or a known file_id) with a caption."""
        chat = self._chat(params)
        value = params.get(kind)
        data: bytes | None
        if kind in uploads:
            data = uploads[kind]
        elif isinstance(value, str) and value.startswith("attach://"):
            data = uploads.get(value.removeprefix("attach://"))
        elif isinstance(value, str) and value in self.files:
            data = self.files[value][1]
        else:
            data = None
        if not data:
            raise bad_request(f"there is no {kind} in the request")
        caption = ""
        entities: list[JSON] = []
        if params.get("caption"):
            caption, entities = _formatted(
                params["caption"], params.get("parse_mode"), CAPTION_LIMIT, caption=True
            )
        message = self._bot_message(chat, params)
        if kind == "photo":
            width, height = _png_size(data)
            if width is None:
                raise bad_request("IMAGE_PROCESS_FAILED")
            stored = self._store_file(data, f"photos/{len(self.files)}.png")
            message["photo"] = [{**stored, "width": width, "height": height}]
        else:
            name = str(params.get("filename") or "file")
            message["document"] = {
                **self._store_file(data, f"documents/{name}"),
                "file_name": name,
            }
        if caption:
            message["caption"] = caption
            if entities:
                message["caption_entities"] = entities
        return await self._record(method, message, data)

    async def _m_sendphoto(self, params: JSON, uploads: Mapping[str, bytes]) -> JSON:
        """sendPhoto."""
        return await self._send_file(params, uploads, "photo", "sendPhoto")

    async def _m_senddocument(self, params: JSON, uploads: Mapping[str, bytes]) -> JSON:
        """sendDocument."""
        return await self._send_file(params, uploads, "document", "sendDocument")

    def _editable(self, params: JSON) -> JSON:
        """Returns the bot's message an edit names, or Telegram's 400."""
        if params.get("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self._chat(params)
        message_id = params.get("message_id")
        message = self._messages[chat.id].get(int(message_id)) if message_id else None
        if message is None:
            raise bad_request("message to edit not found")
        if message["from"]["id"] != self.bot_id:
            raise bad_request("message can't be edited")
        return message

    async def _m_editmessagetext(self, params: JSON, uploads: Mapping[str, bytes]) -> JSON:
        """editMessageText: returns the edited Message (400 when nothing changes)."""
        message = self._editable(params)
        text, entities = _formatted(params.get("text"), params.get("parse_mode"), MESSAGE_LIMIT)
        markup = _check_markup(params.get("reply_markup"))
        if (
            text == message.get("text")
            and entities == message.get("entities", [])
            and markup == message.get("reply_markup")
        ):
            raise _not_modified()
        message["text"] = text
        message["edit_date"] = int(time.time())
        _set_or_drop(message, "entities", entities or None)
        _set_or_drop(message, "reply_markup", markup)
        return await self._record("editMessageText", dict(message))

    async def _m_editmessagereplymarkup(self, params: JSON, uploads: Mapping[str, bytes]) -> JSON:
        """editMessageReplyMarkup: returns the edited Message (400 when nothing changes)."""
        message = self._editable(params)
        markup = _check_markup(params.get("reply_markup"))
        if markup == message.get("reply_markup"):
            raise _not_modified()
        message["edit_date"] = int(time.time())
        _set_or_drop(message, "reply_markup", markup)
        return await self._record("editMessageReplyMarkup", dict(message))

    async def _m_answercallbackquery(self, params: JSON, uploads: Mapping[str, bytes]) -> bool:
        """answerCallbackQuery: once per query; text up to 200 characters."""
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self.callback_queries or query_id in self.callback_answers:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        text = params.get("text")
        if text is not None and len(str(text)) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        self.callback_answers[query_id] = {
            "text": text,
            "show_alert": bool(params.get("show_alert")),
            "at": self._clock(),
        }
        return True

    async def _m_sendchataction(self, params: JSON, uploads: Mapping[str, bytes]) -> bool:
        """sendChatAction."""
        chat = self._chat(params)
        if params.get("action") not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        thread_id = params.get("message_thread_id")
        if thread_id is not None and chat.is_forum and int(thread_id) not in chat.topics:
            raise bad_request("message thread not found")
        return True

    async def _m_setmycommands(self, params: JSON, uploads: Mapping[str, bytes]) -> bool:
        """setMyCommands: 1-100 commands, names [a-z0-9_]{1,32}, descriptions 1-256."""
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("commands must be a list of at most 100 commands")
        for command in commands:
            name = str(command.get("command", ""))
            description = str(command.get("description", ""))
            if not _COMMAND_NAME.match(name):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[_scope_key(params)] = list(commands)
        return True

    async def _m_getmycommands(self, params: JSON, uploads: Mapping[str, bytes]) -> list[JSON]:
        """getMyCommands."""
        return self.commands.get(_scope_key(params), [])

    async def _m_deletemycommands(self, params: JSON, uploads: Mapping[str, bytes]) -> bool:
        """deleteMyCommands."""
        self.commands.pop(_scope_key(params), None)
        return True

    async def _m_getchat(self, params: JSON, uploads: Mapping[str, bytes]) -> JSON:
        """getChat: a ChatFullInfo."""
        chat = self._chat(params)
        return {
            **chat.to_json(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    async def _m_getfile(self, params: JSON, uploads: Mapping[str, bytes]) -> JSON:
        """getFile: a file_path under /file/bot<token>/ (files up to 20 MB)."""
        file_id = str(params.get("file_id") or "")
        if file_id not in self.files:
            raise bad_request("invalid file_id")
        path, data = self.files[file_id]
        if len(data) > 20 * 1024 * 1024:
            raise bad_request("file is too big")
        return {
            "file_id": file_id,
            "file_unique_id": "U" + file_id[1:7],
            "file_size": len(data),
            "file_path": path,
        }

    async def _m_close(self, params: JSON, uploads: Mapping[str, bytes]) -> bool:
        """close."""
        return True


# ------------------------------------------------------------------------------------------------
# Pure helpers
# ------------------------------------------------------------------------------------------------


def _error(exc: ApiError) -> web.Response:
    """Returns Telegram's error body."""
    body: JSON = {"ok": False, "error_code": exc.code, "description": exc.description}
    if exc.parameters:
        body["parameters"] = exc.parameters
    return web.json_response(body, status=exc.code)


def _dropped(request: web.Request) -> web.Response:
    """Closes the connection without an answer (the client sees it dropped)."""
    if request.transport is not None:
        request.transport.abort()
    return web.Response(status=500)  # never written: the connection is gone


def _too_many(wait: float) -> ApiError:
    """Returns the 429 Telegram gives, with retry_after in whole seconds."""
    seconds = max(1, math.ceil(wait))
    return ApiError(429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds})


def _not_modified() -> ApiError:
    """Returns Telegram's 400 for an edit that changes nothing."""
    return bad_request(
        "message is not modified: specified new message content and reply markup are exactly "
        "the same as a current content and reply markup of the message"
    )


def _set_or_drop(message: JSON, key: str, value: object) -> None:
    """Sets a field, or removes it when the value is None."""
    if value is None:
        message.pop(key, None)
    else:
        message[key] = value


def _shallow(message: JSON) -> JSON:
    """Returns a message without its own reply_to_message (Telegram nests one level only)."""
    return {k: v for k, v in message.items() if k != "reply_to_message"}


def _scope_key(params: JSON) -> str:
    """Returns a key for a BotCommandScope and language."""
    scope = params.get("scope") or {"type": "default"}
    parts = [str(scope.get("type"))]
    if "chat_id" in scope:
        parts.append(str(scope["chat_id"]))
    if "user_id" in scope:
        parts.append(str(scope["user_id"]))
    parts.append(str(params.get("language_code") or ""))
    return ":".join(parts)


def _formatted(
    text: object, parse_mode: object, limit: int, *, caption: bool = False
) -> tuple[str, list[JSON]]:
    """Returns plain text and entities after parse_mode, or the 400 Telegram gives."""
    if text is None or str(text) == "":
        raise bad_request("message text is empty")
    raw = str(text)
    entities: list[JSON] = []
    if parse_mode is not None and str(parse_mode).upper() == "HTML":
        try:
            parsed = parse_html(raw)
        except HtmlError as exc:
            raise bad_request(f"can't parse entities: {exc}") from exc
        raw, entities = parsed.text, parsed.entities
    elif parse_mode not in (None, ""):
        raise bad_request(f"unsupported parse_mode {parse_mode!r} in this stand-in")
    if not raw.strip():
        raise bad_request("message text is empty")
    if utf16_len(raw) > limit:
        raise bad_request("message caption is too long" if caption else "message is too long")
    return raw, entities


def _check_markup(markup: object) -> JSON | None:
    """Returns a validated inline keyboard, or the 400 Telegram gives for a bad one."""
    if markup is None:
        return None
    if not isinstance(markup, Mapping):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        return dict(markup)  # reply keyboards and removals are not checked here
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or any(not isinstance(row, list) for row in rows):
        raise bad_request('field "inline_keyboard" must be an Array of Arrays')
    for row in rows:
        for button in row:
            _check_button(button)
    return {"inline_keyboard": rows}


def _check_button(button: Mapping[str, object]) -> None:
    """Raises the 400 Telegram gives for a bad inline button."""
    if not str(button.get("text", "")).strip():
        raise bad_request("BUTTON_TEXT_EMPTY" if "text" in button else "text is empty")
    kinds = [k for k in ("url", "callback_data", "switch_inline_query") if k in button]
    if len(kinds) != 1:
        raise bad_request('can\'t find field "url" or "callback_data" in the button')
    if "callback_data" in button:
        data = str(button["callback_data"]).encode("utf-8")
        if not 1 <= len(data) <= CALLBACK_DATA_LIMIT:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button and not str(button["url"]).startswith(("http://", "https://", "tg://")):
        raise bad_request(f"inline keyboard button URL '{button['url']}' is invalid")


def _text_entities(text: str) -> list[JSON]:
    """Returns the bot_command and mention entities Telegram detects in user text."""
    entities: list[JSON] = []
    command = _BOT_COMMAND.match(text)
    if command:
        entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(command.group())})
    for mention in _MENTION.finditer(text):
        start = utf16_len(text[: mention.start()])
        entities.append({"type": "mention", "offset": start, "length": utf16_len(mention.group())})
    return entities


def _png_size(data: bytes) -> tuple[int | None, int | None]:
    """Returns a PNG's width and height from its IHDR chunk, or (None, None) for non-PNG data."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or len(data) < 24:
        if data[:3] == b"\xff\xd8\xff":  # JPEG: accept without reading its size
            return 0, 0
        return None, None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _coerce(name: str, value: object) -> object:
    """Returns a form value as Telegram reads it: JSON objects decoded, numbers as numbers."""
    if not isinstance(value, str):
        return value
    if name in _JSON_FIELDS:
        try:
            return json.loads(value)
        except json.JSONDecodeError as exc:
            raise bad_request(f"can't parse {name} JSON object") from exc
    if value in ("true", "false"):
        return value == "true"
    if re.fullmatch(r"-?\d{1,19}", value) and name not in ("text", "caption", "callback_data"):
        return int(value)
    return value


async def _read_params(request: web.Request) -> tuple[JSON, dict[str, bytes]]:
    """Returns a call's parameters from the query string and a JSON, form or multipart body."""
    params: JSON = {key: _coerce(key, value) for key, value in request.query.items()}
    uploads: dict[str, bytes] = {}
    if request.method != "POST" or not request.can_read_body:
        return params, uploads
    content_type = request.content_type
    if content_type == "application/json":
        params.update(await _json_body(request))
    elif content_type == "multipart/form-data":
        await _read_multipart(request, params, uploads)
    else:
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                uploads[key] = value.file.read()
            else:
                params[key] = _coerce(key, str(value))
    return params, uploads


async def _json_body(request: web.Request) -> JSON:
    """Returns a JSON body, which must be an object."""
    try:
        body = await request.json()
    except json.JSONDecodeError as exc:
        raise bad_request("can't parse JSON body") from exc
    if not isinstance(body, dict):
        raise bad_request("JSON body must be an object")
    return body


async def _read_multipart(request: web.Request, params: JSON, uploads: dict[str, bytes]) -> None:
    """Reads a multipart body's fields into params and its files into uploads."""
    reader = await request.multipart()
    for _ in range(1000):  # bounded: a call has a handful of parts
        part = await reader.next()
        if part is None:
            break
        if not isinstance(part, aiohttp.BodyPartReader) or part.name is None:
            continue
        if part.filename is not None:
            uploads[part.name] = bytes(await part.read())
            params.setdefault("filename", part.filename)
        else:
            params[part.name] = _coerce(part.name, await part.text())


def user_visible(sent: Iterable[Sent]) -> str:
    """Returns the texts of messages as one string (what a user reads, in order)."""
    return "\n".join(s.text for s in sent)
