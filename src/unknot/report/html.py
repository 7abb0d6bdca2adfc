"""The clinician's report: one self-contained HTML page (inline CSS and SVG, nothing fetched) that prints.

Every text from the store (routine ids and names) is escaped; the charts are drawn by ``report.svg``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape

from unknot.learning.outcome_tables import region_name, table
from unknot.learning.outcomes import (
    Rated,
    by_region,
    by_routine,
    by_week,
    current_streak,
    headline,
    local_day,
)
from unknot.report import svg

_CSS = """
@page { size: A4; margin: 14mm 14mm 16mm; }
body { font: 11pt/1.35 sans-serif; color: #111; max-width: 180mm; margin: 1em auto; }
h1 { font-size: 17pt; margin: 0 0 2pt; } h2 { font-size: 12.5pt; margin: 14pt 0 4pt; }
p.meta { color: #444; margin: 0 0 6pt; } p.lead { font-weight: bold; }
section { break-inside: avoid; page-break-inside: avoid; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; }
th, td { border-bottom: 1px solid #ccc; padding: 2pt 5pt; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 4pt 0; } figcaption { font-size: 9pt; color: #444; }
footer { margin-top: 12pt; font-size: 8.5pt; color: #555; }
"""


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric_from: int = 1) -> str:
    def cls(i: int) -> str:
        return ' class="n"' if i >= numeric_from else ""

    head = "".join(f"<th{cls(i)}>{escape(h)}</th>" for i, h in enumerate(header))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{escape(c)}</td>" for i, c in enumerate(row)) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _period(sessions: Sequence[Rated]) -> str:
    first, last = local_day(sessions[0].started_at), local_day(sessions[-1].started_at)
    return f"{first:%d %b %Y} to {last:%d %b %Y}"


def report_html(sessions: Sequence[Rated], now: datetime) -> str:
    """The whole report as HTML text."""
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<title>unknot: self-massage sessions and pain</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Self-massage sessions and pain</h1>",
    ]
    if not sessions:
        parts.append("<p>No sessions were recorded yet.</p></body></html>")
        return "".join(parts)
    rated = sum(s.change is not None for s in sessions)
    minutes = sum(s.active_seconds for s in sessions) / 60
    streak = current_streak(sessions, local_day(now))
    parts.append(
        f"<p class='meta'>{escape(_period(sessions))} · {len(sessions)} sessions, {minutes:.0f} minutes"
        f" of work · {rated} with pain rated before and after"
        f" · current streak {streak} day{'s' if streak != 1 else ''}"
        f" · made {now.astimezone():%d %b %Y %H:%M %Z} by unknot</p>"
    )
    said = headline(by_routine(sessions))
    if said:
        parts.append(f"<p class='lead'>{escape(said)}.</p>")
    parts.append(_pain_section(sessions))
    header, rows = table(sessions, "routine")
    parts.append(
        "<section><h2>Per routine</h2>"
        + _table(header, rows)
        + "<p class='meta'>Change is pain after minus pain before, on the 0-10 scale (-2: two points less"
        " after). Less pain: the share of rated sessions with a lower score after. Hurts: steps the person"
        " skipped with “this hurts”.</p></section>"
    )
    parts.append(_region_section(sessions))
    parts.append(_week_section(sessions))
    parts.append(
        "<footer>Pain scores are self-reported on a 0-10 numeric rating scale (0 no pain, 10 the worst"
        " imaginable), before and after each session, and are optional. This report summarises a self-care"
        " log; it is not a diagnosis.</footer></body></html>"
    )
    return "".join(parts)


def _pain_section(sessions: Sequence[Rated]) -> str:
    shown = [s for s in sessions if s.pain_before is not None or s.pain_after is not None]
    if not shown:
        return "<section><h2>Pain over time</h2><p>No pain ratings yet.</p></section>"
    labels = [f"{local_day(s.started_at):%d %b}" for s in shown]
    chart = svg.pain_over_time(labels, [s.pain_before for s in shown], [s.pain_after for s in shown])
    return (
        f"<section><h2>Pain over time</h2><figure>{chart}<figcaption>{len(shown)} sessions with a rating,"
        " oldest on the left.</figcaption></figure></section>"
    )


def _region_section(sessions: Sequence[Rated]) -> str:
    rows = by_region(sessions)
    regions = list(dict.fromkeys(r.region for r in rows))
    sided = {r.region for r in rows if r.side in ("left", "right")}
    left = [
        sum(r.hurts for r in rows if r.region == g and r.side == "left") if g in sided else None
        for g in regions
    ]
    right = [sum(r.hurts for r in rows if r.region == g and r.side != "left") for g in regions]
    chart = svg.paired_bars([region_name(g) for g in regions], left, right, "Hurts skips per region and side")
    header, cells = table(sessions, "region")
    return (
        f"<section><h2>“This hurts” per region and side</h2><figure>{chart}</figure>"
        f"{_table(header, cells, numeric_from=2)}</section>"
    )


def _week_section(sessions: Sequence[Rated]) -> str:
    weeks = by_week(sessions)
    chart = svg.bars(
        [f"{w.monday:%d %b}" for w in weeks],
        [w.sessions for w in weeks],
        "Sessions per week (week of Monday)",
    )
    header, rows = table(sessions, "week")
    return (
        f"<section><h2>Sessions per week</h2><figure>{chart}<figcaption>Weeks start on Monday."
        f"</figcaption></figure>{_table(header, rows)}</section>"
    )
