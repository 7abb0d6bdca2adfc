"""The picker follows the user's routines folder: added, changed, broken and removed files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import OptionList

from tests.ui_support import until
from unknot.routine_files.discovery import RoutineEntry, discover
from unknot.ui.app import Services, UnknotApp, make_app
from unknot.ui.screens.picker import PickerScreen, entry_prompt, folder_signature

VALID = "name: Fresh one\nsegments:\n  - {region: lumbar, technique: swedish, duration: 60s}\n"
SHORT = "name: Short one\nsegments:\n  - {region: lumbar, technique: swedish, duration: 5s}\n"
BROKEN = "name: Broken one\nsegments:\n  - {region: lumber, technique: swedish, duration: 60s}\n"


@pytest.fixture
def user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "routines"
    folder.mkdir()
    monkeypatch.setenv("UNKNOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("UNKNOT_ROUTINES_DIR", str(folder))
    return folder


class CountingDiscover:
    """discover() on the test folder, counting how often the picker asks."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.calls = 0

    def __call__(self) -> list[RoutineEntry]:
        self.calls += 1
        return discover(user_dir=self.folder)


def options(app: UnknotApp) -> dict[str, tuple[str, bool]]:
    """Option id -> (prompt text, disabled)."""
    option_list = app.screen.query_one("#routines", OptionList)
    found = {}
    for index in range(option_list.option_count):
        option = option_list.get_option_at_index(index)
        prompt = option.prompt
        found[str(option.id)] = (prompt.plain if isinstance(prompt, Text) else str(prompt), option.disabled)
    return found


def picker(app: UnknotApp) -> PickerScreen:
    assert isinstance(app.screen, PickerScreen)
    return app.screen


def touch_later(path: Path, text: str) -> None:
    # A rewrite within the same clock tick could keep mtime and size; move mtime on explicitly.
    path.write_text(text)
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))


async def test_added_changed_broken_and_removed_files_show_up(user_dir: Path) -> None:
    counting = CountingDiscover(user_dir)
    app = make_app(Services(discover=counting))
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        screen = picker(app)
        assert screen.watch_dir == user_dir
        assert "si-joint-10" in options(app) and "fresh" not in options(app)
        calls = counting.calls

        assert screen.poll_routines() is False  # nothing changed: discover is not run again
        assert counting.calls == calls

        (user_dir / "fresh.yaml").write_text(VALID)
        assert screen.poll_routines() is True
        await pilot.pause()
        prompt, disabled = options(app)["fresh"]
        assert "Fresh one" in prompt and "1:05" in prompt and not disabled

        touch_later(user_dir / "fresh.yaml", BROKEN)
        assert screen.poll_routines() is True
        await pilot.pause()
        prompt, disabled = options(app)["fresh"]
        assert disabled and "cannot be used" in prompt and "unknown region 'lumber'" in prompt

        (user_dir / "fresh.yaml").unlink()
        assert screen.poll_routines() is True
        await pilot.pause()
        assert "fresh" not in options(app)


async def test_the_timer_polls_every_two_seconds(user_dir: Path) -> None:
    app = make_app(Services(discover=lambda: discover(user_dir=user_dir)))
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        (user_dir / "later.yaml").write_text(VALID)
        (user_dir / "broken.yaml").write_text(BROKEN)
        await until(pilot, lambda: {"later", "broken"} <= set(options(app)))  # the timer's next poll
        found = options(app)
        assert "later" in found and not found["later"][1]
        assert found["broken"][1] and "did you mean 'lumbar'?" in found["broken"][0]


async def test_the_highlight_stays_on_the_same_routine(user_dir: Path) -> None:
    app = make_app(Services(discover=lambda: discover(user_dir=user_dir)))
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        option_list = app.screen.query_one("#routines", OptionList)
        ids = list(options(app))
        option_list.highlighted = ids.index("thorough-20")
        (user_dir / "aaa.yaml").write_text(VALID)  # sorts first, moving every index
        assert picker(app).poll_routines()
        await pilot.pause()
        highlighted = option_list.highlighted_option
        assert highlighted is not None and highlighted.id == "thorough-20"


async def test_lint_warnings_show_under_a_routine(user_dir: Path) -> None:
    (user_dir / "short.yaml").write_text(SHORT)
    app = make_app(Services(discover=lambda: discover(user_dir=user_dir)))
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        prompt, disabled = options(app)["short"]
        assert not disabled
        assert "warning: line 3: 5 s of swedish on the lower back is under the 30-120 s" in prompt
        assert "[dose]" in prompt
        assert "warning" not in options(app)["si-joint-10"][0]


def test_prompt_counts_the_warnings_it_does_not_show(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    seg = "  - {region: gluteal, technique: trigger_point, duration: 5s, sides: left}\n"
    path.write_text("name: Many\nsegments:\n" + seg * 3)
    entry = discover(user_dir=tmp_path, builtin_dir=tmp_path / "none")[0]
    text = entry_prompt(entry).plain
    assert text.count("\nwarning: ") == 2 and "more: run `unknot validate`" in text


def test_folder_signature_sees_names_times_and_sizes_only_of_routine_files(tmp_path: Path) -> None:
    assert folder_signature(tmp_path / "missing") == ()
    (tmp_path / "a.yaml").write_text("x")
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / ".hidden.yaml").write_text("x")
    first = folder_signature(tmp_path)
    assert [name for name, _, _ in first] == ["a.yaml"]
    assert folder_signature(tmp_path) == first
    (tmp_path / "notes.txt").write_text("changed")
    assert folder_signature(tmp_path) == first
    (tmp_path / "a.yaml").write_text("xy")
    assert folder_signature(tmp_path) != first
