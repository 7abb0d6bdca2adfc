"""``unknot remind``: a recurring calendar event for a routine, as an RFC 5545 iCalendar file.

The event starts at the local time asked for, daily or on the weekdays given, lasts the routine's time on
the clock (the plan's total), is titled with the routine's name, has a display alarm at its start, and
says in its description the command that runs the routine. The time is the user's local time: in the
machine's time zone when its IANA name is known (a VTIMEZONE is included), otherwise a floating time,
which calendar apps read as local wherever the phone is.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Alarm, Calendar, Event, vRecur

from unknot.errors import UsageError
from unknot.export.plan import Plan, equipment_names, total_seconds
from unknot.routine_files.yamlsafe import closest, shorten

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")


def parse_time(text: str) -> dt.time:
    """``HH:MM`` on a 24-hour clock, or a usage error that shows how to write it."""
    match = _TIME.fullmatch(text.strip())
    if not match:
        raise UsageError(
            f"--at '{shorten(text)}' is not a time; write it as HH:MM on a 24-hour clock, like 07:30"
        )
    return dt.time(int(match[1]), int(match[2]))


def parse_days(text: str | None) -> list[str]:
    """Weekday abbreviations in week order (``mon,wed,fri``); empty for every day."""
    if text is None:
        return []
    days = [d.strip().lower() for d in text.split(",")]
    for day in days:
        if day not in DAYS:
            near = closest(day, DAYS)
            hint = f"did you mean '{near}'?" if near else f"use {','.join(DAYS)}"
            raise UsageError(f"--days: '{shorten(day)}' is not a day; {hint}")
    return [d for d in DAYS if d in days]


def local_zone() -> ZoneInfo | None:
    """This machine's time zone by its IANA name (``TZ``, or where /etc/localtime points), if known."""
    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        try:
            link = str(Path("/etc/localtime").readlink())
        except OSError:
            return None
        name = link.split("zoneinfo/", 1)[-1] if "zoneinfo/" in link else ""
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def first_day(today: dt.date, at: dt.time, now: dt.time, days: list[str]) -> dt.date:
    """The first date on or after today (today only if ``at`` is still ahead) that is one of ``days``."""
    day = today if at > now else today + dt.timedelta(days=1)
    while days and DAYS[day.weekday()] not in days:
        day += dt.timedelta(days=1)
    return day


def reminder(
    plan: Plan, ref: str, at: dt.time, days: list[str], now: dt.datetime, zone: ZoneInfo | None
) -> Calendar:
    """The calendar with one recurring event for the routine ``ref`` (an id or a path)."""
    start = dt.datetime.combine(first_day(now.date(), at, now.time(), days), at, tzinfo=zone)
    command = f"unknot run {shlex.quote(ref)}"
    needs = ", ".join(equipment_names(plan))
    cal = Calendar()
    cal.add("prodid", "-//unknot//routine reminder//EN")
    cal.add("version", "2.0")
    event = Event()
    slug = "-".join(days) or "daily"
    event.add("uid", f"unknot-{plan['id']}-{at:%H%M}-{slug}@unknot")
    event.add("dtstamp", now.astimezone(dt.UTC))
    event.add("dtstart", start)
    event.add("duration", dt.timedelta(seconds=total_seconds(plan)))
    event.add("summary", plan["name"])
    event.add("description", f"Run it: {command}\nYou need: {needs}.")
    rule = {"freq": "weekly", "byday": [d[:2].upper() for d in days]} if days else {"freq": "daily"}
    event.add("rrule", vRecur(rule))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"{plan['name']}: {command}")
    alarm.add("trigger", dt.timedelta(0))
    event.add_component(alarm)
    cal.add_component(event)
    if zone is not None:
        cal.add_missing_timezones()
    return cal


def write(cal: Calendar, path: Path | None) -> bytes:
    """The calendar's bytes, written to ``path`` when given."""
    data: bytes = cal.to_ical()
    if path is not None:
        path.write_bytes(data)
    return data
