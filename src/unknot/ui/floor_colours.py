"""Colours of the floor countdown that stay legible from 2 m in every phase and every theme.

Each phase takes a colour from the theme (the foreground while a step runs, the secondary colour while
getting ready, the warning colour in the last seconds, the muted foreground while paused) and, when that
colour is too close to the background, moves it toward white (on a dark background) or black (on a light
one) until the WCAG contrast ratio reaches :data:`FLOOR_CONTRAST`. Textual's dark theme would otherwise
draw the get-ready countdown dark blue on near-black, about 2.7:1. The app adds these as CSS variables
(``$floor-running`` ...), recomputed on every theme change.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.color import Color

FLOOR_CONTRAST = 7.0
"""WCAG's AAA ratio for normal text; the floor countdown meets it in every phase."""

PHASE_SOURCES: Mapping[str, str] = {
    "floor-running": "foreground",
    "floor-getready": "secondary",
    "floor-final": "warning",
    "floor-paused": "foreground-muted",
}
"""Each floor colour variable and the theme variable it starts from."""

_WHITE = Color(255, 255, 255)
_BLACK = Color(0, 0, 0)


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(color: Color) -> float:
    """WCAG 2 relative luminance of an opaque colour."""
    return 0.2126 * _channel(color.r) + 0.7152 * _channel(color.g) + 0.0722 * _channel(color.b)


def contrast_ratio(a: Color, b: Color) -> float:
    """WCAG 2 contrast ratio of two opaque colours, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def legible(color: Color, background: Color, ratio: float = FLOOR_CONTRAST) -> Color:
    """``color`` (made opaque on ``background``), moved toward white or black just far enough to reach
    ``ratio`` against ``background``."""
    color = background + color  # a colour with alpha is seen over the background
    target = _WHITE if luminance(background) < 0.18 else _BLACK
    for step in range(21):
        candidate = color.blend(target, step / 20)
        if contrast_ratio(candidate, background) >= ratio:
            return candidate
    return target


def floor_variables(variables: Mapping[str, str]) -> dict[str, str]:
    """The ``floor-*`` CSS variables for a theme's variables (as ``App.get_css_variables`` gives them)."""
    background = Color.parse(variables["background"])
    return {
        name: legible(Color.parse(variables[source]), background).hex
        for name, source in PHASE_SOURCES.items()
    }
