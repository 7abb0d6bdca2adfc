"""How a body gets into a step: positions, tools, and the set-up time a change between them needs.

Data with one rule. A routine step names a position and a tool by the ids below (or takes the default
for its region and technique); the engine's get-ready before a step grows with what changes from the
step before, because a person in pain needs time to get down to the floor and place a ball.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

Placement = Literal["upright", "floor"]


@dataclass(frozen=True)
class Position:
    """A way to place the body for a step."""

    id: str
    name: str
    """Display name, e.g. "On your back"."""
    placement: Placement
    """Upright (standing, at a wall, on a chair) or down on the floor."""
    setup: str
    """One line that tells how to get there, e.g. "Lie on your back, knees bent, feet flat"."""


@dataclass(frozen=True)
class Tool:
    """What presses on the muscle."""

    id: str
    name: str
    """Display name, e.g. "lacrosse ball"; lower case, as it reads inside a sentence."""
    setup: str
    """One line that tells how to ready it, e.g. "Put two balls in a sock and knot it"."""


POSITIONS: Mapping[str, Position] = MappingProxyType(
    {
        p.id: p
        for p in (
            Position("standing", "Standing", "upright", "Stand with your feet hip-width apart."),
            Position(
                "wall",
                "Against a wall",
                "upright",
                "Stand a step from a wall, knees soft, so you can lean into it.",
            ),
            Position("chair", "On a chair", "upright", "Sit on a firm chair with both feet flat."),
            Position(
                "sitting_on_floor",
                "Sitting on the floor",
                "floor",
                "Sit on the floor with your hands behind you for support.",
            ),
            Position("on_back", "On your back", "floor", "Lie on your back, knees bent, feet flat."),
            # A pillow between the knees keeps the upper hip from dropping across and pressing its
            # gluteal tendons onto the hip knob (Grimaldi & Fearon, JOSPT 2015).
            Position(
                "side_lying",
                "On your side",
                "floor",
                "Lie on your side, knees bent, a pillow under your head and one between your knees.",
            ),
            Position("face_down", "Face down", "floor", "Lie face down, resting on your forearms."),
        )
    }
)
"""Every position, upright ones first."""

TOOLS: Mapping[str, Tool] = MappingProxyType(
    {
        t.id: t
        for t in (
            Tool("hands", "hands", "Just your hands; warm them first."),
            Tool("foam_roller", "foam roller", "Lay the foam roller on the floor."),
            Tool("soft_ball", "soft ball", "Have a soft ball ready (a rubber or massage ball that gives)."),
            Tool("tennis_ball", "tennis ball", "Have a tennis ball ready."),
            Tool("lacrosse_ball", "lacrosse ball", "Have a lacrosse ball (or another firm ball) ready."),
            Tool(
                "double_ball",
                "two balls in a sock",
                "Put two tennis balls in a sock and knot it, so they sit side by side.",
            ),
        )
    }
)
"""Every tool, softest first but for the double ball."""

TOOL_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "hand": "hands",
        "hands": "hands",
        "fingers": "hands",
        "foam roller": "foam_roller",
        "roller": "foam_roller",
        "soft ball": "soft_ball",
        "tennis ball": "tennis_ball",
        "lacrosse ball": "lacrosse_ball",
        "massage ball": "soft_ball",
        "double ball": "double_ball",
        "two balls in a sock": "double_ball",
        "peanut ball": "double_ball",
    }
)
"""Free-text tool words that routines written before tools were ids use, and the id each means."""

# (region, technique) -> (position id, tool id). Every pair of the catalog has one; a step may override.
# Chosen for a person in pain (CONTENT-SOURCES "Anatomy to respect"), and named by each pair's instruction
# (unknot.model.instructions): the side of the hip (gluteus medius and minimus) at a wall, side-on, where the
# lean sets the pressure and nobody lies on the hip knob; the lower back on two balls in a sock, which
# straddle the spine; the back of the thigh on a chair, with a ball under its inner or outer side; the
# front of the hip with the hands or a soft ball, as a nerve of the outer thigh leaves the pelvis there.
DEFAULT_SETUP: Mapping[tuple[str, str], tuple[str, str]] = MappingProxyType(
    {
        ("lumbar", "swedish"): ("standing", "hands"),
        ("lumbar", "myofascial_release"): ("on_back", "double_ball"),
        ("lumbar", "deep_tissue"): ("wall", "double_ball"),
        ("lumbar", "trigger_point"): ("wall", "double_ball"),
        ("gluteal", "swedish"): ("standing", "hands"),
        ("gluteal", "myofascial_release"): ("sitting_on_floor", "foam_roller"),
        ("gluteal", "deep_tissue"): ("sitting_on_floor", "foam_roller"),
        ("gluteal", "trigger_point"): ("on_back", "tennis_ball"),
        ("gluteus_maximus", "swedish"): ("standing", "hands"),
        ("gluteus_maximus", "myofascial_release"): ("sitting_on_floor", "foam_roller"),
        ("gluteus_maximus", "deep_tissue"): ("on_back", "lacrosse_ball"),
        ("gluteus_maximus", "trigger_point"): ("on_back", "tennis_ball"),
        ("gluteus_medius", "swedish"): ("standing", "hands"),
        ("gluteus_medius", "myofascial_release"): ("wall", "tennis_ball"),
        ("gluteus_medius", "deep_tissue"): ("wall", "lacrosse_ball"),
        ("gluteus_medius", "trigger_point"): ("wall", "tennis_ball"),
        ("gluteus_minimus", "swedish"): ("standing", "hands"),
        ("gluteus_minimus", "myofascial_release"): ("wall", "tennis_ball"),
        ("gluteus_minimus", "deep_tissue"): ("wall", "lacrosse_ball"),
        ("gluteus_minimus", "trigger_point"): ("wall", "tennis_ball"),
        ("piriformis", "swedish"): ("standing", "hands"),
        ("piriformis", "myofascial_release"): ("sitting_on_floor", "foam_roller"),
        ("piriformis", "deep_tissue"): ("on_back", "lacrosse_ball"),
        ("piriformis", "trigger_point"): ("on_back", "tennis_ball"),
        ("hamstrings", "swedish"): ("chair", "hands"),
        ("hamstrings", "myofascial_release"): ("sitting_on_floor", "foam_roller"),
        ("hamstrings", "deep_tissue"): ("chair", "lacrosse_ball"),
        ("hamstrings", "trigger_point"): ("chair", "tennis_ball"),
        ("quadriceps", "swedish"): ("chair", "hands"),
        ("quadriceps", "myofascial_release"): ("face_down", "foam_roller"),
        ("quadriceps", "deep_tissue"): ("face_down", "foam_roller"),
        ("quadriceps", "trigger_point"): ("chair", "hands"),
        ("hip_flexors", "swedish"): ("standing", "hands"),
        ("hip_flexors", "myofascial_release"): ("face_down", "soft_ball"),
        ("hip_flexors", "deep_tissue"): ("face_down", "foam_roller"),
        ("hip_flexors", "trigger_point"): ("on_back", "hands"),
    }
)


def default_setup(region: str, technique: str) -> tuple[str, str]:
    """The (position id, tool id) a step of ``region`` and ``technique`` uses unless it says otherwise."""
    return DEFAULT_SETUP[region, technique]


# Set-up time. About 4 s is what healthy older adults need just to rise from the floor (Bohannon &
# Lusardi 2004); someone in pain who must get down and place a ball needs 15-30 s (clinical estimate,
# ../shared/CONTENT-SOURCES.md "Getting into position"). A change of tool or position gets 10 s, a move
# between the floor and upright 20 s; the routine's own transition is the floor under both.
CHANGE_SETUP_SECONDS = 10
PLACEMENT_SETUP_SECONDS = 20
MIN_BUILT_SETUP_SECONDS = 5
"""The builder never plans a get-ready shorter than this."""


def setup_seconds(previous: tuple[str, str] | None, current: tuple[str, str], transition: int) -> int:
    """Seconds of get-ready before a step set up as ``current`` (position, tool) after ``previous``.

    The first step (``previous`` is None) counts as a change from standing with nothing in hand.
    """
    before_position, before_tool = previous or ("standing", "hands")
    position, tool = current
    needed = 0
    if (before_position, before_tool) != (position, tool):
        needed = CHANGE_SETUP_SECONDS
    if POSITIONS[before_position].placement != POSITIONS[position].placement:
        needed = PLACEMENT_SETUP_SECONDS
    return max(transition, needed)


def tool_id(text: str) -> str | None:
    """The tool id ``text`` names: an id, a display name or one of :data:`TOOL_WORDS`; else None.

    Case, spaces, ``-`` and ``_`` do not matter, so ``Lacrosse Ball`` and ``lacrosse_ball`` both match.
    """
    key = " ".join(text.lower().replace("_", " ").replace("-", " ").split())
    for tool in TOOLS.values():
        if key in (tool.id.replace("_", " "), tool.name):
            return tool.id
    return TOOL_WORDS.get(key)


def named_tools(text: str) -> set[str]:
    """The tool ids a sentence names ("a tennis ball", "a foam roller"), hands aside: "your hands"
    is a body part in most instructions, not a tool to fetch."""
    lower = text.lower()
    return {tool.id for tool in TOOLS.values() if tool.id != "hands" and tool.name in lower}
