"""Builders for the dialog tests: a KnowledgeView from a fixed snapshot of knowledge/, and a chat.

The snapshot (tests/fixtures/dialog/) is a copy of knowledge/suppliers/*.yaml and
knowledge/taxonomy.yaml, so the scripted conversations do not shift when the curated data grows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pytest

from bot.core.conversation.dialog import DialogState, KnowledgeView, step
from bot.core.conversation.messages import Message
from bot.core.curation.knowledge import validate_rows
from bot.core.search.matching import SearchIndex
from bot.core.types import Command, Event, Press, Supplier, Taxonomy, Text
from bot.knowledge_files import load_knowledge_dir

SNAPSHOT = Path(__file__).resolve().parents[1] / "fixtures" / "dialog"
TODAY = date(2026, 11, 25)
# The example of one message that gives everything.
CLASSIC = (
    "about 300 custom printed mailer boxes a month, budget €1.5k, shipping to Germany, first sales"
)


def load_snapshot() -> tuple[list[Supplier], Taxonomy]:
    """Returns the snapshot's suppliers (ids 1..n, as the store would number them) and taxonomy."""
    rows, taxonomy = load_knowledge_dir(SNAPSHOT)
    suppliers, errors = validate_rows(rows)
    assert not errors, errors[:3]
    return [replace(s, id=number) for number, s in enumerate(suppliers, start=1)], taxonomy


def build_kb(suppliers: Sequence[Supplier], taxonomy: Taxonomy) -> KnowledgeView:
    """Returns a KnowledgeView over the given suppliers."""
    return KnowledgeView(index=SearchIndex.build(list(suppliers), taxonomy), taxonomy=taxonomy)


@pytest.fixture(scope="session")
def snapshot() -> tuple[list[Supplier], Taxonomy]:
    """The fixed knowledge snapshot, loaded once."""
    return load_snapshot()


@pytest.fixture(scope="session")
def kb(snapshot: tuple[list[Supplier], Taxonomy]) -> KnowledgeView:
    """A KnowledgeView over the fixed snapshot of the real knowledge base."""
    suppliers, taxonomy = snapshot
    return build_kb(suppliers, taxonomy)


@dataclass
class Chat:
    """Drives step() the way a front end does, keeping the state and every turn's messages."""

    kb: KnowledgeView
    state: DialogState = field(default_factory=DialogState.new)
    today: date = TODAY
    turns: list[tuple[Message, ...]] = field(default_factory=list)

    def send(self, event: Event) -> tuple[Message, ...]:
        """Returns the messages for one event; the state round-trips as the store keeps it."""
        turn = step(self.state, event, self.kb, self.today)
        assert turn.messages, f"no messages for {event!r}"
        stored = turn.state.to_dict()
        assert DialogState.from_dict(stored) == turn.state
        self.state = turn.state
        self.turns.append(turn.messages)
        return turn.messages

    def say(self, text: str) -> tuple[Message, ...]:
        """Returns the messages for a free-text message."""
        return self.send(Text(text))

    def press(self, action: str, arg: str = "") -> tuple[Message, ...]:
        """Returns the messages for a pressed button."""
        return self.send(Press(action, arg))

    def command(self, name: str, args: str = "") -> tuple[Message, ...]:
        """Returns the messages for a /command."""
        return self.send(Command(name, args))


@pytest.fixture
def chat(kb: KnowledgeView) -> Chat:
    """A fresh conversation over the snapshot."""
    return Chat(kb)
