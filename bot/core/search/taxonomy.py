"""Reads the category taxonomy (knowledge/taxonomy.yaml, already parsed into plain data)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.core.types import Category, InputError, Taxonomy
from bot.core.understanding.normalise import GENERIC_WORDS, content_words

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _strings(value: object, where: str) -> tuple[str, ...]:
    """Returns a list of non-empty strings, or raises InputError naming `where`."""
    if value is None:
        return ()
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise InputError(where, "must be a list of words")
    out: list[str] = []
    for item in value:
        if not isinstance(item, str | int | float) or not str(item).strip():
            raise InputError(where, f"not a word: {item!r}")
        out.append(str(item).strip())
    return tuple(out)


def _note(value: object, where: str) -> str | None:
    """Returns a category's regulatory note, None when absent, or raises InputError."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InputError(where, "must be a sentence of text")
    return value.strip()


def _category(raw: object, where: str) -> Category:
    """Returns one category from {id, name, group, synonyms, regulatory_note}."""
    if not isinstance(raw, Mapping):
        raise InputError(where, "expected a mapping with id and name")
    cid = str(raw.get("id") or "").strip()
    if not _ID.match(cid):
        raise InputError(f"{where}.id", f"not a lower-case-hyphenated id: {cid!r}")
    name = str(raw.get("name") or "").strip()
    if not name:
        raise InputError(f"{where}.name", "required")
    group = raw.get("group")
    return Category(
        id=cid,
        name=name,
        group=str(group).strip() if group else None,
        synonyms=_strings(raw.get("synonyms"), f"{where}.synonyms"),
        regulatory_note=_note(raw.get("regulatory_note"), f"{where}.regulatory_note"),
        broader=_broader(raw.get("broader"), f"{where}.broader"),
    )


def _broader(value: object, where: str) -> tuple[str, ...]:
    """Returns the ids a category refines (one id or a list of ids)."""
    ids = _strings([value] if isinstance(value, str) else value, where)
    for cid in ids:
        if not _ID.match(cid):
            raise InputError(where, f"not a lower-case-hyphenated id: {cid!r}")
    return ids


def _check_broader(categories: Sequence[Category]) -> None:
    """Raises InputError when a `broader` id is unknown or the chain loops back."""
    known = {category.id: category for category in categories}
    for number, category in enumerate(categories, start=1):
        where = f"categories[{number}].broader"
        seen: set[str] = set()
        todo = list(category.broader)
        while todo:  # each id is visited once, so this ends
            cid = todo.pop()
            if cid not in known:
                raise InputError(where, f"unknown category id {cid!r}")
            if cid == category.id:
                raise InputError(where, f"{category.id!r} is broader than itself")
            if cid not in seen:
                seen.add(cid)
                todo.extend(known[cid].broader)


def parse_taxonomy(data: object) -> Taxonomy:
    """Returns the Taxonomy in `data` ({"categories": [{id, name, group, synonyms, ...}]})."""
    listed = data.get("categories") if isinstance(data, Mapping) else None
    if not isinstance(listed, Sequence) or isinstance(listed, str | bytes):
        raise InputError("taxonomy", "expected a mapping with a 'categories' list")
    seen: set[str] = set()
    categories: list[Category] = []
    for number, raw in enumerate(listed, start=1):
        category = _category(raw, f"categories[{number}]")
        if category.id in seen:
            raise InputError(f"categories[{number}].id", f"duplicate id {category.id!r}")
        seen.add(category.id)
        categories.append(category)
    _check_broader(categories)
    return Taxonomy(tuple(categories))


def wider(taxonomy: Taxonomy, category_id: str) -> frozenset[str]:
    """Returns the ids of every category `category_id` refines, through `broader` chains."""
    found: set[str] = set()
    todo = list(category.broader) if (category := taxonomy.get(category_id)) else []
    while todo:  # parse_taxonomy rejected loops, and each id is expanded once
        cid = todo.pop()
        if cid not in found and (parent := taxonomy.get(cid)) is not None:
            found.add(cid)
            todo.extend(parent.broader)
    return frozenset(found)


# Pieces of two letters ("co" of "co-packer", "uv") name no category alone: in a founder's
# words they are something else ("Boulder, CO").
_SHORT_PIECE = 3
# How alike (rapidfuzz ratio, 0-100) a founder's word must be to a category's word: words
# under 5 letters match only exactly ("hat" is no "chat"), longer ones may carry a typo.
_SHORT_WORD = 5
# a letter off ("stikers"), not two ("electrique" is no "electronique")
_TYPO_RATIO = 92.0


@dataclass(frozen=True, slots=True)
class CategoryWords:
    """The words of each category's name and synonyms, normalised as the matcher reads them."""

    words: Mapping[str, frozenset[str]]

    @classmethod
    def of(cls, taxonomy: Taxonomy) -> CategoryWords:
        """Returns the words of every category of the taxonomy."""
        return cls(
            {
                c.id: frozenset(
                    w
                    for text in (c.name, *c.synonyms)
                    for w in content_words(text)
                    if len(w) >= _SHORT_PIECE or not w.isalpha()
                )
                for c in taxonomy.categories
            }
        )

    def supports(self, category_id: str, phrase: str) -> bool:
        """Returns whether some word of the phrase is one of the category's words: the same
        word, or for a word of 5 letters or more a close spelling; a word many products share
        ("accessories", "frames") counts only when it is the whole phrase. A category that
        only a fuzzy match found ("guitar strings" ~ jewellery "rings") is no fit."""
        known = self.words.get(category_id, frozenset())
        words = content_words(phrase)
        alone = len(set(words)) == 1
        return any(
            (alone or word not in GENERIC_WORDS) and self._names(known, word) for word in words
        )

    @staticmethod
    def _names(known: frozenset[str], word: str) -> bool:
        """Returns whether the word is one of the known words or, from 5 letters, a typo."""
        if word in known:
            return True
        if len(word) < _SHORT_WORD:
            return False
        return any(
            fuzz.ratio(word, other) >= _TYPO_RATIO
            for other in known
            if abs(len(other) - len(word)) <= 2
        )

    def supported(
        self, phrase: str, found: Sequence[tuple[str, float]]
    ) -> list[tuple[str, float]]:
        """Returns the (id, score) pairs of `found` whose category some word of the phrase
        names."""
        return [(cid, score) for cid, score in found if self.supports(cid, phrase)]
