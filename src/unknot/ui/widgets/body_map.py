"""A drawn outline of the body, back and front, with the region being worked highlighted.

The drawing is pure data in :mod:`~unknot.ui.widgets.body_drawing` (and the outlines in
:mod:`~unknot.ui.widgets.body_outlines`), so it can be tested without running an app. :class:`BodyMap` is
the widget that shows it; the player calls :meth:`BodyMap.set_target` (or sets :attr:`BodyMap.region_id`
and :attr:`BodyMap.side`) and it redraws.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from unknot.ui.widgets.body_drawing import (
    LABEL_ROWS,
    VIEWS,
    body_map_lines,
    check_region,
    check_side,
    map_size,
    region_view,
    view_columns,
)


class BodyMap(Widget):
    """The back and front outline of the body with the region being worked filled in.

    Call :meth:`set_target` (or set :attr:`region_id` and :attr:`side`); set :attr:`compact` for the
    short drawing on small terminals.
    """

    DEFAULT_CSS = """
    BodyMap {
        width: auto;
        height: auto;
    }
    BodyMap > .body-map--outline {
        color: $foreground-muted;
    }
    BodyMap > .body-map--label {
        color: $foreground-muted;
    }
    BodyMap > .body-map--label-active {
        color: $foreground;
        text-style: bold;
    }
    BodyMap > .body-map--highlight {
        color: $accent;
        text-style: bold;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "body-map--outline",
        "body-map--label",
        "body-map--label-active",
        "body-map--highlight",
    }

    region_id: reactive[str | None] = reactive[str | None](None)
    """The region to highlight, one of :data:`REGION_IDS`, or None for none.

    Not called ``region``: :attr:`Widget.region` is the widget's place on the screen.
    """
    side: reactive[str] = reactive("none")
    """The person's side to highlight: ``left``, ``right``, ``none`` or ``both``."""
    compact: reactive[bool] = reactive(False, layout=True)
    """Draw the short version for small terminals."""

    def __init__(
        self,
        region: str | None = None,
        side: str = "none",
        *,
        compact: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.set_reactive(BodyMap.region_id, self.validate_region_id(region))
        self.set_reactive(BodyMap.side, self.validate_side(side))
        self.set_reactive(BodyMap.compact, compact)

    def validate_region_id(self, region: str | None) -> str | None:
        return None if region is None else check_region(region)

    def validate_side(self, side: str) -> str:
        return check_side(side)

    def set_target(self, region: str | None, side: str) -> None:
        """Highlight ``side`` of ``region`` (None for no highlight)."""
        self.region_id = region
        self.side = side

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return map_size(compact=self.compact)[0]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return map_size(compact=self.compact)[1]

    def render(self) -> Text:
        if 0 < self.size.height < map_size(compact=self.compact)[1]:
            return Text("")  # too few rows are left under the instruction: the map gives way whole
        outline = self.get_component_rich_style("body-map--outline")
        highlight = self.get_component_rich_style("body-map--highlight")
        label = self.get_component_rich_style("body-map--label")
        active = self.get_component_rich_style("body-map--label-active")
        active_view = None if self.region_id is None else region_view(self.region_id)
        lines = body_map_lines(self.region_id, self.side, compact=self.compact)

        def label_style(column: int) -> Style:
            for view in VIEWS:
                if column in view_columns(view, compact=self.compact):
                    return active if view == active_view else label
            return label

        text = Text(no_wrap=True, end="")
        for y, row in enumerate(lines):
            if y:
                text.append("\n")
            styles = [
                label_style(x) if y < LABEL_ROWS else highlight if lit else outline
                for x, (_, lit) in enumerate(row)
            ]
            start = 0
            for x in range(1, len(row) + 1):
                if x == len(row) or styles[x] != styles[start]:
                    text.append("".join(char for char, _ in row[start:x]), styles[start])
                    start = x
        return text
