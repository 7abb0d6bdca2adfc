"""The phone page in a real browser (headless Chromium, phone-size, touch) against the real app in tmux.

Everything binds to and talks to 127.0.0.1 only (``--phone-host 127.0.0.1``). A tap must do what a key does:
the ``--events`` log is the witness. Screenshots go to ``$UNKNOT_SHOTS`` when set (to look at them), else to
the test's temporary folder.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import browser
from tests.tmux import WAIT_SECONDS, TmuxSession, available
from unknot.web.phone_state import CUE_NAMES

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.slow,
    pytest.mark.skipif(not available(), reason="tmux is not installed (apt-get install tmux)"),
    pytest.mark.skipif(not browser.available(), reason="no /usr/bin/chromium (.ci/run installs it)"),
]

ROUTINE = """\
name: Phone test routine
transition: 12s
segments:
  - region: piriformis
    technique: trigger_point
    duration: 60s
    sides: both
    get_ready: 60s      # longer than a loaded machine takes to open the page, which then sees it
  - region: lumbar
    technique: swedish
    duration: 60s
"""
URL = re.compile(r"http://127\.0\.0\.1:\d+/\?token=[\w-]+")
# Waits on what the page, the log or the screen shows are deadlines, over as soon as it shows: long ones,
# as a loaded machine can take many seconds to start Chromium or to pass a tap on to the app.
WAIT_MS = round(WAIT_SECONDS * 1000)


def events(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def wait_for_event(path: Path, name: str, after: int, timeout: float = WAIT_SECONDS) -> dict[str, object]:
    """The first ``name`` event after the first ``after`` lines of the log (waiting for it to come)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [e for e in events(path)[after:] if e["event"] == name]
        if found:
            return found[0]
        time.sleep(0.05)
    raise AssertionError(f"no {name!r} event in {events(path)[after:]}")


@pytest.fixture
def app_with_phone(tmp_path: Path) -> Iterator[tuple[TmuxSession, str, Path]]:
    """The app in tmux with the phone page on loopback, past the reminder, in the first get-ready."""
    routine = tmp_path / "phone.yaml"
    routine.write_text(ROUTINE)
    log = tmp_path / "events.jsonl"
    env = {
        "UNKNOT_DATA_DIR": str(tmp_path / "data"),
        "UNKNOT_CONFIG_DIR": str(tmp_path / "config"),
        "UNKNOT_ROUTINES_DIR": str(tmp_path / "routines"),
    }
    command = [sys.executable, "-m", "unknot", "run", str(routine), "--mute", "--events", str(log)]
    command += ["--phone", "--phone-host", "127.0.0.1"]
    with TmuxSession.start(command, size=(100, 30), env=env) as tm:
        screen = tm.wait_for("Same Wi-Fi only. No encryption. Stop it with q")
        found = URL.search(screen)
        assert found is not None, screen
        tm.send_keys("Escape")  # close the QR code
        tm.wait_for("Consult a qualified professional")
        tm.send_keys("Enter")  # the reminder
        tm.wait_for("pain")
        tm.send_keys("Escape")  # no pain rating
        tm.wait_for("Get ready")
        yield tm, found[0], log


