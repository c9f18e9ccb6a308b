"""Runs `smallbatch ARGS` in this process, as a subprocess would see it, for the CLI tests.

Starting a Python process per command cost ~1 s each (the imports); the command's behaviour is
the same in process: its own environment, working directory, stdin, stdout and stderr, and the
exit status from `bot.cli.main` or its `SystemExit`. An unexpected exception is written to stderr
as a traceback with status 1, as the interpreter would, so `Traceback` checks still catch it.
The tests that check the real program (no traceback from `python -m bot`) keep a subprocess.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import subprocess
import sys
import traceback
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from bot.cli import main


@contextlib.contextmanager
def _environment(env: Mapping[str, str], cwd: Path) -> Iterator[None]:
    """Replaces os.environ and the working directory for the duration of one command."""
    saved_env, saved_cwd = dict(os.environ), Path.cwd()
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)


def _reset_logging() -> None:
    """Lets each command configure logging afresh, as a new process would."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)


def run_in_process(
    argv: Sequence[str],
    *,
    env: Mapping[str, str],
    cwd: Path,
    stdin: str = "",
) -> subprocess.CompletedProcess[str]:
    """Returns what `python -m bot ARGV` would: exit status, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin), out, err
    _reset_logging()
    try:
        with _environment(env, cwd):
            try:
                code = main(list(argv))
            except SystemExit as exit_:
                code = (
                    exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
                )
            except Exception:
                err.write(traceback.format_exc())
                code = 1
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
        _reset_logging()
    return subprocess.CompletedProcess(
        ["smallbatch", *argv], code, stdout=out.getvalue(), stderr=err.getvalue()
    )
