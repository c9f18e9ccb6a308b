"""What the bot says about a founder's data: /privacy, /forget's question and outcome, /mydata.

The retention figures come from the shell (the settings and the delivery's pruning), so the text
states what the program actually does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.core.markup import Bold, Reply, line, lines
from bot.core.types import Button

# Button actions (callback data "v1:<action>:<arg>"); the handlers match on them.
FORGET = "forget"
FORGET_YES = "yes"
FORGET_NO = "no"
MYDATA = "mydata"

_TABLE_WORDS = {
    "dialog_sessions": "conversations",
    "quotes": "quotes",
    "updates": "received messages",
    "outbox": "replies",
}


@dataclass(frozen=True, slots=True)
class Retention:
    """How long each kind of data is kept, in days."""

    sessions_idle_days: int
    handled_updates_days: int
    sent_replies_days: int


def privacy_text(keep: Retention) -> Reply:
    """Returns /privacy: what is stored, why, for how long, who can see it."""
    return Reply(
        lines(
            line(Bold("Your data in Smallbatch")),
            line(Bold("What I store, and why")),
            "• Your conversation in each chat and topic: the answers of your current search "
            "and your past recommendations (/history), so we can continue where we stopped.",
            "• Your quote book (/quotes): the quotes you send me and confirm, to compare them.",
            "• Messages you send me and my replies, so that none is lost or sent twice.",
            line(Bold("For how long")),
            f"• A conversation is deleted after {keep.sessions_idle_days} days without a "
            "message (checked daily).",
            "• Quotes stay until you delete them (/quotes) or everything (/forget).",
            f"• Received messages are deleted {keep.handled_updates_days} days after I "
            f"answered them, my replies {keep.sent_replies_days} days after I wrote them.",
            line(Bold("Who can see it")),
            "• You. In a group, the others see only what I post there; never your quotes.",
            "• Admins curate the supplier list and see its change log, never your quotes or "
            "conversations. The people who run the bot keep logs of message ids, and of the "
            "message that caused an error.",
            line(Bold("Your choices")),
            "/mydata — get everything I hold about you as a file",
            "/forget — delete everything about you, in every chat",
        )
    )


def forget_question() -> Reply:
    """Returns /forget's confirmation question, with the option to take a copy first."""
    return Reply(
        lines(
            line(Bold("Delete everything I hold about you?")),
            "Your conversations in every chat and topic, your history, your quotes and the "
            "messages waiting to be sent. This cannot be undone.",
            "Want a copy first? Tap “Send my data”.",
        ),
        buttons=(
            (
                Button("Delete everything", FORGET, FORGET_YES),
                Button("Keep it", FORGET, FORGET_NO),
            ),
            (Button("Send my data", MYDATA),),
        ),
    )


def forgotten(counts: Mapping[str, int]) -> Reply:
    """Returns the outcome of /forget: what was deleted."""
    parts = [f"{n} {_TABLE_WORDS.get(name, name)}" for name, n in counts.items() if n]
    what = ", ".join(parts) if parts else "nothing was stored"
    return Reply(
        lines(
            "Done: everything I held about you is deleted (" + what + ").",
            "If you write to me again, I start from scratch.",
        )
    )


def kept() -> Reply:
    """Returns the answer to "Keep it"."""
    return Reply(lines("Nothing was deleted."))


def mydata_caption(counts: Mapping[str, int]) -> str:
    """Returns the caption of the /mydata file."""
    parts = [f"{n} {_TABLE_WORDS.get(name, name)}" for name, n in counts.items()]
    return "Everything I hold about you: " + ", ".join(parts) + "."


def private_only(command: str) -> Reply:
    """Returns the answer to /forget or /mydata in a group."""
    return Reply(
        lines(
            f"Send /{command} to me in a private chat: it covers all your chats, this group "
            "included, and your data is for you alone."
        ),
        quote=True,
    )


def unavailable() -> Reply:
    """Returns the answer when the database cannot be reached; nothing changed."""
    return Reply(lines("Sorry, I cannot reach my storage right now; nothing was changed."))


__all__ = [
    "FORGET",
    "FORGET_NO",
    "FORGET_YES",
    "MYDATA",
    "Retention",
    "forget_question",
    "forgotten",
    "kept",
    "mydata_caption",
    "privacy_text",
    "private_only",
    "unavailable",
]
