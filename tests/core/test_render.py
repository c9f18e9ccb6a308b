"""Rendering: hostile strings escaped, long answers split under the limit, button data short."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from bot.core.conversation.messages import (
    Answer,
    Ask,
    DraftRequest,
    HistoryEntry,
    HistoryShown,
    Lead,
    Message,
    NothingFits,
    NothingFitsReason,
    NotUnderstood,
    PriceBasis,
    Slot,
    Understood,
    UnknownCommand,
)
from bot.core.conversation.render import help_text, render
from bot.core.markup import TELEGRAM_MESSAGE_LIMIT, Reply
from bot.core.types import Category, Need, Period, ReplyContext, Stage, Status, Supplier
from bot.core.understanding.parsing import ProblemKind

HOSTILE = [
    "<b",
    "&",
    "</a>",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "&amp;&lt;",
    "🙂🚀👩‍🚀",
    "مرحبا بالعالم",
    "x" * 5000,
    "<" * 5000,
]


class _Tags(HTMLParser):
    """Collects the tags and the text of a reply."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Tags:
    """Returns the parsed reply."""
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser


def _supplier(name: str, website: str | None = "example.org") -> Supplier:
    """Returns a supplier whose every free-text field carries `name`."""
    return Supplier(
        name=name,
        categories=("labels",),
        id=7,
        website=website,
        email=f"{name[:20]}@example.org",
        moq=100,
        moq_unit=name[:30],
        small_series=True,
        status=Status.VERIFIED,
        source="test fixture",
    )


def _messages(hostile: str) -> list[Message]:
    """Returns one of each message kind carrying the hostile string in every user/KB field."""
    need = Need(
        product=hostile[:300],
        categories=("labels",),
        quantity=300,
        period=Period.MONTH,
        budget=Decimal(1500),
        currency="EUR",
        country="DE",
        region="Europe",
        stage=Stage.LAUNCH,
        certifications=(hostile[:40],),
    )
    lead = Lead(
        supplier=_supplier(hostile),
        reasons=(hostile, "small series"),
        unit_price=Decimal("1.80"),
        at_quantity=300,
        recommendation=None,
        moq_fits=True,
    )
    return [
        Understood(need, (Slot.PRODUCT, Slot.QUANTITY, Slot.EXTRAS), (hostile,), hostile),
        NotUnderstood(Slot.QUANTITY, hostile, ProblemKind.NEGATIVE),
        NotUnderstood(Slot.PRODUCT, hostile),
        Ask(Slot.CATEGORY, need, categories=(Category("labels", hostile),)),
        Answer(need, (lead, lead, lead), None, PriceBasis.NONE, more_available=True),
        NothingFits(need, NothingFitsReason.MOQ_TOO_HIGH, (lead,)),
        DraftRequest(hostile, hostile, hostile, hostile, hostile),
        HistoryShown(
            (HistoryEntry(date(2026, 11, 25), hostile, 300, Period.MONTH, hostile, 290, None),)
        ),
        UnknownCommand(hostile),
    ]


@pytest.mark.parametrize("hostile", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize("in_group", [False, True], ids=["private", "group"])
def test_hostile_strings_are_escaped_and_replies_stay_under_the_limit(
    hostile: str, in_group: bool
) -> None:
    ctx = ReplyContext(in_group=in_group, bot_username="SmallbatchBot")
    for message in _messages(hostile):
        replies = render([message], ctx)
        assert replies
        for reply in replies:
            html = reply.text_html()
            assert html.strip()
            assert len(html) < TELEGRAM_MESSAGE_LIMIT
            parsed = _parse(html)
            assert set(parsed.tags) <= {"b", "i", "code", "pre", "a"}, parsed.tags
            assert "<script" not in html
            assert "<img" not in html
            assert "<b<" not in html


def test_the_whole_hostile_string_survives_escaping_somewhere_in_the_reply() -> None:
    hostile = "<script>&</a>"
    html = "".join(r.text_html() for r in render([UnknownCommand(hostile)], ReplyContext()))
    assert "&lt;script&gt;&amp;&lt;/a&gt;" in html
    text = "".join(_parse(html).text)
    assert hostile in text


def test_a_long_answer_is_split_at_line_ends_with_buttons_on_the_last_part() -> None:
    messages = _messages("x" * 5000)
    answer = next(m for m in messages if isinstance(m, Answer))
    replies = render([answer], ReplyContext())
    assert len(replies) > 1
    assert all(len(r.text_html()) < TELEGRAM_MESSAGE_LIMIT for r in replies)
    assert all(not r.buttons for r in replies[:-1])
    assert replies[-1].buttons


def test_button_data_stays_short_for_the_telegram_codec() -> None:
    messages = _messages("a very long supplier name " * 20)
    ctx = ReplyContext(in_group=True, bot_username="SmallbatchBot")
    for context in (ReplyContext(), ctx):
        for reply in render(messages, context):
            for row in reply.buttons:
                for button in row:
                    assert len(button.label) <= 40
                    if button.url is None:
                        assert len(button.action) <= 12
                        assert len(button.arg) <= 40
                        assert button.arg.isascii()
                        assert len(f"v1:{button.action}:{button.arg}".encode()) <= 64


def test_a_javascript_website_is_shown_as_text_not_as_a_link() -> None:
    lead = Lead(_supplier("Evil", website="javascript:alert(1)"), (), None, None, None, True)
    need = Need(product="labels", quantity=10, period=Period.ONCE)
    html = render([Answer(need, (lead,), None, PriceBasis.NONE)], ReplyContext())[0].text_html()
    assert "href" not in html
    assert "javascript:alert(1)" in html


def test_every_lead_shows_its_status_in_private_and_in_groups() -> None:
    lead = Lead(_supplier("Pakible"), ("small series",), None, None, None, True)
    listed = replace(lead, supplier=replace(lead.supplier, name="Other", status=Status.LISTED))
    need = Need(product="boxes", quantity=300, period=Period.MONTH)
    answer = Answer(need, (lead, listed), None, PriceBasis.NONE)
    private = render([answer], ReplyContext())[0].text_plain()
    assert "status: verified" in private
    assert "status: listed" in private
    group = render([answer], ReplyContext(in_group=True))[0].text_plain()
    assert "Pakible · verified" in group
    assert "Other · listed" in group


def test_help_names_every_command() -> None:
    reply = help_text()
    assert isinstance(reply, Reply)
    text = reply.text_plain()
    for command in ("/new", "/back", "/skip", "/edit", "/history", "/cancel", "/help"):
        assert command in text
