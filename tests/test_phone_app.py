"""The phone page from inside the app (Pilot, fake clock): started by --phone or P, following the player,
and a tap doing exactly what the key does. The page listens on 127.0.0.1 only."""

from __future__ import annotations

import io
import json

from textual.widgets import Static

from tests.fakes import RecordingPlayer
from tests.ui_support import DATA, FakeClock, wake_player
from unknot.routine_files.discovery import discover
from unknot.routine_files.loader import load_routine
from unknot.ui.app import Services, UnknotApp, make_app
from unknot.ui.screens.phone import PHONE_WARNING, PhoneScreen
from unknot.ui.screens.player import PlayerScreen


def phone_app(clock: FakeClock, events: io.StringIO, *, phone: str | None = "127.0.0.1") -> UnknotApp:
    services = Services(
        clock=clock,
        discover=lambda: discover(user_dir=DATA / "no-user-dir"),
        make_player=lambda bell: RecordingPlayer(),
        ask_pain=False,
        events_out=events,
        phone=phone,
    )
    return make_app(services, start=load_routine(DATA / "short.yaml"))


def logged(events: io.StringIO) -> list[tuple[str, int, str]]:
    lines = [json.loads(line) for line in events.getvalue().splitlines()]
    return [(e["event"], e["segment"], e.get("detail", "")) for e in lines]


async def test_phone_opens_the_page_shows_the_qr_code_and_follows_the_player() -> None:
    clock = FakeClock()
    app = phone_app(clock, io.StringIO())
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(50):
            await pilot.pause()
            if isinstance(app.screen, PhoneScreen):
                break
        assert isinstance(app.screen, PhoneScreen)
        link = app.phone_link
        assert link is not None and link.url.startswith("http://127.0.0.1:") and "/?token=" in link.url
        shown = str(app.screen.query_one("#phone-url", Static).render())
        assert link.url in shown
        assert str(app.screen.query_one("#phone-warning", Static).render()) == PHONE_WARNING
        assert len(str(app.screen.query_one("#phone-qr", Static).render()).splitlines()) <= 21
        await pilot.press("escape")
        await pilot.press("enter")  # the reminder
        await pilot.pause()
        player = app.screen
        assert isinstance(player, PlayerScreen)
        line = str(player.query_one("#phone-url-line", Static).render())
        assert line.startswith(f"Phone: {link.url}") and "q stops it" in line
        assert link.server.latest["label"] == "GET READY"
        assert link.server.latest["title"] == "LOWER BACK"
        wake_player(app, clock, 2.0)
        assert link.server.latest["label"] == "NOW"
    assert not link.server.serving  # stopped with the app


async def test_a_tap_is_the_same_as_the_key() -> None:
    by_key, by_tap = io.StringIO(), io.StringIO()
    for events, tap in ((by_key, False), (by_tap, True)):
        clock = FakeClock()
        app = phone_app(clock, events)
        async with app.run_test(size=(100, 30)) as pilot:
            while not isinstance(app.screen, PhoneScreen):
                await pilot.pause()
            await pilot.press("escape", "enter")
            await pilot.pause()
            assert app.phone_link is not None
            for key, control in (("space", "toggle_pause"), ("space", "toggle_pause"), ("n", "next")):
                clock.advance(0.5)
                if tap:
                    app.phone_link._control(control)  # what the page's button sends
                else:
                    await pilot.press(key)
                await pilot.pause()
            paused_label = app.phone_link.server.latest["label"]
        assert paused_label in ("GET READY", "SWITCH SIDES", "NOW")
    assert logged(by_key) == logged(by_tap)
    assert ("paused", 0, "") in logged(by_tap) and ("skipped", 0, "next") in logged(by_tap)


async def test_the_key_and_the_palette_start_it_in_a_running_session() -> None:
    clock = FakeClock()
    app = phone_app(clock, io.StringIO(), phone=None)  # no --phone: nothing listens at launch
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen) and app.phone_link is None
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Phone" in commands
        app.services.phone = "127.0.0.1"  # tests bind to loopback only
        await pilot.press("P")
        for _ in range(50):
            await pilot.pause()
            if isinstance(app.screen, PhoneScreen):
                break
        assert isinstance(app.screen, PhoneScreen)
        assert app.phone_link is not None
        assert app.phone_link.server.latest["title"] == "LOWER BACK"  # it follows the running session
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query("#phone-url-line")


async def test_the_noted_notice_leaves_the_stop_line_in_view_with_the_phone_line_on() -> None:
    from unknot.ui.widgets.stop_line import StopLine

    clock = FakeClock()
    app = phone_app(clock, io.StringIO())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        while not isinstance(app.screen, PhoneScreen):
            await pilot.pause()
        await pilot.press("escape", "enter")
        await pilot.pause()
        assert app.screen.query("#phone-url-line")
        wake_player(app, clock, 2.0)
        await pilot.press("h")
        await pilot.pause(0.3)
        rows = [strip.text for strip in app.screen._compositor.render_strips()]
        assert any("Noted: this hurts; skipped" in row for row in rows), rows
        stop = app.screen.query_one(StopLine)
        region = stop.content_region
        assert rows[region.y][region.x : region.right].rstrip() == str(stop.render()), rows[region.y]
