"""`smallbatch kb` and `db` as a user runs them (in process), plus settings and file reading."""

from __future__ import annotations

import asyncio
import io
import json
import os
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.cli.kb import Progress
from bot.config import DEFAULT_DATABASE_URL, ConfigError, load_settings
from bot.core.curation.knowledge import validate_rows
from bot.core.types import AuditEntry, InputError, Supplier
from bot.knowledge_files import export_csv, export_yaml, read_records, read_records_bytes
from bot.store.audit import AuditLog
from bot.store.db import Database
from tests.cli_runner import run_in_process

FIXTURES = Path(__file__).parent / "fixtures" / "import"
REPO = Path(__file__).resolve().parent.parent
KNOWLEDGE = REPO / "knowledge"
_TIMEOUT = 120  # seconds per command; a hung command fails the test instead of the run


def run_cli(*args: str, database_url: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Runs `python -m bot ARGS` with DATABASE_URL set and returns the finished process."""
    environ = {
        key: value
        for key, value in os.environ.items()
        if key not in ("ADMIN_IDS", "BOT_TOKEN", "KNOWLEDGE_DIR", "LOG_LEVEL", "RATE_LIMITER")
    }
    environ.update({"DATABASE_URL": database_url, "PYTHONPATH": str(REPO), **env})
    return run_in_process(args, env=environ, cwd=REPO)


def stats(database_url: str) -> dict[str, int]:
    """Returns `kb stats --json` for the database."""
    done = run_cli("kb", "stats", "--json", database_url=database_url)
    assert done.returncode == 0, done.stderr
    result: dict[str, int] = json.loads(done.stdout)
    return result


def assert_no_traceback(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stderr, done.stderr


# --------------------------------------------------------------------------------------------
# Settings
# --------------------------------------------------------------------------------------------


def test_settings_have_sensible_defaults() -> None:
    settings = load_settings({})
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.admin_ids == frozenset()
    assert (settings.bot_token, settings.bot_api_base_url, settings.webhook_secret) == (
        None,
        None,
        None,
    )
    assert settings.log_level == "INFO"
    assert settings.rate_limiter is True
    assert settings.knowledge_dir == KNOWLEDGE


def test_settings_read_every_variable(tmp_path: Path) -> None:
    settings = load_settings(
        {
            "BOT_TOKEN": "123456:TEST",
            "DATABASE_URL": "postgresql://postgres@127.0.0.1/x",
            "ADMIN_IDS": " 12, 34 56 ,",
            "BOT_API_BASE_URL": "http://127.0.0.1:8081/bot/",
            "KNOWLEDGE_DIR": str(tmp_path),
            "LOG_LEVEL": "debug",
            "WEBHOOK_SECRET": "s3cret_-X",
            "RATE_LIMITER": "off",
        }
    )
    assert settings.bot_token == "123456:TEST"
    assert settings.admin_ids == frozenset({12, 34, 56})
    assert settings.bot_api_base_url == "http://127.0.0.1:8081/bot"
    assert settings.knowledge_dir == tmp_path
    assert settings.log_level == "DEBUG"
    assert settings.webhook_secret == "s3cret_-X"
    assert settings.rate_limiter is False


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        (
            "ADMIN_IDS",
            "12,abc",
            "ADMIN_IDS: not a list of user ids: 'abc' (expected e.g. 123,456)",
        ),
        ("ADMIN_IDS", "-5", "ADMIN_IDS: not a list of user ids: '-5'"),
        ("DATABASE_URL", "mysql://x/y", "DATABASE_URL: not an SQLite or PostgreSQL URL"),
        ("BOT_TOKEN", "not a token", "BOT_TOKEN: not a bot token"),
        ("BOT_API_BASE_URL", "127.0.0.1:8081", "BOT_API_BASE_URL: not an http(s) URL"),
        ("KNOWLEDGE_DIR", "/no/such/dir", "KNOWLEDGE_DIR: no such directory"),
        ("LOG_LEVEL", "loud", "LOG_LEVEL: not a log level: 'LOUD'"),
        ("WEBHOOK_SECRET", "has space", "WEBHOOK_SECRET: use 1-256 characters"),
        ("RATE_LIMITER", "maybe", "RATE_LIMITER: not a switch: 'maybe'"),
    ],
)
def test_a_bad_setting_is_one_line_naming_the_variable(
    variable: str, value: str, message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({variable: value})
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_settings_read_a_dotenv_file_under_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text("ADMIN_IDS=7\nLOG_LEVEL=warning\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ADMIN_IDS", raising=False)
    monkeypatch.setenv("LOG_LEVEL", "ERROR")
    settings = load_settings()
    assert settings.admin_ids == frozenset({7})
    assert settings.log_level == "ERROR"  # the environment wins over .env


# --------------------------------------------------------------------------------------------
# Reading files
# --------------------------------------------------------------------------------------------


def test_yaml_json_and_csv_read_into_rows() -> None:
    yaml_rows = read_records(FIXTURES / "good.yaml")
    assert yaml_rows[0]["setup_fee"] == Decimal("35.00")  # exact, not a float
    assert yaml_rows[1]["country"] == "NO"  # YAML 1.2: NO is Norway, not false
    assert yaml_rows[1]["small_series"] == "no"
    json_rows = read_records(FIXTURES / "good.json")
    assert json_rows[0]["price_tiers"] == [
        {"min_qty": 1000, "unit_price": Decimal("1.25")},
        {"min_qty": 5000, "unit_price": Decimal("0.98")},
    ]
    csv_rows = read_records(FIXTURES / "good.csv")
    assert csv_rows[0]["price_tiers"] == "50:1.20;500:0.35"
    assert csv_rows[1]["website"] == ""


def test_a_bare_json_list_is_read_too() -> None:
    rows = read_records_bytes(b'[{"name": "A", "categories": "boxes", "source": "s"}]', "a.json")
    assert rows == [{"name": "A", "categories": "boxes", "source": "s"}]


def test_csv_import_strips_the_apostrophe_export_puts_before_formulas() -> None:
    data = b"name,categories,notes,source\n'=1+1,boxes,'-dash,'plain\n"
    (row,) = read_records_bytes(data, "a.csv")
    assert (row["name"], row["notes"], row["source"]) == ("=1+1", "-dash", "'plain")


@pytest.mark.parametrize(
    ("name", "field", "reason"),
    [
        ("binary.csv", "file", "not UTF-8 text (is it binary?)"),
        ("broken.yaml", "file", "not valid YAML at line"),
        ("wrong-shape.json", "file", "JSON: 'suppliers' must be a list"),
        ("unknown-column.csv", "header", "unknown field 'colour'"),
        ("missing.yaml", "file", "no such file"),
    ],
)
def test_unreadable_files_get_a_clear_reason(name: str, field: str, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        read_records(FIXTURES / name)
    assert caught.value.field == field
    assert caught.value.reason.startswith(reason)


@pytest.mark.parametrize(
    ("data", "filename", "reason"),
    [
        (b"a,b", "kb.xlsx", "unknown file type '.xlsx'"),
        (b"\xff\xfe\x00\xd8", "kb.csv", "not UTF-8 text"),
        (b"{", "kb.json", "not valid JSON at line 1"),
        (b"other: 1", "kb.yaml", "YAML: expected a 'suppliers:' list"),
        (b"suppliers:\n- just text\n", "kb.yml", "YAML: supplier 1 is not a mapping"),
        (b"name,name\nA,B\n", "kb.csv", "field 'name' appears twice"),
    ],
)
def test_uploads_get_a_clear_reason(data: bytes, filename: str, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        read_records_bytes(data, filename)
    assert caught.value.reason.startswith(reason)


def test_csv_rows_with_extra_cells_are_reported_not_dropped() -> None:
    (row,) = read_records_bytes(b"name,categories,source\nA,boxes,s,surprise\n", "a.csv")
    assert row["(extra cells)"] == ["surprise"]


# --------------------------------------------------------------------------------------------
# The commands
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["kb", "--help"],
        ["kb", "import", "--help"],
        ["kb", "export", "--help"],
        ["kb", "stats", "--help"],
        ["kb", "seed", "--help"],
        ["db", "--help"],
        ["db", "upgrade", "--help"],
    ],
    ids=" ".join,
)
def test_every_command_has_help(args: list[str], sqlite_url: str) -> None:
    done = run_cli(*args, database_url=sqlite_url)
    assert done.returncode == 0
    assert "usage: smallbatch" in done.stdout


def test_import_yaml_json_and_csv_into_an_empty_base(db_url: str) -> None:
    expected = {
        "good.yaml": "imported 2 suppliers (2 added, 0 updated)",
        "good.json": "imported 2 suppliers (2 added, 0 updated)",
        "good.csv": "imported 2 suppliers (2 added, 0 updated)",
    }
    for name, message in expected.items():
        done = run_cli("kb", "import", str(FIXTURES / name), database_url=db_url)
        assert (done.returncode, done.stdout.strip()) == (0, message), done.stderr
    assert stats(db_url) == {
        "suppliers": 6,
        "categories": 5,
        "countries": 5,
        "small_series": 2,
        "sourced": 6,
    }
    again = run_cli("kb", "import", str(FIXTURES / "good.yaml"), database_url=db_url)
    assert again.stdout.strip() == "imported 2 suppliers (0 added, 2 updated)"


def test_import_never_seeds(sqlite_url: str) -> None:
    run_cli("kb", "import", str(FIXTURES / "good.csv"), database_url=sqlite_url)
    assert stats(sqlite_url)["suppliers"] == 2


def test_a_bad_file_lists_each_bad_row_exits_2_and_changes_nothing(db_url: str) -> None:
    run_cli("kb", "import", str(FIXTURES / "good.yaml"), database_url=db_url)
    before = stats(db_url)
    done = run_cli("kb", "import", str(FIXTURES / "bad.csv"), database_url=db_url)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "row 2: moq: not a whole number: 'abc'",
        "row 3: price_tiers: min_qty must ascend",
        "row 4: name: required; country: not an ISO 3166 country code: 'XX' (e.g. DE, GB, US); "
        "source: required: say where the facts come from",
    ]
    assert stats(db_url) == before


def test_a_bad_yaml_file_is_refused_whole(sqlite_url: str) -> None:
    done = run_cli("kb", "import", str(FIXTURES / "bad.yaml"), database_url=sqlite_url)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "row 2: source: required: say where the facts come from",
        "row 3: status: not one of listed, reviewed, verified, unchecked: 'trusted'",
    ]
    assert stats(sqlite_url)["suppliers"] == 0


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("nope.yaml", "smallbatch kb: file: no such file: "),
        ("binary.csv", "smallbatch kb: file: not UTF-8 text (is it binary?)"),
        ("unknown-column.csv", "smallbatch kb: header: unknown field 'colour'"),
        ("broken.yaml", "smallbatch kb: file: not valid YAML at line"),
    ],
)
def test_unreadable_files_exit_2_with_one_line(sqlite_url: str, path: str, message: str) -> None:
    done = run_cli("kb", "import", str(FIXTURES / path), database_url=sqlite_url)
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1
    assert done.stderr.startswith(message)


def test_import_is_audited_as_one_entry(sqlite_url: str) -> None:
    run_cli("kb", "import", str(FIXTURES / "good.json"), database_url=sqlite_url)

    async def entries() -> list[AuditEntry]:
        db = await Database.connect(sqlite_url)
        try:
            async with db.sessions() as session:
                return list(await AuditLog(session).recent())
        finally:
            await db.dispose()

    (entry,) = asyncio.run(entries())
    assert (entry.actor_id, entry.action) == (0, "import")
    assert entry.after is not None
    assert entry.after["added"] == 2


@pytest.mark.parametrize("fmt", ["yaml", "csv"])
def test_export_then_import_into_an_empty_base_exports_the_same(tmp_path: Path, fmt: str) -> None:
    first = f"sqlite:///{tmp_path / 'first.db'}"
    second = f"sqlite:///{tmp_path / 'second.db'}"
    assert run_cli("kb", "seed", database_url=first).returncode == 0
    for name in ("good.yaml", "good.json", "good.csv"):
        run_cli("kb", "import", str(FIXTURES / name), database_url=first)
    exported = tmp_path / f"kb.{fmt}"
    done = run_cli("kb", "export", "--format", fmt, "-o", str(exported), database_url=first)
    assert done.returncode == 0, done.stderr
    imported = run_cli("kb", "import", str(exported), database_url=second)
    assert imported.returncode == 0, imported.stderr
    again = run_cli("kb", "export", "--format", fmt, database_url=second)
    assert again.stdout == exported.read_text(encoding="utf-8")
    assert stats(first) == stats(second)


def test_seed_loads_the_curated_base_with_a_source_for_every_supplier(db_url: str) -> None:
    done = run_cli("kb", "seed", database_url=db_url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("seeded ")
    assert stats(db_url)["suppliers"] >= 100
    exported = run_cli("kb", "export", "--format", "csv", database_url=db_url).stdout
    header, *rows = exported.splitlines()
    assert header.split(",")[-1] == "source"
    assert rows


def test_stats_without_json_prints_a_table(sqlite_url: str) -> None:
    done = run_cli("kb", "stats", database_url=sqlite_url)
    assert done.stdout.splitlines()[0].split() == ["suppliers", "0"]


def _head_revision() -> str:
    """Returns the newest migration's revision id (files are numbered NNNN_name.py)."""
    versions = Path(__file__).resolve().parents[1] / "bot" / "store" / "migrations" / "versions"
    return max(p.name.split("_", 1)[0] for p in versions.glob("[0-9][0-9][0-9][0-9]_*.py"))


def test_db_upgrade_is_idempotent(db_url: str) -> None:
    head = _head_revision()
    for _ in range(2):
        done = run_cli("db", "upgrade", database_url=db_url)
        assert (done.returncode, done.stdout.strip()) == (0, f"database schema at revision {head}")


@pytest.mark.parametrize(
    ("env", "start"),
    [
        ({"DATABASE_URL": "mysql://x/y"}, "smallbatch: DATABASE_URL: not an SQLite or PostgreSQL"),
        ({"ADMIN_IDS": "abc"}, "smallbatch: ADMIN_IDS: not a list of user ids: 'abc'"),
        (
            {"DATABASE_URL": "postgresql://postgres@127.0.0.1:9/x"},
            "smallbatch kb: DATABASE_URL: cannot open the database",
        ),
    ],
)
def test_bad_settings_exit_2_with_one_line(
    sqlite_url: str, env: dict[str, str], start: str
) -> None:
    done = run_cli("kb", "stats", database_url=sqlite_url, **env)
    assert done.returncode == 2
    assert_no_traceback(done)
    assert done.stderr.startswith(start)
    assert len(done.stderr.splitlines()) == 1


def test_large_imports_show_progress_every_ten_percent(sqlite_url: str, tmp_path: Path) -> None:
    lines = ["name,categories,moq,source"]
    lines += [f"Load Test {n},boxes,{n},generated by the test" for n in range(1200)]
    big = tmp_path / "big.csv"
    big.write_text("\n".join(lines) + "\n")
    done = run_cli("kb", "import", str(big), database_url=sqlite_url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "imported 1200 suppliers (1200 added, 0 updated)"
    progress = done.stderr.splitlines()
    assert progress[0] == "validating: 0% (100/1200)"
    assert "validating: 100% (1200/1200)" in progress
    assert progress[-1] == "importing: 100% (1200/1200)"
    assert len(progress) <= 24


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_is_one_bar_redrawn_in_place() -> None:
    terminal = _Terminal()
    progress = Progress("importing", 2000, terminal)
    progress.update(1000)
    progress.update(2000)
    text = terminal.getvalue()
    assert text.count("\r") == 2
    assert text.endswith("[" + "#" * 30 + "] 100% 2000/2000\n")
    assert "importing [" + "#" * 15 + "-" * 15 + "]  50% 1000/2000" in text


_words = (
    st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=25)
    .map(str.strip)
    .filter(bool)
)


@settings(max_examples=150, deadline=None)
@given(
    name=_words,
    notes=st.one_of(st.none(), _words),
    keywords=st.lists(_words.filter(lambda word: ";" not in word), max_size=3, unique=True),
    fee=st.one_of(st.none(), st.decimals(min_value=0, max_value=10**6, places=3)),
    moq_unit=_words.filter(lambda word: len(word) <= 100),
)
def test_any_supplier_survives_csv_and_yaml_export_and_import(
    name: str, notes: str | None, keywords: list[str], fee: Decimal | None, moq_unit: str
) -> None:
    supplier = Supplier(
        name=name,
        categories=("boxes",),
        keywords=tuple(keywords),
        notes=notes,
        setup_fee=fee,
        moq_unit=moq_unit,
        source=name,
    )
    for text, filename in ((export_csv([supplier]), "a.csv"), (export_yaml([supplier]), "a.yaml")):
        suppliers, errors = validate_rows(read_records_bytes(text.encode(), filename))
        assert errors == []
        assert suppliers == [supplier]
