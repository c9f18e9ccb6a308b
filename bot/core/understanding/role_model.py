"""A linear classifier over each number's context: the learned alternative to the role rules.

Issue 10 asks for rules or a small model trained on the annotated corpus, chosen by the accuracy
on the part nobody tuned on. `python -m benchmarks.train_roles` trains a multinomial logistic
regression on the tuning messages only and writes its weights to `role_weights.py` (a Python
module, so the core loads them by import, not by reading a file). Inference here is a dot
product in pure Python. Two models are shipped for the comparison: MODEL sees only the words
around a number, RULES_AND_MODEL also sees the role the rules gave (and overrules them only when
sure). `benchmarks.understanding --roles` scores each reader; the default reader is the one
that won on the held-out part (see DEFAULT_READER).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Reader(StrEnum):
    """Who decides a number's role."""

    RULES = "rules"
    MODEL = "model"  # the classifier alone, on context features
    RULES_AND_MODEL = "rules+model"  # the classifier with the rules' role as a feature


# The classes the classifier tells apart (the understand fields a number can fill); OTHER
# keeps the rules' role when that role fills none of them (a size, a history count).
CLASSES = ("need", "budget", "unit_price", "moq", "setup_fee", "tooling_fee", "other")

# RULES_AND_MODEL overrules the rules only at this probability or more.
CONFIDENT = 0.9

# Chosen by held-out figures (benchmarks.understanding --part all --roles …, trained on both
# tuning files): all fields / messages fully right, held-out and fresh part:
#   rules        96.7 / 61.9 %   93.6 / 47.0 %
#   model        95.4 / 54.2 %   92.9 / 43.0 %
#   rules+model  96.6 / 61.9 %   93.6 / 46.0 %
# The rules win (the model is weakest on the need itself), so they decide by default.
DEFAULT_READER = Reader.RULES
_reader: list[Reader] = [DEFAULT_READER]


def use_reader(reader: Reader) -> None:
    """Makes `reader` decide roles from now on (benchmarks compare the readers with it)."""
    _reader[0] = reader


def reader() -> Reader:
    """Returns the reader that decides roles."""
    return _reader[0]


@dataclass(frozen=True, slots=True)
class NumberContext:
    """What the classifier sees of one number: its words around, its marks and the rules' role."""

    before: str  # the words since the previous number (at most 40 characters)
    after: str  # the words up to the next number
    clause: str  # the sentence part the number is in
    value: float
    has_currency: bool
    has_multiplier: bool
    index: int  # which number of the message (0 = first)
    count: int  # how many numbers the message has
    rule_role: str


_WORD = re.compile(r"[^\W\d_]+|[$€£¥@/%+~:=?]")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def features(ctx: NumberContext, *, with_rule: bool) -> list[str]:
    """Returns the names of the features that fire for one number."""
    before, after = _words(ctx.before)[-4:], _words(ctx.after)[:4]
    out = ["bias", f"cur={ctx.has_currency}", f"mult={ctx.has_multiplier}"]
    out.append(f"mag={min(7, len(str(int(ctx.value))))}")
    out.append("decimal" if ctx.value != int(ctx.value) else "whole")
    out.append("first" if ctx.index == 0 else "last" if ctx.index == ctx.count - 1 else "mid")
    for offset, word in enumerate(reversed(before), start=1):
        out.append(f"b{offset}={word}")
        out.append(f"bb={word}")
    for offset, word in enumerate(after, start=1):
        out.append(f"a{offset}={word}")
        out.append(f"aa={word}")
    if len(before) >= 2:
        out.append(f"b21={before[-2]}_{before[-1]}")
    if len(after) >= 2:
        out.append(f"a12={after[0]}_{after[1]}")
    out.extend(f"c={word}" for word in set(_words(ctx.clause)) if len(word) > 3)
    if "?" in ctx.clause:
        out.append("question")
    if with_rule:
        out.append(f"rule={ctx.rule_role}")
    return out


def _scores(
    names: Sequence[str], intercepts: Sequence[float], weights: Mapping[str, Sequence[float]]
) -> list[float]:
    """Returns the linear score of every class."""
    totals = list(intercepts)
    for name in names:
        row = weights.get(name)
        if row is not None:
            totals = [t + w for t, w in zip(totals, row, strict=True)]
    return totals


def predict(ctx: NumberContext, reader_: Reader) -> tuple[str, float]:
    """Returns the class the model gives one number and its probability."""
    # Imported here: the weights are a large module only the model readers need.
    from bot.core.understanding import role_weights

    with_rule = reader_ is Reader.RULES_AND_MODEL
    weights = role_weights.RULES_AND_MODEL if with_rule else role_weights.MODEL
    intercepts = role_weights.INTERCEPTS["rules+model" if with_rule else "model"]
    scores = _scores(features(ctx, with_rule=with_rule), intercepts, weights)
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    best = max(range(len(scores)), key=scores.__getitem__)
    return CLASSES[best], exps[best] / sum(exps)


__all__ = [
    "CLASSES",
    "DEFAULT_READER",
    "NumberContext",
    "Reader",
    "features",
    "predict",
    "reader",
    "use_reader",
]
