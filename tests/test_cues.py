"""Cue dispatch: one sound per moment, the spoken look-ahead, and mute."""

from __future__ import annotations

from tests.fakes import RecordingCues
from unknot.model.routine import Routine, Segment
from unknot.session.cues import SoundCues, dispatch, lookahead_text, step_title
from unknot.session.engine import Session


def routine() -> Routine:
    return Routine(
        id="r",
        name="R",
        transition=2,
        segments=(Segment("lumbar", "swedish", 4), Segment("piriformis", "trigger_point", 45, sides="both")),
    )


def test_events_due_together_are_heard_as_the_one_that_matters() -> None:
    clock = [0.0]
    session = Session(routine(), lambda: clock[0])
    cues = RecordingCues()
    session.listeners.append(lambda e: None)
    events = session.begin()
    clock[0] = 1000
    events += session.poll()
    dispatch(cues, session.routine, events)
    assert cues.calls == [
        "get_ready:0",
        "start:0",
        "tick:3",
        "halfway:0",  # halfway and the 2 s tick fall together: halfway is heard
        "tick:1",
        "get_ready:1",  # the end of a segment and the next get-ready: end is heard, the voice speaks
        "end:0",
        "start:1",  # the first phase (find) begins with the step: the start is heard
        "phase:hold:1",  # after 15 s of finding the spot
        "halfway:1",
        "phase:release:1",  # the last 5 s
        "tick:3",
        "tick:2",
        "tick:1",
        "switch:2",  # end, switch sides and get-ready together: switch is heard
        "start:2",
        "phase:hold:2",
        "halfway:2",
        "phase:release:2",
        "tick:3",
        "tick:2",
        "tick:1",
        "finish",  # the last end and finished together: finish is heard
    ]


class Played:
    def __init__(self) -> None:
        self.cues: list[str] = []

    def play(self, cue: str) -> None:
        self.cues.append(cue)


def test_the_voice_says_what_comes_next_and_mute_silences_both() -> None:
    steps = routine().steps
    player, said = Played(), []
    cues = SoundCues(player, say=said.append)
    cues.get_ready(steps[1])
    cues.switch(steps[2])
    cues.start(steps[2])
    assert said == [
        "Next: left piriformis, trigger point, 45 seconds, tennis ball, on your back",
        "Switch sides. Next: right piriformis, trigger point, 45 seconds, tennis ball, on your back",
    ]
    assert player.cues == ["switch", "start"]
    cues.muted = True
    cues.get_ready(steps[1])
    cues.finish()
    assert len(said) == 2 and player.cues == ["switch", "start"]


def test_titles_and_lookahead_read_naturally() -> None:
    steps = routine().steps
    assert step_title(steps[0]) == "Lower back"
    assert step_title(steps[1]) == "Left piriformis"
    assert lookahead_text(steps[0]) == "Next: lower back, swedish, 4 seconds, hands, standing"
