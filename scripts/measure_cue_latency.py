"""Measure cue latency on a real ALSA device: from the engine's event to ``play_buffer`` returning.

It runs a whole routine (``si-joint-10`` unless ``--routine`` names another) through the real session runner
and the real simpleaudio player, stepping a fake clock from one wake-up to the next with a short real
pause between them. For every wake-up that plays a cue it times the span from the runner's ``wake()`` call
(the engine bringing the session up to date and reporting its events) to the player's ``play()`` returning
(``play_buffer`` has handed the sound to ALSA), and prints the median, 95th percentile and worst, in ms,
beside the same cues played straight into ``play_buffer`` in the same run (the baseline), and the ratio.

By default ALSA's default device is pointed at the ``file`` plugin writing to ``/dev/null`` (through a
temporary ``HOME`` with an ``.asoundrc``), so it runs on machines without a sound card and makes no noise;
``--real`` uses the machine's own default device instead (you will hear the cues).

    .venv/bin/python scripts/measure_cue_latency.py [--routine ID] [--gap-ms 15] [--real]

Needs simpleaudio (the ``audio`` extra).
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
    parser.add_argument("--routine", default="si-joint-10", help="the routine to run (default si-joint-10)")
    parser.add_argument("--gap-ms", type=float, default=15.0, help="pause between wake-ups (default 15)")
    parser.add_argument("--real", action="store_true", help="use the machine's default sound device")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="unknot-latency-") as folder:
        if not args.real:
            # libasound reads ~/.asoundrc when the first device is opened, so this must come first.
            # The plugin writes what it plays to /dev/null: a file on disk made the figures those of the
            # disk (open() with O_TRUNC waiting on writeback now and then, 50-240 ms), not of unknot.
            (Path(folder) / ".asoundrc").write_text(FILE_DEVICE.format(out="/dev/null"))
            os.environ["HOME"] = folder
            os.environ["XDG_CONFIG_HOME"] = str(Path(folder) / "xdg")

            # The file plugin has no clock: miniaudio, which keeps the device open, would write into it
            # as fast as it can. This measures simpleaudio's one-shot writes, so miniaudio is hidden.
            sys.modules["miniaudio"] = None  # type: ignore[assignment]

        from unknot.routine_files.discovery import resolve
        from unknot.session.cues import SoundCues
        from unknot.session.engine import Session
        from unknot.session.runner import SessionRunner
        from unknot.sound.backends import choose_player
        from unknot.sound.sounds import load_cue_sounds

        sounds = load_cue_sounds()
        player = choose_player(sounds, mute=False, bell=lambda: None)
        print(player.status)
        if not player.audible:
            return 1
        player.play("tick")  # the first open reads the ALSA configuration: not part of the figures
        time.sleep(0.1)

        returned: list[float] = []
        played: list[str] = []

        class Timed:
            """The real player, noting which cue it played and when each play() returned."""

            def play(self, cue: str) -> None:
                player.play(cue)
                returned.append(time.perf_counter())
                played.append(cue)

        fake_now = [0.0]
        routine = resolve(args.routine)
        runner = SessionRunner(Session(routine, lambda: fake_now[0]), SoundCues(Timed()))
        runner.begin()
        timings = []
        while not runner.session.finished:
            wake = runner.next_wakeup()
            assert wake is not None
            fake_now[0] = wake
            returned.clear()
            before = time.perf_counter()
            runner.wake()
            timings.extend((t - before) * 1000 for t in returned)
            time.sleep(args.gap_ms / 1000)
        player.close()
        if player.status.startswith("sound off"):  # playing failed part-way
            print(player.status)
            return 1

        # The baseline, in the same run: the same cues in the same order straight into play_buffer, each
        # stopping its previous sound as the player does, with nothing of unknot around it.
        import simpleaudio

        previous: dict[str, simpleaudio.PlayObject] = {}
        baseline = []
        for cue in played:
            sound = sounds[cue]
            before = time.perf_counter()
            if cue in previous:
                previous[cue].stop()
            previous[cue] = simpleaudio.play_buffer(
                sound.frames, sound.channels, sound.sample_width, sound.rate
            )
            baseline.append((time.perf_counter() - before) * 1000)
            time.sleep(args.gap_ms / 1000)
        for play_object in previous.values():
            play_object.stop()

    device = "machine's default device" if args.real else "ALSA file plugin to /dev/null"
    print(f"{len(timings)} cues of {args.routine} ({device}, Python {sys.version.split()[0]}):")
    for label, values in (("engine event to play() returning", timings), ("play_buffer alone", baseline)):
        values.sort()
        p95 = values[min(len(values) - 1, round(0.95 * len(values)))]
        print(
            f"  {label:34s} median {statistics.median(values):.3f} ms, p95 {p95:.3f} ms, "
            f"worst {values[-1]:.3f} ms"
        )
    ratio = statistics.median(timings) / statistics.median(baseline)
    print(f"  ratio of medians (unknot / play_buffer alone): {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
