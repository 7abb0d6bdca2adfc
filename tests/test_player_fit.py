"""What must stay readable in the player at everyday sizes: the whole instruction, and the keys that matter.

Measured on the screen the compositor draws (a frozen clock): every word of the longest built-in
instruction is on screen, in order, at 80x24, 100x30 and 140x40, in its get-ready (with the set-up line
above the countdown) and while it runs; the footer shows Pause, This hurts, Quit and Help whole at 80x24
and 100x30, and every key where there is room.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from tests.ui_support import FakeClock, build_app, builtin, wake_player
from unknot.model.plan import step_instruction
from unknot.routine_files.discovery import discover
from unknot.ui.app import UnknotApp
from unknot.ui.footer_fit import DROP_ORDER, KEEP, dropped, entry_width, pause_word

SIZES = [(80, 24), (100, 30), (140, 40)]


def longest_instruction() -> tuple[str, int]:
    """The built-in routine and step whose instruction is the longest (the hardest to fit)."""
    steps = [
        (len(step_instruction(step)), entry.routine.id, step.index)
        for entry in discover()
        if entry.routine is not None and entry.source == "built-in"
        for step in entry.routine.steps
    ]
    _, routine_id, index = max(steps)
    return routine_id, index


def screen_rows(app: UnknotApp) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def words_in(rows: list[str], region: Any) -> list[str]:
    """The words the screen shows inside ``region`` (screen cells), row after row."""
    return " ".join(row[region.x : region.right] for row in rows[region.y : region.bottom]).split()


async def _at_step(pilot: Pilot[Any], clock: FakeClock, index: int, *, running: bool) -> None:
    await pilot.press("enter")
    wake_player(pilot.app, clock, 1)  # type: ignore[arg-type]
    for _ in range(index):
        await pilot.press("n")
    wake_player(pilot.app, clock, 20 if running else 1)  # type: ignore[arg-type]
    await pilot.pause(0.5)


@pytest.mark.parametrize("running", [False, True], ids=["get_ready", "running"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_whole_instruction_is_on_screen(size: tuple[int, int], running: bool) -> None:
    routine_id, index = longest_instruction()
    routine = builtin(routine_id)
    clock = FakeClock()
    app = build_app(clock=clock, start=routine)
    async with app.run_test(size=size) as pilot:
        await _at_step(pilot, clock, index, running=running)
        session = app.screen.session  # type: ignore[attr-defined]
        assert session.index == index
        assert running or app.screen.query_one("#step-cue").display  # the set-up line takes its row too
        widget = app.screen.query_one("#step-instruction")
        expected = step_instruction(routine.steps[index]).split()
        assert len(" ".join(expected)) > 250  # a long one: about 300 characters
        assert words_in(screen_rows(app), widget.content_region) == expected


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_footer_keeps_pause_hurts_quit_and_help(size: tuple[int, int]) -> None:
    clock = FakeClock()
    app = build_app(clock=clock, start=builtin())
    async with app.run_test(size=size) as pilot:
        await _at_step(pilot, clock, 0, running=True)
        footer = screen_rows(app)[-1]
        for whole in ("space Pause", "h Hurts", "q Quit", "? Help"):
            assert f" {whole} " in footer, footer
        assert "…" not in footer
        # The keys left out still work: n skips.
        await pilot.press("n")
        assert app.screen.session.index == 1  # type: ignore[attr-defined]


async def test_a_wide_footer_lists_every_key_and_narrowing_drops_the_least_needed() -> None:
    clock = FakeClock()
    app = build_app(clock=clock, start=builtin())
    async with app.run_test(size=(140, 40)) as pilot:
        await _at_step(pilot, clock, 0, running=True)
        wide = screen_rows(app)[-1]
        for whole in (
            "space Pause",
            "n Next",
            "+ +15s",
            "- -15s",
            "r Restart",
            "m Mute",
            "f Floor",
            "q Quit",
        ):
            assert f" {whole} " in wide
        await pilot.resize_terminal(80, 24)
        await pilot.pause(0.3)
        narrow = screen_rows(app)[-1]
        assert " - -15s " not in narrow and " r Restart " not in narrow and " q Quit " in narrow
        await pilot.resize_terminal(140, 40)
        await pilot.pause(0.3)
        assert screen_rows(app)[-1] == wide  # everything back


def test_keys_are_dropped_least_needed_first_and_the_kept_never() -> None:
    entries: list[tuple[str | None, int]] = [(key, 10) for key in (*KEEP, *DROP_ORDER)]
    assert dropped(200, entries) == set()
    assert dropped(14 + 10 * 10, entries) == set(DROP_ORDER[:1])
    assert dropped(0, entries) == set(DROP_ORDER)  # never a kept key, even when nothing fits
    assert entry_width("space", "Pause") == len(" space Pause ")  # the next one starts with a space


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (140, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_pause_key_says_resume_while_paused_and_pause_while_running(size: tuple[int, int]) -> None:
    clock = FakeClock()
    app = build_app(clock=clock, start=builtin())
    async with app.run_test(size=size) as pilot:
        await _at_step(pilot, clock, 0, running=True)
        running = screen_rows(app)[-1]
        assert " space Pause " in running and "Resume" not in running, running
        await pilot.press("space")
        await pilot.pause(0.3)
        assert app.screen.session.paused  # type: ignore[attr-defined]
        paused = screen_rows(app)[-1]
        assert " space Resume " in paused and "Pause" not in paused, paused
        for whole in ("h Hurts", "q Quit", "? Help"):  # the longer word pushes none of these out
            assert f" {whole} " in paused, paused
        await pilot.press("space")
        await pilot.pause(0.3)
        assert not app.screen.session.paused  # type: ignore[attr-defined]
        assert screen_rows(app)[-1] == running


def test_the_pause_key_is_named_for_what_it_does_now() -> None:
    assert pause_word(paused=False, waiting=False) == "Pause"
    assert pause_word(paused=True, waiting=False) == "Resume"
    assert pause_word(paused=True, waiting=True) == "Start"  # space starts the step after a set-up wait
