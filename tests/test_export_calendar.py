"""``unknot remind``: an iCalendar file that icalendar (as calendar apps do) reads back as intended."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from unknot.cli import main
from unknot.export.calendar import first_day, reminder
from unknot.export.plan import plan_of
from unknot.routine_files.discovery import resolve


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNKNOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("UNKNOT_ROUTINES_DIR", str(tmp_path / "routines"))


def the_event(data: bytes) -> tuple[Calendar, object]:
    cal = Calendar.from_ical(data)
    [event] = cal.walk("VEVENT")
    return cal, event


def test_weekly_event_at_the_local_time_for_the_routine_length_with_an_alarm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    out = tmp_path / "si.ics"
    assert main(["remind", "si-joint-10", "--at", "07:30", "--days", "mon,wed,fri", "--ics", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    cal, event = the_event(out.read_bytes())
    assert str(cal["VERSION"]) == "2.0" and "PRODID" in cal
    plan = plan_of(resolve("si-joint-10"))
    start = event["DTSTART"].dt
    assert (start.hour, start.minute) == (7, 30)
    assert start.tzinfo is not None and str(start.tzinfo) == "Europe/Berlin"
    assert start.weekday() in (0, 2, 4)
    assert cal.walk("VTIMEZONE") and cal.walk("VTIMEZONE")[0]["TZID"] == "Europe/Berlin"
    assert event["DURATION"].dt == dt.timedelta(seconds=plan["total_seconds"])
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["MO", "WE", "FR"]
    assert str(event["SUMMARY"]) == plan["name"]
    assert "unknot run si-joint-10" in str(event["DESCRIPTION"])
    [alarm] = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm["TRIGGER"].dt == dt.timedelta(0)
    assert "DESCRIPTION" in alarm


def test_daily_without_days_and_printed_when_no_file_is_given(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["remind", "quick-relief-5", "--at", "18:05"]) == 0
    _cal, event = the_event(capsys.readouterr().out.encode("utf-8"))
    assert event["RRULE"]["FREQ"] == ["DAILY"] and "BYDAY" not in event["RRULE"]
    start = event["DTSTART"].dt
    assert (start.hour, start.minute) == (18, 5)


def test_a_routine_given_by_path_is_run_by_that_path_quoted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "my routines" / "back.yaml"
    path.parent.mkdir()
    path.write_text("name: Back\nsegments:\n  - region: lumbar\n    technique: swedish\n    duration: 60s\n")
    assert main(["remind", str(path), "--at", "9:00"]) == 0
    _cal, event = the_event(capsys.readouterr().out.encode("utf-8"))
    assert f"unknot run '{path}'" in str(event["DESCRIPTION"])


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--at", "7:61"], "--at '7:61' is not a time"),
        (["--at", "25:00"], "HH:MM"),
        (["--at", "seven"], "HH:MM"),
        (["--at", "07:30", "--days", "mon,wdn"], "did you mean 'wed'?"),
        (["--at", "07:30", "--days", ""], "is not a day"),
    ],
)
def test_bad_input_is_a_clear_error_with_exit_2(
    args: list[str], says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.ics"
    assert main(["remind", "si-joint-10", *args, "--ics", str(out)]) == 2
    assert says in capsys.readouterr().err
    assert not out.exists()


def test_an_unknown_routine_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["remind", "si-joint-1O", "--at", "07:30"]) == 2
    assert "did you mean 'si-joint-10'" in capsys.readouterr().err


def test_the_first_occurrence_is_the_next_matching_day_still_ahead() -> None:
    wednesday = dt.date(2026, 12, 2)
    assert first_day(wednesday, dt.time(7, 30), dt.time(6, 0), []) == wednesday
    assert first_day(wednesday, dt.time(7, 30), dt.time(8, 0), []) == wednesday + dt.timedelta(days=1)
    assert first_day(wednesday, dt.time(7, 30), dt.time(8, 0), ["mon", "wed"]) == dt.date(2026, 12, 7)
    assert first_day(wednesday, dt.time(7, 30), dt.time(6, 0), ["wed"]) == wednesday


def test_a_floating_local_time_when_the_zone_is_unknown() -> None:
    plan = plan_of(resolve("quick-relief-5"))
    now = dt.datetime(2026, 12, 2, 6, 0)
    cal = reminder(plan, "quick-relief-5", dt.time(7, 0), [], now, None)
    _c, event = the_event(cal.to_ical())
    assert event["DTSTART"].dt == dt.datetime(2026, 12, 2, 7, 0)
    assert b"DTSTART:20261202T070000\r\n" in cal.to_ical()
    zoned = reminder(plan, "quick-relief-5", dt.time(7, 0), [], now.replace(tzinfo=ZoneInfo("UTC")), None)
    assert not zoned.walk("VTIMEZONE")


@pytest.mark.parametrize(
    "args",
    [
        ["remind", "si-joint-10", "--at", "07:30", "--ics", "{tmp}/no/such/folder/x.ics"],
        ["export", "si-joint-10", "--audio", "{tmp}/no/such/folder/x.mp3"],
        ["export", "si-joint-10", "--sheet", "{tmp}"],
    ],
)
def test_an_output_that_cannot_be_written_is_a_usage_error(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([a.replace("{tmp}", str(tmp_path)) for a in args]) == 2
    err = capsys.readouterr().err
    assert "folder" in err and "Traceback" not in err
