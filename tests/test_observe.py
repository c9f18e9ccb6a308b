"""Metrics text, JSON log lines with the update's ids, and the admin error report's content."""

from __future__ import annotations

import json
import logging
import sys

import pytest

from bot import metrics
from bot.logs import CURRENT_UPDATE, TEXT_FORMAT, JsonFormatter, UpdateFields, UpdateIds
from bot.telegram.observe import ErrorReport, report_text


def _record(message: str = "could not handle %r", *, error: bool = True) -> logging.LogRecord:
    exc_info = None
    if error:
        try:
            raise ValueError("the founder's words")
        except ValueError:
            exc_info = sys.exc_info()
    record = logging.LogRecord(
        "bot.assistant", logging.ERROR, __file__, 1, message, ("secret text",), exc_info
    )
    UpdateFields().filter(record)
    return record


def test_a_histogram_renders_cumulative_buckets_sum_and_count() -> None:
    latency = metrics.Histogram("t_seconds", "Time.", buckets=(0.1, 1.0))
    for value in (0.05, 0.1, 0.5, 3.0):
        latency.observe(value)
    assert metrics.render([latency]).splitlines() == [
        "# HELP t_seconds Time.",
        "# TYPE t_seconds histogram",
        't_seconds_bucket{le="0.1"} 2',
        't_seconds_bucket{le="1"} 3',
        't_seconds_bucket{le="+Inf"} 4',
        "t_seconds_sum 3.65",
        "t_seconds_count 4",
    ]


def test_a_counter_only_goes_up() -> None:
    counter = metrics.Counter("n_total", "N.")
    counter.inc(2)
    assert counter.render()[-1] == "n_total 2"
    with pytest.raises(ValueError, match="only goes up"):
        counter.inc(-1)


def test_every_line_logged_during_an_update_carries_its_ids() -> None:
    token = CURRENT_UPDATE.set(UpdateIds(42, -100, 7))
    try:
        record = _record(error=False)
    finally:
        CURRENT_UPDATE.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert (line["update_id"], line["chat_id"], line["user_id"]) == (42, -100, 7)
    assert line["level"] == "ERROR"
    assert line["logger"] == "bot.assistant"
    assert logging.Formatter(TEXT_FORMAT).format(record).endswith(" [update 42]")
    outside = _record(error=False)
    assert "update_id" not in json.loads(JsonFormatter().format(outside))


def test_the_report_names_the_update_and_the_place_never_the_message() -> None:
    token = CURRENT_UPDATE.set(UpdateIds(42, 7, 7))
    try:
        record = _record()
    finally:
        CURRENT_UPDATE.reset(token)
    report = report_text(record)
    assert report.startswith("Unexpected error in update 42 (chat 7, user 7)")
    assert "ValueError at test_observe.py:" in report
    assert "secret text" not in report
    assert "founder's words" not in report


def test_only_errors_with_a_traceback_are_counted() -> None:
    handler = ErrorReport(None, None)
    before = metrics.ERRORS.value
    handler.emit(_record(error=False))
    assert metrics.ERRORS.value == before
    handler.emit(_record())
    assert metrics.ERRORS.value == before + 1
