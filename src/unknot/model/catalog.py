"""The facts unknot works from: body regions and massage techniques.

Routines name regions and techniques by the ids below; the loader checks them, the player and the plain
mode show the names and instructions, the builder and the schema read the lists. The facts themselves
are data, in the packaged file ``catalog.toml`` beside this module, read and checked once when this
module is first imported: a key missing or misspelt, a wrong type or an unknown choice there is a bug
in unknot and stops it at once with a :class:`CatalogError` naming the entry. The instruction for each
pair lives in :mod:`unknot.model.instructions`, the safety reminder in :mod:`unknot.model.safety`.

Everything here is written for someone lying on the floor with a ball under them: short, plain and
kind. Massage works on the muscles around the sacroiliac (SI) joint; it cannot reach the joint
itself or move it, and no text here should say otherwise.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any, Literal, NamedTuple, cast, get_args

from unknot.model.instructions import INSTRUCTIONS, SETUP_VARIANTS
from unknot.model.routine import PRESSURES, Pressure

View = Literal["back", "front"]


@dataclass(frozen=True)
class Region:
    """A part of the body to work on."""

    id: str
    name: str
    """Display name, e.g. "Gluteus medius"."""
    short_name: str
    """At most 12 characters, for narrow screens."""
    where: str
    """Where it is, in words a person can find on themselves."""
    why: str
    """Why it matters for the SI joint and the lower back."""
    view: View
    """Which outline of the body map shows it."""
    sided: bool
    """True when the region has a left and a right worked separately."""


@dataclass(frozen=True)
class Technique:
    """A way of working a region."""

    id: str
    name: str
    what: str
    """What it is and what it does."""
    how: str
    """How to do it on yourself."""
    pressure: Pressure
    """Typical pressure."""
    depth: int
    """1 light, 2 moderate, 3 deep.

    Lint uses it to check that deep work follows a lighter warm-up.
    """


SHORT_NAME_MAX = 12
"""The longest a :attr:`Region.short_name` may be."""

CATALOG_FILE = "catalog.toml"
"""The packaged data file the facts are read from, beside this module."""


class CatalogError(ValueError):
    """The packaged catalog file is broken: a bug in unknot, never something the user did."""


class Catalog(NamedTuple):
    """The facts of one catalog file."""

    regions: Mapping[str, Region]
    techniques: Mapping[str, Technique]
    pressure_words: Mapping[Pressure, str]


# The keys of each entry and the type of each value; bool is not taken for int.
_REGION_KEYS = {
    "id": str,
    "name": str,
    "short_name": str,
    "where": str,
    "why": str,
    "view": str,
    "sided": bool,
}
_TECHNIQUE_KEYS = {"id": str, "name": str, "what": str, "how": str, "pressure": str, "depth": int}
_DEPTHS = (1, 2, 3)


def parse_catalog(text: str) -> Catalog:
    """The facts in the text of a catalog file, every entry checked; :class:`CatalogError` if any is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"{CATALOG_FILE}: {exc}") from None
    if set(data) != {"regions", "techniques", "pressure_words"}:
        raise CatalogError(
            f"{CATALOG_FILE}: tables {sorted(data)}; expected pressure_words, regions, techniques"
        )
    regions = [_region(_entry(e, "regions", _REGION_KEYS)) for e in _entries(data, "regions")]
    techniques = [_technique(_entry(e, "techniques", _TECHNIQUE_KEYS)) for e in _entries(data, "techniques")]
    for table, ids in (("regions", [r.id for r in regions]), ("techniques", [t.id for t in techniques])):
        if len(set(ids)) != len(ids):
            raise CatalogError(f"{CATALOG_FILE}: [[{table}]] repeats an id: {', '.join(ids)}")
    words = data["pressure_words"]
    if not isinstance(words, dict) or set(words) != set(PRESSURES):
        raise CatalogError(f"{CATALOG_FILE}: [pressure_words] must give each of {', '.join(PRESSURES)}")
    for pressure in PRESSURES:
        _text(words[pressure], f"{CATALOG_FILE}: [pressure_words] {pressure}")
    return Catalog(
        regions=MappingProxyType({r.id: r for r in regions}),
        techniques=MappingProxyType({t.id: t for t in techniques}),
        pressure_words=MappingProxyType({p: words[p] for p in PRESSURES}),
    )


