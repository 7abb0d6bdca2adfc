"""A small tmux driver for tests and the bench: run a command in a real terminal and read its screen.

Every :class:`TmuxSession` runs on its own tmux server (a private socket in a temporary folder), so
sessions never share state, can run side by side, and the server's environment is exactly the one given::

    with TmuxSession.start(["unknot", "run", "short"], size=(100, 30), env={"UNKNOT_DATA_DIR": d}) as tm:
        tm.wait_for("Consult a qualified professional")
        tm.send_keys("Enter")
        screen = tm.wait_for("Paused")

The command runs without a shell (tmux execs it), so :meth:`TmuxSession.pane_pid` is the command's own
process id: ``kill -9`` on it kills the app, not a wrapper.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Self

__all__ = ["WAIT_SECONDS", "TmuxError", "TmuxSession", "available", "running"]

SESSION = "main"
_POLL_SECONDS = 0.02
# Each look at the screen starts a tmux client: polling every 20 ms all through a 30 s wait costs a tenth of
# a core, which a loaded machine takes from the app under test. So the wait between looks grows from 20 ms
# to at most 100 ms while nothing changes (what follows a key still shows within a few polls).
_POLL_GROWTH = 1.5
_POLL_MAX_SECONDS = 0.1
# Every wait is a deadline on what the screen shows, so it ends as soon as that shows; it only decides how
# long a test waits before it fails. A loaded machine (two cores, CPU-bound competitors, other suites) can
# take many seconds to start a Python app or answer a key, so the default is long.
WAIT_SECONDS = 60.0


def running(pid: int) -> bool:
    """Whether process ``pid`` still runs (it exists and is not a zombie)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as file:
            state = file.read().rpartition(")")[2].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return state not in ("Z", "X")


class TmuxError(RuntimeError):
    """tmux failed, or what was waited for did not show in time; the message holds the last screen."""


def available() -> bool:
    """Whether a tmux binary is on the PATH."""
    return shutil.which("tmux") is not None


