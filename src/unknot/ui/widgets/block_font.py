"""A 3x5 pixel font drawn with solid block characters, scaled to any number of rows and columns.

Pure data and arithmetic, no Textual, so the drawing can be tested without an app. Each character is a
glyph of 5 rows of 3 pixels; :func:`draw` scales a line of glyphs by nearest neighbour onto a grid of
``rows`` x ``cols`` terminal cells. A cell holds two pixels, one above the other (``▀``, ``▄``, ``█``),
so the strokes are solid and the vertical resolution is twice the rows.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

GLYPH_ROWS: Final = 5
GLYPH_COLS: Final = 3
GAP: Final = 1
"""Blank pixels between two glyphs."""

# Most glyphs are 3 pixels wide; N and W need more to be told from "n" and "H".
_GLYPHS: Final[dict[str, tuple[str, str, str, str, str]]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", ".##", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", ".#.", ".#.", ".#."),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    "A": (".#.", "#.#", "###", "#.#", "#.#"),
    "B": ("##.", "#.#", "##.", "#.#", "##."),
    "C": (".##", "#..", "#..", "#..", ".##"),
    "D": ("##.", "#.#", "#.#", "#.#", "##."),
    "E": ("###", "#..", "##.", "#..", "###"),
    "F": ("###", "#..", "##.", "#..", "#.."),
    "G": (".##", "#..", "#.#", "#.#", ".##"),
    "H": ("#.#", "#.#", "###", "#.#", "#.#"),
    "I": ("###", ".#.", ".#.", ".#.", "###"),
    "J": ("..#", "..#", "..#", "#.#", ".#."),
    "K": ("#.#", "#.#", "##.", "#.#", "#.#"),
    "L": ("#..", "#..", "#..", "#..", "###"),
    "M": ("#.#", "###", "###", "#.#", "#.#"),
    "N": ("#..#", "##.#", "#.##", "#..#", "#..#"),  # wider than 3: at 3 columns N reads as an "n"
    "O": (".#.", "#.#", "#.#", "#.#", ".#."),
    "P": ("##.", "#.#", "##.", "#..", "#.."),
    "Q": (".#.", "#.#", "#.#", "##.", ".##"),
    "R": ("##.", "#.#", "##.", "#.#", "#.#"),
    "S": (".##", "#..", ".#.", "..#", "##."),
    "T": ("###", ".#.", ".#.", ".#.", ".#."),
    "U": ("#.#", "#.#", "#.#", "#.#", "###"),
    "V": ("#.#", "#.#", "#.#", "#.#", ".#."),
    "W": ("#...#", "#...#", "#.#.#", "#.#.#", ".#.#."),  # and W as an "H"
    "X": ("#.#", "#.#", ".#.", "#.#", "#.#"),
    "Y": ("#.#", "#.#", ".#.", ".#.", ".#."),
    "Z": ("###", "..#", ".#.", "#..", "###"),
    "-": ("...", "...", "###", "...", "..."),
    "+": ("...", ".#.", "###", ".#.", "..."),
    "'": (".#.", ".#.", "...", "...", "..."),
    "?": ("##.", "..#", ".#.", "...", ".#."),
    "!": (".#.", ".#.", ".#.", "...", ".#."),
    ".": ("...", "...", "...", "...", ".#."),
    ",": ("...", "...", "...", ".#.", "#.."),
    "/": ("..#", "..#", ".#.", "#..", "#.."),
    "(": (".#.", "#..", "#..", "#..", ".#."),
    ")": (".#.", "..#", "..#", "..#", ".#."),
}
# Narrow glyphs: the space, the colon and the middle dot take one pixel column, not three.
_NARROW: Final[dict[str, tuple[str, str, str, str, str]]] = {
    " ": (".", ".", ".", ".", "."),
    ":": (".", "#", ".", "#", "."),
    "·": (".", ".", "#", ".", "."),
}

_HALVES: Final = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def can_draw(text: str) -> bool:
    """Whether every character of ``text`` has a glyph (letters are drawn in upper case)."""
    return all(c.upper() in _GLYPHS or c in _NARROW for c in text)


def bitmap(text: str) -> list[list[bool]]:
    """``text`` as 5 rows of pixels, glyphs one pixel apart; unknown characters are drawn as spaces."""
    rows: list[list[bool]] = [[] for _ in range(GLYPH_ROWS)]
    for n, char in enumerate(text):
        glyph = _NARROW.get(char) or _GLYPHS.get(char.upper(), _NARROW[" "])
        for y in range(GLYPH_ROWS):
            if n:
                rows[y].extend([False] * GAP)
            rows[y].extend(p == "#" for p in glyph[y])
    return rows


@lru_cache(maxsize=1024)
def pixel_width(text: str) -> int:
    """How many pixels wide ``text`` is drawn."""
    return len(bitmap(text)[0]) if text else 0


def draw(text: str, rows: int, cols: int) -> list[str]:
    """``text`` scaled to exactly ``rows`` lines of ``cols`` cells (nearest neighbour; may stretch).

    Every glyph row and column gets at least one cell row or column when ``rows >= 3`` and ``cols`` is at
    least the text's width in pixels, so nothing thin disappears. Glyphs are drawn in cached blocks: the
    countdown redraws up to 45x150 cells a second, and from one second to the next only a digit changes.
    """
    if rows <= 0 or cols <= 0:
        return []
    width = pixel_width(text)
    if width == 0:
        return [" " * cols] * rows
    owner: list[tuple[int, int] | None] = []  # each pixel column: (glyph index, column in glyph) or a gap
    for n, char in enumerate(text):
        if n:
            owner.extend([None] * GAP)
        owner.extend((n, c) for c in range(pixel_width(char)))
    pieces: list[tuple[str, ...]] = []
    run: list[int] = []
    run_owner: int | None = -1
    for x in range(cols + 1):
        here = owner[x * width // cols] if x < cols else None
        glyph = None if here is None else here[0]
        if x == cols or glyph != run_owner:
            if run and run_owner is not None and run_owner >= 0:
                pieces.append(_block(text[run_owner], rows, tuple(run)))
            elif run:
                pieces.append((" " * len(run),) * rows)
            run, run_owner = [], glyph
        if x < cols:
            run.append(-1 if here is None else here[1])
    return ["".join(piece[r] for piece in pieces) for r in range(rows)]


@lru_cache(maxsize=2048)
def _block(char: str, rows: int, columns: tuple[int, ...]) -> tuple[str, ...]:
    """One glyph's cells on ``rows`` rows: ``columns`` are the glyph's pixel column for each cell."""
    pixels = bitmap(char)
    high = 2 * rows  # two pixels a cell
    source = [pixels[y * GLYPH_ROWS // high] for y in range(high)]
    return tuple(
        "".join(_HALVES[source[2 * r][c], source[2 * r + 1][c]] for c in columns) for r in range(rows)
    )


def fit(text: str, rows: int, cols: int, *, aspect: float = 0.8) -> tuple[int, int]:
    """The size to draw ``text`` at, within ``rows`` x ``cols`` cells: as tall as fits, with each pixel
    about ``aspect`` cells wide per cell of height (a terminal cell is about twice as tall as wide, so 0.8
    gives pixels a little taller than wide, which reads well), narrower when the columns run out."""
    width = pixel_width(text)
    if width == 0 or rows <= 0 or cols <= 0:
        return 0, 0
    per_pixel_rows = rows / GLYPH_ROWS
    want = round(width * per_pixel_rows * 2 * aspect)
    return rows, max(1, min(cols, want))
