"""The facts unknot works from: body regions and massage techniques.

Data only. Routines name regions and techniques by the ids below; the loader checks them, the player
and the plain mode show the names and instructions, the builder and the schema read the lists. The
instruction for each pair lives in :mod:`unknot.model.instructions`, the safety reminder in
:mod:`unknot.model.safety`.

Everything here is written for someone lying on the floor with a ball under them: short, plain and
kind. Massage works on the muscles around the sacroiliac (SI) joint; it cannot reach the joint
itself or move it, and no text here should say otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from unknot.model.instructions import INSTRUCTIONS, SETUP_VARIANTS
from unknot.model.routine import Pressure

View = Literal["back", "front"]


@dataclass(frozen=True)
class Region:
    """A part of the body to work on."""

    id: str
    name: str
    """Display name, e.g. "Gluteus medius"."""
    short_name: str
    """At most 12 characters, for narrow screens."""
    where: str
    """Where it is, in words a person can find on themselves."""
    why: str
    """Why it matters for the SI joint and the lower back."""
    view: View
    """Which outline of the body map shows it."""
    sided: bool
    """True when the region has a left and a right worked separately."""


@dataclass(frozen=True)
class Technique:
    """A way of working a region."""

    id: str
    name: str
    what: str
    """What it is and what it does."""
    how: str
    """How to do it on yourself."""
    pressure: Pressure
    """Typical pressure."""
    depth: int
    """1 light, 2 moderate, 3 deep.

    Lint uses it to check that deep work follows a lighter warm-up.
    """


SHORT_NAME_MAX = 12
"""The longest a :attr:`Region.short_name` may be."""


def _regions(*regions: Region) -> Mapping[str, Region]:
    return MappingProxyType({r.id: r for r in regions})


REGIONS: Mapping[str, Region] = _regions(
    Region(
        id="lumbar",
        name="Lower back",
        short_name="Lower back",
        where=(
            "The thick bands of muscle either side of the spine, a thumb's width or more out from its "
            "bumps, between the lowest ribs and the top of the pelvis."
        ),
        why=(
            "When these muscles stay tight they add to SI joint pain. Loosening them takes tension "
            "out of the whole lower back."
        ),
        view="back",
        sided=False,
    ),
    Region(
        id="gluteal",
        name="Buttocks (all glutes)",
        short_name="Buttocks",
        where=(
            "The fleshy seat, from the bony ridge at the top of the pelvis down to the fold under each "
            "buttock, around the flat bone at the base of the spine (a dimple each side of it) and "
            "above the sitting bone."
        ),
        why=(
            "Three glute muscles live here and hold the pelvis steady. Knots and tightness in them "
            "can upset the SI joint and make it ache."
        ),
        view="back",
        sided=True,
    ),
    Region(
        id="gluteus_maximus",
        name="Gluteus maximus",
        short_name="Glute max",
        where="The big, fleshy muscle that makes up most of the rounded part of the buttock.",
        why=(
            "The largest glute, and a main steadier of the pelvis; tender knots in it can feed "
            "pain around the SI joint."
        ),
        view="back",
        sided=True,
    ),
    Region(
        id="gluteus_medius",
        name="Gluteus medius",
        short_name="Glute med",
        where=(
            "The upper, outer part of the buttock, just under the bony rim of the pelvis and above "
            "the hip knob (the bony point at the side of the hip, top of the thigh)."
        ),
        why=(
            "It keeps the pelvis level each time you stand on one leg; knots here can disturb the "
            "SI joint and cause pain."
        ),
        view="back",
        sided=True,
    ),
    Region(
        id="gluteus_minimus",
        name="Gluteus minimus",
        short_name="Glute min",
        where=(
            "The smallest glute, deep on the side of the hip, a hand's width above and a little "
            "forward of the hip knob (the bony point at the side of the hip)."
        ),
        why=(
            "Small but busy in steadying the pelvis; tight spots in it can trouble the SI joint "
            "and send pain around the hip."
        ),
        view="back",
        sided=True,
    ),
    Region(
        id="piriformis",
        name="Piriformis",
        short_name="Piriformis",
        where=(
            "Deep in the buttock, running from the base of the spine out to the hip knob. You reach "
            "it in the upper-middle buttock, toward the knob and above the sitting bone."
        ),
        why=(
            "A deep muscle that turns the hip outward. When tight it can squeeze the sciatic nerve "
            "running past it and add to SI joint trouble, so easing it often helps."
        ),
        view="back",
        sided=True,
    ),
    Region(
        id="hamstrings",
        name="Hamstrings",
        short_name="Hamstrings",
        where=(
            "The back of the thigh, from the sitting bone to just above the back of the knee; work "
            "its inner or outer side, as a nerve runs down the middle."
        ),
        why="Tight hamstrings tug on the pelvis from below, which can make SI joint pain worse.",
        view="back",
        sided=True,
    ),
    Region(
        id="quadriceps",
        name="Quadriceps",
        short_name="Quads",
        where="The front of the thigh, from the hip down to just above the kneecap.",
        why=(
            "They help set how far the pelvis tips forward. Easing them can help you stand taller "
            "and take load off the SI joint."
        ),
        view="front",
        sided=True,
    ),
    Region(
        id="hip_flexors",
        name="Hip flexors",
        short_name="Hip flexors",
        where=(
            "The front of the hip, two or three fingers below and slightly outward of the bony "
            "point at the front of the pelvis, where the thigh folds up when you sit."
        ),
        why=(
            "Long sitting can leave them tight, and then they tip the pelvis forward. Loosening "
            "them helps posture and spares the SI joint."
        ),
        view="front",
        sided=True,
    ),
)
"""Every region, in the order the source article takes them: lower back, buttocks, hips, thighs."""


TECHNIQUES: Mapping[str, Technique] = MappingProxyType(
    {
        t.id: t
        for t in (
            Technique(
                id="deep_tissue",
                name="Deep tissue",
                what=(
                    "Slow, firm pressure that sinks past the surface into the deep muscle and the "
                    "fascia wrapped around it, to loosen tension that has been there a long time."
                ),
                how=(
                    "Use a foam roller, a lacrosse ball, or your knuckles. Sink in slowly as you "
                    "breathe out and move only a little at a time; go no deeper than lets you keep "
                    "breathing slowly."
                ),
                pressure="firm",
                depth=3,
            ),
            Technique(
                id="myofascial_release",
                name="Myofascial release",
                what=(
                    "Slow, steady pressure held on the fascia, the thin sheet of connective tissue "
                    "around each muscle, until stuck or tight tissue softens."
                ),
                how=(
                    "Rest on a foam roller or a soft ball, or press with a flat palm. Hold still "
                    "or creep along very slowly, breathing out slowly, and let the tissue give way "
                    "rather than forcing it."
                ),
                pressure="moderate",
                depth=2,
            ),
            Technique(
                id="trigger_point",
                name="Trigger point",
                what=(
                    "Steady pressure on one tender knot that sends its ache elsewhere, often "
                    "toward the SI joint, held until that knot lets go."
                ),
                how=(
                    "Ease onto the sore spot with part of your weight, on a ball against the floor "
                    "or a wall, and add more as it eases, to no more than 5 or 6 out of 10. If it "
                    "climbs, ease off; no change in 60-90 seconds, move on; leave slowly."
                ),
                # 5-6 out of 10 and fading (Simons' pressure release, CONTENT-SOURCES.md): moderate, not firm.
                pressure="moderate",
                depth=3,
            ),
            Technique(
                id="swedish",
                name="Swedish",
                what=(
                    "Long gliding strokes, kneading and small circles with light pressure. It "
                    "calms the muscles and gets the blood flowing, so it makes a good warm-up and "
                    "finish."
                ),
                how=(
                    "Use your hands, on bare skin with a little lotion if you like: glide along "
                    "the muscle, squeeze and lift it with your fingers, then circle slowly with "
                    "your palm or fingertips."
                ),
                pressure="light",
                depth=1,
            ),
        )
    }
)
"""Every technique, lightest last: deep tissue, myofascial release, trigger point, Swedish."""


PRESSURE_WORDS: Mapping[Pressure, str] = MappingProxyType(
    {
        "light": "gentle and soothing; it should never feel sore",
        "moderate": "steady; you feel the muscle, with mild discomfort at most",
        "firm": "strong and deep, yet never sharp; you can still breathe slowly",
    }
)
"""Each pressure level explained in a few words, for the player and plain mode."""


def instruction(region: str, technique: str, position: str | None = None, tool: str | None = None) -> str:
    """The instruction for working ``region`` with ``technique``: in the given ``position`` with ``tool``
    when the catalog has words for that set-up (:data:`~unknot.model.instructions.SETUP_VARIANTS`), else the
    default for the pair, which describes the pair's default set-up.

    Raises :class:`KeyError` naming the unknown id and the ids that are known.
    """
    if region not in REGIONS:
        raise KeyError(f"unknown region {region!r}; known regions: {', '.join(REGIONS)}")
    if technique not in TECHNIQUES:
        raise KeyError(f"unknown technique {technique!r}; known techniques: {', '.join(TECHNIQUES)}")
    if position is not None and tool is not None:
        variant = SETUP_VARIANTS.get((region, technique, position, tool))
        if variant is not None:
            return variant
    return INSTRUCTIONS[region, technique]
