"""The catalog's data file: read and checked once, and a broken one refused with the entry it is in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from unknot.model import catalog
from unknot.model.catalog import CATALOG_FILE, CatalogError, parse_catalog

PACKAGED = Path(catalog.__file__).with_name(CATALOG_FILE)
TEXT = PACKAGED.read_text(encoding="utf-8")


def test_the_packaged_file_gives_the_facts_the_module_serves() -> None:
    parsed = parse_catalog(TEXT)
    assert parsed.regions == catalog.REGIONS
    assert list(parsed.regions) == list(catalog.REGIONS)
    assert parsed.techniques == catalog.TECHNIQUES
    assert list(parsed.techniques) == list(catalog.TECHNIQUES)
    assert parsed.pressure_words == catalog.PRESSURE_WORDS
    assert catalog.REGIONS["piriformis"].view == "back"
    assert catalog.TECHNIQUES["swedish"].depth == 1
    # Joined lines read as one sentence with single spaces.
    assert catalog.REGIONS["lumbar"].where.startswith("The thick bands of muscle either side of the spine, a")
    assert all("  " not in r.where and "\n" not in r.where for r in catalog.REGIONS.values())


def test_the_facts_cannot_be_changed_in_memory() -> None:
    with pytest.raises(TypeError):
        catalog.REGIONS["elbow"] = catalog.REGIONS["lumbar"]  # type: ignore[index]


def _entry_of(text: str, table: str, entry_id: str) -> tuple[int, int]:
    """The start and end offsets of the ``[[table]]`` entry whose id is ``entry_id``."""
    start = text.index(f'[[{table}]]\nid = "{entry_id}"')
    following = re.compile(r"^(\[\[|\[|# )", re.M).search(text, start + 1)
    return start, following.start() if following else len(text)


def _replace_in(table: str, entry_id: str, old: str, new: str) -> str:
    start, end = _entry_of(TEXT, table, entry_id)
    entry = TEXT[start:end]
    assert old in entry
    return TEXT[:start] + entry.replace(old, new, 1) + TEXT[end:]


@pytest.mark.parametrize(
    ("table", "entry_id", "old", "new", "said"),
    [
        ("regions", "piriformis", 'view = "back"', 'view = "side"', "'side' is not one of back, front"),
        ("regions", "piriformis", "sided = true", 'sided = "yes"', "sided must be bool"),
        ("regions", "piriformis", 'short_name = "Piriformis"', 'short_name = "Piriformis muscle"', "over 12"),
        ("regions", "piriformis", 'name = "Piriformis"\n', "", "missing ['name']"),
        ("regions", "piriformis", 'name = "Piriformis"', 'nmae = "Piriformis"', "unknown ['nmae']"),
        ("regions", "piriformis", 'name = "Piriformis"', 'name = " "', "name: must be text"),
        ("regions", "piriformis", 'name = "Piriformis"', "name = 3", "name: must be text"),
        ("regions", "piriformis", 'id = "piriformis"', 'id = "lumbar"', "repeats an id"),
        ("techniques", "swedish", 'pressure = "light"', 'pressure = "soft"', "'soft' is not one of light"),
        ("techniques", "swedish", "depth = 1", "depth = 4", "depth 4 is not one of 1"),
        ("techniques", "swedish", "depth = 1", "depth = true", "depth must be int"),
    ],
)
def test_a_broken_entry_is_refused_naming_it(
    table: str, entry_id: str, old: str, new: str, said: str
) -> None:
    with pytest.raises(CatalogError) as refused:
        parse_catalog(_replace_in(table, entry_id, old, new))
    message = str(refused.value)
    assert message.startswith(f"{CATALOG_FILE}: [[{table}]] ")
    assert said in message


def test_pressure_words_must_cover_every_pressure() -> None:
    broken = TEXT.replace('firm = "strong and deep', 'hard = "strong and deep')
    with pytest.raises(CatalogError, match=r"\[pressure_words\] must give each of light, moderate, firm"):
        parse_catalog(broken)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[[regions]\n", "catalog.toml: "),
        ('regions = "none"\ntechniques = []\npressure_words = {}\n', "one or more [[regions]] tables"),
        ("[pressure_words]\n", "expected pressure_words, regions, techniques"),
    ],
)
def test_a_file_that_is_not_a_catalog_is_refused(text: str, said: str) -> None:
    with pytest.raises(CatalogError) as refused:
        parse_catalog(text)
    assert said in str(refused.value)
