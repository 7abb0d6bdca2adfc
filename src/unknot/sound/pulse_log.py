"""Keep libpulse's own log lines off the terminal: they go to the system log instead.

libpulse (the PulseAudio client library, loaded by miniaudio and by ALSA's pulse plugin) writes its
warnings and errors straight to file descriptor 2. When ``~/.config`` or ``$XDG_RUNTIME_DIR`` cannot be
written it prints ``Failed to create secure directory (...)`` (or ``Failed to load cookie file ...``)
right over the full-screen app. Redirecting descriptor 2 around the calls is no cure: Textual draws the
screen on that same descriptor, from its own thread, and libpulse also logs from miniaudio's playback
thread at any time. libpulse reads ``PULSE_LOG_SYSLOG`` once, before its first log line: when it is set,
every line goes to syslog (the journal on a systemd machine) and none to the terminal. Only the place of
libpulse's own lines changes; unknot's messages (the player's status, ``unknot config``'s reasons) are
its own and stay where they were.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping

TARGETS = ("PULSE_LOG_SYSLOG", "PULSE_LOG_JOURNAL")
"""The variables that send libpulse's log somewhere other than the terminal; one set by the user wins."""


def quiet_pulse_log(environ: MutableMapping[str, str] | None = None) -> None:
    """Send libpulse's log lines to the system log, unless the environment already names a target.

    Call it before any sound library loads (it is set for this process and the players it starts).
    Idempotent.
    """
    env = os.environ if environ is None else environ
    if not any(name in env for name in TARGETS):
        env["PULSE_LOG_SYSLOG"] = "1"
