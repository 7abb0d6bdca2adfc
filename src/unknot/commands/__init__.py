"""Command families of the ``unknot`` CLI beyond the core ones in :mod:`unknot.cli`.

Each module defines ``register(sub) -> dict[str, Handler]``: it adds its sub-parsers and returns the
handler for each command name. Modules import only argparse at import time, so ``unknot list`` stays fast;
anything heavy is imported inside the handlers.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

Handler = Callable[[argparse.Namespace], int]
