"""The pain ratings as a FHIR R4 ``Bundle`` of type ``collection``, one ``Observation`` per rating.

Each observation is coded LOINC 72514-3, "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
(https://loinc.org/72514-3; HL7 Belgium's patient-monitoring guide binds its 0-10 pain scale to it, and
France's ANS health-measures guide codes pain severity with it); ``status`` final, the
rating as ``valueInteger``, ``effectiveDateTime`` in local time with its offset, and the routine, the moment
(before or after the session) and, when given, where the pain was as ``component``s. Structure after
https://hl7.org/fhir/R4/observation.html and https://hl7.org/fhir/R4/bundle.html. No patient is named: the
file is the user's own, to hand to whom they choose.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from unknot.learning.outcomes import Rated

LOINC = "http://loinc.org"
PAIN_CODE = "72514-3"
PAIN_DISPLAY = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
_NAMESPACE = uuid.UUID("6f1c2a4e-9a53-4d8e-8b0c-2f5e0d1a7c31")
"""Fixed, so the same rating keeps the same id from one export to the next."""


def _when(moment: datetime) -> str:
    return moment.astimezone().isoformat(timespec="seconds")


def _component(label: str, value: str) -> dict[str, Any]:
    return {"code": {"text": label}, "valueString": value}


def observation(session: Rated, moment: str, value: int) -> dict[str, Any]:
    """One pain rating as an Observation."""
    when = session.started_at if moment == "before" else session.ended_at
    components = [_component("Routine", session.routine_id), _component("Rated", f"{moment} the session")]
    if moment == "before" and session.pain_where is not None:
        components.append(_component("Where the pain was", session.pain_where))
    if moment == "after" and session.retest is not None:
        components.append(_component("Standing up from a chair, compared with before", session.retest))
    return {
        "resourceType": "Observation",
        "id": f"unknot-{session.id}-{moment}",
        "status": "final",
        "category": [{"coding": [{"system": _CATEGORY, "code": "survey", "display": "Survey"}]}],
        "code": {
            "coding": [{"system": LOINC, "code": PAIN_CODE, "display": PAIN_DISPLAY}],
            "text": "Pain severity 0-10",
        },
        "effectiveDateTime": _when(when),
        "valueInteger": value,
        "component": components,
        "note": [{"text": f"Rated {moment} a self-massage session of '{session.routine_name}' in unknot."}],
    }


def bundle(sessions: Sequence[Rated], now: datetime) -> dict[str, Any]:
    """Every rating of ``sessions`` as a collection Bundle, oldest first."""
    entries = []
    for s in sessions:
        for moment, value in (("before", s.pain_before), ("after", s.pain_after)):
            if value is None:
                continue
            resource = observation(s, moment, value)
            full_url = f"urn:uuid:{uuid.uuid5(_NAMESPACE, resource['id'])}"
            entries.append({"fullUrl": full_url, "resource": resource})
    document: dict[str, Any] = {
        "resourceType": "Bundle",
        "id": f"unknot-pain-{now.astimezone().strftime('%Y%m%d%H%M%S')}",
        "type": "collection",
        "timestamp": _when(now),
    }
    if entries:  # FHIR JSON has no empty arrays: no ratings, no "entry"
        document["entry"] = entries
    return document


def bundle_json(sessions: Sequence[Rated], now: datetime) -> str:
    """The bundle as indented JSON text."""
    return json.dumps(bundle(sessions, now), indent=2, ensure_ascii=False) + "\n"
