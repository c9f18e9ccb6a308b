"""A Bot API that answers like Telegram inside the test process (PTB's OfflineRequest idea).

Every call is recorded; HTML is validated with the e2e stand-in's parser; file downloads are
served from `files`; any endpoint it does not know fails the test.
"""

from __future__ import annotations

import itertools
import json
import time
from typing import Any
from urllib.parse import unquote

from telegram.request import BaseRequest, RequestData

from tests.e2e.telegram_html import HtmlError, parse_html

TOKEN = "123456:TEST"
BOT_ID = 123456
BOT_USERNAME = "SmallbatchTestBot"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
JSON = dict[str, Any]

_KNOWN = {
    "getMe",
    "sendMessage",
    "sendPhoto",
    "sendDocument",
    "sendChatAction",
    "answerCallbackQuery",
    "setMyCommands",
    "editMessageReplyMarkup",
    "getFile",
}


class RecordingRequest(BaseRequest):
    """Records every Bot API call and answers like Telegram; unknown endpoints fail the test."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, JSON]] = []
        self.unexpected: list[str] = []
        self.failing: dict[str, str] = {}  # endpoint -> Telegram's description
        self.files: dict[str, bytes] = {}  # file_id -> content users "uploaded"
        self.downloads: list[str] = []
        self.uploads: list[tuple[str, bytes]] = []  # (file name, content) the bot sent
        self._ids = itertools.count(100)

    async def initialize(self) -> None:
        """Has nothing to open."""

    async def shutdown(self) -> None:
        """Has nothing to close."""

    @property
    def read_timeout(self) -> float | None:
        """Returns no read timeout."""
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        """Returns Telegram's answer to one call."""
        if "/file/bot" in url:
            # PTB percent-encodes the token's colon in file URLs.
            path = unquote(url).split(f"/file/bot{TOKEN}/", 1)[1]
            self.downloads.append(path)
            return 200, self.files[path]
        endpoint = url.rsplit("/", 1)[-1]
        params: JSON = dict(request_data.parameters) if request_data else {}
        if request_data is not None and request_data.multipart_data:
            params["_uploads"] = {k: v[1] for k, v in request_data.multipart_data.items()}
            for part in request_data.multipart_data.values():
                payload = part[1]
                data = payload if isinstance(payload, bytes) else payload.read()
                self.uploads.append((str(part[0]), data))
        self.calls.append((endpoint, params))
        if endpoint not in _KNOWN:
            self.unexpected.append(endpoint)
            return 404, json.dumps(
                {"ok": False, "error_code": 404, "description": "Not Found"}
            ).encode()
        if endpoint in self.failing:
            body = {"ok": False, "error_code": 400, "description": self.failing[endpoint]}
            return 400, json.dumps(body).encode()
        try:
            result = self._result(endpoint, params)
        except HtmlError as exc:
            body = {
                "ok": False,
                "error_code": 400,
                "description": f"Bad Request: can't parse entities: {exc}",
            }
            return 400, json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def _result(self, endpoint: str, params: JSON) -> object:
        """Returns the result object of a successful call."""
        if endpoint == "getMe":
            return {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "Smallbatch",
                "username": BOT_USERNAME,
            }
        if endpoint in ("sendMessage", "sendPhoto", "sendDocument"):
            chat_id = int(params["chat_id"])
            message: JSON = {
                "message_id": next(self._ids),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "Smallbatch"},
            }
            if endpoint == "sendMessage":
                text = str(params["text"])
                if params.get("parse_mode") == "HTML":
                    text = parse_html(text).text
                message["text"] = text
            if "message_thread_id" in params:
                message["message_thread_id"] = params["message_thread_id"]
            if "reply_markup" in params:
                message["reply_markup"] = params["reply_markup"]
            return message
        if endpoint == "getFile":
            file_id = str(params["file_id"])
            return {
                "file_id": file_id,
                "file_unique_id": file_id,
                "file_size": len(self.files[file_id]),
                "file_path": file_id,
            }
        return True

    def sent(self, endpoint: str = "sendMessage") -> list[JSON]:
        """Returns the parameters of every call to an endpoint, in order."""
        return [params for name, params in self.calls if name == endpoint]
