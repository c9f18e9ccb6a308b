"""Composition helpers for CLI commands: settings, the database and the knowledge base."""

from __future__ import annotations

import logging
import sys

from bot.config import ConfigError, Settings, load_settings
from bot.startup import open_database, open_knowledge, opened_database

__all__ = ["open_database", "open_knowledge", "opened_database", "settings_or_exit"]

logger = logging.getLogger(__name__)


def settings_or_exit() -> Settings:
    """Returns the settings; on a bad one prints its one-line reason and exits with status 2."""
    try:
        return load_settings()
    except ConfigError as exc:
        print(f"smallbatch: {exc}", file=sys.stderr)  # noqa: T201
        raise SystemExit(2) from None
