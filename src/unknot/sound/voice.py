"""Speech: :class:`Voice` speaks short texts (the look-ahead to the next step) through ``espeak-ng`` or
``spd-say`` when one is installed, without waiting and without ever raising.

This module imports no Textual.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from collections.abc import Callable

__all__ = ["Voice"]


class Voice:
    """Speaks short texts through ``espeak-ng`` (preferred) or ``spd-say``, without waiting.

    A new text interrupts the one still being spoken. When neither program is on ``PATH``,
    :meth:`available` is False and :meth:`say` does nothing.
    """

    MAX_CHARS = 300

    def __init__(self, which: Callable[[str], str | None] = shutil.which) -> None:
        self._program: str | None = None
        self._name = ""
        for name in ("espeak-ng", "spd-say"):
            found = which(name)
            if found:
                self._program, self._name = found, name
                break
        self._process: subprocess.Popen[bytes] | None = None

    def available(self) -> bool:
        """Whether a speech program was found."""
        return self._program is not None

    @property
    def engine(self) -> str:
        """The speech program's name (``espeak-ng`` or ``spd-say``), or "" when there is none."""
        return self._name

    def _command(self, text: str) -> list[str]:
        assert self._program is not None
        if self._name == "spd-say":
            # --wait keeps the client alive while the speech server talks, so it can be interrupted.
            return [self._program, "--wait", "--", text]
        return [self._program, "--", text]

    def say(self, text: str) -> None:
        """Start speaking ``text`` (interrupting any earlier text) and return at once; never raises."""
        text = " ".join(text.split())[: self.MAX_CHARS]
        if self._program is None or not text:
            return
        self.stop()
        try:
            self._process = _spawn(self._command(text))
        except Exception:
            self._process = None

    def speaking(self) -> bool:
        """Whether the last text is still being spoken."""
        return self._process is not None and self._process.poll() is None

    def stop(self) -> None:
        """Cut off the text being spoken, if any."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGTERM)
        if self._name == "spd-say" and self._program is not None:
            # The speech server goes on talking after its client is gone; ask it to stop.
            with contextlib.suppress(Exception):
                _spawn([self._program, "--cancel"])

    def close(self) -> None:
        """Stop speaking; later texts are not spoken."""
        self.stop()
        self._program = None


def _spawn(command: list[str]) -> subprocess.Popen[bytes]:
    """Start a program detached from the terminal: no input, no output, its own session."""
    return subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
