"""SVG snapshots of every screen at 80x24 and 40x12, on a frozen clock.

Update after an intended change with ``pytest tests/test_snapshots.py --snapshot-update`` and look at the
report before committing.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen

from tests.ui_support import FakeClock, build_app, builtin, until, wake_player
from unknot.session.engine import Session
from unknot.session.progress import StoreCheckpoints
from unknot.session.store import Store
from unknot.session.store_records import SessionRecord
from unknot.ui.screens.history import HistoryScreen
from unknot.ui.screens.pain import PainScreen
from unknot.ui.screens.summary import SummaryScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((40, 12), id="40x12")]
Steps = Callable[[Pilot[Any], FakeClock], Awaitable[None]]
# A cue's flash lasts 50 ms here (the `quick_flash` fixture of conftest.py) instead of 0.4 s, and the
# picture is taken once it has faded; what the flash looks like is tested in test_floor_view.py.
pytestmark = pytest.mark.usefixtures("quick_flash")


def _flashing(screen: Screen[Any]) -> bool:
    return getattr(screen, "window_tint", None) is not None or bool(screen.query(".-flash"))


async def _settled(pilot: Pilot[Any], on: type[Screen[Any]] | None = None) -> None:
    """Wait until the screen ``on`` (if given) is up and no cue's flash shows on it, then for the app to be
    idle: a deadline on that, where a fixed pause is outrun by a loaded machine (which draws a new
    screen, and fires the flash's real-time timer, late)."""
    await until(
        pilot, lambda: (on is None or isinstance(pilot.app.screen, on)) and not _flashing(pilot.app.screen)
    )
    await pilot.pause()


async def _advance(pilot: Pilot[Any], clock: FakeClock, seconds: float) -> None:
    wake_player(pilot.app, clock, seconds)  # type: ignore[arg-type]
    await _settled(pilot)  # any cue's flash faded before the picture is taken


async def _nothing(pilot: Pilot[Any], clock: FakeClock) -> None:
    await pilot.pause()


async def _get_ready(pilot: Pilot[Any], clock: FakeClock) -> None:
    await pilot.press("enter")
    await _advance(pilot, clock, 1)


async def _mid_segment(pilot: Pilot[Any], clock: FakeClock) -> None:
    await pilot.press("enter")
    await _advance(pilot, clock, 35)


async def _paused(pilot: Pilot[Any], clock: FakeClock) -> None:
    await _mid_segment(pilot, clock)
    await pilot.press("space")
    await until(
        pilot,
        lambda: getattr(pilot.app.screen, "session", None) is not None and pilot.app.screen.session.paused,
    )  # type: ignore[attr-defined]
    await _settled(pilot)


async def _last_seconds(pilot: Pilot[Any], clock: FakeClock) -> None:
    await pilot.press("enter")
    await _advance(pilot, clock, 63)  # the first segment of si-joint-10 runs 5 s to 65 s


async def _set_up(pilot: Pilot[Any], clock: FakeClock) -> None:
    await pilot.press("enter")
    await _advance(pilot, clock, 140)  # the 20 s get-ready down to the floor and the roller, 135-155 s


async def _trigger_point(pilot: Pilot[Any], clock: FakeClock) -> None:
    await pilot.press("enter")
    await _advance(pilot, clock, 375)  # the left piriformis from 370 s: finding the spot


async def _summary(pilot: Pilot[Any], clock: FakeClock) -> None:
    await pilot.press("enter")
    await _advance(pilot, clock, 150)  # the lower back and both sides of the buttocks, then the roller
    # The picture shows h's toast ("Noted: this hurts; skipped"), which lasts 4 s of real time: on a
    # loaded machine the 30 presses below took longer and it was gone. Here it lasts the whole scene.
    notify = pilot.app.notify

    def lasting(*args: Any, **kwargs: Any) -> None:
        notify(*args, **{**kwargs, "timeout": 3600})

    pilot.app.notify = lasting  # type: ignore[method-assign]
    await pilot.press("h")
    for _ in range(30):
        await pilot.press("n")
    await _settled(pilot, SummaryScreen)


SCENES: dict[str, tuple[bool, Steps]] = {
    "picker": (False, _nothing),
    "reminder": (True, _nothing),
    "player_get_ready": (True, _get_ready),
    "player_mid_segment": (True, _mid_segment),
    "player_paused": (True, _paused),
    "player_last_3s": (True, _last_seconds),
    "player_set_up": (True, _set_up),
    "player_trigger_point": (True, _trigger_point),
    "summary": (True, _summary),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scene", list(SCENES))
def test_screen(scene: str, size: tuple[int, int], snap_compare: Any) -> None:
    start, steps = SCENES[scene]
    clock = FakeClock()
    app = build_app(clock=clock, start=builtin() if start else None)

    async def run_before(pilot: Pilot[Any]) -> None:
        await steps(pilot, clock)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_reminder_at_100x30(snap_compare: Any) -> None:
    # The size the three groups of the reminder must fit without scrolling (tests/test_safety_content.py).
    app = build_app(clock=FakeClock(), start=builtin())

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def _store_with_history(path: Path) -> Store:
    store = Store.open(path)
    for n, (before, after) in enumerate([(7, 5), (6, 4), (6, 3), (5, 3), (4, 2)]):
        started = datetime(2026, 11, 20 + n, 7, 30, tzinfo=UTC)
        store.finish(
            SessionRecord(
                routine_id="si-joint-10",
                routine_name="SI joint relief, 10 min",
                started_at=started,
                ended_at=started,
                active_seconds=600 - 30 * n,
                region_seconds={"lumbar": 150},
                skipped=[],
                hurts=[3] if n == 2 else [],
                completed=n != 3,
                pain_before=before,
                pain_after=after,
            )
        )
    return store


def _store_with_progress(path: Path) -> Store:
    store = Store.open(path)
    routine = builtin()
    clock = FakeClock(0)
    session = Session(routine, clock)
    session.begin()
    clock.advance(212.4)
    session.poll()
    started = datetime(2026, 11, 25, 7, 30, tzinfo=UTC)
    StoreCheckpoints(store, started_at=started, pain_before=5).save(session)
    return store


async def _press_h(pilot: Pilot[Any], clock: FakeClock) -> None:
    await pilot.press("H")
    await _settled(pilot, HistoryScreen)


async def _pain_before(pilot: Pilot[Any], clock: FakeClock) -> None:
    await pilot.press("enter")
    await _settled(pilot, PainScreen)


async def _pain_after(pilot: Pilot[Any], clock: FakeClock) -> None:
    await pilot.press("enter")
    await _settled(pilot, PainScreen)
    await pilot.press("escape")  # no rating before
    await _advance(pilot, clock, 40)
    for _ in range(30):  # skip the rest: the summary comes up and asks for a rating after
        await pilot.press("n")
    await _settled(pilot, PainScreen)


STORE_SCENES: dict[str, tuple[Callable[[Path], Store], bool, Steps]] = {
    "resume_prompt": (_store_with_progress, False, _nothing),
    "pain_before": (Store.open, True, _pain_before),
    "pain_after": (Store.open, True, _pain_after),
    "history": (_store_with_history, False, _press_h),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scene", list(STORE_SCENES))
def test_screen_with_a_store(
    scene: str, size: tuple[int, int], snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "UTC")  # dates are shown in local time
    time.tzset()
    make_store, start, steps = STORE_SCENES[scene]
    clock = FakeClock()
    store = make_store(tmp_path / "unknot.db")
    app = build_app(clock=clock, start=builtin() if start else None, store=store, ask_pain=True)

    async def run_before(pilot: Pilot[Any]) -> None:
        await steps(pilot, clock)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
