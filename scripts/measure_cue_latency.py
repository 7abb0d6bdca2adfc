"""Measure how long ``player.play(cue)`` keeps the caller waiting, on a real ALSA device.

By default ALSA's default device is pointed at the ``file`` plugin writing into a temporary folder (through
a temporary ``HOME`` with an ``.asoundrc``), so it runs on machines without a sound card and makes no noise;
``--real`` uses the machine's own default device instead (you will hear the cues).

    .venv/bin/python scripts/measure_cue_latency.py [--plays 200] [--gap-ms 15] [--real]

It plays the cues in turn (start, halfway, tick, ...) with a short gap between calls, so sounds overlap
and each cue's new sound stops its previous one, as in a session, and prints the median, 95th percentile
and worst time from the call of ``play`` to its return, in milliseconds. Needs simpleaudio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

FILE_DEVICE = 'pcm.!default {{ type file; slave.pcm "null"; file "{out}"; format "raw" }}\n'


def main() -> int:
    """Run the measurement and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plays", type=int, default=200, help="how many cues to play (default 200)")
    parser.add_argument("--gap-ms", type=float, default=15.0, help="pause between plays (default 15)")
    parser.add_argument("--real", action="store_true", help="use the machine's default sound device")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="unknot-latency-") as folder:
        if not args.real:
            # libasound reads ~/.asoundrc when the first device is opened, so this must come first.
            (Path(folder) / ".asoundrc").write_text(FILE_DEVICE.format(out=Path(folder) / "out.raw"))
            os.environ["HOME"] = folder
            os.environ["XDG_CONFIG_HOME"] = str(Path(folder) / "xdg")

        from unknot.audio import choose_player
        from unknot.routine import CUE_NAMES
        from unknot.sounds import load_cue_sounds

        sounds = load_cue_sounds()
        player = choose_player(sounds, mute=False, bell=lambda: None)
        print(player.status)
        if not player.audible:
            return 1
        player.play("tick")  # the first open reads the ALSA configuration: not part of the figures
        time.sleep(0.1)

        timings = []
        for n in range(args.plays):
            cue = CUE_NAMES[n % len(CUE_NAMES)]
            before = time.perf_counter()
            player.play(cue)
            timings.append((time.perf_counter() - before) * 1000)
            time.sleep(args.gap_ms / 1000)
        player.close()
        if player.status.startswith("sound off"):  # playing failed part-way
            print(player.status)
            return 1

    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)))]
    device = "machine's default device" if args.real else "ALSA file plugin -> null"
    print(
        f"play() over {len(timings)} plays ({device}, Python {sys.version.split()[0]}): "
        f"median {statistics.median(timings):.3f} ms, p95 {p95:.3f} ms, worst {timings[-1]:.3f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