def _entries(data: dict[str, Any], table: str) -> list[Any]:
    entries = data[table]
    if not isinstance(entries, list) or not entries:
        raise CatalogError(f"{CATALOG_FILE}: {table} must be written as one or more [[{table}]] tables")
    return entries


def _entry(entry: Any, table: str, keys: Mapping[str, type]) -> tuple[str, dict[str, Any]]:
    """Where the entry is (for messages) and the entry, with its keys and the type of each value checked."""
    if not isinstance(entry, dict):
        raise CatalogError(f"{CATALOG_FILE}: {table} must be written as [[{table}]] tables")
    where = f"{CATALOG_FILE}: [[{table}]] {entry.get('id', '(no id)')!r}"
    if set(entry) != set(keys):
        missing, unknown = sorted(set(keys) - set(entry)), sorted(set(entry) - set(keys))
        raise CatalogError(f"{where}: missing {missing}, unknown {unknown}; the keys are {', '.join(keys)}")
    for key, kind in keys.items():
        if kind is str:
            _text(entry[key], f"{where} {key}")
        elif type(entry[key]) is not kind:
            raise CatalogError(f"{where}: {key} must be {kind.__name__}, not {entry[key]!r}")
    return where, entry


def _text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip() or value != value.strip():
        raise CatalogError(f"{where}: must be text without blanks around it, not {value!r}")
    return value


def _choice(value: str, choices: tuple[Any, ...], where: str) -> str:
    if value not in choices:
        raise CatalogError(f"{where}: {value!r} is not one of {', '.join(map(str, choices))}")
    return value


def _region(checked: tuple[str, dict[str, Any]]) -> Region:
    where, e = checked
    if len(e["short_name"]) > SHORT_NAME_MAX:
        raise CatalogError(f"{where}: short_name {e['short_name']!r} is over {SHORT_NAME_MAX} characters")
    view = cast(View, _choice(e["view"], get_args(View), f"{where} view"))
    return Region(e["id"], e["name"], e["short_name"], e["where"], e["why"], view, e["sided"])


def _technique(checked: tuple[str, dict[str, Any]]) -> Technique:
    where, e = checked
    pressure = cast(Pressure, _choice(e["pressure"], PRESSURES, f"{where} pressure"))
    if e["depth"] not in _DEPTHS:
        raise CatalogError(f"{where}: depth {e['depth']} is not one of 1 (light), 2 (moderate), 3 (deep)")
    return Technique(e["id"], e["name"], e["what"], e["how"], pressure, e["depth"])


def _packaged() -> Catalog:
    return parse_catalog(resources.files("unknot.model").joinpath(CATALOG_FILE).read_text(encoding="utf-8"))


_CATALOG = _packaged()

REGIONS: Mapping[str, Region] = _CATALOG.regions
"""Every region, in the order the source article takes them: lower back, buttocks, hips, thighs."""

TECHNIQUES: Mapping[str, Technique] = _CATALOG.techniques
"""Every technique, lightest last: deep tissue, myofascial release, trigger point, Swedish."""

PRESSURE_WORDS: Mapping[Pressure, str] = _CATALOG.pressure_words
"""Each pressure level explained in a few words, for the player and plain mode."""


def instruction(region: str, technique: str, position: str | None = None, tool: str | None = None) -> str:
    """The instruction for working ``region`` with ``technique``: in the given ``position`` with ``tool``
    when the catalog has words for that set-up (:data:`~unknot.model.instructions.SETUP_VARIANTS`), else the
    default for the pair, which describes the pair's default set-up.

    Raises :class:`KeyError` naming the unknown id and the ids that are known.
    """
    if region not in REGIONS:
        raise KeyError(f"unknown region {region!r}; known regions: {', '.join(REGIONS)}")
    if technique not in TECHNIQUES:
        raise KeyError(f"unknown technique {technique!r}; known techniques: {', '.join(TECHNIQUES)}")
    if position is not None and tool is not None:
        variant = SETUP_VARIANTS.get((region, technique, position, tool))
        if variant is not None:
            return variant
    return INSTRUCTIONS[region, technique]
