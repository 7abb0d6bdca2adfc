"""Safety content pinned by meaning: the reminder's groups, the stop line, nerve signs, no pressure on bone.

These check what a physical therapist would check before handing the text to a patient, not the exact
wording: each test names the topics a sentence must carry, so the words can be improved without losing one.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from textual.widgets import Static

from tests.ui_support import FakeClock, build_app, short_routine, wake_player
from unknot.model import dosing, safety
from unknot.model.catalog import REGIONS, TECHNIQUES, instruction
from unknot.model.positions import DEFAULT_SETUP, POSITIONS, TOOLS
from unknot.plain import mode as plain
from unknot.plain.asking import acknowledge
from unknot.session.store import Store
from unknot.session.texts import reminder_text, summary_lines
from unknot.ui.screens.player import PlayerScreen
from unknot.ui.screens.reminder import ReminderScreen
from unknot.ui.screens.summary import SummaryScreen

# Each group's topics, as word stems any good wording keeps. One tuple per topic: any of its stems will do.
GROUP_TOPICS: dict[str, list[tuple[str, ...]]] = {
    "Get help now": [
        ("between the legs", "saddle"),
        ("back passage",),
        ("bladder",),
        ("bowel",),
        ("weakness",),
        ("both legs",),
        ("fever",),
        ("fall",),
        ("accident",),
    ],
    "Check with a professional first": [
        ("cancer",),
        ("weight loss",),
        ("osteoporosis",),
        ("steroid",),
        ("blood thinner",),
        ("bleeding",),
        ("swollen, warm and red",),
        ("clot",),
        ("do not massage",),
        ("surgery",),
        ("hip replacement",),
        ("pregnan",),
        ("morning stiffness",),
        ("30 minutes",),
        ("45",),
        ("inflammatory",),
        ("worse",),
        ("at night",),
    ],
    "Stop during the session": [
        ("sharp",),
        ("shooting",),
        ("burning",),
        ("tingling",),
        ("numb",),
        ("pulse",),
        ("dizz",),
        ("press h",),
    ],
}
KEPT_LINES = ("licensed massage therapist", "healthcare provider", "exercises", "posture", "physical therapy")

NERVE_SIGNS = ("tingling", "numbness", "burning")
ALL_PAIRS = [(r, t) for r in REGIONS for t in TECHNIQUES]


def _has_topics(text: str, heading: str) -> list[tuple[str, ...]]:
    """The topics of ``heading``'s group that ``text`` misses."""
    lowered = text.lower()
    return [topic for topic in GROUP_TOPICS[heading] if not any(stem in lowered for stem in topic)]


def test_the_reminder_has_exactly_the_three_groups_in_order_of_urgency() -> None:
    assert [g.heading for g in safety.SIGN_GROUPS] == list(GROUP_TOPICS)
    for group in safety.SIGN_GROUPS:
        assert _has_topics(safety.sign_group_text(group), group.heading) == [], group.heading
        # Short enough to read in a few seconds from the floor.
        assert len(safety.sign_group_text(group)) <= 520, group.heading


def test_plain_reminder_prints_every_group_with_its_topics_and_the_kept_lines() -> None:
    text = reminder_text()
    paragraphs = text.split("\n\n")
    for heading in GROUP_TOPICS:
        (paragraph,) = [p for p in paragraphs if p.startswith(f"{heading}:")]
        assert _has_topics(paragraph, heading) == [], heading
    for words in KEPT_LINES:
        assert words in text.lower(), words
    assert text.startswith(safety.REMINDER_TITLE)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_reminder_screen_shows_every_group(size: tuple[int, int]) -> None:
    app = build_app(clock=FakeClock(), start=short_routine())
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReminderScreen)
        for key, heading in zip(("now", "first", "stop"), GROUP_TOPICS, strict=True):
            shown = str(screen.query_one(f"#reminder-{key}", Static).render())
            assert shown.startswith(f"{heading}:")
            assert _has_topics(shown, heading) == [], heading
        body = " ".join(str(s.render()) for s in screen.query(Static)).lower()
        for words in KEPT_LINES:
            assert words in body, words
        if size == (100, 30):  # all three groups and the closing line in view, nothing to scroll
            scroller = screen.query_one("#reminder-body")
            assert scroller.max_scroll_y == 0
            for key in ("now", "first", "stop"):
                region = screen.query_one(f"#reminder-{key}").region
                assert region.height > 0 and scroller.region.contains_region(region), key


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_stop_line_is_on_the_player_while_a_step_runs(size: tuple[int, int]) -> None:
    clock = FakeClock()
    app = build_app(clock=clock, start=short_routine())
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        for seconds in (0.5, 2.5):  # during the get-ready, then in the step itself
            wake_player(app, clock, seconds)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, PlayerScreen)
            line = screen.query_one("#stop-line", Static)
            assert str(line.render()) == safety.STOP_LINE
            assert line.display and line.region.height == 1
            assert screen.region.contains_region(line.region)


