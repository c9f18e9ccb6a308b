"""Composition helpers for CLI commands: settings, the database and the knowledge base."""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import TYPE_CHECKING

from bot.config import ConfigError, Settings, load_settings
from bot.startup import open_database, open_knowledge, opened_database

if TYPE_CHECKING:
    from bot.core.search.matching import SearchIndex

__all__ = ["open_database", "open_knowledge", "opened_database", "settings_or_exit"]

logger = logging.getLogger(__name__)


def settings_or_exit() -> Settings:
    """Returns the settings; on a bad one prints its one-line reason and exits with status 2."""
    try:
        return load_settings()
    except ConfigError as exc:
        print(f"smallbatch: {exc}", file=sys.stderr)  # noqa: T201
        raise SystemExit(2) from None


def load_search_index() -> SearchIndex:
    """Returns the search index over the knowledge base (seeded from knowledge/ when empty)."""
    from bot.core.search.matching import SearchIndex

    settings = settings_or_exit()

    async def load() -> SearchIndex:
        db, suppliers, taxonomy = await open_knowledge(settings)
        await db.dispose()
        logging.getLogger(__name__).debug("search index over %d suppliers", len(suppliers))
        return SearchIndex.build(suppliers, taxonomy)

    return asyncio.run(load())
