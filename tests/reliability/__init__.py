"""Reliability suite: fuzzing, hostile files, kill -9 and resume, terminal sizes, failing disks and devices.

Each test reports one figure through the ``figure`` fixture; ``conftest.py`` lists them at the end of the run.
"""
