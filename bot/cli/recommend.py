"""`smallbatch recommend`: placeholder until its issue lands (replaced by its owner)."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(subparsers: Any) -> None:
    """Adds the `recommend` subcommand."""
    parser = subparsers.add_parser("recommend", help="(not built yet)")
    parser.set_defaults(handler=_handle)


def _handle(args: argparse.Namespace) -> int:
    print("smallbatch recommend: not built yet", file=sys.stderr)  # noqa: T201
    return 1
