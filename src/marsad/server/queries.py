"""The API's read queries, on top of the store's public ``query`` method.

Everything here is portable SQL with ``?`` placeholders and bound parameters only: no
value ever reaches the SQL text. Column names come from :data:`marsad.schema.FIELDS` and
from fixed tables below, never from a request.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Iterator, Sequence

from ..schema import FIELDS, Event
from ..store import Store
from ..store.migrate import JSON_FIELDS

# Columns the merged ``events`` table has besides the contract's.
EXTRA_COLUMNS = ("fatalities_min", "fatalities_max", "n_sources", "claim_statuses")
EVENT_COLUMNS = FIELDS + EXTRA_COLUMNS
UNDATED = "9999-12-31"  # sorts undated events last in every dialect
SEARCH_ARTICLES = 1000  # articles a text query may match when filtering events

# Sort keys a request may ask for -> ORDER BY text (fixed strings: never from the request).
SORTS = {
    "date": f"COALESCE(event_date, '{UNDATED}'), event_id",
    "-date": f"COALESCE(event_date, '') DESC, event_id",
    "fatalities": "fatalities, event_id",
    "-fatalities": "fatalities DESC, event_id",
}
# Aggregation keys -> column.
GROUPS = {"event_type": "event_type", "sub_event_type": "sub_event_type", "admin1": "admin1"}
_ACTOR_COLUMNS = ("actor1", "actor2", "actor1_ar", "actor2_ar", "assoc_actor_1", "assoc_actor_2")
_TEXT_COLUMNS = ("notes", "location", "location_ar", "actor1", "actor2", "actor1_ar", "actor2_ar")


def _like(value: str) -> str:
    """A LIKE pattern matching ``value`` anywhere, its wildcards escaped."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def _any_like(columns: Sequence[str], value: str) -> tuple[str, list[str]]:
    clause = " OR ".join(f"LOWER({c}) LIKE ? ESCAPE '\\'" for c in columns)
    return f"({clause})", [_like(value)] * len(columns)


@dataclass(frozen=True)
class EventQuery:
    """The filters of every event endpoint (all optional; lists mean "any of")."""

    since: date | None = None
    until: date | None = None
    iso: int | None = None
    country: str | None = None  # an English name, when no ISO code was given
    admin1: str | None = None
    admin2: str | None = None
    event_types: tuple[str, ...] = ()
    sub_event_types: tuple[str, ...] = ()
    actor: str | None = None
    inter: int | None = None
    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat
    min_fatalities: int | None = None
    claim_status: str | None = None
    q: str | None = None

    def where(self, store: Store) -> tuple[str, list[Any]]:
        """`` WHERE ...`` and its parameters (empty when nothing is filtered)."""
        clauses: list[str] = []
        params: list[Any] = []

        def add(clause: str, *values: Any) -> None:
            clauses.append(clause)
            params.extend(values)

        if self.since:
            add("event_date >= ?", self.since.isoformat())
        if self.until:
            add("event_date <= ?", self.until.isoformat())
        if self.iso is not None:
            add("iso = ?", self.iso)
        if self.country:
            add("LOWER(country) = LOWER(?)", self.country)
        if self.admin1:
            add("LOWER(admin1) = LOWER(?)", self.admin1)
        if self.admin2:
            add("LOWER(admin2) = LOWER(?)", self.admin2)
        if self.event_types:
            add(f"event_type IN ({', '.join('?' * len(self.event_types))})", *self.event_types)
        if self.sub_event_types:
            add(f"sub_event_type IN ({', '.join('?' * len(self.sub_event_types))})", *self.sub_event_types)
        if self.actor:
            add(*_flatten(_any_like(_ACTOR_COLUMNS, self.actor)))
        if self.inter is not None:
            add("(inter1 = ? OR inter2 = ?)", self.inter, self.inter)
        if self.bbox:
            min_lon, min_lat, max_lon, max_lat = self.bbox
            add("longitude >= ? AND longitude <= ? AND latitude >= ? AND latitude <= ?",
                min_lon, max_lon, min_lat, max_lat)
        if self.min_fatalities is not None:
            add("fatalities >= ?", self.min_fatalities)
        if self.claim_status:
            add("claim_status = ?", self.claim_status)
        if self.q and self.q.strip():
            add(*_flatten(self._text_clause(store)))
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def _text_clause(self, store: Store) -> tuple[str, list[Any]]:
        """Events whose fields contain the words, or reported by articles the search finds."""
        clause, params = _any_like(_TEXT_COLUMNS, self.q.strip())
        ids = [h.article_id for h in _search(store, self.q, SEARCH_ARTICLES)]
        if ids:
            marks = ", ".join("?" * len(ids))
            clause = (f"({clause} OR event_id IN (SELECT merged_event_id FROM event_sources "
                      f"WHERE superseded = 0 AND article_id IN ({marks})))")
            params += ids
        return clause, params


