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
from typing import Any, ClassVar

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from unknot.commands import serve
from unknot.web import address

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


def read_url(proc: subprocess.Popen[str], lines: list[str] | None = None) -> str:
    """The URL ``unknot serve`` prints ("Open URL in a browser ..."), with its token."""
    assert proc.stderr is not None
    for line in proc.stderr:
        if lines is not None:
            lines.append(line)
        if line.startswith("Open "):
            return line.split()[1]
    raise AssertionError(f"no URL printed; {lines}")


def fetch_page(proc: subprocess.Popen[str], url: str, timeout: float = 60) -> str:
    # A deadline on the page being served, over as soon as it is: long, as a loaded machine starts the
    # server slowly; each try may take its time too.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
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
    printed: list[str] = []
    try:
        url = read_url(proc, printed)
        page = fetch_page(proc, url)
    finally:
        out, err = stop(proc)
    err = "".join(printed) + err
    assert "<html" in page.lower(), f"no page; stdout={out!r} stderr={err!r}"
    assert "textual-terminal" in page
    assert "<title>unknot</title>" in page
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in page
    assert f"ws://127.0.0.1:{port}/ws" in page
    assert f'src="http://127.0.0.1:{port}/static/js/textual.js"' in page
    assert "WARNING" not in err
    assert "Sound plays on this machine" in err
    assert re.search(
        rf"Open http://127\.0\.0\.1:{port}/\?token=[\w-]{{22}} in a browser on this machine\.", err
    )


@pytest.mark.slow
async def test_the_app_runs_over_the_pages_websocket_and_leaves_nothing_behind(tmp_path: Path) -> None:
    port = free_port()
    proc = start(tmp_path, str(DATA / "short.yaml"), "--mute", "--port", str(port))
    try:
        url = await asyncio.to_thread(read_url, proc)
        page = await asyncio.to_thread(fetch_page, proc, url)
        found = re.search(r'data-session-websocket-url="([^"]+)"', page)
        assert found is not None, page
        assert found[1] == f"ws://127.0.0.1:{port}/ws"
        token = url.split("token=")[1]
        screen = await asyncio.wait_for(read_the_app(found[1], "Consult a qualified professional", token), 30)
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


async def read_the_app(url: str, wanted: str, token: str) -> str:
    """Connect as the textual-serve page does, and read the screen until ``wanted`` is on it."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    screen = ""
    ws_url = f"{url}?token={token}&width=80&height=24"
    async with aiohttp.ClientSession() as session, session.ws_connect(ws_url) as ws:
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
    assert "token" in first and "nothing is encrypted" in first


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
    routes = {socket.AF_INET: "192.168.1.5", socket.AF_INET6: "2001:db8::5"}
    monkeypatch.setattr(address, "lan_address", lambda family=socket.AF_INET: routes.get(family))
    monkeypatch.setattr(socket, "gethostname", lambda: "mybox")
    assert serve.public_url("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert serve.public_url("192.168.1.9", 8080) == "http://192.168.1.9:8080"
    assert serve.public_url("::1", 8000) == "http://[::1]:8000"
    assert serve.public_url("0.0.0.0", 8000) == "http://192.168.1.5:8000"
    assert serve.public_url("::", 8000) == "http://[2001:db8::5]:8000"
    assert serve.public_url("0.0.0.0", 8000, "https://mat.example/") == "https://mat.example"
    routes.clear()
    assert serve.public_url("0.0.0.0", 8000) == "http://mybox:8000"  # no network: the machine's name


class FakeSocket:
    """A UDP socket that records what is done with it: a route is asked for, nothing is sent."""

    calls: ClassVar[list[str]] = []

    def __init__(self, family: int, kind: int) -> None:
        assert kind == socket.SOCK_DGRAM
        self.family = family

    def __enter__(self) -> FakeSocket:
        return self

    def __exit__(self, *exc: object) -> None:
        self.calls.append("close")

    def connect(self, where: tuple[str, int]) -> None:
        self.calls.append(f"connect {where[0]}")

    def getsockname(self) -> tuple[str, int]:
        return ("10.0.0.7", 40000) if self.family == socket.AF_INET else ("fe80::1%eth0", 40000, 0, 2)

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the probe must not call {name}")


def test_the_lan_address_comes_from_the_route_without_a_packet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "socket", FakeSocket)
    FakeSocket.calls = []
    assert address.lan_address() == "10.0.0.7"
    assert address.lan_address(socket.AF_INET6) is None  # link-local is no use to a phone
    # connect() on UDP only picks a route; documentation addresses, which no host answers.
    assert FakeSocket.calls == ["connect 192.0.2.1", "close", "connect 2001:db8::1", "close"]


def test_the_real_lan_address_is_not_loopback() -> None:
    found = address.lan_address()  # this machine's: connect() on UDP sends nothing
    assert found is None or not address.is_loopback(found)


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
    monkeypatch.setattr(address, "lan_address", lambda family=socket.AF_INET: "192.168.1.5")
    args = argparse.Namespace(routine=None, mute=False, voice=False, host=host, port=8000, public_url=given)
    server, url = serve.build_server(args)
    assert url == f"{base}/?token={server.guard.token}"
    # The page as the server renders it, served here on loopback only (nothing listens on 0.0.0.0); the
    # request names the public address, as a browser that opened it would.
    test_server = TestServer(await server._make_app(), host="127.0.0.1", port=free_port())
    await test_server.start_server()
    headers = {"Host": base.split("//", 1)[1]}
    try:
        async with (
            aiohttp.ClientSession() as session,
            session.get(test_server.make_url(f"/?token={server.guard.token}"), headers=headers) as response,
        ):
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


async def guarded_test_server(**options: Any) -> tuple[TestServer, str, int]:
    """The real server's web app (guard included) on loopback, at the port its guard expects."""
    port = free_port()
    fields = {"routine": None, "mute": False, "voice": False, "host": "127.0.0.1", "port": port}
    args = argparse.Namespace(**{**fields, "public_url": None, **options})
    server, _ = serve.build_server(args)
    test_server = TestServer(await server._make_app(), host="127.0.0.1", port=port)
    await test_server.start_server()
    return test_server, server.guard.token, port


