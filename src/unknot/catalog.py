"""The facts unknot works from: body regions, massage techniques, and the safety reminder.

Data only. Routines name regions and techniques by the ids below; the loader checks them, the player
and the plain mode show the names and instructions, the builder and the schema read the lists.

Everything here is written for someone lying on the floor with a ball under them: short, plain and
kind. Massage works on the muscles around the sacroiliac (SI) joint; it cannot reach the joint
itself or move it, and no text here should say otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from unknot.routine import Pressure

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

ABOUT_SI_JOINT = (
    "The SI joints sit where the base of your spine meets the pelvis, one on each side. Your hands "
    "cannot reach them, and rubbing will not shift them back into place; what helps is easing the "
    "muscles that surround and steady them."
)
"""One short paragraph on what self-massage can and cannot do for the SI joint."""


def _regions(*regions: Region) -> Mapping[str, Region]:
    return MappingProxyType({r.id: r for r in regions})


REGIONS: Mapping[str, Region] = _regions(
    Region(
        id="lumbar",
        name="Lower back",
        short_name="Lower back",
        where=(
            "The thick bands of muscle running either side of the spine, from the lowest ribs down "
            "to the top of the pelvis."
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
            "The whole seat, from the bony ridge at the top of the pelvis down to the fold under "
            "each buttock."
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
            "The upper, outer part of the buttock, on the side of the hip just under the bony rim "
            "of the pelvis."
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
            "The smallest glute, tucked under the medius on the side of the hip, between the rim "
            "of the pelvis and the bony knob at the top of the thigh."
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
            "Deep in the middle of the buttock, on a line from the base of the spine out to the "
            "bony knob at the top of the thigh."
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
        where="The back of the thigh, from the sitting bone to just above the back of the knee.",
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
            "The front of the hip, just below and inside the bony point at the front of the "
            "pelvis, where the thigh folds up when you sit."
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
                    "Use a foam roller, a lacrosse ball, or your knuckles. Sink in slowly and move "
                    "only a little at a time; go no deeper than lets you keep breathing easily."
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
                    "or creep along very slowly, and let the tissue give way rather than forcing "
                    "it."
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
                    "Put a tennis or lacrosse ball between you and the floor or a wall and hunt "
                    "for the sore spot. Rest your weight on it, keep still, and breathe out slowly "
                    "while the ache fades."
                ),
                pressure="firm",
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


_INSTRUCTIONS: Mapping[tuple[str, str], str] = MappingProxyType(
    {
        # Lower back: keep tools on the muscle beside the spine, never on the bones of the spine,
        # and below the lowest ribs.
        ("lumbar", "swedish"): (
            "Sit or stand and put your palms on your lower back, fingers pointing down. Stroke "
            "from your waist to the top of your buttocks, then knead and circle the muscle beside "
            "the spine with your thumbs."
        ),
        ("lumbar", "myofascial_release"): (
            "Lie on your back, knees bent, with a soft ball under the muscle just beside your "
            "spine above the pelvis. Let your weight settle and hold, then shift a finger's width "
            "and hold again, keeping off the spine itself."
        ),
        ("lumbar", "deep_tissue"): (
            "Stand with your back to a wall and a ball on the muscle beside your spine, between "
            "your lowest rib and your pelvis. Bend and straighten your knees slowly to roll it up "
            "and down, staying off the bone."
        ),
        ("lumbar", "trigger_point"): (
            "Lie on your back, knees bent, and place a tennis ball under the most tender spot "
            "beside your spine, just above the pelvis. Rest your weight on it and breathe out "
            "slowly until it softens."
        ),
        # The buttock as a whole.
        ("gluteal", "swedish"): (
            "Lie on your side or stand, and stroke the whole buttock with a flat hand, from the "
            "spine outward. Then knead it with your fingers and finish with slow circles of your "
            "palm."
        ),
        ("gluteal", "myofascial_release"): (
            "Sit on a foam roller and lean onto one buttock, hands on the floor behind you. Creep "
            "slowly from the top of the pelvis to the fold underneath, pausing wherever it feels "
            "tight."
        ),
        ("gluteal", "deep_tissue"): (
            "Sit on the floor with a lacrosse ball under one buttock and your hands behind you. "
            "Lower your weight onto it and roll in short, slow lines across the whole seat."
        ),
        ("gluteal", "trigger_point"): (
            "Lie on your back with a ball under one buttock and move about until you find the most "
            "tender spot. Rest your weight there, keep still and breathe out slowly."
        ),
        ("gluteus_maximus", "swedish"): (
            "Lie on your side, working side up, and knead the fleshy middle of the buttock with "
            "your hand. Then glide from the tailbone out toward the side of the hip."
        ),
        ("gluteus_maximus", "myofascial_release"): (
            "Sit on a foam roller tilted onto one buttock, propped on your hands. Roll slowly over "
            "the fleshy middle and hold on any tight patch until it eases."
        ),
        ("gluteus_maximus", "deep_tissue"): (
            "Sit with a lacrosse ball under the thickest part of the buttock and lean onto that "
            "side. Roll slowly in short strokes, sinking in a little more each time you breathe "
            "out."
        ),
        ("gluteus_maximus", "trigger_point"): (
            "Stand with your back to a wall and a tennis ball behind the fleshy middle of the "
            "buttock. Lean back until you find a tender spot, and hold there while it fades."
        ),
        ("gluteus_medius", "swedish"): (
            "Stand and put your hand on the side of your hip, just under the bony rim of the "
            "pelvis. Knead and circle with your fingertips, then stroke down toward the hip joint."
        ),
        ("gluteus_medius", "myofascial_release"): (
            "Lie on your side with a foam roller under the upper outer buttock, just below the rim "
            "of the pelvis. Roll a little toward your back and rest there, moving only a little at "
            "a time."
        ),
        ("gluteus_medius", "deep_tissue"): (
            "Stand side-on to a wall with a ball between the wall and your upper outer buttock, "
            "below the rim of the pelvis. Lean in and bend your knees slowly to roll it up and "
            "down."
        ),
        ("gluteus_medius", "trigger_point"): (
            "Lie on your back with a ball under the upper outer buttock, two fingers below the rim "
            "of the pelvis. Tip a little onto that side to add weight, and hold on the tender "
            "spot."
        ),
        ("gluteus_minimus", "swedish"): (
            "Place your hand on the side of your hip, between the rim of the pelvis and the bony "
            "knob at the top of the thigh. Glide and circle there with your fingertips, gently."
        ),
        ("gluteus_minimus", "myofascial_release"): (
            "Lie on your side on a soft ball placed halfway between the rim of the pelvis and the "
            "bony knob of the thigh. Settle your weight onto it and wait for the tissue to soften."
        ),
        ("gluteus_minimus", "deep_tissue"): (
            "Lie on your side on a lacrosse ball halfway between the rim of the pelvis and the "
            "bony knob of the thigh. Rock slowly forward and back to work across the muscle."
        ),
        ("gluteus_minimus", "trigger_point"): (
            "Stand side-on to a wall with a tennis ball on the side of your hip, just above the "
            "bony knob of the thigh. Lean in to find a tender spot and hold it while you breathe "
            "out."
        ),
        # Piriformis: the sciatic nerve runs close by, so back off if pain shoots down the leg.
        ("piriformis", "swedish"): (
            "Lie on your side and reach back to the middle of the buttock, between the base of the "
            "spine and the bony knob of the hip. Stroke along that line and make small circles "
            "with your fingers."
        ),
        ("piriformis", "myofascial_release"): (
            "Sit on a foam roller, cross one ankle over the other knee and lean toward the crossed "
            "leg. Hold on the tight area in the middle of the buttock and let it soften."
        ),
        ("piriformis", "deep_tissue"): (
            "Sit with a ball under the middle of one buttock, rest that ankle on the other knee "
            "and let the knee drop outward. Roll slowly along the line from the base of the spine "
            "to the hip."
        ),
        ("piriformis", "trigger_point"): (
            "Lie on your back with a tennis ball under the middle of the buttock, halfway between "
            "the tailbone and the hip. Hold on the tender spot, and ease off at once if pain "
            "shoots down your leg."
        ),
        # Hamstrings: stay off the soft hollow at the back of the knee.
        ("hamstrings", "swedish"): (
            "Sit with one knee bent and stroke up the back of the thigh from knee to seat with "
            "both hands. Then knead the muscle between your fingers and thumbs."
        ),
        ("hamstrings", "myofascial_release"): (
            "Sit with the back of one thigh on a foam roller, hands behind you, and cross the "
            "other leg on top for weight. Creep slowly from above the knee up to the sitting bone."
        ),
        ("hamstrings", "deep_tissue"): (
            "Sit on a firm chair with a ball under the back of one thigh and press down on the "
            "thigh with your hands. Slowly straighten and bend the knee, moving the ball a little "
            "each time and keeping it off the back of the knee."
        ),
        ("hamstrings", "trigger_point"): (
            "Sit on a chair or the floor with a ball under the back of the thigh and find the most "
            "tender spot. Let your weight rest on it and breathe out slowly until it fades."
        ),
        ("quadriceps", "swedish"): (
            "Sit with your leg relaxed and stroke up the front of the thigh from knee to hip with "
            "both hands. Then knead it and make slow circles with your palms."
        ),
        ("quadriceps", "myofascial_release"): (
            "Lie face down with a foam roller under the front of one thigh, resting on your "
            "forearms. Creep slowly from above the knee toward the hip, pausing on tight patches."
        ),
        ("quadriceps", "deep_tissue"): (
            "Lie face down on a foam roller under one thigh, the other leg out to the side. Roll "
            "in short, slow strokes, bending the knee now and then to reach deeper."
        ),
        ("quadriceps", "trigger_point"): (
            "Lie face down with a ball under the front of the thigh, or sit and press with your "
            "knuckles. Find a tender spot and hold until it eases."
        ),
        # Hip flexors: big blood vessels and a nerve pass through the groin; move off any pulse.
        ("hip_flexors", "swedish"): (
            "Lie on your back, knees bent, and stroke the front of the hip with your fingertips, "
            "from the bony point of the pelvis down into the fold of the thigh. Then circle "
            "gently."
        ),
        ("hip_flexors", "myofascial_release"): (
            "Lie face down with a soft ball just below and inside the bony point at the front of "
            "the pelvis. Let your weight settle and hold, moving off any spot where you feel a "
            "pulse."
        ),
        ("hip_flexors", "deep_tissue"): (
            "Lie face down with a foam roller across the front of the hip, just below the bony "
            "point of the pelvis. Roll a short way up and down, and stop if you feel a pulse or "
            "tingling."
        ),
        ("hip_flexors", "trigger_point"): (
            "Lie on your back and press two or three fingers into the front of the hip, just "
            "inside the bony point of the pelvis. Hold on a tender spot and breathe out, moving "
            "away from any pulse."
        ),
    }
)


def instruction(region: str, technique: str) -> str:
    """The default instruction for working ``region`` with ``technique``.

    Raises :class:`KeyError` naming the unknown id and the ids that are known.
    """
    if region not in REGIONS:
        raise KeyError(f"unknown region {region!r}; known regions: {', '.join(REGIONS)}")
    if technique not in TECHNIQUES:
        raise KeyError(f"unknown technique {technique!r}; known techniques: {', '.join(TECHNIQUES)}")
    return _INSTRUCTIONS[region, technique]


REMINDER_TITLE = "Consult a qualified professional"
"""The heading of the reminder shown before every session."""

REMINDER_INTRO = (
    "This timer guides self-care; it cannot examine you. See a licensed massage therapist or "
    "another health professional, who can find out what is going on and plan care that fits you."
)
"""The opening lines of the reminder."""

STOP_SIGNS: tuple[str, ...] = (
    "Numbness, tingling or pins and needles in a leg, foot or groin",
    "Weakness in a leg, or a foot that drags or gives way",
    "New trouble controlling your bladder or bowels: get urgent help",
    "Fever, or feeling unwell along with the pain",
    "Pain that started after a fall, an accident or another injury",
    "Pain that keeps getting worse, or wakes you at night",
    "Pregnancy: check with your midwife or doctor first",
)
"""Signs that mean: stop, and see a professional before massaging."""

STOP_SIGNS_HEADING = "Stop and see someone if you have:"
"""The line above :data:`STOP_SIGNS`."""

UNDERLYING_CAUSES = (
    "Massage eases the symptoms but does not fix their cause. Muscle imbalance, posture and the "
    "way you move respond better to exercises, posture work or physical therapy."
)
"""Why massage alone is not the whole answer."""

STOP_IF_PAIN = "Stop any stroke that causes sharp pain: press h to skip it."
"""The one-line rule for pain during a session."""

HOME_CARE = (
    "A therapist may give you self-massage moves or stretches to keep up at home between visits; "
    "you can build them into your own routine."
)
"""A note on keeping up between professional sessions."""
