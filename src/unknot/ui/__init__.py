"""The Textual user interface of unknot."""
