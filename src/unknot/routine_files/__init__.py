"""Routine files: reading and checking the YAML a person wrote, its schema and lint, finding routines, and
building new ones.
"""
