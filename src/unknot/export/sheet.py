"""``unknot export --sheet``: a home-program sheet to print, as one self-contained HTML file or Markdown.

The HTML holds its CSS and drawings inline and fetches nothing. Its page size is left to the printer (no
``@page size``), so it prints on A4 and Letter alike; print CSS keeps each step on one page. Everything
comes from the plan (the ``show --json`` document) and, for the reminder, from :func:`reminder_groups`,
which reads the words the app shows rather than keeping a copy.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

from unknot.export.bodysvg import body_svg
from unknot.export.plan import Plan, PlanStep, equipment_names, steps, total_seconds
from unknot.model.routine import Routine, format_seconds

FORMATS = (".html", ".md")
LOG_DAYS = 14

Group = tuple[str, list[str]]
"""A heading and its list items; a paragraph is a group without items."""


def reminder_groups() -> list[Group]:
    """The reminder shown before every session, from :mod:`unknot.model.safety`: the intro, the three groups
    of
    signs (each closing with what to do), and why massage is not the whole answer."""
    from unknot.model import safety

    groups: list[Group] = [(safety.REMINDER_INTRO, [])]
    for group in safety.SIGN_GROUPS:
        groups.append((group.heading, [*group.signs, group.action]))
    groups.append((safety.UNDERLYING_CAUSES, []))
    return groups


def _phases(step: PlanStep) -> str:
    return ", ".join(f"{name} {seconds} s" for name, seconds in step.phases)


def _time(step: PlanStep) -> str:
    phases = f" ({_phases(step)})" if step.phases else ""
    return f"{format_seconds(step.seconds)}{phases}"


def _setup(step: PlanStep) -> str:
    tool = "Use your hands." if step.tool == "hands" else f"Get the {step.tool_name}."
    return f"{step.get_ready} s. {tool} {step.position_setup}"


CSS = """
:root { --ink: #111; --soft: #555; --line: #bbb; --mark: #c0392b; }
* { box-sizing: border-box; }
body { font: 10pt/1.3 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 190mm; padding: 8mm; }
h1 { font-size: 16pt; margin: 0 0 1mm; }
h2 { font-size: 11.5pt; margin: 4mm 0 1.5mm; }
p { margin: 0 0 1.5mm; }
.meta { color: var(--soft); margin-bottom: 2mm; }
.reminder { border: 1.5px solid var(--ink); padding: 2mm 3mm; break-inside: avoid; font-size: 9pt; }
.reminder h3 { font-size: 9.5pt; margin: 1mm 0 0.5mm; }
.reminder ul { margin: 0 0 1mm; padding-left: 5mm; }
.steps { columns: 2; column-gap: 6mm; }
.step { display: grid; grid-template-columns: 19mm 1fr; gap: 2mm; padding: 1.4mm 0;
        border-top: 1px solid var(--line); break-inside: avoid; page-break-inside: avoid; }
.step h3 { font-size: 9.5pt; margin: 0 0 0.5mm; }
.step p { font-size: 9pt; margin: 0; }
.step .num { display: inline-block; min-width: 6mm; }
.step .start { color: var(--soft); font-weight: normal; }
.facts { color: var(--soft); font-size: 8.5pt; margin-bottom: 0.3mm; }
.facts b { color: var(--ink); font-weight: 600; }
.bodymap { width: 19mm; height: auto; }
.bodymap .body { fill: none; stroke: var(--ink); stroke-width: 0.6; }
.bodymap .spine { stroke: var(--soft); stroke-width: 0.4; stroke-dasharray: 1 1; }
.bodymap .zone { fill: none; stroke: #999; stroke-width: 0.3; }
.bodymap .zone.lit { stroke: var(--mark); stroke-width: 0.6; }
.bodymap .hatch-bg { fill: #f2b8b0; }
.bodymap .hatch-line { stroke: var(--mark); stroke-width: 1.2; }
.bodymap text { font-size: 4px; fill: var(--soft); }
.bodymap .lr { font-weight: bold; fill: var(--ink); }
table.log { border-collapse: collapse; width: 100%; break-inside: avoid; font-size: 9pt; }
table.log th, table.log td { border: 1px solid var(--ink); padding: 1.2mm 2mm; text-align: left; }
table.log td { height: 6mm; }
.logblock { break-inside: avoid; }
footer { color: var(--soft); font-size: 8pt; margin-top: 3mm; }
@page { margin: 12mm; }
@media print {
  body { padding: 0; max-width: none; }
  .step, .reminder, .logblock { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
}
"""


def _reminder_html() -> str:
    out = ['<section class="reminder">']
    for n, (heading, items) in enumerate(reminder_groups()):
        if items:
            out.append(f"<h3>{escape(heading)}</h3><ul>")
            out += [f"<li>{escape(item)}</li>" for item in items]
            out.append("</ul>")
        elif n == 0:
            out.append(f"<h3>{escape(heading)}</h3>")
        else:
            out.append(f"<p>{escape(heading)}</p>")
    out.append("</section>")
    return "".join(out)


def _step_html(step: PlanStep) -> str:
    facts = [
        ("Technique", step.technique_name),
        ("Position", step.position_name),
        ("Tool", step.tool_name),
        ("Pressure", step.pressure),
        ("Time", _time(step)),
    ]
    fact_html = " · ".join(f"{label}: <b>{escape(value)}</b>" for label, value in facts)
    return (
        f'<section class="step">{body_svg(step.region, step.side, str(step.number))}<div>'
        f'<h3><span class="num">{step.number}.</span> {escape(step.title)} - {escape(step.technique_words)}'
        f'<span class="start"> · at {format_seconds(step.start)}</span></h3>'
        f'<div class="facts">{fact_html}</div>'
        f'<div class="facts">Set-up {escape(_setup(step))}</div>'
        f"<p>{escape(step.instruction)}</p></div></section>"
    )


def sheet_html(plan: Plan, routine: Routine, today: dt.date | None = None) -> str:
    """The whole sheet as one HTML document."""
    plan_steps = steps(plan)
    needs = ", ".join(equipment_names(plan))
    description = f"<p>{escape(routine.description)}</p>" if routine.description else ""
    rows = "".join("<tr><td></td><td></td><td></td><td></td></tr>" for _ in range(LOG_DAYS))
    made = (today or dt.date.today()).isoformat()
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(plan['name'])} - home program</title><style>{CSS}</style></head><body>"
        f"<h1>{escape(plan['name'])}</h1>"
        f'<div class="meta">Total <b>{format_seconds(total_seconds(plan))}</b> on the clock, set-up included'
        f" · {len(plan_steps)} steps · You need: <b>{escape(needs)}</b></div>{description}"
        f'{_reminder_html()}<h2>Steps</h2><div class="steps">'
        + "".join(_step_html(step) for step in plan_steps)
        + '</div><div class="logblock"><h2>Two-week log</h2><table class="log"><thead><tr><th>Date</th>'
        "<th>Pain before (0-10)</th><th>Pain after (0-10)</th><th>Notes</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        f"<footer>Made by unknot on {made} from the routine '{escape(plan['id'])}'. Run it: unknot run "
        f"{escape(plan['id'])}</footer></div></body></html>\n"
    )


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell or line: no markup characters act, no HTML gets through."""
    for char in "\\`*_[]<>|":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


def sheet_markdown(plan: Plan, routine: Routine) -> str:
    """The sheet as Markdown (no drawings)."""
    lines = [f"# {_md(plan['name'])}", ""]
    lines.append(
        f"Total **{format_seconds(total_seconds(plan))}** on the clock, set-up included · "
        f"{len(plan['segments'])} steps · You need: **{_md(', '.join(equipment_names(plan)))}**"
    )
    if routine.description:
        lines += ["", _md(routine.description)]
    for heading, items in reminder_groups():
        lines += ["", f"**{_md(heading)}**" if items or heading else ""]
        lines += [f"- {_md(item)}" for item in items]
    lines += ["", "## Steps", ""]
    for step in steps(plan):
        lines += [
            f"### {step.number}. {_md(step.title)} - {_md(step.technique_words)}"
            f" (at {format_seconds(step.start)})",
            "",
            f"Technique: **{_md(step.technique_name)}** · Position: **{_md(step.position_name)}** · "
            f"Tool: **{_md(step.tool_name)}** · Pressure: **{_md(step.pressure)}** · "
            f"Time: **{_md(_time(step))}**",
            "",
            f"Set-up {_md(_setup(step))}",
            "",
            _md(step.instruction),
            "",
        ]
    lines += ["## Two-week log", "", "| Date | Pain before (0-10) | Pain after (0-10) | Notes |"]
    lines += ["|---|---|---|---|"] + ["|  |  |  |  |"] * LOG_DAYS
    return "\n".join(lines) + "\n"


def write_sheet(plan: Plan, routine: Routine, path: Path) -> None:
    """Write the sheet in the format ``path``'s extension names."""
    text = sheet_markdown(plan, routine) if path.suffix.lower() == ".md" else sheet_html(plan, routine)
    path.write_text(text, encoding="utf-8")
