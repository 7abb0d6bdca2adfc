"""A QR code of a URL drawn in text, two modules per character cell (upper and lower half blocks)."""

from __future__ import annotations

import segno

# (top dark, bottom dark) -> the character, drawn dark-on-light: the style using these lines must paint
# the foreground black and the background white, whatever the terminal's colours.
_CELLS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}
QUIET_ZONE = 2
"""Modules of light border; scanners want some, and two keeps the code small on an 80x24 terminal."""


def qr_matrix(text: str) -> list[list[bool]]:
    """The modules of ``text``'s QR code (True: dark), with the quiet zone."""
    code = segno.make(text, error="m", boost_error=False)
    return [[bool(module) for module in row] for row in code.matrix_iter(scale=1, border=QUIET_ZONE)]


def qr_lines(text: str) -> list[str]:
    """``text``'s QR code as lines of half blocks, each line two rows of modules."""
    matrix = qr_matrix(text)
    if len(matrix) % 2:
        matrix.append([False] * len(matrix[0]))
    return [
        "".join(_CELLS[(top, bottom)] for top, bottom in zip(matrix[row], matrix[row + 1], strict=True))
        for row in range(0, len(matrix), 2)
    ]
