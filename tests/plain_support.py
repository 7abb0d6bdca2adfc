"""Plain mode in-process on a fake clock: typed lines scheduled at session times, output captured."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from tests.ui_support import FakeClock
from unknot.cli import build_parser
from unknot.plain.mode import run_plain


@dataclass
class ScriptedKeys:
    """Lines typed at given clock times; a wait moves the fake clock instead of sleeping.

    ``script`` holds (clock time, line) pairs in order; a line whose time has come is read at once. Once
    the script is used up, stdin has ended (``ended``), as when a script closes its pipe.
    """

    clock: FakeClock
    script: list[tuple[float, str]] = field(default_factory=list)
    stop: int | None = None
    waits: list[float | None] = field(default_factory=list)
    """Every timeout plain mode asked to wait, in order (None: until a key)."""

    @property
    def ended(self) -> bool:
        return not self.script

    def read(self, timeout: float | None) -> list[str]:
        self.waits.append(timeout)
        if not self.script:
            if timeout is None:
                raise AssertionError("plain mode waited for a key with none left and stdin not ended")
            self.clock.advance(timeout)
            return []
        at, line = self.script[0]
        if timeout is not None and at > self.clock.now + timeout:
            self.clock.advance(timeout)
            return []
        self.clock.now = max(self.clock.now, at)
        self.script.pop(0)
        return [line]

    @contextmanager
    def watch_signals(self) -> Iterator[None]:
        yield


def run(
    argv: list[str], keys: list[tuple[float, str]] | None = None, *, start: float = 100.0
) -> tuple[int, str, ScriptedKeys]:
    """``unknot ARGV --plain --mute`` in this process; (exit status, stdout, the key source)."""
    clock = FakeClock(start)
    source = ScriptedKeys(clock, list(keys or []))
    out = io.StringIO()
    args = build_parser().parse_args([*argv, "--plain", "--mute"])
    status = run_plain(args, clock=clock, keys=source, out=out)
    return status, out.getvalue(), source
