"""Plain mode (``unknot run ID --plain``): the session as lines of text, for screen readers and scripts."""
