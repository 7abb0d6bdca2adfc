"""When a finished session counts toward what helps: the one rule the history and the outcomes share.

A session reaches the history when its last step ends, even when most steps were skipped on the way
(``n`` to the end is a finished session too). Its pain change then says little about the routine, so it
must not weigh like one done in full. The rule: a session is *mostly skipped* when fewer than half of its
steps ran to their end; a step skipped with ``n`` or cut short with ``h`` ("this hurts") did not. Such a
session is listed in the history as ``mostly skipped`` and left out of the pain change per routine (and
the sentence under it); its minutes still count per region and week, and its "this hurts" still count.
Sessions saved before steps were recorded (schema 1) cannot be told apart and count as done.

Core module: no Textual here.
"""

from __future__ import annotations

from collections.abc import Sequence

from unknot.session.store_records import StepOutcome

LABEL = "mostly skipped"
"""How the history names such a session."""


def steps_done(steps: Sequence[StepOutcome]) -> int:
    """How many steps ran to their end."""
    return sum(step.outcome == "done" for step in steps)


def mostly_skipped(steps: Sequence[StepOutcome]) -> bool:
    """Whether fewer than half of the session's steps ran to their end (False when none was recorded)."""
    return bool(steps) and 2 * steps_done(steps) < len(steps)