def _flatten(pair: tuple[str, list[Any]]) -> list[Any]:
    return [pair[0], *pair[1]]


def _search(store: Store, q: str, limit: int) -> list[Any]:
    search = getattr(store, "search", None)  # every dialect's full-text search
    return search(q, limit=limit) if search else []


def _event_dict(row: Sequence[Any], columns: Sequence[str] = EVENT_COLUMNS) -> dict[str, Any]:
    d = dict(zip(columns, row))
    for f in JSON_FIELDS:
        d[f] = json.loads(d[f] or "[]")
    return d


def count_events(store: Store, q: EventQuery) -> int:
    where, params = q.where(store)
    return store.query(f"SELECT COUNT(*) FROM events{where}", params)[0][0]


def list_events(store: Store, q: EventQuery, limit: int, offset: int = 0,
                sort: str = "-date") -> list[dict[str, Any]]:
    """One page of merged events as contract dicts plus the merge's figures."""
    where, params = q.where(store)
    rows = store.query(f"SELECT {', '.join(EVENT_COLUMNS)} FROM events{where} ORDER BY {SORTS[sort]} "
                       "LIMIT ? OFFSET ?", [*params, limit, offset])
    return [_event_dict(r) for r in rows]


def iter_events(store_of: Any, q: EventQuery, chunk: int = 1000) -> Iterator[list[Event]]:
    """Every matching event, by date then id, in chunks (keyset pagination: each chunk is its
    own query, so a streamed export holds no cursor and no connection between chunks).

    ``store_of()`` gives the store to use for the next chunk (one per thread).
    """
    key = f"COALESCE(event_date, '{UNDATED}')"
    last: tuple[str, str] | None = None
    while True:
        store = store_of()
        where, params = q.where(store)
        if last is not None:
            where += (" AND " if where else " WHERE ") + f"({key} > ? OR ({key} = ? AND event_id > ?))"
            params += [last[0], last[0], last[1]]
        rows = store.query(f"SELECT {', '.join(FIELDS)}, {key} FROM events{where} "
                           f"ORDER BY {key}, event_id LIMIT ?", [*params, chunk])
        if not rows:
            return
        yield [Event.from_dict(_event_dict(r, FIELDS)) for r in rows]
        last = (rows[-1][-1], rows[-1][0])
        if len(rows) < chunk:
            return


def points(store: Store, q: EventQuery, limit: int) -> list[list[Any]]:
    """``[event_id, longitude, latitude, event_type, fatalities, event_date]`` of located events."""
    where, params = q.where(store)
    where += (" AND " if where else " WHERE ") + "latitude IS NOT NULL AND longitude IS NOT NULL"
    rows = store.query("SELECT event_id, longitude, latitude, event_type, fatalities, event_date "
                       f"FROM events{where} ORDER BY {SORTS['-date']} LIMIT ?", [*params, limit])
    return [list(r) for r in rows]


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def aggregate(store: Store, q: EventQuery, interval: str = "day", by: str = "none") -> list[dict[str, Any]]:
    """Events and fatalities per day (or ISO week, dated by its Monday) and per group key."""
    where, params = q.where(store)
    where += (" AND " if where else " WHERE ") + "event_date IS NOT NULL"
    if by == "none":  # PostgreSQL refuses a constant in GROUP BY
        rows = store.query(f"SELECT event_date, '', COUNT(*), SUM(fatalities) FROM events{where} "
                           "GROUP BY event_date", params)
    else:
        column = GROUPS[by]
        rows = store.query(f"SELECT event_date, {column}, COUNT(*), SUM(fatalities) FROM events{where} "
                           f"GROUP BY event_date, {column}", params)
    table: dict[tuple[str, str], list[int]] = {}
    for day, key, n, fatalities in rows:
        period = date.fromisoformat(day)
        if interval == "week":
            period = week_start(period)
        cell = table.setdefault((period.isoformat(), key or ""), [0, 0])
        cell[0] += n
        cell[1] += fatalities or 0
    return [{"period": p, "key": k, "events": n, "fatalities": f} for (p, k), (n, f) in sorted(table.items())]