async def test_serve_admits_only_the_token_at_its_own_address() -> None:
    test_server, token, port = await guarded_test_server()
    root = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as client:
            for path in ("/", "/?token=nope", "/static/js/textual.js", "/download/x"):
                async with client.get(root + path) as response:
                    assert response.status == 403, path
                    assert "textual" not in (await response.text()).lower()
            for ws_url in (f"{root}/ws", f"{root}/ws?token=nope"):
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await client.ws_connect(ws_url)
                assert refused.value.status == 403
            # DNS rebinding (another name for this address) and another site's page are refused.
            async with client.get(f"{root}/?token={token}", headers={"Host": f"evil.example:{port}"}) as r:
                assert r.status == 403
            async with client.get(f"{root}/?token={token}", headers={"Origin": "http://evil.example"}) as r:
                assert r.status == 403
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await client.ws_connect(f"{root}/ws?token={token}", origin="http://evil.example")
            assert refused.value.status == 403
            # The token opens the page, from this address, and leaves a cookie for the page's own requests.
            async with client.get(f"{root}/?token={token}", headers={"Origin": root}) as response:
                assert response.status == 200
                assert response.cookies[f"unknot_token_{port}"].value == token
            async with client.get(f"{root}/ws?token={token}") as response:  # a plain GET: 400, not a crash
                assert response.status == 400
    finally:
        await test_server.close()


@pytest.mark.slow
async def test_one_browser_at_a_time_and_no_traceback(tmp_path: Path) -> None:
    port = free_port()
    proc = start(tmp_path, str(DATA / "short.yaml"), "--mute", "--port", str(port))
    try:
        url = await asyncio.to_thread(read_url, proc)
        assert "<html" in await asyncio.to_thread(fetch_page, proc, url)  # it listens
        token = url.split("token=")[1]
        ws_url = f"ws://127.0.0.1:{port}/ws?token={token}&width=80&height=24"
        async with aiohttp.ClientSession() as client:
            async with client.get(f"http://127.0.0.1:{port}/ws?token={token}") as response:
                assert response.status == 400
            async with client.ws_connect(ws_url) as first:
                await first.send_json(["resize", {"width": 80, "height": 24}])
                await asyncio.wait_for(first.receive(), 30)  # its app is up
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await client.ws_connect(ws_url)
                assert refused.value.status == 409
                # A malformed request on the wire, too.
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.write(b"GET /\x00\xff HTTP/9.9\r\nHost: \x01\r\n\r\n")
                await writer.drain()
                answer = await asyncio.wait_for(reader.read(200), 10)
                writer.close()
                assert answer.startswith(b"HTTP/1.") and b" 400 " in answer.split(b"\r\n", 1)[0] + b" "
    finally:
        out, err = stop(proc)
    assert "Traceback" not in out + err
    assert proc.returncode == 0, err


@pytest.mark.slow
async def test_stopping_with_a_browser_connected_prints_no_traceback(tmp_path: Path) -> None:
    port = free_port()
    proc = start(tmp_path, str(DATA / "short.yaml"), "--mute", "--port", str(port))
    try:
        url = await asyncio.to_thread(read_url, proc)
        assert "<html" in await asyncio.to_thread(fetch_page, proc, url)
        token = url.split("token=")[1]
        ws_url = f"ws://127.0.0.1:{port}/ws?token={token}&width=80&height=24"
        async with aiohttp.ClientSession() as client, client.ws_connect(ws_url) as ws:
            await ws.send_json(["resize", {"width": 80, "height": 24}])
            await asyncio.wait_for(ws.receive(), 30)  # its app is up
            app_pids = children(proc.pid)
            assert app_pids
            proc.send_signal(signal.SIGTERM)  # ctrl+c or a polite kill, with the browser still there
            out, err = await asyncio.to_thread(proc.communicate, timeout=20)
    finally:
        stop(proc)
    assert proc.returncode == 0, err
    assert "Traceback" not in out + err and "Exception ignored" not in err, err
    assert not any(Path(f"/proc/{pid}").exists() for pid in app_pids)  # no app left behind
