"""``python -m newsreader``."""

from .cli import main

raise SystemExit(main())
