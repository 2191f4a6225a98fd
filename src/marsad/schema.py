"""The event contract (shared/CONTRACT.md) in one place: field names, types, the ACLED
event types and sub-types, the interaction codes, and validation.

Every writer (JSON Lines, CSV, GeoJSON, DataFrame), the store and the API use these
definitions; nothing else in marsad spells a field name or an event type.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

# ACLED event types -> sub-event types, spelled as in the ACLED codebook.
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
SUB_EVENT_TYPES: dict[str, str] = {sub: et for et, subs in EVENT_TYPES.items() for sub in subs}

DISORDER_TYPES = ("Political violence", "Demonstrations", "Strategic developments")

# ACLED's disorder type of each event type.
DISORDER_OF: dict[str, str] = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}

# ACLED actor type (inter) codes.
INTER_CODES: dict[int, str] = {
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/other forces",
}

CLAIM_STATUSES = ("reported", "claimed", "denied", "unconfirmed")
VICTIM_STATUSES = ("killed", "injured", "captured", "arrested", "abducted")
TIME_PRECISIONS = (1, 2, 3)
GEO_PRECISIONS = (1, 2, 3)


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's two-digit interaction code: the two inter codes, smaller first (10*a+b)."""
    if not inter1:
        return None
    if not inter2:
        return inter1 * 10
    a, b = sorted((inter1, inter2))
    return a * 10 + b


@dataclass(slots=True)
class Span:
    """Characters ``start:end`` of the article's original text, and those characters."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Victim:
    name_ar: str
    status: str
    name: str = ""


@dataclass(slots=True)
class Event:
    """One coded event, in the contract's field order (= ACLED's order, then marsad's extras)."""

    event_id: str
    doc_id: str
    event_date: str | None
    time_precision: int
    disorder_type: str
    event_type: str
    sub_event_type: str
    actor1: str = ""
    actor1_ar: str = ""
    assoc_actor_1: str = ""
    inter1: int | None = None
    actor2: str = ""
    actor2_ar: str = ""
    assoc_actor_2: str = ""
    inter2: int | None = None
    interaction: int | None = None
    civilian_targeting: str = ""
    iso: int | None = None
    country: str = ""
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""
    location: str = ""
    location_ar: str = ""
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int = 3
    source: str = ""
    notes: str = ""
    fatalities: int = 0
    fatalities_estimated: bool = False
    victims: list[Victim] = field(default_factory=list)
    claim_status: str = "reported"
    evidence: list[Span] = field(default_factory=list)
    confidence: float = 0.5
    pcode: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Event":
        known = {f.name for f in dataclasses.fields(cls)}
        kw = {k: v for k, v in d.items() if k in known}
        kw["victims"] = [v if isinstance(v, Victim) else Victim(**v) for v in kw.get("victims") or []]
        kw["evidence"] = [s if isinstance(s, Span) else Span(**s) for s in kw.get("evidence") or []]
        return cls(**kw)


FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Event))

# One line per field for the generated field reference (docs/FIELDS.md).
FIELD_DOCS: dict[str, str] = {
    "event_id": "stable id: the same article and event give the same id on every run",
    "doc_id": "the article's id",
    "event_date": "YYYY-MM-DD, the day the event happened (null when the article has no date and the text none)",
    "time_precision": "ACLED: 1 the day is known, 2 the week, 3 the month",
    "disorder_type": "ACLED: Political violence, Demonstrations, Strategic developments",
    "event_type": "one of the six ACLED event types",
    "sub_event_type": "an ACLED sub-event type of that event type",
    "actor1": "the side that acts, ACLED-style English name",
    "actor1_ar": "actor1 as the article names it",
    "assoc_actor_1": "associated actors of actor1, ';'-separated",
    "inter1": "ACLED actor type code of actor1 (1-8)",
    "actor2": "the other side (target, opponent), ACLED-style English name",
    "actor2_ar": "actor2 as the article names it",
    "assoc_actor_2": "associated actors of actor2, ';'-separated",
    "inter2": "ACLED actor type code of actor2",
    "interaction": "ACLED two-digit interaction code (smaller inter first)",
    "civilian_targeting": "'Civilian targeting' when civilians are the target, else empty",
    "iso": "ISO 3166 numeric country code",
    "country": "English country name",
    "admin1": "first-level administrative unit (English)",
    "admin2": "second-level administrative unit (English), where known",
    "admin3": "third-level administrative unit (English), where known",
    "location": "English / transliterated place name",
    "location_ar": "the place name as the article writes it",
    "latitude": "WGS84 latitude (null when no place could be placed)",
    "longitude": "WGS84 longitude",
    "geo_precision": "ACLED: 1 the town itself, 2 near / part of a town or region, 3 only a larger region",
    "source": "the outlet and, where the article attributes the report, the attributed party",
    "notes": "one English sentence summarizing the event",
    "fatalities": "reported deaths in this event, coded conservatively (0 when none reported)",
    "fatalities_estimated": "true when fatalities is ACLED's figure for deaths reported without a number",
    "victims": "named people killed, injured, captured, arrested or abducted: {name_ar, name, status}",
    "claim_status": "reported | claimed (by a party to it) | denied (a party denies it) | unconfirmed (hearsay)",
    "evidence": "{start, end, text} spans of the original text that state the event (text[start:end] == text)",
    "confidence": "0..1, how sure the coder is",
    "pcode": "OCHA P-code of the place, where the gazetteer has one",
}
assert set(FIELD_DOCS) == set(FIELDS), "every contract field needs a line in FIELD_DOCS"

