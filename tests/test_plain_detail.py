"""Plain mode for screen readers: what each get-ready says, ``t`` for the time left, and why it paused."""

from __future__ import annotations

import io

from tests.fakes import RecordingPlayer
from tests.plain_support import ScriptedKeys
from tests.ui_support import FakeClock, short_routine
from unknot.plain.detail import get_ready_detail
from unknot.plain.mode import PlainSession, parse_command
from unknot.session.cues import SoundCues
from unknot.session.engine import Session
from unknot.session.runner import SessionRunner


def _plain() -> tuple[PlainSession, FakeClock, io.StringIO]:
    clock = FakeClock(0)
    out = io.StringIO()
    plain = PlainSession(out=out, keys=ScriptedKeys(clock))
    plain.runner = SessionRunner(Session(short_routine(), clock), cues=SoundCues(RecordingPlayer()))
    return plain, clock, out


def test_each_get_ready_says_what_with_what_where_and_how_hard() -> None:
    plain, _clock, out = _plain()
    plain.show(plain.runner.begin())
    lines = out.getvalue().splitlines()
    assert lines[0] == "0:00 Get ready: Lower back, Swedish, 3 seconds, hands, standing"
    detail = lines[1]
    step = short_routine().steps[0]
    assert detail == f"  {get_ready_detail(step)}"
    assert detail.startswith("  How: ") and detail.endswith("Pressure: light.")
    piriformis = get_ready_detail(short_routine().steps[1])
    assert "tennis ball" in piriformis and piriformis.endswith("Pressure: moderate.")


def test_t_says_the_time_left_in_the_step_and_the_routine() -> None:
    plain, clock, out = _plain()
    plain.show(plain.runner.begin())
    clock.advance(3)  # 2 s of get-ready, then 1 s into the 3 s step
    plain.show(plain.runner.wake())
    assert parse_command("t") == ["time"]
    assert plain.control("time")
    said = out.getvalue().splitlines()[-1]
    total = short_routine().total_seconds - 3
    assert said.endswith(f"Time left: 2 seconds in this step, {total} seconds in the routine.")


def test_a_pause_the_app_made_itself_says_why() -> None:
    plain, clock, out = _plain()
    plain.show(plain.runner.begin())
    clock.advance(0.5)
    plain.show(plain.runner.wake())
    wake = plain.runner.next_wakeup()
    assert wake is not None
    clock.now = wake + 3  # the process was stopped (ctrl+z, a suspend) for 3 s past its wake-up
    plain.show(plain.runner.wake())
    assert plain.session.paused
    assert "Paused: the app was stopped for 3 seconds (Enter, or space then Enter, goes on)" in out.getvalue()
    plain.control("toggle_pause")
    plain.control("toggle_pause")  # paused by hand: no reason given
    assert out.getvalue().splitlines()[-1].endswith("Paused (Enter, or space then Enter, goes on)")
