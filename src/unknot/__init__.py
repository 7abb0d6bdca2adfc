"""unknot: a guided self-massage routine timer for the terminal."""

__version__ = "0.1.0"
