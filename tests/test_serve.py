"""`unknot serve`: the page comes back on loopback; another address prints the no-password warning."""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from unknot.commands import serve


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
    page = ""
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    assert response.status == 200
                    page = response.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.2)
    finally:
        out, err = stop(proc)
    assert "<html" in page.lower(), f"no page; stdout={out!r} stderr={err!r}"
    assert "textual" in page.lower()
    assert "unknot" in page  # the title
    assert f"ws://127.0.0.1:{port}/ws" in page
    assert "WARNING" not in err
    assert "Sound plays on this machine" in err


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


def test_a_bad_port_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    from unknot.cli import main

    assert main(["serve", "--port", "70000"]) == 2
    assert "--port" in capsys.readouterr().err
