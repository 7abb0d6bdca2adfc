"""Allow ``python -m unknot``."""

from unknot.cli import main

raise SystemExit(main())
