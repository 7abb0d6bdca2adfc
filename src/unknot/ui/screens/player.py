"""The player: what to do now, a big countdown, progress, what comes next, and where on the body.

The screen holds no timing logic. It asks the :class:`~unknot.session.runner.SessionRunner` when the next
thing worth showing happens, sleeps until then with one timer, and renders what the session says. Keys call
the runner's controls. Every cue is also shown: a flash at segment start, halfway and switch-sides, and the
last three seconds are marked on the countdown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from unknot.model.routine import format_seconds
from unknot.session.cues import step_title
from unknot.session.events import Event, Phase, Summary
from unknot.session.runner import SessionRunner
from unknot.settings import Settings
from unknot.ui.footer_fit import describe, fit_footer, pause_word
from unknot.ui.keyhint import key_hint
from unknot.ui.lean_compositor import LeanCompositor
from unknot.ui.messages import ToggleMute
from unknot.ui.screens.floor_layout import ALL_CLASSES, floor_layout
from unknot.ui.screens.floor_words import banner_place, banner_texts, phase_word, routine_left
from unknot.ui.screens.player_flash import Flasher, WindowTint, window_tint
from unknot.ui.screens.player_hold import Hold
from unknot.ui.screens.player_lines import step_lines
from unknot.ui.screens.player_text import ShownText
from unknot.ui.wake_timer import WakeTimer, wake_in
from unknot.ui.widgets.big_countdown import BigCountdown
from unknot.ui.widgets.big_text import BigText
from unknot.ui.widgets.body_map import BodyMap
from unknot.ui.widgets.meter import Meter
from unknot.ui.widgets.step_cue import StepCue
from unknot.ui.widgets.stop_line import StopLine
from unknot.ui.widgets.title_line import top_line

# A wake-up is asked for a hair after the moment it is due, so the countdown has crossed the second by then.
_WAKE_SLACK = 0.002
_FLASHING_EVENTS = frozenset({"segment_start", "halfway", "switch_sides", "finished"})
_MARKED = ("#phase-label", "#banner", "#countdown")
"""The widgets that show the session's state (paused, getting ready, the last seconds) and the flash."""


