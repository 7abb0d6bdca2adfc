"""`unknot serve`: the page and the app over its websocket on loopback, the page's links, the warning."""

from __future__ import annotations

import argparse
import asyncio
import codecs
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from unknot.commands import serve

DATA = Path(__file__).resolve().parent / "data"
CSI = re.compile(r"\x1b\[[0-9;?$]*[A-Za-z]|\x1b\][^\x07]*\x07")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, UNKNOT_DATA_DIR=str(tmp_path / "data"), UNKNOT_CONFIG_DIR=str(tmp_path / "cfg"))
    return subprocess.Popen(
        [sys.executable, "-m", "unknot", "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def fetch_page(proc: subprocess.Popen[str], port: int, timeout: float = 15) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                assert response.status == 200
                return str(response.read().decode("utf-8"))
        except OSError:
            time.sleep(0.2)
    return ""


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def stop(proc: subprocess.Popen[str]) -> tuple[str, str]:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    return proc.communicate(timeout=10)


@pytest.mark.slow
def test_serves_the_page_on_loopback(tmp_path: Path) -> None:
    port = free_port()
    proc = start(tmp_path, "--port", str(port))
    try:
        page = fetch_page(proc, port)
    finally:
        out, err = stop(proc)
    assert "<html" in page.lower(), f"no page; stdout={out!r} stderr={err!r}"
    assert "textual" in page.lower()
    assert "unknot" in page  # the title
    assert f"ws://127.0.0.1:{port}/ws" in page
    assert f'src="http://127.0.0.1:{port}/static/js/textual.js"' in page
    assert "WARNING" not in err
    assert "Sound plays on this machine" in err
    assert f"Open http://127.0.0.1:{port} in a browser on this machine." in err


@pytest.mark.slow
async def test_the_app_runs_over_the_pages_websocket_and_leaves_nothing_behind(tmp_path: Path) -> None:
    port = free_port()
    proc = start(tmp_path, str(DATA / "short.yaml"), "--mute", "--port", str(port))
    try:
        page = await asyncio.to_thread(fetch_page, proc, port)
        found = re.search(r'data-session-websocket-url="([^"]+)"', page)
        assert found is not None, page
        assert found[1] == f"ws://127.0.0.1:{port}/ws"
        screen = await asyncio.wait_for(read_the_app(found[1], "Consult a qualified professional"), 30)
        assert "Consult a qualified professional" in screen
        # Closing the websocket ends the app: the server is left with no process of its own.
        deadline = time.monotonic() + 15
        while children(proc.pid) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        assert children(proc.pid) == []
        assert proc.poll() is None  # and it still serves
    finally:
        out, err = stop(proc)
    assert proc.returncode == 0, err
    assert "Application failed to start" not in out


async def read_the_app(url: str, wanted: str) -> str:
    """Connect as the textual-serve page does, and read the screen until ``wanted`` is on it."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    screen = ""
    async with aiohttp.ClientSession() as session, session.ws_connect(f"{url}?width=80&height=24") as ws:
        await ws.send_json(["resize", {"width": 80, "height": 24}])  # as textual.js sends on open
        async for message in ws:
            if message.type is aiohttp.WSMsgType.BINARY:
                screen += decoder.decode(message.data)
            if wanted in CSI.sub("", screen):
                break
        await ws.close()
    return CSI.sub("", screen)


def test_another_address_prints_the_warning(tmp_path: Path) -> None:
    proc = start(tmp_path, "--host", "0.0.0.0", "--port", str(free_port()))
    try:
        assert proc.stderr is not None
        first = proc.stderr.readline()
    finally:
        proc.kill()
        proc.communicate(timeout=10)
    assert first.startswith("WARNING: listening on 0.0.0.0")
    assert "no password" in first and "control" in first


def test_the_app_command_and_the_served_flag(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    args = argparse.Namespace(routine=None, mute=False, voice=False)
    assert shlex.split(serve.app_command(args)) == [sys.executable, "-m", "unknot"]
    routine = tmp_path / "my routine.yaml"
    routine.write_text("x")
    args = argparse.Namespace(routine=str(routine), mute=True, voice=False)
    assert shlex.split(serve.app_command(args)) == [
        sys.executable,
        "-m",
        "unknot",
        "run",
        str(routine.resolve()),
        "--mute",
    ]
    assert serve.is_loopback("127.0.0.1") and serve.is_loopback("::1") and serve.is_loopback("localhost")
    assert not serve.is_loopback("0.0.0.0") and not serve.is_loopback("192.168.1.5")
    monkeypatch.delenv(serve.SERVED_ENV, raising=False)
    assert not serve.served()
    monkeypatch.setenv(serve.SERVED_ENV, "1")
    assert serve.served()


def test_the_public_url(monkeypatch: pytest.MonkeyPatch) -> None:
    def addresses(host: str, port: object, family: int = 0) -> list[tuple[Any, ...]]:
        assert host == "mybox"
        v4 = [(socket.AF_INET, 0, 0, "", (a, 0)) for a in ("127.0.1.1", "169.254.3.3", "192.168.1.5")]
        v6 = [(socket.AF_INET6, 0, 0, "", (a, 0, 0, 0)) for a in ("::1", "fe80::1%eth0", "2001:db8::5")]
        return v4 if family == socket.AF_INET else v6

    monkeypatch.setattr(socket, "gethostname", lambda: "mybox")
    monkeypatch.setattr(socket, "getaddrinfo", addresses)
    assert serve.public_url("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert serve.public_url("192.168.1.9", 8080) == "http://192.168.1.9:8080"
    assert serve.public_url("::1", 8000) == "http://[::1]:8000"
    assert serve.public_url("0.0.0.0", 8000) == "http://192.168.1.5:8000"  # not loopback, not link-local
    assert serve.public_url("::", 8000) == "http://[2001:db8::5]:8000"
    assert serve.public_url("0.0.0.0", 8000, "https://mat.example/") == "https://mat.example"

    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [(socket.AF_INET, 0, 0, "", ("127.0.0.1", 0))])
    assert serve.public_url("0.0.0.0", 8000) == "http://mybox:8000"  # nothing better: the machine's name

    def fails(*args: object, **kwargs: object) -> list[tuple[Any, ...]]:
        raise socket.gaierror("no name")

    monkeypatch.setattr(socket, "getaddrinfo", fails)
    assert serve.public_url("0.0.0.0", 8000) == "http://mybox:8000"


@pytest.mark.parametrize(
    ("host", "given", "base", "websocket"),
    [
        ("0.0.0.0", None, "http://192.168.1.5:8000", "ws://192.168.1.5:8000/ws"),
        ("0.0.0.0", "https://mat.example:9443/", "https://mat.example:9443", "wss://mat.example:9443/ws"),
        ("192.168.1.9", None, "http://192.168.1.9:8000", "ws://192.168.1.9:8000/ws"),
    ],
)
async def test_the_pages_links_use_the_public_url(
    monkeypatch: pytest.MonkeyPatch, host: str, given: str | None, base: str, websocket: str
) -> None:
    monkeypatch.setattr(serve, "lan_address", lambda family=socket.AF_INET: "192.168.1.5")
    args = argparse.Namespace(routine=None, mute=False, voice=False, host=host, port=8000, public_url=given)
    server, url = serve.build_server(args)
    assert url == base
    # The page as the server renders it, served here on loopback only (nothing listens on 0.0.0.0).
    test_server = TestServer(await server._make_app(), host="127.0.0.1", port=free_port())
    await test_server.start_server()
    try:
        async with aiohttp.ClientSession() as session, session.get(test_server.make_url("/")) as response:
            page = await response.text()
    finally:
        await test_server.close()
    assert f'data-session-websocket-url="{websocket}"' in page
    assert f'src="{base}/static/js/textual.js"' in page
    assert f'href="{base}/static/css/xterm.css"' in page
    assert "0.0.0.0" not in page


def test_a_bad_public_url_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    from unknot.cli import main

    assert main(["serve", "--public-url", "192.168.1.5:8000"]) == 2
    assert "--public-url must be an http:// or https:// URL" in capsys.readouterr().err


def test_a_bad_port_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    from unknot.cli import main

    assert main(["serve", "--port", "70000"]) == 2
    assert "--port" in capsys.readouterr().err
