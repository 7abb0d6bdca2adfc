"""What a guided audio session holds and when: cues and sentences at the plan's times.

Every time here is read from the plan (:mod:`unknot.export.plan`), the ``show --json`` document. The cue
rules are the app's: a start chime when work begins, a bell at halfway, a tick in each of the last three
seconds, a switch-sides sound, an end sound, a finish; and when several fall at the same moment, the one
the app plays (:data:`unknot.session.cues.PRIORITY`), including the soft cue at each trigger-point phase.
Around
them go the spoken set-up, instruction and phases, and a quiet breathing pace during the holds the app
shows its pacer for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby

from unknot.export.plan import Plan, PlanStep, steps, total_seconds
from unknot.model.dosing import BREATH_IN_SECONDS, BREATH_OUT_SECONDS
from unknot.model.plan import phase_line, setup_line
from unknot.model.routine import Routine, Step, describe_seconds
from unknot.model.step_phases import PACED
from unknot.session.cues import PRIORITY, SOUND_OF
from unknot.session.events import TICK_SECONDS

# What each trigger-point phase asks, in the words of the phases' specification (issue "Routines a body
# can follow", item 4; Simons' pressure release as summarised in CONTENT-SOURCES "Anatomy to respect").
PHASE_WORDS = {
    "find": "ease onto it with part of your weight",
    "hold": "let it fade to no more than 5 out of 10; breathe out slowly; ease off if it climbs",
    "release": "roll off slowly, and move the leg",
}

SPEECH_DELAY = 0.3
"""Seconds after a set-up begins before it is spoken, so the first words are not clipped by a player."""
AFTER_CHIME = 0.8
"""Seconds after the start chime (0.65 s) before the instruction is spoken."""
GAP = 0.15
"""Silence kept between a sentence's latest end and the next sound."""
BREATH_START = 10.0
"""Seconds into a hold before the breathing pace starts, leaving room for the instruction."""


@dataclass(frozen=True)
class Cue:
    time: float
    name: str
    """A cue of the app (:data:`unknot.model.routine.CUE_NAMES`) or one of the export's quiet breathing cues
    (``breath_in``, ``breath_out``)."""


@dataclass(frozen=True)
class Say:
    time: float
    text: str
    until: float
    """The latest moment the sentence may still sound."""


def app_cues(plan: Plan, routine: Routine) -> list[Cue]:
    """The app's cues at the plan's times, one per moment, as :func:`unknot.session.cues.dispatch` plays
    them."""
    events: list[tuple[float, str]] = []
    plan_steps = steps(plan)
    for step, model in zip(plan_steps, routine.steps, strict=True):
        if model.switches_side:
            events.append((step.setup_start, "switch_sides"))
        events.append((step.start, "segment_start"))
        events += [(at, "phase") for at in phase_starts(step)]
        events.append((step.start + step.seconds / 2, "halfway"))
        events += [(step.end - k, "tick") for k in TICK_SECONDS if step.seconds - k > 0]
        events.append((step.end, "segment_end"))
    events.append((float(total_seconds(plan)), "finished"))
    cues = []
    for time, group in groupby(sorted(events), key=lambda e: e[0]):
        names = {name for _, name in group}
        top = next(name for name in PRIORITY if name in names)
        cues.append(Cue(time, SOUND_OF[top]))
    return cues


def phase_starts(step: PlanStep) -> list[float]:
    """When each of the step's phases begins, from the plan's phase lengths."""
    starts, at = [], step.start
    for _name, seconds in step.phases:
        starts.append(at)
        at += seconds
    return starts


def first_sentence(text: str) -> str:
    """The first sentence of an instruction: what is spoken while the step begins."""
    match = re.match(r"(.+?[.!?])(\s|$)", text.strip(), re.DOTALL)
    return " ".join((match.group(1) if match else text).split())


def setup_text(step: PlanStep, model: Step) -> str:
    """What is said during a set-up: where to be and with what (the app's set-up line), which side, how
    long."""
    what = f"{step.title}, {step.technique_words}, {describe_seconds(step.seconds)}."
    if model.switches_side:
        return f"Switch sides. {what}"
    head = f"Step {step.number} of {step.count}."
    if not model.changes_setup and step.number > 1:
        return f"{head} Next: {what}"
    return f"{head} {setup_line(model)}. {what}"


def guidance(plan: Plan, routine: Routine) -> tuple[list[Say], list[Cue]]:
    """The sentences and the quiet cues (phases, breathing) of a session, by the plan's times."""
    says: list[Say] = []
    quiet: list[Cue] = []
    for step, model in zip(steps(plan), routine.steps, strict=True):
        says.append(
            Say(
                step.setup_start + SPEECH_DELAY,
                setup_text(step, model),
                step.start - GAP,
            )
        )
        bounds = phase_starts(step)
        # A sentence may run over the short ticks of the last seconds, not over the halfway bell or the
        # next phase's words.
        stops = [step.start + step.seconds / 2, step.end, *bounds[1:]]
        instruction = first_sentence(step.instruction)
        if step.phases:
            instruction += f" {_phase_words(step.phases[0][0])}"
        says.append(Say(step.start + AFTER_CHIME, instruction, _next_stop(stops, step.start) - GAP))
        for (name, _), begin in list(zip(step.phases, bounds, strict=True))[1:]:
            says.append(Say(begin + AFTER_CHIME / 2, _phase_words(name), _next_stop(stops, begin) - GAP))
        quiet += _breathing(step)
    return says, quiet


def _phase_words(name: str) -> str:
    """``Hold: let it fade ...``: the phase as the app names it, and what it asks."""
    words = PHASE_WORDS.get(name)
    return f"{phase_line(name)}: {words}." if words else f"{phase_line(name)}."


def _next_stop(stops: list[float], after: float) -> float:
    later = [s for s in stops if s > after + 1e-9]
    return min(later) if later else after


def _breathing(step: PlanStep) -> list[Cue]:
    """A soft in and out cue for each slow breath (4 s in, 6 s out) through a hold that the app paces
    (:data:`unknot.model.step_phases.PACED`)."""
    if step.technique not in PACED or step.phases:
        return []
    begin, end = step.start + BREATH_START, step.end - TICK_SECONDS[0] - 1
    halfway = step.start + step.seconds / 2
    cycle = BREATH_IN_SECONDS + BREATH_OUT_SECONDS
    cues, at = [], begin
    while at + cycle <= end:
        for time, name in ((at, "breath_in"), (at + BREATH_IN_SECONDS, "breath_out")):
            if abs(time - halfway) > 1.5:  # the halfway bell is heard alone
                cues.append(Cue(time, name))
        at += cycle
    return cues