class PlayerScreen(Screen[Summary]):
    """Steps the user through the routine. Dismisses with the session's summary when it is finished."""

    CSS_PATH = "player.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "control('toggle_pause')", "Pause", id="player.pause", tooltip="Pause or resume"),
        Binding("enter", "control('go')", "Start", id="player.go", show=False, tooltip="Start after set-up"),
        Binding("n", "control('next')", "Next", id="player.next", tooltip="Skip to the next segment"),
        Binding("p", "control('previous')", "Prev", id="player.previous", tooltip="Back to the previous one"),
        Binding("plus,equals_sign", "control('plus')", "+15s", id="player.plus", tooltip="Add 15 seconds"),
        Binding("minus,underscore", "control('minus')", "-15s", id="player.minus", tooltip="Take 15 s off"),
        Binding("h", "control('hurts')", "Hurts", id="player.hurts", tooltip="This hurts: skip and note it"),
        Binding("r", "control('restart')", "Restart", id="player.restart", tooltip="Restart this segment"),
        Binding("m", "toggle_mute", "Mute", id="player.mute", tooltip="Sound on or off"),
        Binding("f", "toggle_floor", "Floor", id="player.floor", tooltip="Only the countdown, large"),
        Binding("q", "leave", "Quit", id="player.quit", tooltip="Quit; your progress is kept"),
        Binding("question_mark", "app.toggle_help", "Help", id="player.help", tooltip="Show all keys"),
    ]

    def __init__(
        self,
        runner: SessionRunner,
        *,
        status: str = "",
        advice: Mapping[int, str] | None = None,
        settings: Settings | None = None,
        sound_status: Callable[[], str] | None = None,
        set_title: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__()
        self._compositor = LeanCompositor()  # draws only what a second's changes touch (see its module)
        self.runner = runner
        self.status_text = status
        self.settings = settings or Settings()  # the flash and the breathing pacer
        self._read_sound = sound_status or (lambda: self.status_text)  # how cues sound now
        self._set_title = set_title or (lambda text: None)  # the window's title: time left in the taskbar
        self.advice = dict(advice or {})
        """A line for the get-ready of steps that hurt lately, by step index (see
        ``unknot.learning.adapting``)."""
        self.session = runner.session
        self._timer: WakeTimer | None = None
        self._shown_step: tuple[int, Phase, bool] | None = None
        self._text = ShownText(lambda selector: self.query_one(selector, Static))
        """The lines of text, each updated only when it changes (see player_text)."""
        self._sound_status = status
        self._final = False
        self._floor_only = False
        self._ended = False
        self.hold = Hold(lambda: self.session.running, self.action_control)
        """Pauses the session while help, the palette or history cover the player (see player_hold)."""
        self.window_tint: WindowTint | None = None
        """While a cue lights the window: the filter the app puts over every line (see player_flash)."""
        self._flasher = Flasher(
            "screen",
            countdown=lambda: self.query_one("#countdown"),
            marked=lambda: [self.query_one(selector) for selector in _MARKED],
            set_timer=self.set_timer,
            light_window=self._light_window,
        )

    def compose(self) -> ComposeResult:
        # Top to bottom: the phase and place in large letters, the tool-and-position line and the set-up
        # line, the countdown (the instruction and body map beside it), progress, what comes next, the
        # stop line, the status line.
        with Vertical(id="player-body"):
            yield top_line()  # the place first, at the line's start, then the phase (see title_line)
            yield BigText(id="banner", every=banner_texts(self.session.routine.steps))  # one size
            yield Static(id="step-how")
            yield StepCue(id="step-cue")
            with Horizontal(id="player-main"):
                yield BigCountdown("0:00", id="countdown")
                with Vertical(id="player-side"):
                    yield Static(id="final-count")
                    yield Static(id="step-instruction")
                    yield BodyMap(id="body-map")
            with Horizontal(classes="bar-row", id="step-row"):
                yield Label("segment", classes="bar-label")
                yield Meter(id="step-progress")
            with Horizontal(classes="bar-row", id="routine-row"):
                yield Label("routine", classes="bar-label")
                yield Meter(id="routine-progress")
                yield Label(id="routine-left")
            yield Static(id="up-next")
            yield StopLine(id="stop-line")
            yield Static(self.status_text, id="player-status")
        yield Footer()

    def on_mount(self) -> None:
        self._sound_status = self._read_sound()
        self._flasher.mode = self.settings.flash
        self._layout_for(self.size.width, self.size.height)
        self._render_all()
        self._schedule()

    def _schedule(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        wake = self.runner.next_wakeup()
        if wake is None:
            return
        delay = max(0.0, wake - self.runner.clock()) + _WAKE_SLACK
        self._timer = wake_in(delay, self._on_wake, self.app._handle_exception, lambda: self.is_running)

    def _on_wake(self) -> None:
        self._after(self.runner.wake())

    def action_control(self, name: str) -> None:
        """Apply a session control (pause, next, previous, plus, minus, hurts, restart)."""
        if self._ended:
            return
        self._after(self.runner.control(name))
        if name == "hurts":  # said at once, so a press never goes unanswered
            self.notify("Noted: this hurts; skipped", timeout=4)

    def on_screen_suspend(self) -> None:
        # Another screen (the command palette, history) covers the player: hold the session.
        self.hold.cover()

    def on_screen_resume(self) -> None:
        self.hold.uncover()

    def end_here(self) -> None:
        """Close without a summary; the session is being replaced, so nothing more is saved from here."""
        self._ended = True
        if self._timer is not None:
            self._timer.stop()
        self.dismiss(None)

    def pause_for_suspend(self) -> None:
        """Pause and save before the process is stopped (ctrl+z)."""
        if self.session.running:
            self._after(self.runner.control("pause"))
        self.runner.save()

    def _after(self, events: list[Event]) -> None:
        self._check_sound()
        names = {e.name for e in events}
        if names & _FLASHING_EVENTS:
            self.flash()
        if self.session.finished:
            if self._timer is not None:
                self._timer.stop()
            self.dismiss(self.session.summary())
            return
        self._render_all()
        self._schedule()

    def _check_sound(self) -> None:
        # The player degrades on its own when the device goes away mid-session; say so, once.
        status = self._read_sound()
        if status != self._sound_status:
            self._sound_status = status
            self.set_status(status)
            self.notify(status, title="Sound", severity="warning", timeout=10)

    def flash(self) -> None:
        """Show a cue: the window (or the countdown, per the ``flash`` setting) lights up for a moment."""
        self._flasher.flash()

    def _light_window(self, on: bool) -> None:
        accent = Color.parse(self.app.get_css_variables().get("accent", "#ffa62b"))
        self.window_tint = window_tint(accent) if on else None
        self.refresh()  # the whole window again, from the lines each widget has cached

    def _mark(self, name: str, on: bool) -> None:
        # State classes go on the few widgets they style, never on the screen: a class on the screen
        # restyles and repaints every widget on it (about 15-40 ms of CPU each time, against 3 ms here),
        # and these change several times a segment.
        for selector in _MARKED:
            self.query_one(selector).set_class(on, name)

    # ------------------------------------------------------------------ drawing

    def _render_all(self) -> None:
        session = self.session
        key = (session.index, session.phase, session.paused or session.waiting)
        if key != self._shown_step:
            self._shown_step = key
            self._render_step()
        self._render_clock()

    def _render_step(self) -> None:
        session = self.session
        step = session.step
        getting_ready = session.phase is Phase.GET_READY
        pause_key = key_hint(self.app, "player.pause")
        for selector, text in step_lines(session, self.runner.pause_reason, pause_key, self.advice).items():
            self._text.put(selector, text)
        word = phase_word(session.paused, getting_ready, step.switches_side)
        self.query_one("#banner", BigText).update(word, banner_place(step))
        self._mark("-paused", session.paused)
        self._mark("-getready", getting_ready)
        self.query_one("#body-map", BodyMap).set_target(step.region, step.side)
        describe(self, "player.pause", pause_word(session.paused, session.waiting), self.size.width)

    def _render_clock(self) -> None:
        # This runs every second, so it touches only what changed, and never asks for a new layout: the
        # widgets it updates keep their size (a Static.update() would otherwise re-lay the whole screen).
        session = self.session
        left = session.remaining()
        clock = format_seconds(left)
        self.query_one("#countdown", BigCountdown).update(clock)  # repaints only on a change
        final = session.phase is Phase.SEGMENT and 0 < left <= 3 and not session.paused
        if final != self._final:
            self._final = final
            self._mark("-final", final)
        self._text.put("#final-count", " ".join("●" * int(-(-left // 1))) if final else "", layout=False)
        self.query_one("#step-progress", Meter).fraction = session.step_fraction()
        self.query_one("#routine-progress", Meter).fraction = session.routine_fraction()
        self._text.put("#routine-left", routine_left(session.routine_remaining()), layout=False)
        self.query_one(StepCue).show_for(session, pacer=self.settings.breathing_pacer)
        self._set_title(f"{clock} · {step_title(session.step)} · unknot")  # at once, in step with the frame

    # ------------------------------------------------------------------ size

    def on_resize(self, event: Resize) -> None:
        self._layout_for(event.size.width, event.size.height)

    def _layout_for(self, width: int, height: int) -> None:
        # Secondary things give way first (see floor_layout); the countdown takes the rows left over.
        layout = floor_layout(width, height, floor_only=self._floor_only)
        for name in ALL_CLASSES:
            self.set_class(name in layout.classes, name)
        self.query_one("#banner", BigText).set_max_rows(layout.banner_rows)
        self.query_one("#body-map", BodyMap).compact = "-compact-map" in layout.classes
        fit_footer(self, width)  # the keys that matter most stay in the footer (see footer_fit)

    def action_toggle_floor(self) -> None:
        """Show only the countdown and its labels, as large as the window allows (f again: everything)."""
        self._floor_only = not self._floor_only
        self._layout_for(self.size.width, self.size.height)

    def action_toggle_mute(self) -> None:
        """Turn sound cues off or on."""
        self.post_message(ToggleMute(self.set_status))

    def set_status(self, text: str) -> None:
        """Show one line of status (sound, saving) under the player."""
        self.status_text = text
        self.query_one("#player-status", Static).update(text)

    def action_leave(self) -> None:
        """Quit; the session is saved and can be resumed."""
        self.runner.save()
        self.app.exit()
