"""Logging for an operator: the update being handled on every line, JSON lines when asked.

`CURRENT_UPDATE` is set while an update is handled (bot/telegram/observe.py); `UpdateFields`
copies its ids onto each record, so a line logged deep in the store still names its update.
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s%(update_suffix)s"
_FIELDS = ("update_id", "chat_id", "user_id")
# Attributes every LogRecord has; anything else was passed with `extra=` and goes into JSON.
_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


@dataclass(frozen=True, slots=True)
class UpdateIds:
    """Whose update is being handled."""

    update_id: int
    chat_id: int | None
    user_id: int | None


CURRENT_UPDATE: ContextVar[UpdateIds | None] = ContextVar("current_update", default=None)


class UpdateFields(logging.Filter):
    """Puts the current update's ids on a record (None outside an update)."""

    def filter(self, record: logging.LogRecord) -> bool:
        ids = CURRENT_UPDATE.get()
        for name in _FIELDS:
            if not hasattr(record, name):
                setattr(record, name, getattr(ids, name) if ids else None)
        update_id = getattr(record, "update_id", None)
        record.update_suffix = f" [update {update_id}]" if update_id is not None else ""
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, update ids, extras, traceback."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and key != "update_suffix" and value is not None:
                out[key] = value if isinstance(value, int | float | str | bool) else str(value)
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False)


def configure(level: str, log_format: str = "text") -> None:
    """Sends logs to stderr in the format asked (text or json), replacing earlier handlers."""
    handler = logging.StreamHandler()
    handler.addFilter(UpdateFields())
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        if type(old) is logging.StreamHandler:  # basicConfig's; test harnesses use subclasses
            root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    # httpx logs every request at INFO (PTB examples lower it too).
    logging.getLogger("httpx").setLevel(logging.WARNING)


__all__ = ["CURRENT_UPDATE", "JsonFormatter", "UpdateFields", "UpdateIds", "configure"]