def get_event(store: Store, event_id: str) -> dict[str, Any] | None:
    rows = store.query(f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE event_id = ?", (event_id,))
    return _event_dict(rows[0]) if rows else None


_REPORT_COLUMNS = ("id", "article_id", "outlet", "source", "claim_status", "fatalities", "evidence",
                   "event_id", "event_date", "event_type", "sub_event_type", "location_ar", "actor1_ar",
                   "actor2_ar", "notes", "confidence", "extractor_version")
_ARTICLE_COLUMNS = ("doc_id", "title", "source", "url", "published", "text")


def reports(store: Store, event_id: str, with_text: bool = True) -> list[dict[str, Any]]:
    """The active reports of a merged event: each article's coding, evidence, victims and text."""
    article_cols = _ARTICLE_COLUMNS if with_text else _ARTICLE_COLUMNS[:-1]
    rows = store.query(
        f"SELECT {', '.join('s.' + c for c in _REPORT_COLUMNS)}, {', '.join('a.' + c for c in article_cols)} "
        "FROM event_sources s JOIN articles a ON a.id = s.article_id "
        "WHERE s.merged_event_id = ? AND s.superseded = 0 ORDER BY s.report_key", (event_id,))
    out = []
    for r in rows:
        report = dict(zip(_REPORT_COLUMNS, r[:len(_REPORT_COLUMNS)]))
        report["evidence"] = json.loads(report["evidence"] or "[]")
        report["article"] = dict(zip(("id",) + article_cols, (report["article_id"],) + r[len(_REPORT_COLUMNS):]))
        out.append(report)
    _attach_victims(store, out)
    for report in out:
        del report["id"]
    return out


def _attach_victims(store: Store, reps: list[dict[str, Any]]) -> None:
    by_id = {r["id"]: r for r in reps}
    for r in reps:
        r["victims"] = []
    if not by_id:
        return
    marks = ", ".join("?" * len(by_id))
    for sid, name_ar, name, status in store.query(
            f"SELECT event_source_id, name_ar, name, status FROM victims WHERE event_source_id IN ({marks}) "
            "ORDER BY id", list(by_id)):
        by_id[sid]["victims"].append({"name_ar": name_ar, "name": name, "status": status})


def get_article(store: Store, article_id: int) -> dict[str, Any] | None:
    """A stored article with its text and the active reports coded from it."""
    rows = store.query(f"SELECT id, {', '.join(_ARTICLE_COLUMNS)}, ingested_at, extractor_version "
                       "FROM articles WHERE id = ?", (article_id,))
    if not rows:
        return None
    article = dict(zip(("id",) + _ARTICLE_COLUMNS + ("ingested_at", "extractor_version"), rows[0]))
    article["reports"] = [
        {"merged_event_id": m, "event_id": e, "event_type": t, "sub_event_type": s, "event_date": d,
         "claim_status": c, "evidence": json.loads(ev or "[]")}
        for m, e, t, s, d, c, ev in store.query(
            "SELECT merged_event_id, event_id, event_type, sub_event_type, event_date, claim_status, evidence "
            "FROM event_sources WHERE article_id = ? AND superseded = 0 ORDER BY id", (article_id,))]
    return article


def list_articles(store: Store, limit: int, offset: int) -> list[dict[str, Any]]:
    """The most recently published articles (no text: snippets of their start)."""
    rows = store.query("SELECT id, doc_id, title, source, published, text FROM articles "
                       "ORDER BY COALESCE(published, '') DESC, id DESC LIMIT ? OFFSET ?", (limit, offset))
    return [{"article_id": i, "doc_id": d, "title": t, "source": s, "published": p, "score": None,
             "snippet": " ".join(x[:200].split()) + ("…" if len(x) > 200 else "")}
            for i, d, t, s, p, x in rows]


def search_articles(store: Store, q: str, limit: int, offset: int) -> list[dict[str, Any]]:
    """Full-text search hits ``offset:offset+limit`` with snippets (matches marked ``**``)."""
    hits = _search(store, q, offset + limit)[offset:]
    return [{"article_id": h.article_id, "doc_id": h.doc_id, "title": h.title, "source": h.source,
             "published": h.published, "score": round(h.score, 4), "snippet": h.snippet} for h in hits]


def count_articles(store: Store) -> int:
    return store.query("SELECT COUNT(*) FROM articles")[0][0]


@dataclass
class Meta:
    """What the dashboard's filter controls offer: values present in the store."""

    events: int = 0
    first_date: str | None = None
    last_date: str | None = None
    countries: list[dict[str, Any]] = field(default_factory=list)
    admin1: list[str] = field(default_factory=list)


def meta(store: Store) -> Meta:
    n, first, last = store.query("SELECT COUNT(*), MIN(event_date), MAX(event_date) FROM events")[0]
    countries = [{"iso": i, "country": c, "events": k} for i, c, k in store.query(
        "SELECT iso, country, COUNT(*) FROM events WHERE iso IS NOT NULL GROUP BY iso, country ORDER BY country")]
    admin1 = [a for (a,) in store.query(
        "SELECT DISTINCT admin1 FROM events WHERE admin1 <> '' ORDER BY admin1")]
    return Meta(events=n, first_date=first, last_date=last, countries=countries, admin1=admin1)
