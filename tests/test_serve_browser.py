"""`unknot serve` in a phone-size browser (390x844, device pixel ratio 3, touch), on loopback.

textual-serve's terminal draws only its top-left part at a device pixel ratio above 1; unknot's page template
has it draw at ratio 1. Here the lines of text in the screenshot are counted (decoded by the browser itself,
on a blank page): all of the reminder, not the top-left third of it.
"""

from __future__ import annotations

import base64
import subprocess
import time
from pathlib import Path

import pytest

from tests import browser
from tests.test_phone_page import shots_dir
from tests.test_serve import fetch_page, free_port, read_url, start, stop

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not browser.available(), reason="no /usr/bin/chromium (.ci/run installs it)"),
]

# Lines of text in the screenshot: runs of pixel rows holding something bright, read by the browser from
# the PNG, and whether the bottom of the screen (the footer's keys) holds any. Drawn whole, the reminder
# shows 20 lines or more down to the footer; drawn at three times the scale (the bug) only the top-left
# part, about 15 lines of it, fits on the screen and the footer is off it.
COUNT_LINES = """async (png) => {
  const img = new Image();
  img.src = "data:image/png;base64," + png;
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = img.width; canvas.height = img.height;
  const ctx = canvas.getContext("2d");
  ctx.drawImage(img, 0, 0);
  const x0 = Math.floor(img.width * 0.05), w = Math.floor(img.width * 0.55);
  const data = ctx.getImageData(x0, 0, w, img.height).data;
  let lines = 0, inLine = false, bottom = false;
  for (let y = 0; y < img.height; y++) {
    let bright = false;
    for (let x = 0; x < w && !bright; x++) {
      const i = (y * w + x) * 4;
      bright = data[i] + data[i + 1] + data[i + 2] > 450;
    }
    if (bright && !inLine) lines++;
    if (bright && y > img.height * 0.92) bottom = true;
    inLine = bright;
  }
  return lines + (bottom ? 1000 : 0);
}"""
WHOLE = 1000 + 20
"""The count of a screenshot drawn whole: the footer's flag and at least 20 lines."""


def test_the_served_app_is_drawn_whole_on_a_phone(tmp_path: Path) -> None:
    port = free_port()
    proc: subprocess.Popen[str] = start(
        tmp_path, str(Path(__file__).parent / "data" / "short.yaml"), "--mute", "--port", str(port)
    )
    try:
        url = read_url(proc)
        assert "<html" in fetch_page(proc, url)
        with browser.chromium() as chromium:
            page = chromium.new_context(**browser.PHONE).new_page()
            page.goto(url)
            page.locator("body.-first-byte").wait_for(timeout=30000)
            assert page.evaluate("() => window.innerWidth") == 390  # the mobile viewport, not 980 px
            page.get_by_text("Consult a qualified professional").count()  # the terminal has its text
            deadline = time.monotonic() + 60  # a deadline on the drawing: over once it is whole
            lines = 0
            while lines < WHOLE and time.monotonic() < deadline:
                time.sleep(0.5)
                shot = page.screenshot(path=str(shots_dir(tmp_path) / "serve-phone.png"))
                blank = chromium.new_page()
                lines = blank.evaluate(COUNT_LINES, base64.b64encode(shot).decode())
                blank.close()
            assert lines >= WHOLE, lines
            page.close()
    finally:
        stop(proc)
