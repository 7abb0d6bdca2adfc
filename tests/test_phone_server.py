"""The phone page's server and its guard, on loopback: who gets in, what is pushed, what a tap does."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from tests.fakes import RecordingCues
from tests.ui_support import FakeClock
from unknot.model.routine import Routine, Segment
from unknot.paths import builtin_sounds_dir
from unknot.session.engine import Session
from unknot.session.runner import SessionRunner
from unknot.web.guard import allowed_hosts
from unknot.web.phone import PhoneServer
from unknot.web.phone_state import PhoneBridge, idle_state, session_state


def routine() -> Routine:
    return Routine(
        id="r",
        name="R",
        transition=5,
        content_hash="h",
        segments=(Segment("lumbar", "swedish", 20), Segment("piriformis", "trigger_point", 25, sides="both")),
    )


@pytest.fixture
async def server() -> AsyncIterator[tuple[PhoneServer, str, list[str]]]:
    taps: list[str] = []
    phone = PhoneServer("127.0.0.1", 0, taps.append, builtin_sounds_dir())
    url = await phone.start()
    try:
        yield phone, url, taps
    finally:
        await phone.stop()


def base(url: str) -> str:
    return url.split("/?", 1)[0]


async def test_without_the_token_everything_is_403_and_tells_nothing(
    server: tuple[PhoneServer, str, list[str]],
) -> None:
    phone, url, _ = server
    phone.publish(dict(idle_state(), title="SECRET STATE"))
    async with aiohttp.ClientSession() as client:
        for path in ("/", "/?token=wrong", "/?token=", "/phone.js", "/sounds/start.wav", "/ws", "/nothing"):
            async with client.get(base(url) + path) as response:
                assert response.status == 403, path
                assert "SECRET" not in await response.text()
                assert "Set-Cookie" not in response.headers


async def test_the_token_opens_the_page_and_leaves_a_cookie(
    server: tuple[PhoneServer, str, list[str]],
) -> None:
    phone, url, _ = server
    # A cookie jar that keeps cookies for an IP address, as browsers do.
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
        async with client.get(url) as response:
            assert response.status == 200
            assert "<title>unknot</title>" in await response.text()
            cookie = response.cookies[f"unknot_token_{phone.port}"]
            assert cookie["httponly"] and cookie["samesite"] == "Strict"
            assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        # The page's own requests carry the cookie only.
        async with client.get(base(url) + "/sounds/start.wav") as response:
            assert response.status == 200
            assert (await response.read())[:4] == b"RIFF"
        async with client.get(base(url) + "/sounds/..%2F..%2Fetc%2Fpasswd.wav") as response:
            assert response.status == 404


async def test_host_and_origin_must_be_the_address_served(server: tuple[PhoneServer, str, list[str]]) -> None:
    phone, url, _ = server
    async with aiohttp.ClientSession() as client:
        # DNS rebinding: the right token reaching us under another name is still refused.
        async with client.get(url, headers={"Host": f"rebind.example:{phone.port}"}) as response:
            assert response.status == 403
        async with client.get(url, headers={"Origin": "http://evil.example"}) as response:
            assert response.status == 403
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect(
                base(url) + "/ws?token=" + phone.guard.token, origin="http://evil.example"
            )
        assert refused.value.status == 403
        ok = f"http://127.0.0.1:{phone.port}"
        async with client.ws_connect(base(url) + "/ws?token=" + phone.guard.token, origin=ok) as ws:
            assert json.loads((await ws.receive()).data)["type"] == "state"
    assert allowed_hosts("127.0.0.1", 8000) == {"127.0.0.1:8000", "localhost:8000", "[::1]:8000"}
    assert allowed_hosts("192.168.1.5", 8000) == {"192.168.1.5:8000"}


async def test_state_is_pushed_and_taps_come_back_as_controls(
    server: tuple[PhoneServer, str, list[str]],
) -> None:
    phone, url, taps = server
    ws_url = base(url) + "/ws?token=" + phone.guard.token
    async with aiohttp.ClientSession() as client, client.ws_connect(ws_url) as ws:
        first = json.loads((await ws.receive()).data)
        assert first["phase"] == "idle" and first["volume"] == 1.0
        sent = time.perf_counter()
        phone.publish(dict(idle_state(), title="LEFT PIRIFORMIS", cues=["start"]))
        pushed = json.loads((await asyncio.wait_for(ws.receive(), 5)).data)
        print(f"\nstate pushed to the page in {1000 * (time.perf_counter() - sent):.2f} ms (loopback)")
        assert pushed["title"] == "LEFT PIRIFORMIS" and pushed["cues"] == ["start"]
        for text in (
            '{"control": "toggle_pause"}',
            '{"control": "restart"}',
            "not json",
            "[1]",
            '{"control": 5}',
        ):
            await ws.send_str(text)
        await ws.send_str('{"control": "next"}')
        for _ in range(100):
            if len(taps) == 2:
                break
            await asyncio.sleep(0.01)
        assert taps == ["toggle_pause", "next"]  # only the page's four controls, nothing else
        assert not ws.closed


async def test_one_phone_at_a_time_and_a_plain_get_is_400(server: tuple[PhoneServer, str, list[str]]) -> None:
    phone, url, _ = server
    ws_url = base(url) + "/ws?token=" + phone.guard.token
    async with aiohttp.ClientSession() as client:
        async with client.get(ws_url) as response:
            assert response.status == 400
            assert "Traceback" not in await response.text()
        async with client.ws_connect(ws_url) as ws:
            await ws.receive()
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await client.ws_connect(ws_url)
            assert refused.value.status == 409
        # The first one gone, the place is free again (a phone that reconnects gets in).
        for _ in range(100):
            if phone.guard.clients == 0:
                break
            await asyncio.sleep(0.01)
        async with client.ws_connect(ws_url) as ws:
            assert json.loads((await ws.receive()).data)["type"] == "state"


def test_the_bridge_follows_the_runner_with_state_and_cues() -> None:
    clock = FakeClock(0.0)
    session = Session(routine(), clock)
    runner = SessionRunner(session, cues=RecordingCues())
    published: list[dict[str, object]] = []
    bridge = PhoneBridge(published.append)
    runner.observers.append(bridge.on_events)
    runner.begin()
    bridge.attach(session)
    assert published[-1]["label"] == "GET READY" and published[-1]["title"] == "LOWER BACK"
    clock.now = 5.0
    runner.wake()
    assert published[-1]["label"] == "NOW" and published[-1]["cues"] == ["start"]
    assert published[-1]["remaining"] == 20.0 and published[-1]["shown"] == "0:20"
    # A plain second passing tells the page nothing new (it counts down by itself) ...
    count = len(published)
    for _ in range(3):
        clock.now += 1.0
        runner.wake()
    assert len(published) == count
    # ... but +15 s, which is no event, moves the end of the phase: the page hears of it.
    runner.control("plus")
    assert len(published) == count + 1 and published[-1]["remaining"] == 32.0
    runner.control("toggle_pause")
    assert published[-1]["label"] == "PAUSED" and published[-1]["paused"] is True
    runner.control("toggle_pause")
    runner.control("next")
    state = published[-1]
    assert state["title"] == "LEFT PIRIFORMIS" and state["step"] == 2 and state["steps"] == 3
    assert state["next"] == "Next: Right piriformis · Trigger point · 0:25"
    bridge.detach()
    assert published[-1]["active"] is False
    runner.wake()  # a runner that outlives the bridge's interest publishes nothing more
    assert published[-1]["active"] is False
    # The stop line is on the page while a routine runs, naming the page's own button.
    assert session_state(session)["stop"] == "Sharp, shooting, tingling or numb? Tap This hurts and move off."
    # Getting ready, the page says how to set up; once the step runs, how to work.
    assert session_state(session)["how"] == "Set up: tennis ball; lie on your back, knees bent, feet flat"
    assert session.phase.value == "get_ready"


def test_the_qr_code_holds_the_url() -> None:
    import segno

    from unknot.web.qr import QUIET_ZONE, qr_lines, qr_matrix

    url = "http://192.168.1.5:40123/?token=AoKgHHqgL8JGEA_U7S-lnw"
    lines = qr_lines(url)
    # Read the half blocks back into modules: they are exactly segno's code for the URL.
    cells = {" ": (False, False), "▀": (True, False), "▄": (False, True), "█": (True, True)}
    rows: list[list[bool]] = []
    for line in lines:
        pairs = [cells[ch] for ch in line]
        rows += [[p[0] for p in pairs], [p[1] for p in pairs]]
    matrix = qr_matrix(url)
    assert rows[: len(matrix)] == matrix
    expected = segno.make(url, error="m", boost_error=False)
    width = expected.symbol_size(scale=1, border=QUIET_ZONE)[0]
    assert len(lines[0]) == width and width <= 41  # fits an 80x24 terminal


def test_sounds_exist_for_every_cue(tmp_path: Path) -> None:
    from unknot.web.phone_state import CUE_NAMES

    assert all((builtin_sounds_dir() / f"{cue}.wav").is_file() for cue in CUE_NAMES)
