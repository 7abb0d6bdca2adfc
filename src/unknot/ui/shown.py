"""User-controlled text as the app shows it: escaped for the terminal, then for Textual's markup.

A routine's name, id or file path, or a name read back from the database, may hold escape sequences
(a file named ``c\\x1b]52;c;...``) or square brackets that Textual would read as markup; :func:`shown`
makes either appear as the characters they are.
"""

from __future__ import annotations

from rich.markup import escape

from unknot.safetext import safe


def shown(text: object) -> str:
    """``text`` safe for the terminal (:func:`unknot.safetext.safe`) and for a Textual markup string."""
    return escape(safe(text))
