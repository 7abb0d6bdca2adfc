"""The history screen: finished sessions with a chart of pain, and what helps by routine, region and week."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from unknot.learning.history import CHART_KEY, HEADER, TREND_SESSIONS, chart_lines, rows, sparkline
from unknot.learning.outcome_tables import GROUPINGS, table
from unknot.learning.outcomes import Rated, by_routine, headline
from unknot.session.store_records import FinishedSession

_TAB_TITLES = {"routine": "By routine", "region": "By region and side", "week": "By week"}


class HistoryScreen(Screen[None]):
    """Sessions newest first, with pain before and after; the outcome tables in their own tabs."""

    CSS_PATH = "history.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", "Back", id="history.back", tooltip="Back to the routines"),
    ]

    def __init__(
        self,
        sessions: list[FinishedSession],
        trend: list[tuple[int | None, int | None]],
        rated: Sequence[Rated] = (),
    ) -> None:
        super().__init__()
        self.sessions = sessions
        self.trend = trend
        self.rated = list(rated)

    def compose(self) -> ComposeResult:
        yield Static("History", id="history-title")
        said = headline(by_routine(self.rated))
        if said:
            yield Static(f"{said}.", id="history-headline")
        with TabbedContent(id="history-tabs"):
            with TabPane("Sessions", id="tab-sessions"):
                yield from self._sessions_tab()
            with TabPane("Pain chart", id="tab-chart"), VerticalScroll(id="history-chart"):
                chart = chart_lines(self.trend)
                yield Static(f"Pain before and after the last {TREND_SESSIONS} sessions, oldest on the left")
                yield Static("\n".join(chart) if chart else "No pain ratings yet.", id="pain-chart")
                if chart:
                    yield Static(f"     {CHART_KEY}", id="pain-chart-key")
            for grouping in GROUPINGS:
                with TabPane(_TAB_TITLES[grouping], id=f"tab-{grouping}"):
                    header, cells = table(self.rated, grouping)
                    grid: DataTable[str] = DataTable(
                        id=f"history-by-{grouping}", cursor_type="row", zebra_stripes=True
                    )
                    grid.add_columns(*header)
                    grid.add_rows(cells)
                    yield grid
        yield Footer()

    def _sessions_tab(self) -> ComposeResult:
        if not self.sessions:
            yield Static("No sessions yet. Finish a routine and it will show here.", id="history-empty")
        table: DataTable[str] = DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        table.add_columns(*HEADER)
        # A table reads a str cell as Rich markup: a routine's name from the database is escaped for it.
        table.add_rows([tuple(map(escape, row)) for row in rows(self.sessions)])
        yield table
        with Vertical(id="history-trend"):
            yield Static(f"Pain over the last {TREND_SESSIONS} sessions (0-10, oldest on the left)")
            # One cell per session on a fixed 0-10 scale, a gap where it was not rated, so the two rows
            # line up session by session and a 3 looks the same in both (Textual's Sparkline scales each
            # row to its own range and drops the gaps).
            for label, values in (
                ("before", [b for b, _ in self.trend]),
                ("after", [a for _, a in self.trend]),
            ):
                with Horizontal(classes="trend-row"):
                    yield Static(label, classes="trend-label")
                    if any(v is not None for v in values):
                        yield Static(sparkline(values), classes="trend")
                    else:
                        yield Static("not rated yet", classes="trend-none")
