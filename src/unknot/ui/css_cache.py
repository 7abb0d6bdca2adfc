"""The app's stylesheet, each piece of CSS parsed once per theme in the process: :class:`SharedStylesheet`.

Textual parses the whole stylesheet again (every widget's default CSS and every screen's file) each time a
screen with CSS of its own is first shown, and on every theme change, because its ``reparse`` parses into a
fresh :class:`~textual.css.stylesheet.Stylesheet` whose cache starts empty. That was about a sixth of the
CPU of starting the app and reaching the player, and more again for each later screen. The parsed rules
depend only on the CSS text, where it was read from, its priority and scope, and the theme's variables, and
Textual never changes them once parsed (its own cache hands the same lists out again), so they are kept
here by those, for every stylesheet of the process: a screen shown later, a theme picked again, and each
app a test builds find them parsed.
"""

from __future__ import annotations

from collections import OrderedDict

from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation

THEMES_KEPT = 8
"""Parsed rules are kept for this many sets of variables (themes), the least recently used let go first:
trying themes one after another in the palette parses each once without keeping them all."""

_Key = tuple[str, CSSLocation, bool, int, str]
_PARSED: OrderedDict[tuple[tuple[str, str], ...], dict[_Key, list[RuleSet]]] = OrderedDict()


def _rules_for(variables: dict[str, str]) -> dict[_Key, list[RuleSet]]:
    """The rules parsed so far under these variables (the most recently used set goes last)."""
    key = tuple(sorted(variables.items()))
    rules = _PARSED.get(key)
    if rules is None:
        rules = _PARSED[key] = {}
        while len(_PARSED) > THEMES_KEPT:
            _PARSED.popitem(last=False)
    else:
        _PARSED.move_to_end(key)
    return rules


class SharedStylesheet(Stylesheet):
    """Textual's stylesheet, with parsed rules shared by every stylesheet of the process (see the module)."""

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._shared: dict[_Key, list[RuleSet]] | None = None
        self._shared_for: dict[str, str] | None = None

    def _parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        # The variables are replaced, never changed in place (Textual's own variable tokens rely on it).
        if self._shared is None or self._shared_for is not self._variables:
            self._shared, self._shared_for = _rules_for(self._variables), self._variables
        key = (css, read_from, is_default_rules, tie_breaker, scope)
        rules = self._shared.get(key)
        if rules is None:
            rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            self._shared[key] = rules
        return rules

    def reparse(self) -> None:
        """Parse the sources again under the current variables: Textual's ``reparse``, into a fresh
        stylesheet of this class, so the rules already parsed are found rather than parsed again."""
        fresh = SharedStylesheet(variables=self._variables)
        for read_from, (css, is_defaults, tie_breaker, scope) in self.source.items():
            fresh.add_source(
                css, read_from=read_from, is_default_css=is_defaults, tie_breaker=tie_breaker, scope=scope
            )
        try:
            fresh.parse()
        except Exception:
            # As Textual does: remember the broken CSS, so it is not parsed again before the app exits.
            self._invalid_css.update(fresh._invalid_css)
            raise
        self._rules = fresh.rules
        self._rules_map = None
        self.source = fresh.source
        self._require_parse = False
