"""One webhook secret for every instance: configured, or derived from the token."""

from __future__ import annotations

import re

import pytest

from bot.config import ConfigError, load_settings, webhook_secret_of

TOKEN = "123456:TEST-token_x"


def test_the_derived_secret_is_the_same_for_every_instance_and_valid_for_telegram() -> None:
    first = webhook_secret_of(load_settings({"BOT_TOKEN": TOKEN}))
    second = webhook_secret_of(load_settings({"BOT_TOKEN": TOKEN}))
    assert first == second
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,256}", first)
    assert len(first) >= 32
    assert "123456" not in first
    assert "TEST" not in first


def test_another_token_gets_another_secret() -> None:
    other = webhook_secret_of(load_settings({"BOT_TOKEN": "654321:OTHER"}))
    assert other != webhook_secret_of(load_settings({"BOT_TOKEN": TOKEN}))


def test_a_configured_secret_wins() -> None:
    settings = load_settings({"BOT_TOKEN": TOKEN, "WEBHOOK_SECRET": "s3cret_-X"})
    assert webhook_secret_of(settings) == "s3cret_-X"


def test_no_token_and_no_secret_is_an_error() -> None:
    with pytest.raises(ValueError, match="WEBHOOK_SECRET or BOT_TOKEN"):
        webhook_secret_of(load_settings({}))


def test_health_port_is_read_and_checked() -> None:
    assert load_settings({}).health_port is None
    assert load_settings({"HEALTH_PORT": "8080"}).health_port == 8080
    with pytest.raises(ConfigError, match="HEALTH_PORT: not a port number: '80a'"):
        load_settings({"HEALTH_PORT": "80a"})
    with pytest.raises(ConfigError, match="HEALTH_PORT"):
        load_settings({"HEALTH_PORT": "70000"})
