"""unknot's own theme: high contrast, for bright rooms, low vision and tired eyes on the floor."""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="unknot-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFAF00",
    error="#FF6060",
    success="#60FF60",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#202020",
    boost="#303030",
    dark=True,
    text_alpha=1.0,
)


def textual_theme_names() -> tuple[str, ...]:
    """Textual's built-in theme names (unknot's own are ``settings.OWN_THEMES``), for ``unknot config``."""
    from textual.theme import BUILTIN_THEMES

    return tuple(BUILTIN_THEMES)
