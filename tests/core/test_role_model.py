"""The role classifier: a real alternative reader, off by default (rules won on held-out)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.core.understanding import role_model
from bot.core.understanding.numbers import Role, read_figures, role_examples
from bot.core.understanding.parsing import parse, work_text


@pytest.fixture
def reader() -> Iterator[None]:
    """Puts the default reader back after a test switched it."""
    yield
    role_model.use_reader(role_model.DEFAULT_READER)


def test_the_rules_decide_by_default() -> None:
    assert role_model.reader() is role_model.Reader.RULES


def test_features_name_the_words_around_and_the_marks() -> None:
    (_, ctx), *_ = role_examples(work_text("budget €900 for the whole run"))
    names = role_model.features(ctx, with_rule=True)
    assert "b1=budget" in names
    assert "cur=True" in names
    assert "rule=budget" in names
    assert not any(n.startswith("rule=") for n in role_model.features(ctx, with_rule=False))


@pytest.mark.parametrize("which", [role_model.Reader.MODEL, role_model.Reader.RULES_AND_MODEL])
def test_each_model_reader_gives_a_known_class_with_a_probability(
    reader: None, which: role_model.Reader
) -> None:
    for _, ctx in role_examples(work_text("we need 400 jars a month, budget $900, MOQ 2,000")):
        name, probability = role_model.predict(ctx, which)
        assert name in role_model.CLASSES
        assert 0.0 < probability <= 1.0


def test_the_model_reader_reads_plain_needs_and_budgets(reader: None) -> None:
    role_model.use_reader(role_model.Reader.MODEL)
    parsed = parse("we need 400 amber jars a month, budget €900")
    assert parsed.quantity is not None
    assert parsed.quantity.value == 400
    assert parsed.budget is not None
    assert parsed.budget.amount == 900


def test_the_model_reader_judges_the_same_numbers(reader: None) -> None:
    text = work_text("our supplier wants min 2000 but we need 300 a month")
    rules = [f.role for f in read_figures(text).figures]
    role_model.use_reader(role_model.Reader.MODEL)
    model = [f.role for f in read_figures(text).figures]
    assert Role.MOQ in rules
    assert len(model) == len(rules)
