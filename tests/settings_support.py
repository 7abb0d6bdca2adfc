"""What the settings tests share: a private config folder (the ``config_dir`` fixture, loaded for the
whole suite by ``tests/conftest.py``; a settings module asks for it in every test with ``pytestmark``),
and a way to write its file."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("UNKNOT_CONFIG_DIR", str(folder))
    monkeypatch.setenv("UNKNOT_DATA_DIR", str(tmp_path / "data"))
    return folder


def write(config_dir: Path, text: str) -> Path:
    config_dir.mkdir(parents=True, exist_ok=True)
    path = config_dir / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path
