"""Reusable widgets for the unknot user interface."""
