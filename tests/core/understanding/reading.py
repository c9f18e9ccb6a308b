"""`read`: the reading `smallbatch understand` gives a text, over a given index."""

from __future__ import annotations

from bot.core.search.matching import SearchIndex
from bot.core.search.taxonomy import CategoryWords
from bot.core.understanding.message import Understanding, understand


def read(index: SearchIndex, text: str) -> Understanding:
    """Returns the reading `smallbatch understand` gives the text."""
    words = CategoryWords.of(index.taxonomy)
    return understand(
        text, index.category_score, categorise=lambda span: index.named_categories(span, words)
    )
