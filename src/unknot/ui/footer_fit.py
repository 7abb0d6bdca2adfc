"""Which keys the player's footer lists at a window's width: the ones that matter most always fit.

Textual's footer lists every shown binding in a row and cuts the row at the window's edge, so at 80 and
100 columns the player's footer lost "q Quit" and "? Help" (and at 80 "h Hurts" was next to go). Here the
less needed keys leave the footer, least needed first, until the rest fit; they still work (``?`` lists
them all). Pause, This hurts, Quit and Help are never dropped.

A key's word may also change with the session: space says *Resume* while the session is paused (and
*Start* in a set-up wait), *Pause* while it runs (:func:`describe`); the footer is fitted again with the
new word, since its width changes too.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from textual.binding import Binding
    from textual.screen import Screen

DROP_ORDER = (
    "player.minus",
    "player.plus",
    "player.restart",
    "player.mute",
    "player.floor",
    "player.previous",
    "player.next",
)
"""Binding ids that may leave the footer, the first to go first."""
KEEP = ("player.pause", "player.hurts", "player.quit", "player.help")
"""Never dropped: the keys someone on the floor needs at once."""
PALETTE_WIDTH = 14
"""What the footer's command-palette hint at its right end takes, with a column to spare."""
_SHOWN: WeakKeyDictionary[Screen[Any], dict[str, bool]] = WeakKeyDictionary()
"""Per screen: whether each binding that may be dropped was shown before any was dropped."""
_WORDS: WeakKeyDictionary[Screen[Any], dict[str, str]] = WeakKeyDictionary()
"""Per screen: the footer's word for a binding id when it is not the one the binding declares."""


def pause_word(paused: bool, waiting: bool) -> str:
    """What the pause key does now, as the footer says it: Start (a set-up wait), Resume, or Pause."""
    return "Start" if waiting else "Resume" if paused else "Pause"


def describe(screen: Screen[Any], binding_id: str, word: str, width: int) -> None:
    """Have the footer call ``binding_id``'s action ``word`` from now on, and fit it to ``width`` again."""
    words = _WORDS.setdefault(screen, {})
    if words.get(binding_id) == word:
        return
    words[binding_id] = word
    fit_footer(screen, width)


def entry_width(key: str, description: str) -> int:
    """Columns one footer entry takes: `` key `` then ``description `` (Textual's FooterKey padding)."""
    return len(key) + len(description) + 3


def dropped(width: int, entries: list[tuple[str | None, int]]) -> set[str]:
    """The ids to leave out so ``entries`` (id, columns) fit ``width`` columns beside the palette hint."""
    room = width - PALETTE_WIDTH
    total = sum(columns for _, columns in entries)
    out: set[str] = set()
    by_id = dict(entries)
    for binding_id in DROP_ORDER:
        if total <= room:
            break
        if binding_id in by_id:
            out.add(binding_id)
            total -= by_id[binding_id]
    return out


def fit_footer(screen: Screen[Any], width: int) -> None:
    """Show in the footer only the screen's keys that fit ``width`` (with the app's shown keys after)."""
    app = screen.app
    own = [b for bindings in screen._bindings.key_to_bindings.values() for b in bindings]
    originals = _SHOWN.setdefault(screen, {})
    words = _WORDS.get(screen, {})
    own = [replace(b, description=words[b.id]) if b.id in words else b for b in own]
    for binding in own:
        if binding.id in DROP_ORDER:
            originals.setdefault(binding.id, binding.show)
    entries: list[tuple[str | None, int]] = [
        (b.id, entry_width(app.get_key_display(b), b.description))
        for b in _unique(own)
        if originals.get(b.id or "", b.show)
    ]
    entries += [
        (b.id, entry_width(app.get_key_display(b), b.description))
        for b in _unique([b for bindings in app._bindings.key_to_bindings.values() for b in bindings])
        if b.show and b.key not in screen._bindings.key_to_bindings
    ]
    out = dropped(width, entries)
    changed = False
    key_to_bindings = screen._bindings.key_to_bindings
    for key, bindings in key_to_bindings.items():
        wanted = [_fitted(b, originals, words, out) for b in bindings]
        if any(
            (a.show, a.description) != (b.show, b.description) for a, b in zip(wanted, bindings, strict=True)
        ):
            # A new list: Textual's copy of the class's bindings shares the lists between screens.
            key_to_bindings[key] = wanted
            changed = True
    if changed:
        screen.refresh_bindings()


def _fitted(binding: Binding, originals: dict[str, bool], words: dict[str, str], out: set[str]) -> Binding:
    """``binding`` as the footer should list it: shown or left out, under its word of the moment."""
    if binding.id in originals:
        binding = replace(binding, show=originals[binding.id] and binding.id not in out)
    if binding.id in words:
        binding = replace(binding, description=words[binding.id])
    return binding


def _unique(bindings: list[Binding]) -> list[Binding]:
    """Each binding once (one bound to two keys, such as ``+`` and ``=``, is listed once in the footer)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for binding in bindings:
        mark = (binding.action, binding.description)
        if mark not in seen:
            seen.add(mark)
            out.append(binding)
    return out
