"""Taking a routine off the laptop: guided audio with chapters, a printed sheet, import, a calendar event.

Every export reads the routine's plan, the ``unknot show --json`` document (:mod:`unknot.export.plan`).
"""