def shots_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("UNKNOT_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_the_phone_page_shows_and_drives_the_session(
    app_with_phone: tuple[TmuxSession, str, Path], tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    tm, url, log = app_with_phone
    expect.set_options(timeout=WAIT_MS)  # (for the worker's later tests too: only a longer deadline)
    shots = shots_dir(tmp_path)
    assert "Phone: " + url in tm.capture_pane()  # the URL stays on a line of the player
    with browser.chromium() as chromium:
        page = chromium.new_context(**browser.PHONE).new_page()
        page.set_default_timeout(WAIT_MS)
        response = page.goto(url)
        assert response is not None and response.status == 200
        expect(page.locator("#label")).to_have_text("GET READY")
        expect(page.locator("#title")).to_have_text("LEFT PIRIFORMIS")
        expect(page.locator("#stop")).to_contain_text("Tap This hurts and move off")
        expect(page.locator("#countdown")).to_have_text(re.compile(r"^(0:[0-5]\d|1:00)$"))
        font = page.locator("#countdown").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        width = page.evaluate("() => window.innerWidth")
        assert width == 390 and font >= 0.25 * width, (font, width)
        for button in ("#pause", "#back", "#skip", "#hurts"):
            box = page.locator(button).bounding_box()
            assert box is not None and box["width"] >= 48 and box["height"] >= 48, (button, box)
        page.screenshot(path=str(shots / "phone-get-ready.png"))

        # One tap turns sound on: the browser fetches and decodes every cue WAV the app plays.
        page.locator("#sound").tap()
        expect(page.locator("#sound")).to_be_hidden()
        decoded, deadline = 0, time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            decoded = page.evaluate("() => Object.keys(buffers).length")
            if decoded == len(CUE_NAMES):
                break
            time.sleep(0.1)
        assert decoded == len(CUE_NAMES)
        page.evaluate(
            "() => { window.played = []; const real = play; play = (c) => { played.push(c); real(c); }; }"
        )

        # Pause: a tap is a key; the terminal app pauses and logs it.
        seen = len(events(log))
        page.locator("#pause").tap()
        paused = wait_for_event(log, "paused", seen)
        assert paused["segment"] == 0
        expect(page.locator("#label")).to_have_text("PAUSED")
        expect(page.locator("#pause")).to_have_text("Resume")
        tm.wait_for("Paused")
        page.screenshot(path=str(shots / "phone-paused.png"))

        seen = len(events(log))
        page.locator("#pause").tap()
        wait_for_event(log, "resumed", seen)
        expect(page.locator("#label")).to_have_text(re.compile("GET READY|NOW"))

        # Next skips the step, in the app and on the page.
        seen = len(events(log))
        page.locator("#skip").tap()
        skipped = wait_for_event(log, "skipped", seen)
        assert skipped["segment"] == 0 and skipped.get("detail") == "next"
        expect(page.locator("#title")).to_have_text("RIGHT PIRIFORMIS")
        tm.wait_for("Right piriformis")
        page.screenshot(path=str(shots / "phone-after-next.png"))
        # The left side was skipped before its work began, so this is no switch of sides: the body still
        # has to get down to the floor (20 s of get-ready), and then the start cue is heard on the phone.
        deadline = time.monotonic() + 20 + WAIT_SECONDS
        while time.monotonic() < deadline:
            if "start" in page.evaluate("() => played"):
                break
            time.sleep(0.1)
        assert "start" in page.evaluate("() => played") and "switch" not in page.evaluate("() => played")
        expect(page.locator("#label")).to_have_text("NOW · FIND THE SPOT")  # a trigger point: its first phase
        page.screenshot(path=str(shots / "phone-now.png"))

        # This hurts: skipped and noted, as the key h does.
        seen = len(events(log))
        page.locator("#hurts").tap()
        hurt = wait_for_event(log, "skipped", seen)
        assert hurt["segment"] == 1 and hurt.get("detail") == "hurts"
        expect(page.locator("#link")).to_have_text("Noted: this hurts; skipped")
        expect(page.locator("#title")).to_have_text("LOWER BACK")

        # The connection lost (the page closed) never stops the session; a new page picks it up.
        page.close()
        again = chromium.new_context(**browser.PHONE).new_page()
        again.set_default_timeout(WAIT_MS)
        again.goto(url)
        expect(again.locator("#title")).to_have_text("LOWER BACK")
        assert tm.alive()

    # A wrong or missing token gets 403 and nothing about the session.
    port = url.split(":")[2].split("/")[0]
    for path in ("/?token=wrong", "/", "/ws", "/sounds/start.wav"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60)
        assert refused.value.code == 403
        assert b"PIRIFORMIS" not in refused.value.read().upper()
