"""A private PulseAudio daemon for tests, with a null sink whose monitor is recorded, and a cue finder.

:func:`start_pulse` runs ``pulseaudio`` in the foreground with its own runtime folder and a configuration
of its own: a null sink made the default, and the native protocol on a socket in that folder (anonymous,
so no cookie is needed). Clients reach it through ``PULSE_SERVER``; ALSA programs through the pulse ALSA
plugin (``libasound2-plugins``), which an ``.asoundrc`` in the test's ``HOME`` makes ALSA's default.
Readiness is polled with ``pactl info`` a bounded number of times, never judged by the wall clock.

:func:`find_cues` finds the known sounds in a recording by normalised cross-correlation, so a test can
check which cues were heard, and in what order, whatever the delay of the sound server.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tests.stalls import mended

RATE = 44100
SINK = "unknot_test"
# How long the recording may take to begin, or to take in what was played: a deadline on its size, over
# at once on an idle machine.
RECORD_WAIT_SECONDS = 60.0
READY_TRIES = 200  # of pactl info, a tenth of a second apart: a loaded machine gets many chances

PLAYER_NICE = -11  # the nice level pulseaudio --high-priority takes (see :func:`raise_priority`)

ASOUNDRC = "pcm.!default { type pulse }\nctl.!default { type pulse }\n"


@dataclass
class PulseServer:
    folder: Path
    process: subprocess.Popen[bytes]

    @property
    def socket(self) -> Path:
        return self.folder / "native"

    def env(self, home: Path, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """An environment whose sound (Pulse clients and ALSA's default) goes to this server."""
        home.mkdir(parents=True, exist_ok=True)
        (home / ".asoundrc").write_text(ASOUNDRC)
        env = {k: v for k, v in (os.environ if base is None else base).items() if not k.startswith("ALSA_")}
        env.update(
            PULSE_SERVER=f"unix:{self.socket}",
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / "xdg"),  # keep a real user's alsa/asoundrc and pulse config out
            XDG_RUNTIME_DIR=str(self.folder),
        )
        return env

    @contextlib.contextmanager
    def record(self, out: Path) -> Iterator[Path]:
        """Record the null sink's monitor, 16-bit mono at :data:`RATE`, into ``out`` while in the block."""
        with out.open("wb") as sink:
            parec = subprocess.Popen(
                [
                    "parec",
                    f"--server=unix:{self.socket}",
                    f"--device={SINK}.monitor",
                    "--format=s16le",
                    f"--rate={RATE}",
                    "--channels=1",
                    "--latency-msec=20",
                    "--raw",
                ],
                stdout=sink,
                stderr=subprocess.DEVNULL,
            )
            try:
                # Recording has begun once the first bytes arrive: a deadline on that, not a delay (a
                # loaded machine may take seconds). Never begun: the test fails here, not on what was
                # played before the recording began.
                _wait_for_size(out, 1, parec, "parec recorded nothing")
                yield out
            finally:
                # The null sink hands its monitor whole blocks (up to two seconds), and its clock goes on
                # (silence): once 2.5 s more has arrived, everything played before has too.
                wanted = out.stat().st_size + round(2 * RATE * 2.5)
                try:
                    _wait_for_size(out, wanted, parec, "the recording stopped growing")
                finally:
                    parec.send_signal(signal.SIGINT)
                    parec.wait(timeout=RECORD_WAIT_SECONDS)


def _wait_for_size(out: Path, size: int, parec: subprocess.Popen[bytes], problem: str) -> None:
    deadline = time.monotonic() + RECORD_WAIT_SECONDS
    while out.stat().st_size < size:
        if parec.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{problem}: {out.stat().st_size} bytes, waited for {size}")
        time.sleep(0.05)


def raise_priority() -> None:
    """For ``preexec_fn``: the program about to play runs at the sound server's raised nice level.

    A player hands the server its sound a period at a time from a thread that must wake on time; on a
    machine whose cores CPU-bound processes hold, that thread waits its turn, the server runs dry and the
    recording has a gap or misses a cue that was played. The tests check which cues reach the server and
    in what order, not how a starved process keeps time (that is ``make bench``'s cue lateness), so the
    program under test gets its turn first, as the daemon does. Where that is not allowed (not root, no
    CAP_SYS_NICE), it runs as it is.
    """
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, 0, PLAYER_NICE)


def _pactl(socket: Path, *args: str) -> str:
    done = subprocess.run(
        ["pactl", f"--server=unix:{socket}", *args], capture_output=True, text=True, timeout=30, check=False
    )
    return done.stdout if done.returncode == 0 else ""