# ACLED's CSV column order for the columns marsad fills, then marsad's own columns.
CSV_COLUMNS: tuple[str, ...] = (
    "event_id", "event_date", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "country", "admin1", "admin2", "admin3", "location",
    "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
    # marsad's additions
    "doc_id", "actor1_ar", "actor2_ar", "location_ar", "claim_status", "confidence", "pcode",
    "fatalities_estimated", "victims", "evidence",
)
assert set(CSV_COLUMNS) == set(FIELDS), "CSV columns and Event fields differ"

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def validate(event: Event | dict, text: str | None = None) -> list[str]:
    """Problems with an event as a list of messages (empty when it follows the contract).

    With the article ``text``, evidence spans are also checked against it.
    """
    e = event.to_dict() if isinstance(event, Event) else event
    problems = []
    missing = [f for f in FIELDS if f not in e]
    if missing:
        problems.append(f"missing fields: {', '.join(missing)}")
    et, sub = e.get("event_type"), e.get("sub_event_type")
    if et not in EVENT_TYPES:
        problems.append(f"unknown event_type {et!r}")
    elif sub not in EVENT_TYPES[et]:
        problems.append(f"sub_event_type {sub!r} is not a sub-type of {et!r}")
    elif e.get("disorder_type") != DISORDER_OF[et]:
        problems.append(f"disorder_type {e.get('disorder_type')!r} does not go with {et!r}")
    if e.get("event_date") is not None and not _DATE.match(str(e["event_date"])):
        problems.append(f"event_date {e['event_date']!r} is not YYYY-MM-DD")
    if e.get("time_precision") not in TIME_PRECISIONS:
        problems.append(f"time_precision {e.get('time_precision')!r} not in 1..3")
    if e.get("geo_precision") not in GEO_PRECISIONS:
        problems.append(f"geo_precision {e.get('geo_precision')!r} not in 1..3")
    for k in ("inter1", "inter2"):
        if e.get(k) is not None and e[k] not in INTER_CODES:
            problems.append(f"{k} {e[k]!r} is not an ACLED inter code")
    if e.get("interaction") != interaction(e.get("inter1"), e.get("inter2")):
        problems.append("interaction does not follow inter1/inter2")
    if e.get("claim_status") not in CLAIM_STATUSES:
        problems.append(f"claim_status {e.get('claim_status')!r} unknown")
    if not isinstance(e.get("fatalities"), int) or e["fatalities"] < 0:
        problems.append("fatalities must be a non-negative int")
    for v in e.get("victims") or []:
        if v.get("status") not in VICTIM_STATUSES:
            problems.append(f"victim status {v.get('status')!r} unknown")
    lat, lon = e.get("latitude"), e.get("longitude")
    if (lat is None) != (lon is None):
        problems.append("latitude and longitude must both be set or both be null")
    elif lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
        problems.append("coordinates out of range")
    c = e.get("confidence")
    if not isinstance(c, (int, float)) or not 0 <= c <= 1:
        problems.append("confidence must be in 0..1")
    if text is not None:
        for s in e.get("evidence") or []:
            if text[s["start"]:s["end"]] != s["text"]:
                problems.append(f"evidence span {s['start']}:{s['end']} does not match the text")
    return problems
