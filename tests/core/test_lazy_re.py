"""bot/core/understanding/lazy_re.py: patterns compiled on first use behave as re's own."""

from __future__ import annotations

import re

import pytest

from bot.core.understanding import lazy_re


def test_a_pattern_is_not_compiled_until_it_is_used() -> None:
    broken = lazy_re.compile("(unclosed")
    assert broken.pattern == "(unclosed"
    with pytest.raises(re.error):
        broken.search("unclosed")


def test_a_lazy_pattern_answers_as_the_compiled_one() -> None:
    source, flags = r"(?P<qty>\d+)\s*(pcs|units)", re.IGNORECASE
    lazy, real = lazy_re.compile(source, flags), re.compile(source, flags)
    text = "we need 300 PCS now, then 20 units"
    assert lazy.flags == real.flags
    assert lazy.groupindex == real.groupindex
    assert lazy.groups == real.groups
    found = lazy.search(text)
    assert found is not None
    assert found.group("qty") == "300"
    assert lazy.findall(text) == real.findall(text)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in real.finditer(text)]
    assert lazy.sub("N", text) == real.sub("N", text)
    assert lazy.split(text) == real.split(text)
    assert lazy.fullmatch("12 units") is not None
    assert lazy.match("x 12 units") is None


def test_the_module_functions_take_lazy_patterns_and_strings() -> None:
    lazy = lazy_re.compile(r"\bbox(es)?\b")
    assert lazy_re.search(lazy, "mailer boxes") is not None
    assert lazy_re.sub(lazy, "tin", "a box, two boxes") == "a tin, two tin"
    assert lazy_re.findall(r"\d+", "1 and 22") == ["1", "22"]
    assert lazy_re.compile(lazy).pattern == lazy.pattern
    assert lazy_re.split(lazy, "a box b") == ["a ", None, " b"]


def test_warm_compiles_what_waits_a_few_at_a_time_and_leaves_broken_ones_to_their_use() -> None:
    made = [lazy_re.compile(rf"\bbox{n}\b") for n in range(3)]
    broken = lazy_re.compile("(unclosed too")
    left = lazy_re.warm(1)
    assert left >= 3  # one compiled, at least the rest of these still waiting
    while lazy_re.warm(50):
        pass
    assert all("match" in vars(pattern) for pattern in made)
    assert made[2].search("a box2 b") is not None
    with pytest.raises(re.error):
        broken.search("unclosed too")
