"""`python -m bot` is the `smallbatch` command."""

import sys

from bot.cli import main

sys.exit(main())
