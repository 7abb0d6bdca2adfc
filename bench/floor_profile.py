"""Where the floor view's CPU goes, in process and on a fake clock: a guide for ``bench/run.py --floor``.

The real bench reads /proc over minutes on a shared machine, so one run moves by half its figure. This
drives the player headless at 200x60 (the bench's size) through the bench's first minutes of
``si-joint-10`` on the fake clock of ``tests/ui_support.py``, one wake a second as the real timer gives,
with a real store (the once-a-second checkpoint) and each frame turned into the bytes a terminal would get.
It sums ``time.thread_time`` of each second's work: seconds where the step (or phase) changed apart from
the rest, as those lay the screen out again. Same input every run; the time is this machine's, so compare
runs made minutes apart, not across machines.

    .venv/bin/python bench/floor_profile.py [--seconds 160] [--profile] [--size 200x60]

``--profile`` prints cProfile's top functions for the step-change seconds and for the others.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from tests.ui_support import FakeClock, build_app, builtin  # noqa: E402

from unknot.session.store import Store  # noqa: E402
from unknot.ui.screens.player import PlayerScreen  # noqa: E402

SORT = "cumulative"
PARTS: dict[str, dict[str, list[float]]] = {}
"""CPU of each timed part, per kind of second: ``--parts``."""
_now: list[dict[str, list[float]]] = [{}]


def time_part(owner: object, name: str, label: str) -> None:
    """Wrap ``owner.name`` so its CPU time (outermost calls only) adds up under ``label``."""
    original = getattr(owner, name)
    depth = [0]

    def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
        if depth[0]:
            return original(*args, **kwargs)
        depth[0] += 1
        start = time.thread_time()
        try:
            return original(*args, **kwargs)
        finally:
            depth[0] -= 1
            _now[0].setdefault(label, []).append(time.thread_time() - start)

    setattr(owner, name, timed)


def time_gc() -> None:
    """Time the garbage collector's passes too (by generation), as a part."""
    import gc

    started: list[float] = []

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[:] = [time.thread_time()]
        elif started:
            label = f"gc generation {info['generation']}"
            _now[0].setdefault(label, []).append(time.thread_time() - started[0])

    gc.callbacks.append(callback)


def time_parts() -> None:
    time_gc()
    from textual._compositor import ChopsUpdate, Compositor, LayoutUpdate
    from textual.screen import Screen

    from unknot.session.progress import StoreCheckpoints
    from unknot.session.runner import SessionRunner

    time_part(Screen, "_refresh_layout", "layout (Screen._refresh_layout)")
    time_part(Compositor, "render_full_update", "full frame")
    time_part(Compositor, "render_partial_update", "partial frame")
    time_part(ChopsUpdate, "render_segments", "partial frame to bytes")
    time_part(LayoutUpdate, "render_segments", "full frame to bytes")
    time_part(SessionRunner, "wake", "runner.wake (checkpoint included)")
    time_part(StoreCheckpoints, "save", "checkpoint")
    time_part(PlayerScreen, "_render_step", "player _render_step")
    time_part(PlayerScreen, "_render_clock", "player _render_clock")
    time_part(PlayerScreen, "_light_window", "player _light_window")


async def run(seconds: int, size: tuple[int, int], profile: bool) -> None:
    clock = FakeClock()
    with tempfile.TemporaryDirectory() as scratch:
        store = Store.open(Path(scratch) / "unknot.db")
        app = build_app(clock=clock, start=builtin(), store=store)
        console = Console(file=io.StringIO(), width=size[0], force_terminal=True, color_system="truecolor")
        async with app.run_test(size=size) as pilot:
            # Headless Textual builds each frame but skips turning it into bytes; a terminal needs them.
            display = app._display

            def to_bytes(screen, renderable):  # type: ignore[no-untyped-def]
                if renderable is not None and hasattr(renderable, "render_segments"):
                    renderable.render_segments(console)
                display(screen, renderable)

            app._display = to_bytes  # type: ignore[method-assign]
            await pilot.press("enter")  # past the reminder, as the bench does
            await pilot.pause(0.3)
            screen = app.screen
            assert isinstance(screen, PlayerScreen), screen
            profilers: dict[str, pstats.Stats] = {}
            times: dict[str, list[float]] = {"change": [], "cue": [], "plain": []}
            for _ in range(seconds):
                session = screen.session
                before = (session.index, session.phase)
                _now[0] = {}
                start = time.thread_time()
                prof = None
                clock.advance(1.0)
                if profile:
                    prof = cProfile.Profile()
                    prof.enable()
                screen._on_wake()
                # Real time for Textual's loop to draw (its refresh timer), not Pilot's pause, which posts
                # to every widget and would cost more than the frame; a flash ends 0.4 s later.
                await asyncio.sleep(0.1)
                cue = screen._flasher._timer is not None
                if cue:
                    await asyncio.sleep(0.4)
                if prof is not None:
                    prof.disable()
                used = time.thread_time() - start
                kind = "change" if (session.index, session.phase) != before else "cue" if cue else "plain"
                times[kind].append(used)
                for label, values in _now[0].items():
                    PARTS.setdefault(kind, {}).setdefault(label, []).extend(values)
                _now[0] = {}
                if prof is not None:
                    if kind in profilers:
                        profilers[kind].add(prof)
                    else:
                        profilers[kind] = pstats.Stats(prof)
    total = sum(sum(values) for values in times.values())
    n = sum(len(values) for values in times.values())
    print(f"{size[0]}x{size[1]}, {n} seconds of si-joint-10 on the fake clock")
    for kind, values in times.items():
        if values:
            print(
                f"  {kind:6} seconds: {len(values):3}  sum {sum(values) * 1000:7.1f} ms  "
                f"median {statistics.median(values) * 1000:5.2f} ms  max {max(values) * 1000:5.1f} ms"
            )
    print(f"  per minute of this routine: {total * 60 / n * 1000:.1f} ms of CPU in the app's thread")
    for kind, parts in PARTS.items():
        count = len(times[kind])
        print(f"  {kind} seconds, per second:")
        for label, values in sorted(parts.items(), key=lambda item: -sum(item[1])):
            print(f"    {label:36} {len(values) / count:5.2f} calls  {sum(values) / count * 1000:6.2f} ms")
    if profile:
        for kind, stats in profilers.items():
            print(f"\n===== {kind} seconds: top by cumulative time")
            stats.sort_stats(SORT).print_stats(45)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=160)
    parser.add_argument("--size", default="200x60")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--parts", action="store_true", help="CPU of each part, per kind of second")
    args = parser.parse_args()
    if args.parts:
        time_parts()
    width, height = (int(x) for x in args.size.split("x"))
    asyncio.run(run(args.seconds, (width, height), args.profile))


if __name__ == "__main__":
    main()
