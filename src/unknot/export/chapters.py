"""Chapters of an exported session: one per step, starting where its set-up starts.

Every export writes ``FILE.chapters.json`` in the Podcasting 2.0 JSON chapters format
(https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/examples/chapters/jsonChapters.md);
an MP3 also carries them as ID3v2 ``CHAP`` frames under one ordered ``CTOC`` table of contents (ID3v2
Chapter Frame Addendum), which phone players show and skip by.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from unknot.export.plan import Plan, steps, total_seconds

CHAPTERS_VERSION = "1.2.0"


def chapter_list(plan: Plan) -> list[tuple[float, float, str]]:
    """(start, end, title) of each step's chapter, in seconds; the last ends with the session."""
    plan_steps = steps(plan)
    ends = [s.setup_start for s in plan_steps[1:]] + [float(total_seconds(plan))]
    return [(s.setup_start, end, s.chapter_title) for s, end in zip(plan_steps, ends, strict=True)]


def chapters_json(plan: Plan) -> dict[str, Any]:
    """The Podcasting 2.0 chapters document."""
    return {
        "version": CHAPTERS_VERSION,
        "chapters": [{"startTime": start, "title": title} for start, _end, title in chapter_list(plan)],
    }


def chapters_path(audio: Path) -> Path:
    return audio.with_name(audio.name + ".chapters.json")


def write_chapters(plan: Plan, audio: Path) -> Path:
    """Write ``AUDIO.chapters.json``; returns its path."""
    target = chapters_path(audio)
    target.write_text(json.dumps(chapters_json(plan), indent=2, ensure_ascii=False) + "\n", "utf-8")
    return target


def tag_mp3(plan: Plan, audio: Path) -> None:
    """Give the MP3 at ``audio`` its title and its chapters as ID3v2.4 ``CHAP`` frames under a ``CTOC``."""
    from mutagen.id3 import CHAP, CTOC, ID3, TALB, TIT2, CTOCFlags

    tags = ID3()
    tags.add(TIT2(encoding=3, text=[plan["name"]]))
    tags.add(TALB(encoding=3, text=["unknot"]))
    ids = []
    for n, (start, end, title) in enumerate(chapter_list(plan)):
        element = f"chp{n}"
        ids.append(element)
        tags.add(
            CHAP(
                element_id=element,
                start_time=round(start * 1000),
                end_time=round(end * 1000),
                sub_frames=[TIT2(encoding=3, text=[title])],
            )
        )
    tags.add(
        CTOC(
            element_id="toc",
            flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
            child_element_ids=ids,
            sub_frames=[TIT2(encoding=3, text=[plan["name"]])],
        )
    )
    tags.save(str(audio), v2_version=4)
