"""Plain mode on a terminal wraps its lines between words; piped, it prints each line whole."""

from __future__ import annotations

import io

from tests.plain_support import ScriptedKeys
from tests.ui_support import FakeClock
from unknot.model import catalog
from unknot.plain.commands import line_width
from unknot.plain.lines import PlainLines


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_line_wraps_between_words_under_the_time() -> None:
    out = io.StringIO()
    lines = PlainLines(out, ScriptedKeys(FakeClock()), width=40)
    instruction = catalog.instruction("piriformis", "trigger_point")
    lines.say(instruction, at=39.4)
    printed = out.getvalue().splitlines()
    assert len(printed) > 3 and all(len(line) <= 40 for line in printed)
    assert printed[0].startswith("0:39 ") and all(line.startswith("     ") for line in printed[1:])
    assert " ".join(line.strip() for line in printed).removeprefix("0:39 ") == " ".join(instruction.split())


def test_a_pipe_gets_each_line_whole_and_a_terminal_its_width() -> None:
    out = io.StringIO()
    lines = PlainLines(out, ScriptedKeys(FakeClock()), width=line_width(out))
    lines.say("word " * 60)
    assert line_width(out) is None and out.getvalue().count("\n") == 1
    assert line_width(Terminal()) is not None
