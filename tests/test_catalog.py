"""The catalog: the ids the routines rely on, complete instructions, and text in our own words."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from unknot.model import catalog, dosing, instructions, safety
from unknot.model.catalog import (
    PRESSURE_WORDS,
    REGIONS,
    SHORT_NAME_MAX,
    TECHNIQUES,
    instruction,
)
from unknot.model.routine import PRESSURES

REGION_IDS = (
    "lumbar",
    "gluteal",
    "gluteus_maximus",
    "gluteus_medius",
    "gluteus_minimus",
    "piriformis",
    "hamstrings",
    "quadriceps",
    "hip_flexors",
)
TECHNIQUE_IDS = ("deep_tissue", "myofascial_release", "trigger_point", "swedish")

# Fingerprints of every eight-word run of the source article (see the data file): the catalog must say the
# same things in its own words, so none of its runs of eight words may match one.
FINGERPRINT = Path(__file__).parent / "data" / "article_fingerprint.txt"


def _fingerprint(windows: Iterable[tuple[str, ...]]) -> set[str]:
    return {hashlib.sha256(" ".join(w).encode()).hexdigest()[:16] for w in windows}


def _article() -> set[str]:
    lines = FINGERPRINT.read_text().splitlines()
    return {line for line in lines if line and not line.startswith("#")}


WINDOW = 8


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:['’][a-z]+)?", text.lower())


def _windows(words: list[str], size: int) -> Iterator[tuple[str, ...]]:
    for start in range(len(words) - size + 1):
        yield tuple(words[start : start + size])


def _catalog_texts() -> list[str]:
    """Every string a person may read that comes from the catalog."""
    texts: list[str] = []
    items: list[catalog.Region | catalog.Technique] = [*REGIONS.values(), *TECHNIQUES.values()]
    for item in items:
        texts.extend(v for v in dataclasses.astuple(item) if isinstance(v, str))
    texts.extend(instruction(r, t) for r in REGIONS for t in TECHNIQUES)
    texts.extend(PRESSURE_WORDS.values())
    texts.extend(dosing.PHASE_TEXTS.values())
    for group in safety.SIGN_GROUPS:
        texts.extend((group.heading, *group.signs, group.action))
    for module in (catalog, instructions, safety, dosing):
        for name in dir(module):
            value = getattr(module, name)
            if name.isupper() and isinstance(value, str):
                texts.append(value)
    return texts


def test_region_ids_in_the_articles_order() -> None:
    assert tuple(REGIONS) == REGION_IDS
    for region_id, region in REGIONS.items():
        assert region.id == region_id


def test_technique_ids() -> None:
    assert set(TECHNIQUES) == set(TECHNIQUE_IDS)
    for technique_id, technique in TECHNIQUES.items():
        assert technique.id == technique_id


def test_region_views_and_sides() -> None:
    front = {"quadriceps", "hip_flexors"}
    for region in REGIONS.values():
        assert region.view == ("front" if region.id in front else "back"), region.id
        assert region.sided is (region.id != "lumbar"), region.id


@pytest.mark.parametrize("region", REGIONS.values(), ids=lambda r: r.id)
def test_region_text_is_filled_in(region: catalog.Region) -> None:
    assert 0 < len(region.short_name) <= SHORT_NAME_MAX == 12
    for text in (region.name, region.where, region.why):
        assert text.strip(), region.id
    assert "SI joint" in region.why, region.id


def test_techniques_depth_and_pressure() -> None:
    expected = {
        "deep_tissue": (3, "firm"),
        "myofascial_release": (2, "moderate"),
        "trigger_point": (3, "moderate"),
        "swedish": (1, "light"),
    }
    for technique in TECHNIQUES.values():
        assert 1 <= technique.depth <= 3
        assert (technique.depth, technique.pressure) == expected[technique.id]
        assert technique.name and technique.what and technique.how


def test_every_pair_has_its_own_instruction() -> None:
    seen = set()
    for region in REGIONS:
        for technique in TECHNIQUES:
            text = instruction(region, technique)
            assert text.strip()
            assert text[0].isupper() and text.rstrip()[-1] == "."
            sentences = re.findall(r"[.!?](?:\s|$)", text)
            assert 1 <= len(sentences) <= 3, (region, technique, text)
            # Short enough for the player's instruction box (six lines of about 50) and to read at a glance.
            assert len(text) <= 300, (region, technique, len(text))
            seen.add(text)
    assert len(seen) == len(REGIONS) * len(TECHNIQUES) == 36
    assert set(instructions.INSTRUCTIONS) == {(r, t) for r in REGIONS for t in TECHNIQUES}


@pytest.mark.parametrize(
    ("region", "technique", "named"),
    [("lumbr", "swedish", "lumbr"), ("lumbar", "thai", "thai"), ("", "", "''")],
)
def test_unknown_ids_raise_a_clear_key_error(region: str, technique: str, named: str) -> None:
    with pytest.raises(KeyError) as caught:
        instruction(region, technique)
    assert named in str(caught.value)
    assert "known" in str(caught.value)


def test_no_text_claims_to_realign_the_joint() -> None:
    for text in _catalog_texts():
        lowered = text.lower()
        assert "realign" not in lowered, text
        assert "align the joint" not in lowered, text
        assert "alignment" not in lowered, text
        assert "back into place" not in lowered or "not" in lowered, text


def test_no_run_of_words_is_copied_from_the_article() -> None:
    article = _article()
    assert len(article) > 300  # the whole article is fingerprinted
    copied = [text for text in _catalog_texts() if _fingerprint(_windows(_words(text), WINDOW)) & article]
    assert copied == []


def test_the_copy_check_would_catch_a_copy() -> None:
    source = "one two three four five six seven eight nine ten"
    prints = _fingerprint(_windows(_words(source), WINDOW))
    lifted = "Here: three four five six seven eight nine ten, as it said."
    assert _fingerprint(_windows(_words(lifted), WINDOW)) & prints
    assert not _fingerprint(_windows(_words("three four five six seven eight nine eleven"), WINDOW)) & prints


def test_pressure_words() -> None:
    assert set(PRESSURE_WORDS) == set(PRESSURES)
    for words in PRESSURE_WORDS.values():
        assert 0 < len(words) <= 80


def test_catalog_is_read_only() -> None:
    with pytest.raises(TypeError):
        REGIONS["new"] = REGIONS["lumbar"]  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        REGIONS["lumbar"].name = "Back"  # type: ignore[misc]
