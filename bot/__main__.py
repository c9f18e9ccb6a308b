"""`python -m bot` is the `smallbatch` command."""

import sys

from bot.cli import main

# Guarded: the chart worker process (multiprocessing "spawn") imports this module again.
if __name__ == "__main__":
    sys.exit(main())
