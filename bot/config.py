"""Settings from the environment (and an optional .env): the only module that reads os.environ."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import bot

DEFAULT_DATABASE_URL = "sqlite:///./data/smallbatch.db"
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_TOKEN = re.compile(r"^[0-9]+:[A-Za-z0-9_-]+$")
# Telegram's secret_token for setWebhook: 1-256 characters, A-Z a-z 0-9 _ - only.
_WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_DB_SCHEMES = ("sqlite", "postgresql", "postgres")
_OFF = frozenset({"0", "false", "off", "no"})
_ON = frozenset({"1", "true", "on", "yes", ""})
_LOG_FORMATS = ("text", "json")
# A retention beyond ten years is a typo, not a policy.
_MAX_RETENTION_DAYS = 3650


class ConfigError(Exception):
    """A missing or malformed setting; the message is one line naming the variable."""


@dataclass(frozen=True)
class Settings:
    """Everything the program reads from its environment, parsed once."""

    bot_token: str | None
    database_url: str
    admin_ids: frozenset[int]
    bot_api_base_url: str | None
    knowledge_dir: Path
    log_level: str
    webhook_secret: str | None = None
    rate_limiter: bool = True
    health_port: int | None = None
    retention_days: int = 180  # idle conversations are deleted after this (RETENTION_DAYS)
    log_format: str = "text"  # "text" or "json" (LOG_FORMAT)
    admin_chat_id: int | None = None  # where unexpected errors are reported (ADMIN_CHAT_ID)


def webhook_secret_of(settings: Settings) -> str:
    """Returns the webhook secret: WEBHOOK_SECRET, or one derived from the bot token.

    Derived, not random, so every instance behind a load balancer expects the secret the last
    setWebhook registered. HMAC-SHA256 keeps the token itself out of the header, and the
    base64url alphabet is what Telegram allows (1-256 of A-Z a-z 0-9 _ -).
    """
    if settings.webhook_secret:
        return settings.webhook_secret
    if not settings.bot_token:
        raise ValueError("a webhook secret needs WEBHOOK_SECRET or BOT_TOKEN")
    digest = hmac.new(
        settings.bot_token.encode(), b"smallbatch webhook secret v1", hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def default_knowledge_dir() -> Path:
    """Returns <repo>/knowledge next to the package, else ./knowledge."""
    beside_package = Path(bot.__file__).resolve().parent.parent / "knowledge"
    return beside_package if beside_package.is_dir() else Path("knowledge").resolve()


def _read_dotenv(path: Path) -> dict[str, str]:
    """Returns the variables set in a .env file (empty when there is none)."""
    if not path.is_file():
        return {}
    from dotenv import dotenv_values  # only when a .env exists: most runs never import it

    return {key: value for key, value in dotenv_values(path).items() if value is not None}


def _optional(environ: Mapping[str, str], name: str) -> str | None:
    """Returns the stripped value, None when unset or blank."""
    value = environ.get(name, "").strip()
    return value or None


def _parse_admin_ids(text: str) -> frozenset[int]:
    """Returns the user ids in "123,456" or "123 456"."""
    ids: set[int] = set()
    for part in re.split(r"[,\s]+", text.strip()):
        if not part:
            continue
        if not re.fullmatch(r"[0-9]{1,20}", part):
            raise ConfigError(
                f"ADMIN_IDS: not a list of user ids: {part!r} (expected e.g. 123,456)"
            )
        ids.add(int(part))
    return frozenset(ids)


def _parse_database_url(text: str) -> str:
    """Returns the URL if its scheme is SQLite or PostgreSQL."""
    scheme = text.split(":", 1)[0].split("+", 1)[0].lower() if ":" in text else ""
    if scheme not in _DB_SCHEMES:
        raise ConfigError(
            f"DATABASE_URL: not an SQLite or PostgreSQL URL: {text!r} "
            "(expected e.g. sqlite:///./data/smallbatch.db or postgresql://user@host/db)"
        )
    return text


def _parse_url(name: str, text: str) -> str:
    """Returns an http(s) URL without a trailing slash."""
    if not re.fullmatch(r"https?://[^\s/]+(?:/\S*)?", text):
        raise ConfigError(f"{name}: not an http(s) URL: {text!r}")
    return text.rstrip("/")


def _parse_port(name: str, text: str) -> int:
    """Returns a TCP port number (1-65535)."""
    if not re.fullmatch(r"[0-9]{1,5}", text) or not 1 <= int(text) <= 65535:
        raise ConfigError(f"{name}: not a port number: {text!r} (expected 1-65535)")
    return int(text)


def _parse_bool(name: str, text: str) -> bool:
    """Returns False for 0/false/off/no, True for 1/true/on/yes or empty."""
    word = text.strip().lower()
    if word in _OFF:
        return False
    if word in _ON:
        return True
    raise ConfigError(f"{name}: not a switch: {text!r} (expected true/false, on/off or 1/0)")


def _parse_retention(text: str | None) -> int:
    """Returns RETENTION_DAYS: whole days, 1 to ten years (default 180)."""
    if text is None:
        return 180
    if not re.fullmatch(r"[0-9]{1,5}", text) or not 1 <= int(text) <= _MAX_RETENTION_DAYS:
        raise ConfigError(
            f"RETENTION_DAYS: not a number of days: {text!r} (expected 1-{_MAX_RETENTION_DAYS})"
        )
    return int(text)


def _parse_log_format(text: str | None) -> str:
    """Returns LOG_FORMAT: text (default) or json."""
    word = (text or "text").lower()
    if word not in _LOG_FORMATS:
        raise ConfigError(f"LOG_FORMAT: not a log format: {text!r} (expected text or json)")
    return word


def _parse_chat_id(text: str | None) -> int | None:
    """Returns ADMIN_CHAT_ID: a user or chat id (groups are negative), None when unset."""
    if text is None:
        return None
    if not re.fullmatch(r"-?[0-9]{1,20}", text):
        raise ConfigError(f"ADMIN_CHAT_ID: not a chat id: {text!r} (expected e.g. -1001234567)")
    return int(text)


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Returns the Settings in `environ` (default: ./.env overlaid by os.environ)."""
    if environ is None:
        environ = {**_read_dotenv(Path(".env")), **os.environ}
    token = _optional(environ, "BOT_TOKEN")
    if token is not None and not _TOKEN.match(token):
        raise ConfigError("BOT_TOKEN: not a bot token (expected the form 123456:ABC-DEF...)")
    database_url = _parse_database_url(_optional(environ, "DATABASE_URL") or DEFAULT_DATABASE_URL)
    admin_ids = _parse_admin_ids(environ.get("ADMIN_IDS", ""))
    base_url = _optional(environ, "BOT_API_BASE_URL")
    if base_url is not None:
        base_url = _parse_url("BOT_API_BASE_URL", base_url)
    knowledge = _optional(environ, "KNOWLEDGE_DIR")
    if knowledge is None:
        knowledge_dir = default_knowledge_dir()
    else:
        knowledge_dir = Path(knowledge).expanduser()
        if not knowledge_dir.is_dir():
            raise ConfigError(f"KNOWLEDGE_DIR: no such directory: {knowledge!r}")
    log_level = (_optional(environ, "LOG_LEVEL") or "INFO").upper()
    if log_level not in _LOG_LEVELS:
        choices = ", ".join(_LOG_LEVELS)
        raise ConfigError(f"LOG_LEVEL: not a log level: {log_level!r} (expected one of {choices})")
    secret = _optional(environ, "WEBHOOK_SECRET")
    if secret is not None and not _WEBHOOK_SECRET.match(secret):
        raise ConfigError("WEBHOOK_SECRET: use 1-256 characters from A-Z, a-z, 0-9, _ and -")
    rate_limiter = _parse_bool("RATE_LIMITER", environ.get("RATE_LIMITER", ""))
    health = _optional(environ, "HEALTH_PORT")
    return Settings(
        bot_token=token,
        database_url=database_url,
        admin_ids=admin_ids,
        bot_api_base_url=base_url,
        knowledge_dir=knowledge_dir,
        log_level=log_level,
        webhook_secret=secret,
        rate_limiter=rate_limiter,
        health_port=_parse_port("HEALTH_PORT", health) if health is not None else None,
        retention_days=_parse_retention(_optional(environ, "RETENTION_DAYS")),
        log_format=_parse_log_format(_optional(environ, "LOG_FORMAT")),
        admin_chat_id=_parse_chat_id(_optional(environ, "ADMIN_CHAT_ID")),
    )
