"""``unknot new``, ``edit`` and ``schema``: copies, overwriting, and the editor flow with a fake $EDITOR."""

from __future__ import annotations

import io
import json
import stat
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from unknot.cli import main
from unknot.commands.edit import editor_command
from unknot.paths import builtin_routines_dir
from unknot.routine_files.loader import load_routine, validate_paths
from unknot.routine_files.schema import routine_schema

VALID = "name: Mine\nsegments:\n  - {region: lumbar, technique: swedish, duration: 60s}\n"
# The error is on line 5: the region.
BROKEN = "# a comment\nname: Mine\nsegments:\n  - technique: swedish\n    region: lumber\n    duration: 60s\n"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the fake editor is a shell script")


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("UNKNOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("UNKNOT_ROUTINES_DIR", str(tmp_path / "routines"))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    return tmp_path / "routines"


class FakeEditor:
    """A shell script named like a real editor: it logs its arguments, then on run N copies the
    N-th prepared content over the file it was given (or leaves the file alone when there is none)."""

    def __init__(self, folder: Path, name: str, contents: list[str]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.log = folder / "args.log"
        for n, content in enumerate(contents, start=1):
            (folder / f"content{n}.yaml").write_text(content)
        self.path = folder / name
        self.path.write_text(
            "#!/bin/sh\n"
            f'echo "$@" >> "{self.log}"\n'
            f'n=$(wc -l < "{self.log}" | tr -d " ")\n'
            'for last in "$@"; do :; done\n'
            f'if [ -f "{folder}/content$n.yaml" ]; then cp "{folder}/content$n.yaml" "$last"; fi\n'
        )
        self.path.chmod(self.path.stat().st_mode | stat.S_IXUSR)

    @property
    def calls(self) -> list[str]:
        return self.log.read_text().splitlines() if self.log.exists() else []


def answer(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


# ------------------------------------------------------------------------------------------------- new


def test_new_copies_the_default_with_a_header_and_a_working_schema_link(
    user_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "my-back"]) == 0
    path = user_dirs / "my-back.yaml"
    assert capsys.readouterr().out.strip() == str(path)
    text = path.read_text()
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=file:///")
    schema_file = Path(unquote(urlparse(first.split("$schema=", 1)[1]).path))
    assert json.loads(schema_file.read_text()) == routine_schema()
    assert "# Regions: lumbar, gluteal," in text  # the header lists the region ids
    copied = load_routine(path)
    original = load_routine(builtin_routines_dir() / "si-joint-10.yaml")
    assert copied.segments == tuple(
        type(s)(**{**s.__dict__, "line": c.line})
        for s, c in zip(original.segments, copied.segments, strict=True)
    )
    assert copied.total_seconds == 600


def test_new_from_another_routine_and_overwriting(
    user_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "quick", "--from", "quick-relief-5"]) == 0
    assert load_routine(user_dirs / "quick.yaml").total_seconds == 300
    assert main(["new", "quick"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert load_routine(user_dirs / "quick.yaml").total_seconds == 300  # untouched
    assert main(["new", "quick", "--force"]) == 0
    assert load_routine(user_dirs / "quick.yaml").total_seconds == 600
    # A user routine can be the source too, and copying keeps one schema line only.
    assert main(["new", "quick2", "--from", "quick"]) == 0
    copy_of_copy = (user_dirs / "quick2.yaml").read_text()
    assert copy_of_copy.count("yaml-language-server") == 1 and copy_of_copy.count("# Regions:") == 1


GOOD = Path(__file__).resolve().parent / "data" / "good"


def test_new_from_a_path_copies_the_sounds_it_names_next_to_the_copy(
    user_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # sounds.yaml names sounds/ok.wav relative to its own folder; the copy used to fail validation
    # with "sound file 'sounds/ok.wav' not found".
    assert main(["new", "snd", "--from", str(GOOD / "sounds.yaml")]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == str(user_dirs / "snd.yaml")
    copied = user_dirs / "sounds" / "ok.wav"
    assert copied.read_bytes() == (GOOD / "sounds" / "ok.wav").read_bytes()
    assert err.count("copied the sound sounds/ok.wav") == 1  # start and finish name the same file
    assert main(["validate", str(user_dirs / "snd.yaml")]) == 0
    assert load_routine(user_dirs / "snd.yaml").sounds["start"] == copied.resolve()
    # The same file already there is fine; a different one needs --force, and nothing is written.
    assert main(["new", "snd2", "--from", str(GOOD / "sounds.yaml")]) == 0
    copied.write_bytes(b"not this one")
    capsys.readouterr()
    assert main(["new", "snd3", "--from", str(GOOD / "sounds.yaml")]) == 2
    err = capsys.readouterr().err
    assert f"{copied} is already there" in err and "--force" in err
    assert not (user_dirs / "snd3.yaml").exists() and copied.read_bytes() == b"not this one"
    assert main(["new", "snd3", "--from", str(GOOD / "sounds.yaml"), "--force"]) == 0
    assert copied.read_bytes() == (GOOD / "sounds" / "ok.wav").read_bytes()
    assert main(["validate", str(user_dirs / "snd3.yaml")]) == 0


def test_new_leaves_sounds_from_the_sounds_folders_where_they_are(
    tmp_path: Path, user_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A sound found in <data dir>/sounds is found from the copy too: nothing to copy.
    (tmp_path / "data" / "sounds").mkdir(parents=True)
    (tmp_path / "data" / "sounds" / "bell.wav").write_bytes((GOOD / "sounds" / "ok.wav").read_bytes())
    source = tmp_path / "elsewhere" / "r.yaml"
    source.parent.mkdir()
    source.write_text(VALID + "sounds:\n  end: bell.wav\n")
    assert main(["new", "r2", "--from", str(source)]) == 0
    assert "copied" not in capsys.readouterr().err
    assert sorted(p.name for p in user_dirs.iterdir()) == ["r2.yaml"]
    assert main(["validate", str(user_dirs / "r2.yaml")]) == 0


@pytest.mark.parametrize("name", ["../escape", "my back", "a.b", "", "ü"])
def test_new_refuses_unsafe_names(name: str, user_dirs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", name]) == 2
    assert "cannot be a routine name" in capsys.readouterr().err
    assert not user_dirs.exists()


def test_new_from_an_unknown_routine_suggests_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "x", "--from", "si-joint-11"]) == 2
    assert "did you mean 'si-joint-10'?" in capsys.readouterr().err


# ------------------------------------------------------------------------------------------------ edit


def test_edit_a_builtin_copies_it_then_opens_the_editor(
    tmp_path: Path, user_dirs: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    editor = FakeEditor(tmp_path / "bin", "vim", [])  # leaves the copy as it is
    monkeypatch.setenv("EDITOR", str(editor.path))
    assert main(["edit", "si-joint-10"]) == 0
    path = user_dirs / "si-joint-10.yaml"
    assert editor.calls == [str(path)]
    out = capsys.readouterr().out
    assert "copied the built-in" in out and f"{path}: valid" in out


def test_edit_an_invalid_save_offers_to_reopen_at_the_first_error(
    tmp_path: Path, user_dirs: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    user_dirs.mkdir()
    path = user_dirs / "mine.yaml"
    path.write_text(VALID)
    editor = FakeEditor(tmp_path / "bin", "nano", [BROKEN, VALID])
    monkeypatch.setenv("VISUAL", str(editor.path))
    monkeypatch.setenv("EDITOR", "/nonexistent/editor")  # $VISUAL comes first
    answer(monkeypatch, "\n")  # Enter: yes
    assert main(["edit", "mine"]) == 0
    assert editor.calls == [str(path), f"+5 {path}"]
    out = capsys.readouterr().out
    assert f"{path}:5:13: unknown region 'lumber'" in out
    assert "Reopen the editor at line 5? [Y/n]" in out
    assert validate_paths([path]) == []


def test_edit_keep_as_is_on_no_or_end_of_input(
    tmp_path: Path, user_dirs: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    user_dirs.mkdir()
    path = user_dirs / "mine.yaml"
    path.write_text(VALID)
    editor = FakeEditor(tmp_path / "bin", "vi", [BROKEN, BROKEN])
    monkeypatch.setenv("EDITOR", str(editor.path))
    answer(monkeypatch, "")  # end of input
    assert main(["edit", "mine"]) == 2
    assert path.read_text() == BROKEN and len(editor.calls) == 1
    assert "kept" in capsys.readouterr().out
    answer(monkeypatch, "n\n")
    assert main(["edit", "mine"]) == 2
    assert len(editor.calls) == 2


def test_edit_an_editor_with_arguments_and_no_line_support(
    tmp_path: Path, user_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = FakeEditor(tmp_path / "bin", "code", [BROKEN, VALID])
    monkeypatch.setenv("EDITOR", f"{editor.path} --wait")
    answer(monkeypatch, "y\n")
    user_dirs.mkdir()
    (user_dirs / "mine.yaml").write_text(VALID)
    assert main(["edit", "mine"]) == 0
    path = user_dirs / "mine.yaml"
    assert editor.calls == [f"--wait {path}", f"--wait {path}"]


def test_edit_with_no_editor_at_all(
    tmp_path: Path, user_dirs: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setenv("EDITOR", "no-such-editor")
    assert main(["edit", "si-joint-10"]) == 2
    assert "no editor found; set $EDITOR" in capsys.readouterr().err
    assert not (user_dirs / "si-joint-10.yaml").exists()  # nothing copied for nothing


def test_edit_falls_back_to_nano_on_the_path(
    tmp_path: Path, user_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = FakeEditor(tmp_path / "bin", "nano", [])
    monkeypatch.setenv("PATH", str(editor.path.parent))
    assert main(["edit", "quick-relief-5"]) == 0
    assert editor.calls == [str(user_dirs / "quick-relief-5.yaml")]


def test_edit_an_unknown_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("EDITOR", str(FakeEditor(tmp_path / "bin", "vim", []).path))
    assert main(["edit", "thorough-2"]) == 2
    err = capsys.readouterr().err
    assert "did you mean 'thorough-20'?" in err and "unknot new thorough-2" in err
    assert main(["edit", "../../etc/passwd"]) == 2


@pytest.mark.parametrize(
    ("editor", "expected"),
    [
        (["/usr/bin/vim"], ["/usr/bin/vim", "+7", "f.yaml"]),
        (["nvim", "-p"], ["nvim", "-p", "+7", "f.yaml"]),
        (["emacsclient", "-t"], ["emacsclient", "-t", "+7", "f.yaml"]),
        (["micro"], ["micro", "+7", "f.yaml"]),
        (["kak"], ["kak", "+7", "f.yaml"]),
        (["code", "--wait"], ["code", "--wait", "f.yaml"]),
    ],
)
def test_editor_command_adds_the_line_for_editors_that_take_it(
    editor: list[str], expected: list[str]
) -> None:
    assert editor_command(editor, Path("f.yaml"), 7) == expected
    assert editor_command(editor, Path("f.yaml"), None) == [*editor, "f.yaml"]


# ----------------------------------------------------------------------------------------------- README


def test_the_readme_example_is_valid_and_lint_clean(tmp_path: Path) -> None:
    import wave

    from unknot.routine_files.lint import lint

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Write your own routine", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "sounds").mkdir()
    with wave.open(str(tmp_path / "sounds" / "bowl.wav"), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(8000)
        wav.writeframes(b"\0\0" * 800)
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    assert validate_paths([path]) == []
    assert lint(load_routine(path)) == []
