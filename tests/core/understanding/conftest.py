"""Shared by the understanding tests: the shipped knowledge base's index (reading.py reads
a text with it)."""

from __future__ import annotations

import pytest

from bot.config import default_knowledge_dir
from bot.core.curation.knowledge import validate_rows
from bot.core.search.matching import SearchIndex
from bot.knowledge_files import load_knowledge_dir


@pytest.fixture(scope="session")
def index() -> SearchIndex:
    """The search index over the knowledge base as shipped in knowledge/."""
    rows, taxonomy = load_knowledge_dir(default_knowledge_dir())
    suppliers, errors = validate_rows(rows)
    assert not errors, errors[:3]
    return SearchIndex.build(suppliers, taxonomy)