class TmuxSession:
    """One command running in a detached tmux session of a fixed size, on a private tmux server."""

    def __init__(self, folder: Path, size: tuple[int, int]) -> None:
        self.folder = folder
        self.socket = folder / "tmux.sock"
        self.size = size
        self._pid: int | None = None
        #: Set by :meth:`kill` when the command outlived its closed terminal and had to be killed.
        self.lingered = False

    # ------------------------------------------------------------------ starting and stopping

    @classmethod
    def start(
        cls,
        command: Sequence[str],
        *,
        size: tuple[int, int] = (100, 30),
        env: Mapping[str, str] | None = None,
        cwd: Path | str | None = None,
        term: str = "tmux-256color",
    ) -> Self:
        """Start ``command`` in a ``size`` = (columns, rows) terminal, with ``env`` on top of ours."""
        if not command:
            raise ValueError("no command to run")
        folder = Path(tempfile.mkdtemp(prefix="unknot-tmux-"))
        session = cls(folder, size)
        server_env = {**os.environ, **(env or {})}
        server_env.pop("TMUX", None)  # not nested in the tmux we may be running under
        width, height = size
        # One tmux call: start the server, set the terminal type, then create the pane with the command.
        args = ["start-server", ";", "set-option", "-g", "default-terminal", term, ";"]
        args += ["new-session", "-d", "-s", SESSION, "-x", str(width), "-y", str(height)]
        if cwd is not None:
            args += ["-c", str(cwd)]
        for key, value in (env or {}).items():
            args += ["-e", f"{key}={value}"]
        args += [r"\;" if part == ";" else part for part in command]
        try:
            session._tmux(*args, env=server_env)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return session

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.kill()

    def kill(self, grace: float | None = 2.0) -> None:
        """Close the terminal: stop the tmux server, which hangs up on the command (SIGHUP).

        A command still running ``grace`` seconds later is killed (SIGKILL) and :attr:`lingered` is set,
        so that a test can tell a program that ignores a closed terminal; with ``grace=None`` the call
        returns at once and the caller sees to it (:meth:`pane_pid` still answers). Removes the socket's
        folder.
        """
        pid = self._pid
        if self.socket.exists():
            if pid is None:
                try:
                    pid = self.pane_pid()
                except (TmuxError, ValueError):
                    pid = None
            with contextlib.suppress(TmuxError):
                self._tmux("kill-server")  # fails when the server already ended with its command
        if pid is not None and grace is not None:
            deadline = time.monotonic() + grace
            while running(pid) and time.monotonic() < deadline:
                time.sleep(_POLL_SECONDS)
            if running(pid):
                self.lingered = True
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        shutil.rmtree(self.folder, ignore_errors=True)

    # ------------------------------------------------------------------ talking to the pane

    def send_keys(self, *keys: str, literal: bool = False) -> None:
        """Type ``keys``: tmux key names (``Enter``, ``Escape``, ``space``, ``C-c``) or, literally, text."""
        self._tmux("send-keys", "-t", SESSION, *(["-l"] if literal else []), *keys)

    def capture_pane(self) -> str:
        """The screen as plain text, one line per row (trailing blanks stripped)."""
        return self._tmux("capture-pane", "-p", "-t", SESSION)

    def title(self) -> str:
        """The pane's title, as the program last set it (OSC 2)."""
        return self._display("#{pane_title}")

    def title_and_screen(self) -> tuple[str, str]:
        """The pane's title and its screen, read in one tmux call (so at nearly the same moment)."""
        out = self._tmux("display-message", "-p", "-t", SESSION, "#{pane_title}", ";", "capture-pane", "-p")
        title, _, screen = out.partition("\n")
        return title, screen

    def pane_pid(self) -> int:
        """The process id of the command running in the pane (remembered once asked)."""
        if self._pid is None:
            shown = self._display("#{pane_pid}")
            if not shown.isdigit():
                # The command has just ended and the server is closing its pane: there is no pid to give.
                raise TmuxError(f"the pane has no process (tmux answered {shown!r})")
            self._pid = int(shown)
        return self._pid

    def alive(self) -> bool:
        """Whether the command is still running (its session still exists)."""
        if not self.socket.exists():
            return False
        try:
            self._tmux("has-session", "-t", SESSION)
        except TmuxError:
            return False
        return True

    def resize(self, width: int, height: int) -> None:
        """Resize the terminal (the program gets SIGWINCH)."""
        self._tmux("resize-window", "-t", SESSION, "-x", str(width), "-y", str(height))
        self.size = (width, height)

    # ------------------------------------------------------------------ waiting

    def wait_until(
        self, predicate: Callable[[str], bool], timeout: float = WAIT_SECONDS, *, what: str = "the condition"
    ) -> str:
        """Poll the screen until ``predicate(screen)`` holds; return that screen, or raise TmuxError."""
        deadline = time.monotonic() + timeout
        screen = ""
        pause, last = _POLL_SECONDS, ""
        while True:
            try:
                screen = self.capture_pane()
            except TmuxError:
                if not self.alive():
                    ended = f"the program ended while waiting for {what}; last screen:\n{screen}"
                    raise TmuxError(ended) from None
                raise
            if predicate(screen):
                return screen
            if time.monotonic() >= deadline:
                raise TmuxError(f"timed out after {timeout} s waiting for {what}; last screen:\n{screen}")
            pause = _POLL_SECONDS if screen != last else min(pause * _POLL_GROWTH, _POLL_MAX_SECONDS)
            last = screen
            time.sleep(pause)

    def wait_for(self, text: str, timeout: float = WAIT_SECONDS) -> str:
        """Poll until ``text`` shows on the screen; return the screen, or raise TmuxError."""
        return self.wait_until(lambda screen: text in screen, timeout, what=repr(text))

    def wait_for_any(self, texts: Sequence[str], timeout: float = WAIT_SECONDS) -> tuple[str, str]:
        """Poll until one of ``texts`` shows; return (the text found, the screen)."""
        screen = self.wait_until(lambda s: any(t in s for t in texts), timeout, what=f"one of {texts!r}")
        return next(t for t in texts if t in screen), screen

    def wait_for_exit(self, timeout: float = WAIT_SECONDS) -> None:
        """Wait until the command has ended (its process is gone or a zombie); raise TmuxError if not."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                pid = self.pane_pid()
                break
            except TmuxError:
                if not self.alive():
                    return  # ended before its pid was asked for
                if time.monotonic() >= deadline:
                    raise
                time.sleep(_POLL_SECONDS)  # ending: the pane is going, the session not yet
        while running(pid) and self.alive():
            if time.monotonic() >= deadline:
                raise TmuxError(f"the program still runs after {timeout} s")
            time.sleep(_POLL_SECONDS)

    # ------------------------------------------------------------------ plumbing

    def _display(self, fmt: str) -> str:
        return self._tmux("display-message", "-p", "-t", SESSION, fmt).rstrip("\n")

    def _tmux(self, *args: str, env: Mapping[str, str] | None = None) -> str:
        done = subprocess.run(
            ["tmux", "-f", os.devnull, "-S", str(self.socket), *args],
            capture_output=True,
            text=True,
            check=False,
            env=None if env is None else dict(env),
            timeout=WAIT_SECONDS,  # a tmux client answers in milliseconds; a loaded machine delays it
        )
        if done.returncode != 0:
            raise TmuxError(f"tmux {args[0]} failed: {done.stderr.strip() or done.returncode}")
        return done.stdout
