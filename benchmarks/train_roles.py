"""Trains the number-role classifier on the TUNING messages only and writes its weights.

    python -m benchmarks.train_roles [--check]

Each number of a tuning message (as the number reader sees it, after quoted tiers and
durations) is labelled from the message's annotation: the number that gives the annotated
quantity is "need", the budget "budget", the target price "unit_price", the supplier's minimum
"moq", a quote's set-up or tooling fee "setup_fee" / "tooling_fee"; every other number "other".
Two multinomial logistic regressions (scikit-learn, a dev dependency only) are fitted: one on
the context features alone (MODEL), one with the rules' role as a feature too (RULES_AND_MODEL).
The regularisation is chosen by 5-fold cross-validation on the tuning part; the held-out part is
never read here. The weights go to bot/core/understanding/role_weights.py (pure Python: the core
imports them, no file I/O). `--check` exits 1 when the written weights differ from a fresh fit.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from sklearn.feature_extraction import DictVectorizer  # type: ignore[import-untyped]
from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
from sklearn.model_selection import cross_val_score  # type: ignore[import-untyped]

from benchmarks.understanding import load_part
from bot.core.understanding import role_model
from bot.core.understanding.numbers import Figure, role_examples
from bot.core.understanding.parsing import work_text

ROOT = Path(__file__).resolve().parents[1]
WEIGHTS = ROOT / "bot" / "core" / "understanding" / "role_weights.py"
C_GRID = (0.3, 1.0, 3.0, 10.0)
MIN_WEIGHT = 0.2  # smaller weights hardly change a decision and would bloat the module


def _same(value: object, figure_value: Decimal) -> bool:
    if value is None or isinstance(value, bool):
        return False
    return Decimal(str(value)) == figure_value


def label(item: Mapping[str, Any], figure: Figure, raw: Figure) -> str:
    """Returns the class of one number from the message's annotation."""
    values = {figure.value, raw.value}
    quote = item.get("quote") or {}
    for name, cls in (
        ("quantity", "need"),
        ("budget", "budget"),
        ("target_unit_price", "unit_price"),
        ("supplier_moq", "moq"),
    ):
        if any(_same(item.get(name), v) for v in values):
            return cls
    for name in ("setup_fee", "tooling_fee"):
        if any(_same(quote.get(name), v) for v in values):
            return name
    return "other"


def examples(
    items: Sequence[Mapping[str, Any]],
) -> tuple[list[role_model.NumberContext], list[str]]:
    """Returns every judged number of the messages and its label."""
    contexts: list[role_model.NumberContext] = []
    labels: list[str] = []
    for item in items:
        for figure, ctx in role_examples(work_text(item["text"])):
            raw = Figure(figure.role, Decimal(str(ctx.value)), figure.start, figure.end, "")
            contexts.append(ctx)
            labels.append(label(item, figure, raw))
    return contexts, labels


def fit(
    contexts: Sequence[role_model.NumberContext], labels: Sequence[str], *, with_rule: bool
) -> tuple[dict[str, tuple[float, ...]], tuple[float, ...], float, float]:
    """Returns (weights per feature, intercepts, chosen C, its cross-validated accuracy)."""
    rows = [dict.fromkeys(role_model.features(c, with_rule=with_rule), 1) for c in contexts]
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(rows)
    best_c, best_score = C_GRID[0], -1.0
    for c in C_GRID:
        score = cross_val_score(_model(c), matrix, labels, cv=5).mean()
        if score > best_score:
            best_c, best_score = c, float(score)
    model = _model(best_c).fit(matrix, labels)
    order = [
        list(model.classes_).index(c) if c in model.classes_ else None for c in role_model.CLASSES
    ]
    weights: dict[str, tuple[float, ...]] = {}
    for column, name in enumerate(vectorizer.get_feature_names_out()):
        row = tuple(
            round(float(model.coef_[i, column]), 3) if i is not None else 0.0 for i in order
        )
        if max(abs(w) for w in row) >= MIN_WEIGHT:
            weights[str(name)] = row
    # A class the tuning part never shows gets a score it can never win with.
    intercepts = tuple(
        round(float(model.intercept_[i]), 4) if i is not None else -50.0 for i in order
    )
    return weights, intercepts, best_c, best_score


def rule_class(role: str) -> str:
    """Returns the class the rules' role stands for."""
    return role if role in role_model.CLASSES else "other"


def _model(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=2000)


def render(fits: Mapping[str, tuple[dict[str, tuple[float, ...]], tuple[float, ...]]]) -> str:
    """Returns the weights module's source."""
    lines = [
        '"""Weights of the role classifier (written by `python -m benchmarks.train_roles`; do '
        'not edit)."""',
        "",
        "from __future__ import annotations",
        "",
        "# fmt: off",
        "INTERCEPTS: dict[str, tuple[float, ...]] = {",
    ]
    lines += [f"    {key!r}: {intercepts!r}," for key, (_, intercepts) in fits.items()]
    lines.append("}")
    for key, name in (("model", "MODEL"), ("rules+model", "RULES_AND_MODEL")):
        lines.append(f"{name}: dict[str, tuple[float, ...]] = {{")
        lines += [f"    {feature!r}: {row!r}," for feature, row in sorted(fits[key][0].items())]
        lines.append("}")
    lines.append("# fmt: on")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Fits both models on the tuning messages and writes (or checks) the weights module."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.train_roles")
    parser.add_argument("--check", action="store_true", help="only compare with the file")
    args = parser.parse_args(argv)
    # Fees are rare in the tuning part (a class with fewer members than folds): said once here.
    warnings.filterwarnings("ignore", message="The least populated class")
    items = load_part("understanding", "tuning")  # tuning.yaml and every tuning-*.yaml
    contexts, labels = examples(items)
    print(f"{len(contexts)} numbers from {len(items)} tuning messages: {dict(Counter(labels))}")
    rules = sum(rule_class(c.rule_role) == y for c, y in zip(contexts, labels, strict=True))
    print(f"rules: accuracy on the same labels {rules / len(labels):.3f}")
    fits = {}
    for key, with_rule in (("model", False), ("rules+model", True)):
        weights, intercepts, c, score = fit(contexts, labels, with_rule=with_rule)
        fits[key] = (weights, intercepts)
        print(f"{key}: C={c}, 5-fold accuracy on tuning {score:.3f}, {len(weights)} weights")
    source = render(fits)
    if args.check:
        same = WEIGHTS.read_text(encoding="utf-8") == source
        print("weights up to date" if same else "weights differ from a fresh fit")
        return 0 if same else 1
    WEIGHTS.write_text(source, encoding="utf-8")
    print(f"wrote {WEIGHTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
