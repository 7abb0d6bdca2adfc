"""How long a technique wants, and the phases a trigger-point step runs through.

Data with two small rules, read by the loader's lint, the builder, the engine and every description of
a plan. Sources are in ../shared/CONTENT-SOURCES.md ("Dose"); each range below names its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal


@dataclass(frozen=True)
class DoseRange:
    """The seconds one step (one side) of a technique should last."""

    low: int
    high: int
    basis: str
    """What the range is for, in a few words ("rolling", "sustained hold"), for lint messages."""

    def __contains__(self, seconds: object) -> bool:
        return isinstance(seconds, int) and self.low <= seconds <= self.high


# Rolling with a foam roller or a rolled ball: 30-120 s per muscle per set (Behm et al., "Foam Rolling
# Prescription: A Clinical Commentary", J Strength Cond Res 2020, pubmed 33105383); two sets of 10 s
# gave no gain in range of motion (Couture et al., Open Orthop J 2015).
ROLLING = DoseRange(30, 120, "rolling")
# Trigger-point (ischaemic) compression: 90 s did better than 30 s (J Clin Physiother Res 2019), and
# finding the spot takes 10-15 s of the step, so 45 s is the least that leaves a real hold.
TRIGGER_POINT = DoseRange(45, 120, "trigger-point pressure, finding the spot included")
# Sustained myofascial release: holds of 90-120 s or more are practitioners' rule (Barnes); practice,
# not trial evidence, so the range starts lower for beginners and stops at three minutes.
SUSTAINED = DoseRange(60, 180, "sustained myofascial hold")
# Swedish strokes with the hands: no trial doses them; they take the span of rolling, which they resemble,
# as a warm-up or a finish.
SWEDISH = DoseRange(30, 120, "Swedish strokes")


def dose_range(technique: str, tool: str, region: str | None = None) -> DoseRange:
    """The range for ``technique`` with ``tool``: myofascial release rolls on a roller, holds on a ball.

    On a ``region`` with a nerve limit (:data:`NERVE_LIMIT_SECONDS`) pressure stops at that limit, whatever
    the technique's own range says; Swedish strokes are light and keep theirs.
    """
    if technique == "trigger_point":
        dose = TRIGGER_POINT
    elif technique == "swedish":
        return SWEDISH
    elif technique == "myofascial_release" and tool != "foam_roller":
        dose = SUSTAINED
    else:
        dose = ROLLING
    limit = NERVE_LIMIT_SECONDS.get(region or "")
    if limit is None or dose.high <= limit:
        return dose
    return DoseRange(min(dose.low, limit), limit, f"{dose.basis}, at most {limit} s near a nerve")


PhaseName = Literal["find", "hold", "release"]


@dataclass(frozen=True)
class Phase:
    name: PhaseName
    seconds: int


# Trigger-point self-treatment (Simons' pressure release, CONTENT-SOURCES "Anatomy to respect"): ease
# onto the spot with part of your weight (10-15 s to find it), hold while it fades, leave slowly.
FIND_SECONDS = 15
RELEASE_SECONDS = 5


def phases(technique: str, seconds: int) -> tuple[Phase, ...]:
    """The phases of one step of ``technique`` lasting ``seconds``; empty for techniques without phases.

    A trigger-point step runs find, hold, release. A step too short for all three keeps a hold of at
    least a third of its time: find and release shrink first.
    """
    if technique != "trigger_point" or seconds < 3:
        return ()
    find = min(FIND_SECONDS, seconds // 3)
    release = min(RELEASE_SECONDS, seconds // 3)
    return (
        Phase("find", find),
        Phase("hold", seconds - find - release),
        Phase("release", release),
    )


PHASE_NAMES: Mapping[PhaseName, str] = MappingProxyType(
    {"find": "Find the spot", "hold": "Hold", "release": "Release"}
)

# What each phase asks, shown and said as the phase begins: graded pressure, a target that fades, a limit,
# and a slow exit (Simons' pressure release; CONTENT-SOURCES "Anatomy to respect").
PHASE_TEXTS: Mapping[PhaseName, str] = MappingProxyType(
    {
        "find": "Ease onto the spot with part of your weight; add more only as it eases.",
        "hold": (
            "Let it fade to no more than 5 out of 10. Breathe out slowly; ease off if it climbs. "
            "No change in 60-90 seconds: move on."
        ),
        "release": "Roll off slowly, then move the leg.",
    }
)

BREATHING_CUE = "Breathe in gently, then out slowly, and let the muscle soften."
"""The cue for myofascial-release and deep-tissue holds (see :data:`BREATHING_TECHNIQUES`)."""
BREATHING_TECHNIQUES = frozenset({"myofascial_release", "deep_tissue"})
"""The techniques whose holds carry :data:`BREATHING_CUE`."""

# Pressure near the nerve of the outer thigh, which leaves the pelvis 1-1.5 cm from the front hip bone
# (CONTENT-SOURCES "Anatomy to respect"), is kept short: a step there longer than this should be split or
# shortened whatever its technique's range says.
NERVE_LIMIT_SECONDS: Mapping[str, int] = MappingProxyType({"hip_flexors": 60})
"""The longest one step (one side) on these regions should press; Swedish strokes aside."""

# A slow breathing pace for holds: about 4 s in and 6 s out, six breaths a minute, the pace of
# slow-paced ("resonance") breathing (Lehrer & Gevirtz 2014), with the longer breath out that the
# slow-paced-breathing studies find the more calming (Laborde et al.).
BREATH_IN_SECONDS = 4
BREATH_OUT_SECONDS = 6
