"""The callback-data codec: versioned, within Telegram's 64 bytes, tolerant of foreign data."""

from __future__ import annotations

import pytest

from bot.core.types import Button, Press
from bot.telegram.keyboards import (
    CALLBACK_DATA_LIMIT,
    ButtonTooLong,
    decode,
    encode,
    inline_keyboard,
)


@pytest.mark.parametrize(
    ("action", "arg"),
    [
        ("pick", "3"),
        ("cat", "packaging-mailers"),
        ("draft", ""),
        ("more", "a:b:c"),
        ("x", "é" * 29),
    ],
    ids=["number", "category", "no-arg", "colons-in-arg", "multibyte"],
)
def test_a_press_survives_the_round_trip_within_64_bytes(action: str, arg: str) -> None:
    data = encode(action, arg)
    assert len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT
    assert data.startswith("v1:")
    assert decode(data) == Press(action, arg)


def test_the_longest_allowed_core_button_fits() -> None:
    # H5's contract: action <= 12 ASCII characters, arg <= 40 ASCII characters.
    data = encode("a" * 12, "b" * 40)
    assert len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT


def test_data_over_64_bytes_is_refused_before_it_reaches_telegram() -> None:
    with pytest.raises(ButtonTooLong):
        encode("pick", "x" * 61)
    with pytest.raises(ButtonTooLong):
        encode("pick", "é" * 30)  # 60 bytes of UTF-8 in 30 characters


@pytest.mark.parametrize("data", [None, "", "pick:3", "v2:pick:3", "v1:", "v1::3", "v1:pick"])
def test_foreign_or_old_data_decodes_to_nothing(data: str | None) -> None:
    assert decode(data) is None


def test_an_unencodable_button_is_dropped_and_the_rest_kept() -> None:
    rows = ((Button("ok", "pick", "1"), Button("too long", "pick", "x" * 80)),)
    markup = inline_keyboard(rows)
    assert markup is not None
    labels = [b.text for row in markup.inline_keyboard for b in row]
    assert labels == ["ok"]


def test_link_buttons_carry_their_url_and_no_data() -> None:
    markup = inline_keyboard(((Button("Continue in private", "open", url="https://t.me/x"),),))
    assert markup is not None
    button = markup.inline_keyboard[0][0]
    assert button.url == "https://t.me/x"
    assert button.callback_data is None


def test_no_buttons_means_no_keyboard() -> None:
    assert inline_keyboard(()) is None
