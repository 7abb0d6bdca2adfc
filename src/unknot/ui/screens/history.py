"""The history screen: finished sessions, and a sparkline of pain over the last 30."""

from __future__ import annotations

from typing import ClassVar

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from unknot.history import HEADER, TREND_SESSIONS, rows, sparkline
from unknot.store import FinishedSession


class HistoryScreen(Screen[None]):
    """Sessions newest first, with pain before and after."""

    CSS_PATH = "history.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", "Back", id="history.back", tooltip="Back to the routines"),
    ]

    def __init__(self, sessions: list[FinishedSession], trend: list[tuple[int | None, int | None]]) -> None:
        super().__init__()
        self.sessions = sessions
        self.trend = trend

    def compose(self) -> ComposeResult:
        yield Static("History", id="history-title")
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
        yield Footer()
