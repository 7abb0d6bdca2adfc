"""Small inline SVG charts for the report: no script, no web fonts, readable in black and white.

Every series differs by shape and dash as well as by colour, so a greyscale print still tells them apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH = 640
_FONT = 'font-family="sans-serif" font-size="11"'


def _svg(height: int, body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>{"".join(body)}</svg>'
    )


def _text(x: float, y: float, text: str, anchor: str = "start") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" {_FONT}>{escape(text)}</text>'


def pain_over_time(labels: Sequence[str], before: Sequence[int | None], after: Sequence[int | None]) -> str:
    """Pain 0-10 before (solid, dots) and after (dashed, squares) each session, oldest on the left."""
    height, left, top, plot_h = 230, 34, 14, 170
    plot_w = WIDTH - left - 12
    n = max(len(labels), 1)

    def x(i: int) -> float:
        return left + (plot_w * (i + 0.5) / n)

    def y(v: int) -> float:
        return top + plot_h * (1 - v / 10)

    body = []
    for v in range(0, 11, 2):
        body.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#ddd"/>')
        body.append(_text(left - 6, y(v) + 4, str(v), "end"))
    step = max(1, n // 8)
    for i in range(0, len(labels), step):
        body.append(_text(x(i), top + plot_h + 16, labels[i], "middle"))
    for values, colour, dash, mark in ((before, "#b03a2e", "", "dot"), (after, "#1f5fa8", "5 3", "square")):
        runs: list[list[tuple[float, float]]] = [[]]
        for i, value in enumerate(values):
            if value is None:
                runs.append([])
            else:
                runs[-1].append((x(i), y(value)))
        for run in runs:
            if len(run) > 1:
                points = " ".join(f"{a:.1f},{b:.1f}" for a, b in run)
                dashes = f' stroke-dasharray="{dash}"' if dash else ""
                body.append(
                    f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="1.5"{dashes}/>'
                )
            for a, b in run:
                if mark == "dot":
                    body.append(f'<circle cx="{a:.1f}" cy="{b:.1f}" r="2.8" fill="{colour}"/>')
                else:
                    body.append(
                        f'<rect x="{a - 2.6:.1f}" y="{b - 2.6:.1f}" width="5.2" height="5.2" '
                        f'fill="{colour}"/>'
                    )
    legend_y = height - 10
    body.append(f'<circle cx="{left + 6}" cy="{legend_y - 4}" r="3" fill="#b03a2e"/>')
    body.append(_text(left + 14, legend_y, "before the session"))
    body.append(f'<rect x="{left + 150}" y="{legend_y - 7}" width="6" height="6" fill="#1f5fa8"/>')
    body.append(_text(left + 162, legend_y, "after the session (dashed)"))
    return _svg(height, body, "Pain from 0 to 10 before and after each session")


def bars(labels: Sequence[str], values: Sequence[float], title: str, *, unit: str = "") -> str:
    """Vertical bars with their value on top (sessions per week)."""
    height, left, top, plot_h = 190, 34, 16, 130
    plot_w = WIDTH - left - 12
    n = max(len(labels), 1)
    most = max([*values, 1])
    slot = plot_w / n
    body = [f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#888"/>']
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = plot_h * value / most
        x0 = left + slot * i + slot * 0.15
        body.append(
            f'<rect x="{x0:.1f}" y="{top + plot_h - h:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" '
            'fill="#5b7f95" stroke="#223" stroke-width="0.5"/>'
        )
        body.append(_text(x0 + slot * 0.35, top + plot_h - h - 3, f"{value:g}{unit}", "middle"))
        body.append(_text(x0 + slot * 0.35, top + plot_h + 14, label, "middle"))
    return _svg(height, body, title)


def paired_bars(
    labels: Sequence[str], left_values: Sequence[int | None], right_values: Sequence[int], title: str
) -> str:
    """Horizontal bars per row, left side (hatched) and right side (solid): "this hurts" skips per region."""
    row_h, name_w = 22, 170
    height = 30 + row_h * max(len(labels), 1)
    most = max([*(v for v in left_values if v is not None), *right_values, 1])
    scale = (WIDTH - name_w - 60) / most
    body = [
        '<defs><pattern id="hatch" width="5" height="5" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="5" height="5" fill="#fff"/>'
        '<line x1="0" y1="0" x2="0" y2="5" stroke="#7a4b2a" stroke-width="2.5"/></pattern></defs>'
    ]
    for i, label in enumerate(labels):
        y0 = 8 + row_h * i
        body.append(_text(name_w - 6, y0 + 14, label, "end"))
        for k, (value, fill) in enumerate(((left_values[i], "url(#hatch)"), (right_values[i], "#7a4b2a"))):
            if value is None:  # a region without sides: one bar
                continue
            w = value * scale
            yy = y0 + 2 + k * 9
            body.append(
                f'<rect x="{name_w}" y="{yy}" width="{w:.1f}" height="8" fill="{fill}" stroke="#7a4b2a" '
                'stroke-width="0.5"/>'
            )
            body.append(_text(name_w + w + 4, yy + 8, str(value)))
    legend_y = height - 6
    body.append(
        f'<rect x="{name_w}" y="{legend_y - 8}" width="14" height="8" fill="url(#hatch)" stroke="#7a4b2a"/>'
    )
    body.append(_text(name_w + 18, legend_y, "left"))
    body.append(f'<rect x="{name_w + 60}" y="{legend_y - 8}" width="14" height="8" fill="#7a4b2a"/>')
    body.append(_text(name_w + 78, legend_y, "right (or no side)"))
    return _svg(height, body, title)
