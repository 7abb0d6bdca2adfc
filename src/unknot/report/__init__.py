"""Files for a clinician made from the history: a printable HTML report and a FHIR R4 bundle.

Core package: no Textual here.
"""
