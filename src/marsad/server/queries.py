"""The API's read queries, on top of the store's public ``query`` method.

Everything here is SQL with ``?`` placeholders and bound parameters only: no value ever
reaches the SQL text. Column names come from :data:`marsad.schema.FIELDS` and from fixed
tables below, never from a request. The SQL runs on SQLite and PostgreSQL alike; the two
differences (case-insensitive LIKE, the full-text index) go through the store's dialect.

Pages of events are read in the order of an index where one exists (``event_date``):
keyset pagination (a cursor holding the sort key and event id of the last row) costs the
same at any depth, while ``OFFSET`` reads and drops every row before the page.
"""
from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Callable, Iterator, Sequence

from ..schema import FIELDS, Event
from ..store import Store
from ..store.migrate import JSON_FIELDS

# Columns the merged ``events`` table has besides the contract's.
EXTRA_COLUMNS = ("fatalities_min", "fatalities_max", "n_sources", "claim_statuses")
EVENT_COLUMNS = FIELDS + EXTRA_COLUMNS
POINT_COLUMNS = ("event_id", "longitude", "latitude", "event_type", "fatalities", "event_date")
# A text query matching more than this share of the articles is "dense": a page then walks the
# events by date and checks each one, instead of collecting every match and sorting them.
DENSE_SHARE = 0.05
FEW_ROWS = 1001  # rows read by a page or an export chunk (more, as for the map, reads every match)
# Arabic letters (not punctuation or digits): a query with one is looked up in the articles only.
_ARABIC_LETTER = re.compile("[\u0620-\u064A\u066E-\u06D3\u06FA-\u06FF\u0750-\u077F"
                            "\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFC]")


@dataclass(frozen=True)
class SortKey:
    """How a request may sort events: by ``column``, then by ``event_id`` ascending."""

    column: str
    descending: bool
    nullable: bool  # NULLs (undated events) come after every value, in either direction

    @property
    def indexed(self) -> bool:
        return self.column == "event_date"  # the store indexes events (event_date)


SORTS = {
    "date": SortKey("event_date", descending=False, nullable=True),
    "-date": SortKey("event_date", descending=True, nullable=True),
    "fatalities": SortKey("fatalities", descending=False, nullable=False),
    "-fatalities": SortKey("fatalities", descending=True, nullable=False),
}
# Aggregation keys -> column.
GROUPS = {"event_type": "event_type", "sub_event_type": "sub_event_type", "admin1": "admin1"}
_ACTOR_COLUMNS = ("actor1", "actor2", "actor1_ar", "actor2_ar", "assoc_actor_1", "assoc_actor_2")
_TEXT_COLUMNS = ("notes", "location", "location_ar", "actor1", "actor2", "actor1_ar", "actor2_ar")