async def test_stop_line_shortens_on_a_narrow_screen_but_stays() -> None:
    app = build_app(clock=FakeClock(), start=short_routine())
    async with app.run_test(size=(50, 20)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        line = app.screen.query_one("#stop-line", Static)
        assert str(line.render()) == safety.STOP_LINE_SHORT
        assert line.region.height == 1


def test_plain_mode_prints_the_stop_line_at_the_start_and_on_question_mark() -> None:
    out = io.StringIO()
    session = plain.PlainSession(out, None)
    assert acknowledge(session, short_routine(), resuming=False, yes=True)
    printed = out.getvalue()
    assert printed.startswith(reminder_text())
    for heading in GROUP_TOPICS:
        assert f"\n{heading}: " in printed, heading
    assert printed.count(safety.STOP_LINE) == 1
    assert session.control("help")
    assert out.getvalue().count(safety.STOP_LINE) == 2


def test_stop_line_names_the_signs_and_the_key() -> None:
    line = safety.STOP_LINE.lower()
    for words in ("sharp", "shooting", "tingling", "numb", "press h", "move off"):
        assert words in line, words
    assert len(safety.STOP_LINE) <= 78 and len(safety.STOP_LINE_SHORT) <= 38


@pytest.mark.parametrize("technique", list(TECHNIQUES))
def test_piriformis_instructions_stay_off_the_sciatic_line_and_name_its_signs(technique: str) -> None:
    text = instruction("piriformis", technique).lower()
    assert "upper-middle buttock" in text and "above the sitting bone" in text
    assert "halfway between" not in text and "tailbone" not in text
    if technique != "swedish":
        assert all(sign in text for sign in NERVE_SIGNS), text
        assert "down the leg" in text and "move off" in text


@pytest.mark.parametrize("technique", list(TECHNIQUES))
def test_hip_flexor_instructions_aim_below_and_outward_and_name_the_thigh_signs(technique: str) -> None:
    text = instruction("hip_flexors", technique).lower()
    assert "two or three fingers below" in text and "outward" in text
    assert "inside the bony point" not in text
    if technique != "swedish":
        assert all(sign in text for sign in NERVE_SIGNS) and "outer thigh" in text, text
        assert "a minute at most" in text and "move off" in text
        assert dosing.NERVE_LIMIT_SECONDS["hip_flexors"] == 60


# Words that put pressure somewhere. A bony landmark may be named to keep off it or to aim beside it,
# never as the place a ball, roller or hand goes.
_ONTO = r"(?:on|onto|over|under|into|at|against|along) (?:the |your |its )?"
_BONES = (
    r"(?:spine|bumps of the spine|sacrum|flat bone|tailbone|hip knob|bony knob|knob|sitting bone|dimples?)"
)


def _pressure_on_bone(text: str) -> list[str]:
    """The places in ``text`` that send pressure onto a bony landmark rather than warn off it."""
    text = text.lower()
    wrong = [
        p for p in ("between the tailbone", "just above the bony knob", "beside your spine,") if p in text
    ]
    for found in re.finditer(_ONTO + _BONES + r"\b", text):
        before = text[: found.start()][-12:]  # "never on the knob itself" and "not on the spine" warn
        if not any(word in before for word in ("never", "off", "not")):
            wrong.append(found.group())
    return wrong


@pytest.mark.parametrize(
    "bad",
    [
        "Lie on your back with a tennis ball halfway between the tailbone and the hip.",
        "Stand side-on to a wall with a ball just above the bony knob of the thigh.",
        "Rest the ball on the sacrum and breathe.",
        "Roll slowly along the spine.",
        "Lie on your side on the hip knob.",
        "Press your knuckles into the sitting bone.",
    ],
)
def test_the_bone_check_catches_pressure_on_bone(bad: str) -> None:
    assert _pressure_on_bone(bad)


@pytest.mark.parametrize(("region", "technique"), ALL_PAIRS)
def test_no_instruction_directs_pressure_onto_bone(region: str, technique: str) -> None:
    assert _pressure_on_bone(instruction(region, technique)) == []


@pytest.mark.parametrize(("region", "technique"), ALL_PAIRS)
def test_ball_and_roller_steps_near_bone_say_to_keep_off_it(region: str, technique: str) -> None:
    _, tool = DEFAULT_SETUP[region, technique]
    text = instruction(region, technique).lower()
    if tool == "hands" or region in ("quadriceps", "hip_flexors"):
        return
    bony = {
        "lumbar": ("thumb's width off", "below the ribs"),
        "hamstrings": ("not the middle", "inner or outer"),
        "gluteus_medius": ("hip knob",),
        "gluteus_minimus": ("hand's width above", "hip knob"),
        "gluteal": ("flat bone", "dimples", "sitting bone"),
    }.get(region, ("sitting bone",))
    assert all(words in text for words in bony), text


def test_lower_back_ball_work_straddles_the_spine_with_two_balls() -> None:
    for technique in TECHNIQUES:
        _, tool = DEFAULT_SETUP["lumbar", technique]
        if tool != "hands":
            assert tool == "double_ball"
            assert "two balls in a sock" in instruction("lumbar", technique)


def test_hamstring_ball_work_keeps_off_the_middle_of_the_thigh() -> None:
    for technique in ("deep_tissue", "trigger_point", "myofascial_release"):
        text = instruction("hamstrings", technique)
        assert "inner or outer" in text and all(sign in text.lower() for sign in NERVE_SIGNS)


# The words each tool and position is known by in an instruction.
TOOL_WORDS = {
    "hands": ("hand", "palm", "finger", "thumb", "knuckle"),
    "foam_roller": ("foam roller",),
    "soft_ball": ("soft ball",),
    "tennis_ball": ("tennis ball",),
    "lacrosse_ball": ("lacrosse ball",),
    "double_ball": ("two balls in a sock",),
}
POSITION_WORDS = {
    "standing": ("stand",),
    "wall": ("wall",),
    "chair": ("chair",),
    "sitting_on_floor": ("sit on the floor", "sit on a foam roller"),
    "on_back": ("lie on your back",),
    "side_lying": ("lie on your side",),
    "face_down": ("face down",),
}


@pytest.mark.parametrize(("region", "technique"), ALL_PAIRS)
def test_each_instruction_names_its_default_position_and_tool(region: str, technique: str) -> None:
    position, tool = DEFAULT_SETUP[region, technique]
    text = instruction(region, technique).lower()
    assert any(words in text for words in TOOL_WORDS[tool]), (tool, text)
    assert any(words in text for words in POSITION_WORDS[position]), (position, text)
    if position == "standing":
        assert "wall" not in text and "chair" not in text
    others = {t for t in TOOL_WORDS if t != tool and t != "hands"}
    for other in others:  # no instruction names a tool its step does not use
        assert not any(words in text for words in TOOL_WORDS[other]), (other, text)
    assert set(POSITION_WORDS) == set(POSITIONS) and set(TOOL_WORDS) == set(TOOLS)


def test_trigger_point_phases_have_their_texts() -> None:
    texts = dosing.PHASE_TEXTS
    assert set(texts) == set(dosing.PHASE_NAMES) == {"find", "hold", "release"}
    assert "part of your weight" in texts["find"]
    hold = texts["hold"].lower()
    assert "5 out of 10" in hold and "breathe out slowly" in hold and "ease off if it climbs" in hold
    assert "60-90 seconds" in hold and "move on" in hold
    release = texts["release"].lower()
    assert "slowly" in release and "move the leg" in release
    assert "breathe" in dosing.BREATHING_CUE.lower()
    assert {"myofascial_release", "deep_tissue"} == dosing.BREATHING_TECHNIQUES
    how = TECHNIQUES["trigger_point"].how
    for words in ("part of your weight", "5 or 6 out of 10", "ease off", "60-90 seconds", "slowly"):
        assert words in how, words


@pytest.mark.parametrize(
    ("before", "after", "advised"),
    [
        (3, 5, True),
        (3, 9, True),
        (3, 4, False),
        (5, 5, False),
        (6, 2, False),
        (None, 8, False),
        (3, None, False),
    ],
)
def test_pain_that_went_up_two_points_gets_advice(
    before: int | None, after: int | None, advised: bool
) -> None:
    lines = safety.pain_went_up(before, after)
    assert bool(lines) is advised
    if advised:
        said = " ".join(lines).lower()
        assert f"from {before} to {after}" in said
        assert "lighter or shorter" in said and "still worse tomorrow" in said and "professional" in said


def test_plain_summary_lines_carry_the_advice_when_the_pain_rose() -> None:
    from unknot.session.engine import Session

    session = Session(short_routine(), FakeClock())
    summary = session.summary()
    assert summary_lines(short_routine(), summary) == summary_lines(short_routine(), summary, 4, 5)
    rose = summary_lines(short_routine(), summary, 4, 6)
    assert rose[-2:] == safety.pain_went_up(4, 6)


async def test_app_summary_advises_when_the_pain_after_is_two_points_higher(tmp_path: Path) -> None:
    clock = FakeClock()
    store = Store.open(tmp_path / "unknot.db")
    app = build_app(clock=clock, start=short_routine(), store=store, ask_pain=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")  # the reminder
        await pilot.pause()
        await pilot.press("3", "enter")  # pain before
        await pilot.pause()
        await pilot.press("escape")  # where it is: skipped
        await pilot.pause()
        for _ in range(6):
            await pilot.press("n")
        await pilot.pause()
        await pilot.press("6", "enter")  # pain after
        await pilot.pause()
        await pilot.press("escape")  # the movement re-test: skipped
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        shown = str(app.screen.query_one("#summary-pain", Static).render())
        assert "Pain now: 6 of 10" in shown
        assert "from 3 to 6" in shown and "lighter or shorter" in shown and "professional" in shown
    store.close()
