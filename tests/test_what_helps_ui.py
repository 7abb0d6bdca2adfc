"""What helps, in the app: the history screen's tables and chart, ask_pain, and a step that keeps hurting."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from tests.generated_history import filled_store
from tests.ui_support import FakeClock, build_app, short_routine, wake_player
from unknot.learning.outcome_tables import GROUPINGS, table
from unknot.learning.outcomes import by_routine, headline, load
from unknot.routine_files.loader import load_routine
from unknot.session.store import Store
from unknot.session.store_records import SessionRecord
from unknot.settings import Settings
from unknot.ui.screens.history import HistoryScreen
from unknot.ui.screens.pain import PainScreen
from unknot.ui.screens.player import PlayerScreen
from unknot.ui.screens.summary import SummaryScreen


@pytest.fixture(autouse=True)
def _folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNKNOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("UNKNOT_CONFIG_DIR", str(tmp_path / "config"))


def _text(app: object, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


async def test_history_screen_shows_the_same_tables_as_the_cli(tmp_path: Path) -> None:
    store = filled_store(tmp_path / "filled.db")
    sessions = load(store)
    app = build_app(store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("H")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert _text(app, "#history-headline") == f"{headline(by_routine(sessions))}."
        for grouping in GROUPINGS:
            grid = app.screen.query_one(f"#history-by-{grouping}", DataTable)
            header, rows = table(sessions, grouping)
            assert [str(c.label) for c in grid.columns.values()] == list(header)
            assert [tuple(grid.get_row_at(i)) for i in range(grid.row_count)] == rows
        chart = _text(app, "#pain-chart").splitlines()
        assert len(chart) == 7 and chart[0].startswith("  10 │")
        assert sum(line.count("●") + line.count("◉") for line in chart) == sum(
            s.pain_before is not None for s in sessions[-30:]
        )


async def test_ask_pain_after_asks_nothing_before(store: Store) -> None:
    clock = FakeClock()
    app = build_app(clock=clock, store=store, start=short_routine(), ask_pain=True)
    app.services.settings = Settings(ask_pain="after")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        wake_player(app, clock, 20)
        await pilot.pause()
        assert isinstance(app.screen, PainScreen) and app.screen.moment == "after"


async def test_ask_pain_never_asks_nothing(store: Store) -> None:
    clock = FakeClock()
    app = build_app(clock=clock, store=store, start=short_routine(), ask_pain=True)
    app.services.settings = Settings(ask_pain="never")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        wake_player(app, clock, 20)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "unknot.db")


def _hurt_sessions(store: Store, hurts: list[list[int]]) -> None:
    # Just after whatever is in the store already (the app records its sessions at the real time).
    latest = max((s.started_at for s in store.history(1)), default=datetime(2026, 11, 2, 8, tzinfo=UTC))
    for n, hurt in enumerate(hurts):
        at = latest + timedelta(minutes=n + 1)
        store.finish(SessionRecord("short", "Short test routine", at, at, 9, {"lumbar": 3}, [], hurt, True))


async def test_a_step_that_hurt_in_2_of_the_last_3_sessions_gets_lighter_advice_and_a_copy(
    store: Store, tmp_path: Path
) -> None:
    _hurt_sessions(store, [[], [1], [], [1, 2]])  # step 1 (left piriformis): 2 of the last 3
    clock = FakeClock()
    routine = short_routine()
    app = build_app(clock=clock, store=store, start=routine)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        assert "hurt" not in _text(app, "#step-instruction")  # step 0 is fine
        wake_player(app, clock, 5.5)  # into the get-ready of step 1
        await pilot.pause()
        line = _text(app, "#step-instruction")
        assert "Hurt in 2 of your last 3 sessions: try lighter pressure (light, not moderate)" in line
        wake_player(app, clock, 20)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        # The session just done had no hurts: step 1 now hurt in 1 of the last 3, so nothing is offered.
        assert not app.screen.query("#summary-offer")
    _hurt_sessions(store, [[1], [1]])
    app = build_app(clock=clock, store=store, start=routine)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("h")  # step 0 hurts now too, in 1 of 3: no advice for it
        await pilot.pause()
        wake_player(app, clock, 30)
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "Left piriformis hurt in 2 of your last 3 sessions." in _text(app, "#summary-counts")
        assert "lighter pressure (light, not moderate)" in _text(app, "#summary-offer")
        await pilot.press("s")
        await pilot.pause()
        assert "Saved a lighter copy as short-lighter" in _text(app, "#summary-pain")
    saved = tmp_path / "data" / "routines" / "short-lighter.yaml"
    copy = load_routine(saved)
    assert copy.name == "Short test routine (lighter)"
    assert copy.segments[1].pressure == "light" and copy.segments[1].sides == "both"
    assert [s.region for s in copy.segments] == [s.region for s in routine.segments]
    # The copy is written anew, so its steps stand on other lines of the file; what they say is the same.
    assert replace(copy.segments[0], line=0) == replace(routine.segments[0], line=0)
    assert copy.segments[1].seconds == routine.segments[1].seconds
    assert routine.source is not None and load_routine(routine.source) == routine  # the original untouched
