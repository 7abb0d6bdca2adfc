"""The safety words: the reminder before a session, the stop line during it, the word after it.

Data only, the one place each of these sentences lives; :mod:`unknot.session.texts` puts them together for the
plain mode and the app's screens show the same pieces. Sources, in ../shared/CONTENT-SOURCES.md ("Red
flags"):
- *Get help now* is the cauda-equina and serious-cause column of the AHCPR red-flag table for acute low back
  problems (NCBI Bookshelf NBK52120): saddle numbness, new bladder or bowel trouble, progressive weakness,
  symptoms in both legs, fever, trauma.
- *Check with a professional first*: the same table (cancer, unexplained weight loss, osteoporosis,
  long-term steroids), NCCIH on massage safety (blood thinners and bleeding disorders, deep vein
  thrombosis, recent surgery, pregnancy), and inflammatory back pain (morning stiffness over 30 minutes
  that eases with movement, onset before 45; axial spondyloarthritis often starts in the SI joints;
  NHS Scotland MSK pathways).
- *Stop during the session*: the nerve and vessel signs of "Anatomy to respect".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SignGroup:
    """One group of the reminder: a heading, its signs, and what to do about them."""

    heading: str
    signs: tuple[str, ...]
    action: str
    """One short sentence after the signs, e.g. "Call your doctor or emergency number today."."""


REMINDER_TITLE = "Consult a qualified professional"
"""The heading of the reminder shown before every session."""

REMINDER_INTRO = (
    "unknot guides self-care but cannot examine you: see a licensed massage therapist or another "
    "healthcare provider, who can find the cause and plan care that fits you."
)
"""The opening lines of the reminder."""

GET_HELP_NOW = SignGroup(
    "Get help now",
    (
        "numbness between the legs or around the back passage",
        "new bladder or bowel trouble",
        "new weakness in a leg or foot",
        "symptoms in both legs",
        "fever with back pain",
        "pain after a fall or an accident",
    ),
    "Do not massage: get medical help now.",
)

CHECK_FIRST = SignGroup(
    "Check with a professional first",
    (
        "cancer now or before, or unexplained weight loss",
        "osteoporosis or long-term steroid tablets",
        "blood thinners or a bleeding disorder",
        "a leg that is swollen, warm and red (a possible clot: get help, do not massage it)",
        "recent surgery or a hip replacement",
        "pregnancy",
        "morning stiffness over 30 minutes that eases as you move, or back pain that began before "
        "45 (possibly inflammatory; it often starts in the SI joints)",
        "pain that keeps getting worse or wakes you at night",
    ),
    "Ask before your first session.",
)

STOP_DURING = SignGroup(
    "Stop during the session",
    (
        "sharp, shooting or burning pain",
        "tingling or numbness",
        "a pulse under the ball",
        "dizziness",
    ),
    "Press h and move off.",
)

SIGN_GROUPS: tuple[SignGroup, ...] = (GET_HELP_NOW, CHECK_FIRST, STOP_DURING)
"""The reminder's groups, most urgent first."""

UNDERLYING_CAUSES = (
    "Massage eases the symptoms but does not fix their cause: muscle imbalance, posture and the way "
    "you move respond to exercises, posture work or physical therapy."
)
"""Why massage alone is not the whole answer."""

STOP_LINE = "Sharp, shooting, tingling or numb? Press h and move off."
"""Shown under every step while it runs, and once at the start of a plain session."""

STOP_LINE_SHORT = "Sharp or tingling? h: move off"
""":data:`STOP_LINE` for a narrow screen."""

PAIN_WENT_UP = "Your pain went up from {before} to {after} out of 10."
PAIN_WENT_UP_ADVICE = "Next time go lighter or shorter. If it is still worse tomorrow, see a professional."
PAIN_RISE_POINTS = 2
"""A rise of this many points or more, from before the session to after it, gets the advice."""


def sign_group_text(group: SignGroup) -> str:
    """The group's signs as one sentence: ``Sharp pain, tingling or numbness. Press h and move off.``"""
    signs = list(group.signs)
    listed = "; ".join(signs[:-1]) + f"; or {signs[-1]}" if len(signs) > 1 else signs[0]
    return f"{listed[0].upper()}{listed[1:]}. {group.action}"


def pain_went_up(before: int | None, after: int | None) -> list[str]:
    """What to say after a session that left the pain :data:`PAIN_RISE_POINTS` or more higher; else ``[]``."""
    if before is None or after is None or after - before < PAIN_RISE_POINTS:
        return []
    return [PAIN_WENT_UP.format(before=before, after=after), PAIN_WENT_UP_ADVICE]
