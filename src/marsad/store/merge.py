"""Cross-article merging: reports of one real-world event become one event with every source.

Two reports are of the same event when they have the same event type and sub-type, their
days are the same or adjacent, their places are the same or within :data:`MAX_KM`, their
actors do not contradict each other, and they come from different articles (an article's
own events were already told apart by the extractor).

Clustering is complete-linkage and greedy in a fixed order (day, then the report's stable
``event_id``), so the result depends only on the set of reports, never on the order they
were ingested in, and re-running it changes nothing. Complete linkage keeps a cluster within
two adjacent days: daily shelling of one town stays one event per day instead of chaining.

Reconciliation follows ACLED: the fatality count is the lowest figure a credible (not
denied) source gives, the range is kept; every source keeps its own claim status.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Iterable

from ..normalize import normalize_text
from ..schema import Event, Victim

MAX_KM = 10.0  # places closer than this are the same place for merging
MAX_DAYS = 1

# The merged event's claim status: the strongest status any source gives.
_STATUS_ORDER = ("reported", "claimed", "unconfirmed", "denied")


@dataclass(slots=True)
class Report:
    """One article's coding of an event, as stored (``row_id`` is event_sources.id).

    ``key`` is unique and stable in the store (the article's content hash and the extractor's
    event id): extractor ids alone repeat when two outlets both number their articles 1, 2...
    """

    row_id: int
    article_id: int
    outlet: str
    key: str
    event: Event


@dataclass(slots=True)
class Merged:
    """A merged event, its member reports (in merge order) and the reconciled figures."""

    event: Event
    members: list[Report] = field(default_factory=list)
    fatalities_min: int = 0
    fatalities_max: int = 0
    claim_statuses: str = ""


def _day(e: Event) -> date | None:
    return date.fromisoformat(e.event_date) if e.event_date else None


def _km(a: Event, b: Event) -> float:
    """Great-circle distance between two events with coordinates."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _place_key(e: Event) -> str:
    return normalize_text(e.location_ar or e.location).strip()


def same_place(a: Event, b: Event, max_km: float = MAX_KM) -> bool:
    """The same place: within ``max_km`` when both have coordinates, else the same name."""
    if a.latitude is not None and b.latitude is not None:
        return _km(a, b) <= max_km
    ka, kb = _place_key(a), _place_key(b)
    return bool(ka) and ka == kb


def compatible_actors(a: Event, b: Event) -> bool:
    """Actors do not contradict: one side names none, or the two share at least one actor."""
    sa = {x for x in (a.actor1, a.actor2) if x}
    sb = {x for x in (b.actor1, b.actor2) if x}
    return not sa or not sb or bool(sa & sb)


def same_event(a: Report, b: Report, max_km: float = MAX_KM) -> bool:
    """Whether two reports (of different articles) describe the same event."""
    ea, eb = a.event, b.event
    if a.article_id == b.article_id:
        return False
    if (ea.event_type, ea.sub_event_type) != (eb.event_type, eb.sub_event_type):
        return False
    da, db = _day(ea), _day(eb)
    if da is None or db is None or abs((da - db).days) > MAX_DAYS:
        return False
    return same_place(ea, eb, max_km) and compatible_actors(ea, eb)


def _order(r: Report) -> tuple:
    return (r.event.event_date or "9999-99-99", r.key)


def cluster(reports: Iterable[Report], max_km: float = MAX_KM,
            seeds: Iterable[list[Report]] = ()) -> list[list[Report]]:
    """Groups of reports of the same event (complete linkage, deterministic order).

    ``seeds`` are clusters already formed from earlier days (an incremental re-merge starts
    from them): every report must come after every seed member in merge order.
    """
    clusters: list[list[Report]] = []
    by_day: dict[date, list[int]] = {}  # day -> indexes of clusters with a member that day
    for seed in sorted(seeds, key=lambda c: _order(c[0])):
        clusters.append(sorted(seed, key=_order))
        for m in seed:
            if _day(m.event) is not None:
                by_day.setdefault(_day(m.event), []).append(len(clusters) - 1)
    for r in sorted(reports, key=_order):
        d = _day(r.event)
        chosen = None
        if d is not None:
            near = sorted({i for k in range(-MAX_DAYS, MAX_DAYS + 1)
                           for i in by_day.get(date.fromordinal(d.toordinal() + k), ())})
            for i in near:
                if all(same_event(r, m, max_km) for m in clusters[i]):
                    chosen = i
                    break
        if chosen is None:
            chosen = len(clusters)
            clusters.append([])
        clusters[chosen].append(r)
        if d is not None:
            by_day.setdefault(d, []).append(chosen)
    return clusters


def merged_id(first: Report) -> str:
    """A merged event's id: that of its first report in merge order, so that it stays put
    when later reports (later days, later keys) join."""
    return "evt-" + first.key[:16]


def _credible(members: list[Report]) -> list[Report]:
    """Sources that do not deny the event (all of them when every source denies it)."""
    kept = [m for m in members if m.event.claim_status != "denied"]
    return kept or members


def _representative(members: list[Report]) -> Report:
    """The most informative report: most confident, most precise place and date, first."""
    return min(members, key=lambda m: (-m.event.confidence, m.event.geo_precision,
                                       m.event.time_precision, _order(m)))


def _source_label(r: Report) -> str:
    return r.event.source or r.outlet or f"article {r.article_id}"


def reconcile(members: list[Report]) -> Merged:
    """One merged event from the reports of one cluster."""
    first = members[0]
    rep = _representative(members)
    credible = _credible(members)
    figures = [m.event.fatalities for m in credible if m.event.fatalities > 0]
    statuses = {m.event.claim_status for m in members}
    labels = list(dict.fromkeys(_source_label(m) for m in members))
    victims: dict[tuple[str, str], Victim] = {}
    for m in members:
        for v in m.event.victims:
            victims.setdefault((normalize_text(v.name_ar), v.status), v)
    notes = rep.event.notes
    denied_by = [_source_label(m) for m in members if m.event.claim_status == "denied"]
    if denied_by and len(denied_by) < len(members):
        notes = f"{notes} Denied by {', '.join(dict.fromkeys(denied_by))}.".strip()
    if len(figures) > 1 and min(figures) != max(figures):
        notes = f"{notes} Fatality reports range from {min(figures)} to {max(figures)}.".strip()
    event = replace(
        rep.event,
        event_id=merged_id(first),
        fatalities=min(figures) if figures else 0,
        victims=list(victims.values()),
        source="; ".join(labels),
        claim_status=min(statuses, key=_STATUS_ORDER.index),
        notes=notes,
        confidence=max(m.event.confidence for m in members),
    )
    claims = "; ".join(f"{_source_label(m)}: {m.event.claim_status}" for m in members)
    return Merged(event=event, members=list(members), fatalities_min=min(figures, default=0),
                  fatalities_max=max(figures, default=0), claim_statuses=claims)


def merge(reports: Iterable[Report], max_km: float = MAX_KM,
          seeds: Iterable[list[Report]] = ()) -> list[Merged]:
    """Cluster reports (after ``seeds``) and reconcile each cluster into one merged event."""
    return [reconcile(c) for c in cluster(reports, max_km, seeds)]