def _like(value: str) -> str:
    """A LIKE pattern matching ``value`` anywhere, its wildcards escaped."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def _any_like(store: Store, columns: Sequence[str], value: str) -> tuple[str, list[str]]:
    """Any of ``columns`` contains ``value``, ignoring case. SQLite's LIKE already ignores
    (ASCII) case, as its LOWER() does; PostgreSQL's needs ILIKE. Neither wraps the column in
    a function, which costs SQLite more than the match itself."""
    like = "ILIKE" if store.dialect == "postgresql" else "LIKE"
    clause = " OR ".join(f"{c} {like} ? ESCAPE '\\'" for c in columns)
    return f"({clause})", [_like(value)] * len(columns)


def _and(where: str, *conditions: str) -> str:
    """``where`` (possibly empty) with more conditions."""
    parts = [c for c in conditions if c]
    if not parts:
        return where
    return where + (" AND " if where else " WHERE ") + " AND ".join(parts)


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

    def where(self, store: Store, by_date: bool = False) -> tuple[str, list[Any]]:
        """`` WHERE ...`` and its parameters (empty when nothing is filtered).

        ``by_date``: the caller reads only the first rows in date order (a page), which lets a
        common text query be checked event by event along the date index.
        """
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
            add(*_flatten(_any_like(store, _ACTOR_COLUMNS, self.actor)))
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
            add(*_flatten(self._text_clause(store, by_date)))
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def _text_clause(self, store: Store, by_date: bool) -> tuple[str, list[Any]]:
        """Events reported by an article with every word of ``q`` (the full-text index); for a
        query without Arabic letters, also events whose fields contain it (LIKE).

        The Arabic fields (place, actors as written) are taken from the articles' text, so an
        Arabic query finds them through the index; the English fields hold no Arabic.
        """
        text = self.q.strip()
        clauses: list[str] = []
        params: list[Any] = []
        match = store.matching_articles(text)
        if match:
            articles, params = match
            if by_date and _dense(store, match):  # walk events by date, check each: stops at the page
                clauses.append("EXISTS (SELECT 1 FROM event_sources s WHERE s.merged_event_id = events.event_id "
                               f"AND s.superseded = 0 AND s.article_id IN ({articles}))")
            else:  # collect the few matching events through the indexes
                clauses.append("event_id IN (SELECT merged_event_id FROM event_sources "
                               f"WHERE superseded = 0 AND article_id IN ({articles}))")
        if not _ARABIC_LETTER.search(text):
            like, like_params = _any_like(store, _TEXT_COLUMNS, text)
            clauses.append(like)
            params = [*params, *like_params]
        if not clauses:
            return "1 = 0", []
        return "(" + " OR ".join(clauses) + ")", list(params)


def _dense(store: Store, match: tuple[str, list[Any]]) -> bool:
    """Whether a text query matches a large share of the articles (SQLite only: it runs a
    subquery as written, where PostgreSQL plans IN and EXISTS alike, from its statistics)."""
    if store.dialect != "sqlite":
        return False
    articles, params = match
    matched = store.query(f"SELECT COUNT(*) FROM ({articles}) AS m", params)[0][0]
    return matched > DENSE_SHARE * store.query("SELECT COUNT(*) FROM articles")[0][0]


def _flatten(pair: tuple[str, list[Any]]) -> list[Any]:
    return [pair[0], *pair[1]]


def _event_dict(row: Sequence[Any], columns: Sequence[str] = EVENT_COLUMNS) -> dict[str, Any]:
    d = dict(zip(columns, row))
    for f in JSON_FIELDS:
        d[f] = json.loads(d[f] or "[]")
    return d


# ---------------------------------------------------------------------------- cursors


def encode_cursor(sort: str, value: Any, event_id: str) -> str:
    """An opaque cursor: the sort and the position (sort value, event id) of a page's last row."""
    raw = json.dumps([sort, value, event_id], ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[Any, str]:
    """``(value, event_id)`` of a cursor made for ``sort``; ValueError when it is not one."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        got_sort, value, event_id = json.loads(raw.decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError):
        raise ValueError("not a cursor from this API") from None
    key = SORTS.get(sort)
    kinds = (str, type(None)) if key and key.nullable else (int,)
    if got_sort != sort or not isinstance(event_id, str) or isinstance(value, bool) or not isinstance(value, kinds):
        raise ValueError(f"the cursor was made for another sort than {sort!r}")
    return value, event_id


# ---------------------------------------------------------------------------- event pages


def _ordered_rows(store: Store, q: EventQuery, key: SortKey, columns: Sequence[str], limit: int,
                  offset: int = 0, after: tuple[Any, str] | None = None, extra: str = "") -> list[tuple]:
    """Up to ``limit`` rows of matching events in ``key`` order: after the position ``after``
    (a cursor's value and event id), or past the first ``offset`` rows.

    Rows with a value come first, read along the column's order (the index, for dates); undated
    rows follow, by event id. Splitting the two keeps every condition a plain range, which both
    databases answer from the index (``NULLS LAST`` or ``OR ... IS NULL`` would make them sort).
    """
    where, params = q.where(store, by_date=key.indexed and limit <= FEW_ROWS)
    where = _and(where, extra)
    select = f"SELECT {', '.join(columns)} FROM events"
    col, rows = key.column, []
    if not (key.nullable and after is not None and after[0] is None):  # not already among the undated
        cond, cparams = [f"{col} IS NOT NULL" if key.nullable else ""], []
        if after is not None:
            op = "<" if key.descending else ">"
            cond.append(f"{col} {op}= ? AND ({col} {op} ? OR event_id > ?)")
            cparams = [after[0], after[0], after[1]]
        part = _and(where, *cond)
        rows = store.query(f"{select}{part} ORDER BY {col}{' DESC' if key.descending else ''}, event_id "
                           "LIMIT ? OFFSET ?", [*params, *cparams, limit, offset])
        if len(rows) == limit or not key.nullable or not _may_be_undated(store, q):
            return rows
        if offset and not rows:  # the offset went past every dated row: skip those in the undated
            offset -= store.query(f"SELECT COUNT(*) FROM events{part}", [*params, *cparams])[0][0]
        else:
            offset = 0
    cond, cparams = [f"{col} IS NULL"], []
    if after is not None and after[0] is None:
        cond.append("event_id > ?")
        cparams = [after[1]]
    rows += store.query(f"{select}{_and(where, *cond)} ORDER BY event_id LIMIT ? OFFSET ?",
                        [*params, *cparams, limit - len(rows), max(0, offset)])
    return rows


def _may_be_undated(store: Store, q: EventQuery) -> bool:
    """Whether undated events can match: none do under a date filter, and a store may have none
    (asked through the date index: otherwise the planner may walk another index to find none)."""
    if q.since or q.until:
        return False
    return bool(store.query("SELECT 1 FROM events WHERE event_date IS NULL LIMIT 1"))


def count_events(store: Store, q: EventQuery) -> int:
    where, params = q.where(store)
    return store.query(f"SELECT COUNT(*) FROM events{where}", params)[0][0]


@dataclass
class EventPage:
    events: list[dict[str, Any]]
    next: str | None  # cursor of the next page; None on the last page


def list_events(store: Store, q: EventQuery, limit: int, offset: int = 0, sort: str = "-date",
                cursor: str | None = None) -> EventPage:
    """One page of merged events (contract dicts plus the merge's figures), from the start,
    past ``offset`` events or after ``cursor`` (ValueError when it is not a cursor for ``sort``)."""
    key = SORTS[sort]
    after = decode_cursor(cursor, sort) if cursor else None
    rows = _ordered_rows(store, q, key, EVENT_COLUMNS, limit + 1, offset, after)
    events = [_event_dict(r) for r in rows[:limit]]
    last = events[-1] if events and len(rows) > limit else None
    return EventPage(events, encode_cursor(sort, last[key.column], last["event_id"]) if last else None)


def iter_events(store_of: Callable[[], Store], q: EventQuery, chunk: int = 1000) -> Iterator[list[Event]]:
    """Every matching event, by date then id, in chunks (keyset pagination: each chunk is its
    own query, so a streamed export holds no cursor and no connection between chunks).

    ``store_of()`` gives the store to use for the next chunk (one per thread).
    """
    key, day, ident = SORTS["date"], FIELDS.index("event_date"), FIELDS.index("event_id")
    after: tuple[Any, str] | None = None
    while True:
        rows = _ordered_rows(store_of(), q, key, FIELDS, chunk, after=after)
        if not rows:
            return
        yield [Event.from_dict(_event_dict(r, FIELDS)) for r in rows]
        if len(rows) < chunk:
            return
        after = (rows[-1][day], rows[-1][ident])


def points(store: Store, q: EventQuery, limit: int) -> list[list[Any]]:
    """``[event_id, longitude, latitude, event_type, fatalities, event_date]`` of located events,
    latest first."""
    rows = _ordered_rows(store, q, SORTS["-date"], POINT_COLUMNS, limit,
                         extra="latitude IS NOT NULL AND longitude IS NOT NULL")
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
    hits = store.search(q, limit=offset + limit)[offset:]
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
