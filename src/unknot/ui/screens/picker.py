"""The routine picker: the built-in and the user's routines, with time, regions and description.

It keeps up with the user's routines folder while it is open: every two seconds it compares a cheap
signature of the folder (names, modification times, sizes) and only when that changed reads the routines
again. A broken routine stays in the list, greyed out, with its error; a valid one shows its lint
warnings.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from unknot import paths
from unknot.model import catalog
from unknot.model.plan import equipment_line
from unknot.model.routine import Routine, format_seconds
from unknot.routine_files.lint import lint
from unknot.routine_files.loader import ROUTINE_SUFFIXES
from unknot.safetext import safe

if TYPE_CHECKING:
    from unknot.routine_files.discovery import RoutineEntry


def entry_prompt(entry: RoutineEntry) -> Text:
    """How one routine looks in the list: name and time, then its regions, then its description."""
    if entry.routine is None:
        text = Text.assemble((safe(entry.id), "bold"), "  ", ("cannot be used", "bold red"))
        if entry.error is not None:
            text.append(f"\n{safe(entry.error)}", style="red")
        return text
    routine = entry.routine
    regions = ", ".join(catalog.REGIONS[r].short_name for r in routine.regions)
    text = Text.assemble(
        (safe(routine.name), "bold"),
        "  ",
        (format_seconds(routine.total_seconds), "bold cyan"),
        ("  (your routine)" if entry.source == "user" else "", "italic"),
        "\n",
        (regions, "dim"),
    )
    if routine.description:
        text.append(f"\n{safe(routine.description)}")
    text.append(f"\n{equipment_line(routine)}", style="italic")
    warnings = lint(routine)
    for warning in warnings[:MAX_WARNINGS_SHOWN]:
        text.append(
            "\n" + safe(f"warning: line {warning.line}: {warning.message} [{warning.id}]"), style="yellow"
        )
    if len(warnings) > MAX_WARNINGS_SHOWN:
        more = len(warnings) - MAX_WARNINGS_SHOWN
        text.append(f"\n… and {more} more: run `unknot validate` on {safe(entry.path)}", style="yellow")
    return text


MAX_WARNINGS_SHOWN = 2
"""Lint warnings shown under a routine; the rest are counted (a list entry is not a report)."""
POLL_SECONDS = 2.0
"""How often the picker looks for changed routine files."""

Signature = tuple[tuple[str, int, int], ...]


def folder_signature(folder: Path) -> Signature:
    """Names, modification times and sizes of the routine files in ``folder``: cheap to take and compare.

    An unreadable or missing folder has the empty signature, so creating it later counts as a change.
    """
    found = []
    try:
        with os.scandir(folder) as scan:
            for item in scan:
                if not item.name.endswith(ROUTINE_SUFFIXES) or item.name.startswith("."):
                    continue
                try:
                    info = item.stat()
                except OSError:
                    continue  # removed between listing and stat: the next poll sees it gone
                found.append((item.name, info.st_mtime_ns, info.st_size))
    except (OSError, ValueError):
        return ()
    return tuple(sorted(found))


class PickerScreen(Screen[None]):
    """Choose a routine; Enter starts it."""

    CSS_PATH = "picker.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "Start", id="picker.start", tooltip="Start the highlighted routine"),
        Binding("q", "app.quit", "Quit", id="picker.quit", tooltip="Leave unknot"),
        Binding("question_mark", "app.toggle_help", "Help", id="picker.help", tooltip="Show all keys"),
    ]

    class Chosen(Message):
        """The user picked a routine."""

        def __init__(self, routine: Routine) -> None:
            super().__init__()
            self.routine = routine

    def __init__(
        self,
        entries: list[RoutineEntry],
        *,
        notice: str = "",
        watch_dir: Path | None = None,
        highlight: str | None = None,
        discover: Callable[[], list[RoutineEntry]] | None = None,
    ) -> None:
        super().__init__()
        self.entries = [e for e in entries if not e.shadowed]
        self.discover = discover
        """Lists the routines again when the folder changes (the app's adapter; None: the files on disk)."""
        self.notice = notice
        self.highlight = highlight
        """The routine id highlighted at first (the default routine), when it is in the list."""
        self.watch_dir = watch_dir if watch_dir is not None else paths.user_routines_dir()
        """The folder watched for added, changed and removed routines (the user's routines)."""
        # Taken now, right after the caller read ``entries``, so that only later changes count.
        self._signature = folder_signature(self.watch_dir)

    def on_mount(self) -> None:
        self._reload = self.set_interval(POLL_SECONDS, self.poll_routines, name="picker-reload")
        ids = [e.id for e in self.entries]
        if self.highlight in ids:
            self.query_one("#routines", OptionList).highlighted = ids.index(self.highlight)

    def on_screen_suspend(self) -> None:
        # Covered by another screen (the player): nobody sees the list, so stop looking at the folder.
        self._reload.pause()

    def on_screen_resume(self) -> None:
        self.poll_routines()
        self._reload.resume()

    def poll_routines(self) -> bool:
        """Reload the list when the watched folder changed since last time; True when it reloaded."""
        signature = folder_signature(self.watch_dir)
        if signature == self._signature:
            return False
        self._signature = signature
        self.set_entries(self._discover()())
        return True

    def _discover(self) -> Callable[[], list[RoutineEntry]]:
        # The app's adapter when it handed one in, so tests and snapshots decide what "the routines" are.
        if self.discover is not None:
            return self.discover
        from unknot.routine_files.discovery import discover as discover_files

        return discover_files

    def compose(self) -> ComposeResult:
        yield Static("Choose a routine", id="picker-title")
        yield OptionList(*self._options(), id="routines")
        yield Static(self.notice, id="picker-notice")
        yield Footer()

    def _options(self) -> list[Option]:
        return [
            Option(entry_prompt(entry), id=entry.id, disabled=entry.routine is None) for entry in self.entries
        ]

    def set_entries(self, entries: list[RoutineEntry]) -> None:
        """Show a new list of routines, keeping the highlight on the same routine where it still exists."""
        option_list = self.query_one("#routines", OptionList)
        highlighted = option_list.highlighted_option
        keep = highlighted.id if highlighted is not None else None
        self.entries = [e for e in entries if not e.shadowed]
        option_list.clear_options()
        option_list.add_options(self._options())
        ids = [e.id for e in self.entries]
        if keep in ids:
            option_list.highlighted = ids.index(keep)

    def set_notice(self, text: str) -> None:
        """Show one line under the list (sound status, a database that was set aside)."""
        self.notice = text
        self.query_one("#picker-notice", Static).update(text)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option.id)

    def action_start(self) -> None:
        """Start the highlighted routine."""
        option = self.query_one("#routines", OptionList).highlighted_option
        if option is not None:
            self._choose(option.id)

    def _choose(self, routine_id: str | None) -> None:
        for entry in self.entries:
            if entry.id == routine_id and entry.routine is not None:
                self.post_message(self.Chosen(entry.routine))
                return
