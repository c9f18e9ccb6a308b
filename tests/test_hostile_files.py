"""Hostile knowledge files: alias bombs, deep nesting and foreign encodings get a clear refusal."""

from __future__ import annotations

import pytest

from bot.core.types import InputError
from bot.knowledge_files import MAX_YAML_DEPTH, read_records_bytes

ROW = "- name: Cafe Ré\n  categories: [packaging]\n  country: FR\n"


def _bomb(levels: int = 9, width: int = 9) -> bytes:
    """Returns the classic "billion laughs" YAML: each level aliases the previous one `width` x."""
    lines = ['a0: &a0 ["lol"]']
    for level in range(1, levels):
        refs = ",".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{refs}]")
    lines.append(f"suppliers: *a{levels - 1}")
    return ("\n".join(lines) + "\n").encode()


def _refusal(data: bytes, filename: str = "kb.yaml") -> str:
    """Returns the reason a file is refused (fails when it is read)."""
    with pytest.raises(InputError) as caught:
        read_records_bytes(data, filename)
    assert caught.value.field == "file"
    return caught.value.reason


def test_an_alias_bomb_of_under_500_bytes_is_refused_as_such() -> None:
    bomb = _bomb()
    assert len(bomb) < 500
    assert "too many aliases" in _refusal(bomb)


def test_an_alias_that_refers_to_itself_is_refused() -> None:
    assert "refers to itself" in _refusal(b"suppliers: &x [*x]\n")


def test_a_few_aliases_in_an_ordinary_file_are_still_read() -> None:
    data = (
        b"common: &tags [boxes, mailers]\n"
        b"suppliers:\n"
        b"- {name: A, categories: [packaging], keywords: *tags}\n"
        b"- {name: B, categories: [packaging], keywords: *tags}\n"
    )
    rows = read_records_bytes(data, "kb.yaml")
    assert [row["keywords"] for row in rows] == [["boxes", "mailers"], ["boxes", "mailers"]]


@pytest.mark.parametrize("depth", [MAX_YAML_DEPTH + 1, 5_000, 100_000])
def test_deep_nesting_is_refused_with_the_line(depth: int) -> None:
    data = ("suppliers: " + "[" * depth + "]" * depth + "\n").encode()
    reason = _refusal(data)
    assert reason.startswith(f"YAML refused: nested more than {MAX_YAML_DEPTH} levels deep")
    assert "at line 1" in reason


def test_deep_block_nesting_is_refused_too() -> None:
    lines = ["suppliers:"] + [" " * (2 * n) + f"- k{n}:" for n in range(1, 60)]
    assert "nested more than" in _refusal(("\n".join(lines) + "\n").encode())


def test_nesting_up_to_the_limit_is_read() -> None:
    inner = "[" * (MAX_YAML_DEPTH - 4) + "]" * (MAX_YAML_DEPTH - 4)
    data = f"suppliers:\n- {{name: A, categories: [packaging], notes: {inner}}}\n".encode()
    assert read_records_bytes(data, "kb.yaml")[0]["name"] == "A"


@pytest.mark.parametrize(
    ("codec", "bom"),
    [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-32-le", b"\xff\xfe\x00\x00")],
)
@pytest.mark.parametrize("filename", ["kb.yaml", "kb.csv"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_decoded(
    codec: str, bom: bytes, filename: str
) -> None:
    text = "suppliers:\n" + ROW if filename.endswith("yaml") else "name,categories\nCafe Ré,p\n"
    rows = read_records_bytes(bom + text.encode(codec), filename)
    assert rows[0]["name"] == "Cafe Ré"


def test_utf16_without_a_byte_order_mark_is_refused_by_name() -> None:
    reason = _refusal(("suppliers:\n" + ROW).encode("utf-16-le"))
    assert reason == (
        "not UTF-8 text: it looks like UTF-16 without a byte-order mark; save it as UTF-8"
    )


def test_a_broken_utf16_file_is_refused_by_name() -> None:
    reason = _refusal(b"\xff\xfe" + "name".encode("utf-16-le") + b"\x00\xd8", "kb.csv")
    assert "UTF-16 byte-order mark but is not valid UTF-16; save it as UTF-8" in reason


@pytest.mark.parametrize("codec", ["latin-1", "cp1252"])
def test_latin1_is_refused_by_name_with_where(codec: str) -> None:
    data = ("suppliers:\n" + ROW).encode(codec)
    reason = _refusal(data)
    assert reason == (
        "not UTF-8 text: byte 0xE9 at line 2, column 15 "
        "(saved as Latin-1 or Windows-1252?); save it as UTF-8"
    )


def test_binary_is_still_called_binary() -> None:
    assert _refusal(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "kb.csv") == (
        "not UTF-8 text (is it binary?)"
    )