def start_pulse(folder: Path) -> PulseServer:
    """Start a private daemon in ``folder`` and wait (a bounded number of polls) until it answers."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "default.pa"
    config.write_text(
        f"load-module module-null-sink sink_name={SINK}\n"
        f"set-default-sink {SINK}\n"
        f"load-module module-native-protocol-unix auth-anonymous=1 socket={folder / 'native'}\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PULSE_", "ALSA_"))}
    env.update(XDG_RUNTIME_DIR=str(folder), HOME=str(folder), XDG_CONFIG_HOME=str(folder / "xdg"))
    log = (folder / "daemon.log").open("wb")
    process = subprocess.Popen(
        [
            "pulseaudio",
            "-n",
            "--exit-idle-time=-1",
            "--daemonize=no",
            "--system=false",
            "--disable-shm=yes",
            "--use-pid-file=no",
            # As a desktop runs it (rtkit raises its priority): the daemon's sink thread realtime, the
            # daemon at a high nice level. Each is tried and quietly left out where not allowed; on a
            # loaded machine it keeps the null sink's clock from stalling and then taking a stretch of
            # a playing cue at once, more than its client had sent (heard as a cue cut short).
            "--high-priority=yes",
            "--realtime=yes",
            f"--file={config}",
        ],
        env=env,
        stdout=log,
        stderr=log,
        stdin=subprocess.DEVNULL,
    )
    server = PulseServer(folder, process)
    for _ in range(READY_TRIES):
        if process.poll() is not None:
            break
        if SINK in _pactl(server.socket, "info"):
            return server
        time.sleep(0.1)
    stop_pulse(server)
    raise RuntimeError(f"the test PulseAudio daemon did not start:\n{(folder / 'daemon.log').read_text()}")


def stop_pulse(server: PulseServer) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


# --------------------------------------------------------------------------------------------------
# Finding sounds in a recording


def samples_of(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<i2").astype(np.float64)


def correlation(recording: np.ndarray, template: np.ndarray) -> np.ndarray:
    """Normalised cross-correlation of ``template`` at every offset of ``recording`` (1.0: the same shape)."""
    n, m = len(recording), len(template)
    if n < m:
        return np.zeros(0)
    size = 1 << (n + m).bit_length()
    raw = np.fft.irfft(np.fft.rfft(recording, size) * np.conj(np.fft.rfft(template, size)), size)[: n - m + 1]
    power = np.concatenate([[0.0], np.cumsum(recording**2)])
    window = np.sqrt(np.maximum(power[m:] - power[:-m], 0.0))
    norm = float(np.linalg.norm(template))
    # Near-silence (the FFT's rounding noise over a quiet stretch) must not score: floor the window.
    return np.asarray(raw / (norm * np.maximum(window, 0.05 * norm)))


def find_cues(
    recording: np.ndarray,
    templates: Mapping[str, np.ndarray],
    threshold: float = 0.75,
    rounds: int = 100,
    *,
    mend: bool = True,
) -> list[tuple[float, str, float]]:
    """Every place a template sounds in the recording: (seconds, name, match), in time order.

    The search runs on the recording as it is and, when it holds the pauses of a stalled player, on it
    :func:`~tests.stalls.mended` too (a cue cut in pieces whole again), keeping the search that heard
    more cues; the seconds are those of the recording as it was.
    Overlapping sounds (a tick in a chime's tail) hide each other from a plain correlation, so the finder
    takes the clearest match of all, takes it away (at the gain it was heard with), and looks again in
    what is left, until nothing left matches. The shipped cues match each other at most 0.4 (a test
    checks it), so 0.75 tells them apart and still finds a cue that a busy machine made stutter.
    ``mend=False`` searches ``recording`` as it is: for what is not a recording (a recording less a
    sound taken away), whose runs of zeros are no pauses of a player.
    """
    samples = np.asarray(recording, dtype=np.float64)
    as_is = [(at / RATE, name, match) for at, name, match in _find(samples, templates, threshold, rounds)]
    if not mend:
        return as_is
    played, where = mended(samples, list(templates.values()))
    if len(played) == len(samples) and not np.any(played != samples):
        return as_is  # no pauses: nothing to mend
    found = [
        (float(where[at]) / RATE, name, match)
        for at, name, match in _find(played, templates, threshold, rounds)
    ]
    # Mending can misjudge what was dropped around a short piece between two pauses. A stall only ever
    # hides a cue, never makes one, so the search that hears more cues is kept; on a tie the mended one
    # (its places are where the cues began).
    return found if len(found) >= len(as_is) else as_is


def _find(
    recording: np.ndarray, templates: Mapping[str, np.ndarray], threshold: float, rounds: int
) -> list[tuple[int, str, float]]:
    """:func:`find_cues` on a mended recording: (sample index, name, match), in time order."""
    rest = np.array(recording, dtype=np.float64)
    found: list[tuple[int, str, float]] = []
    # Each template's correlation is computed over the whole recording once; taking a sound away changes
    # ``rest`` only where it was, so after that only the offsets whose window overlaps it are computed
    # again (from that stretch alone): the same scores for a fraction of the work.
    scores = {name: correlation(rest, template) for name, template in templates.items()}
    for _ in range(rounds):
        best: tuple[float, int, str] | None = None
        for name, template in templates.items():
            score = scores[name].copy()
            # What an imperfect subtraction leaves of a sound already found is not a second one, nor is the
            # rest of a sound that a busy machine cut in two (heard: a 0.9 s halfway found again 0.51 s
            # on): no cue sounds twice within its own length, so nothing of that name is looked for there.
            for at, seen, _ in found:
                if seen == name:
                    score[max(0, at - len(template)) : at + len(template)] = 0.0
            if len(score) and (best is None or score.max() > best[0]):
                best = (float(score.max()), int(np.argmax(score)), name)
        if best is None or best[0] <= threshold:
            break
        match, at, name = best
        template = templates[name]
        piece = rest[at : at + len(template)]
        rest[at : at + len(template)] -= (
            float(np.dot(piece, template) / np.dot(template, template)) * template
        )
        found.append((at, name, match))
        changed = slice(at, at + len(template))
        for other, shape in templates.items():
            first = max(0, changed.start - len(shape) + 1)
            last = min(len(scores[other]), changed.stop)  # offsets first..last-1 see the change
            if first < last:
                scores[other][first:last] = correlation(rest[first : last + len(shape) - 1], shape)
    return sorted(found)
