"""A small body-map drawing in SVG for the printed sheet: back and front, the region and side marked.

The zones are laid out as the terminal body map draws them (``ui/widgets/body_outlines.py``, which the
core does not import): the lower back either side of the spine; the upper outer buttock
(medius), further out at the side of the hip (minimus), across the middle of the buttock from the sacrum
to the hip (piriformis), the lower bulk of the buttock (maximus), the back of the thigh; at the front the
hip crease and the front of the thigh. On the back view the person's left is on our left; on the front
view, facing them, it is on our right. A marked zone is hatched as well as shaded, so it shows in black
and white.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from unknot.model import catalog

VIEW_W = 50
VIEW_H = 84
GAP = 8

# A zone on the left half of a view, as an ellipse: (cx, cy, rx, ry, rotation in degrees).
Ellipse = tuple[float, float, float, float, float]

_BACK_ZONES: Mapping[str, tuple[Ellipse, ...]] = MappingProxyType(
    {
        "l": ((21.5, 16, 2.8, 9, 0),),
        "m": ((15, 30, 6, 3.6, -12),),
        "n": ((8.5, 35, 2.8, 5, 0),),
        "p": ((17, 36, 7.5, 2.3, 14),),
        "x": ((16, 42.5, 8, 4.5, 0),),
        "h": ((15.5, 62, 5.5, 13, 4),),
    }
)
_FRONT_ZONES: Mapping[str, tuple[Ellipse, ...]] = MappingProxyType(
    {
        "f": ((17, 35, 7, 2.4, 38),),
        "q": ((15.5, 59, 6, 14, 4),),
    }
)
# Which zones each region lights (as in the terminal body map); the view is the catalog's (Region.view).
REGION_ZONES: Mapping[str, str] = MappingProxyType(
    {
        "lumbar": "l",
        "gluteal": "mnpx",
        "gluteus_maximus": "x",
        "gluteus_medius": "m",
        "gluteus_minimus": "n",
        "piriformis": "p",
        "hamstrings": "h",
        "quadriceps": "q",
        "hip_flexors": "f",
    }
)

# Half an outline, from the lower ribs to below the knee, on the left of the centre line x = 25.
_OUTLINE_HALF = "M25,4 L12,4 C9,12 9,20 7,27 C4,33 4,40 6,46 L8,78 L22,78 L23.5,48 L25,46"


def _mirror(x: float) -> float:
    return VIEW_W - x


def _outline(view: str) -> str:
    mirrored = "M25,4 L38,4 C41,12 41,20 43,27 C46,33 46,40 44,46 L42,78 L28,78 L26.5,48 L25,46"
    spine = '<line x1="25" y1="4" x2="25" y2="30" class="spine"/>' if view == "back" else ""
    return f'<path d="{_OUTLINE_HALF}" class="body"/><path d="{mirrored}" class="body"/>{spine}'


def _ellipse(e: Ellipse, mirrored: bool, css: str) -> str:
    cx, cy, rx, ry, turn = e
    if mirrored:
        cx, turn = _mirror(cx), -turn
    return (
        f'<ellipse cx="{cx:g}" cy="{cy:g}" rx="{rx:g}" ry="{ry:g}" '
        f'transform="rotate({turn:g} {cx:g} {cy:g})" class="{css}"/>'
    )


def body_svg(region: str, side: str, uid: str) -> str:
    """An inline ``<svg>`` of both views with ``region`` marked on ``side`` (``none`` marks both sides).

    ``uid`` makes the hatch pattern's id unique in the page that holds many drawings.
    """
    view, zones = catalog.REGIONS[region].view, REGION_ZONES[region]
    parts = [
        f'<svg class="bodymap" viewBox="0 0 {2 * VIEW_W + GAP} {VIEW_H + 8}" role="img" '
        f'aria-label="{region.replace("_", " ")}, {side} side marked" xmlns="http://www.w3.org/2000/svg">',
        f'<defs><pattern id="hatch-{uid}" width="3" height="3" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="3" height="3" class="hatch-bg"/>'
        '<line x1="0" y1="0" x2="0" y2="3" class="hatch-line"/></pattern></defs>',
    ]
    for name, x0 in (("back", 0), ("front", VIEW_W + GAP)):
        left, right = ("L", "R") if name == "back" else ("R", "L")
        parts.append(f'<g transform="translate({x0} 8)">{_outline(name)}')
        table = _BACK_ZONES if name == "back" else _FRONT_ZONES
        for zone, ellipses in table.items():
            if view != name or zone not in zones:
                continue  # as on the terminal map, only the marked zones are drawn
            for e in ellipses:
                for mirrored in (False, True):
                    # The left half of the back view is the person's left; of the front view, the right.
                    person = (
                        ("right" if mirrored else "left")
                        if name == "back"
                        else ("left" if mirrored else "right")
                    )
                    if side in ("none", "both", person) or region == "lumbar":
                        # Inline style: it must win over the stylesheet's rule for zones.
                        parts.append(_ellipse(e, mirrored, f'zone lit" style="fill:url(#hatch-{uid})'))
        parts.append(
            f'<text x="1" y="-1.5" class="lr">{left}</text>'
            f'<text x="{VIEW_W - 1}" y="-1.5" class="lr" text-anchor="end">{right}</text>'
            f'<text x="{VIEW_W / 2:g}" y="-1.5" class="view" text-anchor="middle">{name}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
