"""The event store's logic, in portable SQL over a DB-API connection.

:class:`Store` ingests documents, codes them, keeps every coding with its extractor version,
merges reports across articles and answers queries. A dialect subclass
(:class:`marsad.store.sqlite.SQLiteStore`, :class:`marsad.store.postgresql.PostgresStore`)
supplies the connection, transactions and the full-text index; everything else here is
shared, with ``?`` placeholders.

Ingest codes a batch of new articles *outside* any transaction (the slow part), then writes
the batch and re-merges the partitions it touched in one transaction. A crash loses at most
the batch in flight; articles are keyed by their content hash, so a re-run skips what was
committed and adds nothing twice.
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, Callable, Iterable, Iterator, Sequence

from .. import __version__
from ..document import Document
from ..normalize import normalize_text
from ..schema import FIELDS, Event
from .merge import MAX_DAYS, Merged, Report, merge
from .migrate import JSON_FIELDS
from .search import Hit

DEFAULT_BATCH = 50
_SOURCE_COLUMNS = ("article_id", "report_key", "outlet", "extractor_version", "coded_at")
_EVENT_COLUMNS = ("fatalities_min", "fatalities_max", "n_sources", "claim_statuses", "merged_at")

Partition = tuple[str, str, "int | None"]  # (event_type, sub_event_type, iso): merge never crosses it
_TYPE, _SUB, _ISO = (FIELDS.index(f) for f in ("event_type", "sub_event_type", "iso"))


class StoreOpenError(Exception):
    """A store that cannot be opened (unreachable server, missing driver), said in one line."""


def content_hash(text: str) -> str:
    """The identity of an article: sha256 of its normalized text with whitespace collapsed."""
    key = " ".join(normalize_text(text).split())
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


UNDATED = "9999-12-31"  # sorts after every day, as undated reports do in merge order


def _touch(touched: dict[Partition, str], part: Partition, day: str | None) -> None:
    """Remember the earliest changed day of a partition."""
    key = day or UNDATED
    if part not in touched or key < touched[part]:
        touched[part] = key


def _chunks(items: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _event_values(e: Event) -> list[Any]:
    d = e.to_dict()
    return [json.dumps(d[f], ensure_ascii=False) if f in JSON_FIELDS else d[f] for f in FIELDS]


def _part_order(part: Partition) -> tuple[str, str, int]:
    return part[0], part[1], part[2] if part[2] is not None else -1


def _row_event(row: Sequence[Any], offset: int) -> Event:
    """An Event from the contract columns of a row, starting at ``offset``."""
    d = dict(zip(FIELDS, row[offset:offset + len(FIELDS)]))
    for f in JSON_FIELDS:
        d[f] = json.loads(d[f] or "[]")
    return Event.from_dict(d)


@dataclass
class IngestResult:
    """What one ingest run did."""

    added: int = 0  # new articles stored and coded
    seen: int = 0  # articles already stored (same text), recorded as sightings
    events: int = 0  # reports (per-article events) stored
    skipped: int = 0  # inputs that could not be read or coded
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class EventFilter:
    """Filters of ``marsad events`` / ``marsad stats`` (every one optional)."""

    iso: int | None = None
    admin1: str | None = None
    since: date | None = None
    until: date | None = None
    event_type: str | None = None  # an event type or a sub-event type

    def where(self) -> tuple[str, list[Any]]:
        clauses, params = [], []
        if self.iso is not None:
            clauses.append("iso = ?")
            params.append(self.iso)
        if self.admin1:
            clauses.append("LOWER(admin1) = LOWER(?)")
            params.append(self.admin1)
        if self.since:
            clauses.append("event_date >= ?")
            params.append(self.since.isoformat())
        if self.until:
            clauses.append("event_date <= ?")
            params.append(self.until.isoformat())
        if self.event_type:
            clauses.append("(event_type = ? OR sub_event_type = ?)")
            params += [self.event_type, self.event_type]
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


class Store:
    """An event store; subclasses bind it to a database (see :mod:`marsad.store.sqlite`)."""

    dialect = ""

    # ------------------------------------------------------------------ dialect hooks

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        raise NotImplementedError

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        raise NotImplementedError

    def transaction(self):  # a context manager: one write transaction, retried when busy
        raise NotImplementedError

    def columns(self, table: str) -> set[str]:
        """The column names of ``table``."""
        raise NotImplementedError

    def index_article(self, article_id: int, text: str) -> None:
        raise NotImplementedError

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """Articles matching every word of ``query``, best first, with snippets."""
        raise NotImplementedError

    def matching_articles(self, query: str) -> tuple[str, list[Any]] | None:
        """A subquery selecting the ids of the articles that match every word of ``query`` (as
        :meth:`search` reads it) through the full-text index, and its parameters, to embed in
        a larger query; None when the query has no words."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ ingest

    def ingest(self, items: Iterable[Document | Exception], extractor: Any = None,
               batch_size: int = DEFAULT_BATCH, version: str = __version__,
               on_error: Callable[[str], None] | None = None) -> IngestResult:
        """Store, code and merge documents; ``items`` may hold input errors (reported, skipped).

        ``extractor`` has ``extract_document(doc) -> list[Event]`` (default: ``Marsad()``).
        """
        if extractor is None:
            from ..api import Marsad

            extractor = Marsad()
        result = IngestResult()

        def error(message: str) -> None:
            result.skipped += 1
            result.errors.append(message)
            if on_error:
                on_error(message)

        batch: list[Document] = []
        for item in items:
            if isinstance(item, Exception):
                error(str(item))
                continue
            batch.append(item)
            if len(batch) >= batch_size:
                self._ingest_batch(batch, extractor, version, result, error)
                batch = []
        if batch:
            self._ingest_batch(batch, extractor, version, result, error)
        return result

    def _ingest_batch(self, docs: list[Document], extractor: Any, version: str,
                      result: IngestResult, error: Callable[[str], None]) -> None:
        hashes = [content_hash(d.text) for d in docs]
        known = self._known_hashes(set(hashes))
        coded: dict[str, list[Event]] = {}  # hash -> events, for texts new to the store
        for doc, h in zip(docs, hashes):
            if h in known or h in coded:
                continue
            try:
                coded[h] = extractor.extract_document(doc)
            except Exception as exc:  # noqa: BLE001 - one bad article never stops a batch
                error(f"{doc.origin or doc.id}: {exc}")
        now = _now()
        fresh: dict[str, Document] = {}  # hash -> the first document with that new text
        for doc, h in zip(docs, hashes):
            if h in coded and h not in fresh:
                fresh[h] = doc
        with self.transaction():
            touched: dict[Partition, str] = {}
            inserted = self._insert_articles(fresh, version, now)
            for h, article_id in inserted.items():
                events = coded[h]
                self._insert_reports(article_id, h, fresh[h].source, events, version, now, touched)
                self.index_article(article_id, fresh[h].text)
                result.added += 1
                result.events += len(events)
            # Texts another process stored meanwhile are seen, not added.
            known |= inserted | self._known_hashes(set(fresh) - set(inserted))
            for doc, h in zip(docs, hashes):
                if h not in known:
                    continue  # could not be coded
                if h not in inserted or fresh[h] is not doc:
                    result.seen += 1
                self.execute(
                    "INSERT INTO article_sightings (article_id, doc_id, url, source, origin, seen_at) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (known[h], doc.id, doc.url, doc.source, doc.origin, now))
            self._remerge(touched, now)

    def _known_hashes(self, hashes: set[str]) -> dict[str, int]:
        if not hashes:
            return {}
        marks = ", ".join("?" * len(hashes))
        rows = self.query(f"SELECT content_hash, id FROM articles WHERE content_hash IN ({marks})",
                          sorted(hashes))
        return dict(rows)

    def _insert_articles(self, docs: dict[str, Document], version: str, now: str) -> dict[str, int]:
        """Insert new texts (hash -> document), one statement per chunk; returns hash -> id of
        those inserted (a text another writer committed first is left out)."""
        out: dict[str, int] = {}
        for chunk in _chunks(list(docs.items()), 50):
            values = [(d.id, h, d.title, d.source, d.url, d.published.isoformat() if d.published else None,
                       "ar", d.text, now, version) for h, d in chunk]
            rows = self.query(
                "INSERT INTO articles (doc_id, content_hash, title, source, url, published, language, "
                "text, ingested_at, extractor_version) VALUES "
                + ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"] * len(values))
                + " ON CONFLICT (content_hash) DO NOTHING RETURNING content_hash, id",
                [v for row in values for v in row])
            out.update(rows)
        return dict(sorted(out.items(), key=lambda kv: kv[1]))  # in id order: reports keep ingest order

    def _insert_reports(self, article_id: int, h: str, outlet: str, events: list[Event],
                        version: str, now: str, touched: dict[Partition, str]) -> None:
        columns = ", ".join(_SOURCE_COLUMNS + FIELDS)
        marks = ", ".join("?" * (len(_SOURCE_COLUMNS) + len(FIELDS)))
        for e in events:
            key = hashlib.sha1(f"{h}|{e.event_id}".encode()).hexdigest()
            values = [article_id, key, outlet, version, now, *_event_values(e)]
            if not e.victims:  # no id to wait for: a pipelined backend need not stop here
                self.execute(f"INSERT INTO event_sources ({columns}) VALUES ({marks})", values)
            else:
                rows = self.query(f"INSERT INTO event_sources ({columns}) VALUES ({marks}) RETURNING id", values)
                for v in e.victims:
                    self.execute("INSERT INTO victims (event_source_id, name_ar, name, status) "
                                 "VALUES (?, ?, ?, ?)", (rows[0][0], v.name_ar, v.name, v.status))
            _touch(touched, (e.event_type, e.sub_event_type, e.iso), e.event_date)

    # ------------------------------------------------------------------ recode

    def recode(self, extractor: Any = None, version: str = __version__, force: bool = False,
               batch_size: int = DEFAULT_BATCH,
               on_error: Callable[[str], None] | None = None) -> int:
        """Re-code stored articles coded by another extractor version (all with ``force``).

        The older codings stay, marked superseded; returns the number of articles re-coded.
        """
        if extractor is None:
            from ..api import Marsad

            extractor = Marsad()
        done, last = 0, 0
        cond = "" if force else " AND extractor_version <> ?"
        while True:
            params: list[Any] = [last] + ([] if force else [version])
            rows = self.query("SELECT id, doc_id, text, published, source, url, title, content_hash "
                              f"FROM articles WHERE id > ?{cond} ORDER BY id LIMIT {int(batch_size)}",
                              params)
            if not rows:
                return done
            last = rows[-1][0]
            coded = []
            for aid, doc_id, text, published, source, url, title, h in rows:
                doc = Document(id=doc_id, text=text, published=date.fromisoformat(published) if published else None,
                               source=source, url=url, title=title, origin=f"article {aid}")
                try:
                    coded.append((aid, h, source, extractor.extract_document(doc)))
                except Exception as exc:  # noqa: BLE001 - reported; the article keeps its old coding
                    if on_error:
                        on_error(f"{doc_id}: {exc}")
            now = _now()
            with self.transaction():
                touched: dict[Partition, str] = {}
                for aid, h, source, events in coded:
                    for et, sub, iso, day in self.query(
                            "SELECT event_type, sub_event_type, iso, event_date FROM event_sources "
                            "WHERE article_id = ? AND superseded = 0", (aid,)):
                        _touch(touched, (et, sub, iso), day)
                    self.execute("UPDATE event_sources SET superseded = 1, superseded_at = ? "
                                 "WHERE article_id = ? AND superseded = 0", (now, aid))
                    self._insert_reports(aid, h, source, events, version, now, touched)
                    self.execute("UPDATE articles SET extractor_version = ? WHERE id = ?", (version, aid))
                    done += 1
                self._remerge(touched, now)

    # ------------------------------------------------------------------ merge

    def _reports(self, part: Partition, condition: str, params: Sequence[Any]) -> list[tuple[str | None, Report]]:
        """Active reports of a partition that meet ``condition`` (SQL over event_sources), each
        with the merged event it belongs to now."""
        et, sub, iso = part
        iso_clause = "iso IS NULL" if iso is None else "iso = ?"
        rows = self.query(
            f"SELECT merged_event_id, id, article_id, outlet, report_key, {', '.join(FIELDS)} FROM event_sources "
            f"WHERE superseded = 0 AND event_type = ? AND sub_event_type = ? AND {iso_clause} AND {condition}",
            [et, sub, *([] if iso is None else [iso]), *params])
        return [(r[0], Report(row_id=r[1], article_id=r[2], outlet=r[3], key=r[4], event=_row_event(r, 5)))
                for r in rows]

    def _windows(self, touched: dict[Partition, str]) -> dict[Partition, list[tuple[str | None, str, Report | None]]]:
        """The reports of each touched partition from two days before its earliest change on, or
        undated: ``(merged_event_id, day, report)``, report None when superseded.

        One query for many partitions: a batch re-merges dozens, and each round trip to a
        server costs more than reading a few extra rows.
        """
        out: dict[Partition, list[tuple[str | None, str, Report | None]]] = defaultdict(list)
        for chunk in _chunks(sorted(touched, key=_part_order), 50):
            clauses, params = [], []
            for et, sub, iso in chunk:
                since = (date.fromisoformat(touched[(et, sub, iso)]) - timedelta(days=2 * MAX_DAYS)).isoformat()
                clauses.append("(event_type = ? AND sub_event_type = ? AND "
                               + ("iso IS NULL" if iso is None else "iso = ?")
                               + " AND (event_date IS NULL OR event_date >= ?))")
                params += [et, sub, *([] if iso is None else [iso]), since]
            rows = self.query(
                "SELECT merged_event_id, superseded, event_date, id, article_id, outlet, report_key, "
                f"{', '.join(FIELDS)} FROM event_sources WHERE {' OR '.join(clauses)}", params)
            for r in rows:
                report = None if r[1] else Report(row_id=r[3], article_id=r[4], outlet=r[5], key=r[6],
                                                  event=_row_event(r, 7))
                out[(r[7 + _TYPE], r[7 + _SUB], r[7 + _ISO])].append((r[0], r[2] or UNDATED, report))
        return out

    def _remerge(self, touched: dict[Partition, str], now: str) -> None:
        """Re-merge each touched partition from its earliest changed day on.

        Merging runs day by day, so the clusters formed before that day are unchanged: those
        still open on the day before (a cluster spans at most two adjacent days) seed the
        re-merge, and every later report is merged again. The result is exactly that of
        merging the whole partition (``remerge_all``), at the cost of the days after the change:
        news arriving in date order costs a day or two of re-merging per batch.
        """
        windows = self._windows(touched)
        for part in sorted(touched, key=_part_order):
            first = touched[part]
            before = (date.fromisoformat(first) - timedelta(days=MAX_DAYS)).isoformat()
            later: list[Report] = []
            earlier: list[tuple[str | None, Report]] = []
            open_ids: set[str] = set()  # clusters with an active report on the day before
            stale: set[str] = set()  # merged events rebuilt: open ones and any with a later report
            for merged_id, day, report in windows.get(part, ()):
                # Undated reports sort last and never merge: they are redone with every change.
                if day >= first:
                    if merged_id:
                        stale.add(merged_id)  # superseded reports too: their event loses them
                    if report:
                        later.append(report)
                elif report:
                    earlier.append((merged_id, report))
                    if day == before and merged_id:
                        open_ids.add(merged_id)
            groups: dict[str, list[Report]] = defaultdict(list)
            for merged_id, report in earlier:
                if merged_id in open_ids:
                    groups[merged_id].append(report)
            self._write_merged(merge(later, seeds=list(groups.values())), open_ids | stale, now)

    def _write_merged(self, merged: list[Merged], stale: set[str], now: str) -> None:
        """Replace the ``stale`` merged events by ``merged`` and point the reports at them."""
        for chunk in _chunks(sorted(stale)):
            self.execute(f"DELETE FROM events WHERE event_id IN ({', '.join('?' * len(chunk))})", chunk)
        columns = ", ".join(_EVENT_COLUMNS + FIELDS)
        marks = ", ".join("?" * (len(_EVENT_COLUMNS) + len(FIELDS)))
        for m in merged:
            self.execute(f"INSERT INTO events ({columns}) VALUES ({marks})",
                         [m.fatalities_min, m.fatalities_max, len(m.members), m.claim_statuses, now,
                          *_event_values(m.event)])
            for chunk in _chunks([r.row_id for r in m.members]):
                self.execute(f"UPDATE event_sources SET merged_event_id = ? "
                             f"WHERE id IN ({', '.join('?' * len(chunk))})", [m.event.event_id, *chunk])

    def remerge_all(self) -> int:
        """Merge every partition from scratch (after changing merge rules); returns the events."""
        parts = {tuple(r) for r in self.query(
            "SELECT DISTINCT event_type, sub_event_type, iso FROM event_sources WHERE superseded = 0")}
        now = _now()
        with self.transaction():
            self.execute("DELETE FROM events")
            for part in sorted(parts, key=_part_order):
                self._write_merged(merge([r for _, r in self._reports(part, "1 = 1", ())]), set(), now)
        return self.query("SELECT COUNT(*) FROM events")[0][0]

    # ------------------------------------------------------------------ queries

    def events(self, flt: EventFilter = EventFilter()) -> Iterator[Event]:
        """Merged events, by date then id."""
        where, params = flt.where()
        rows = self.query(f"SELECT {', '.join(FIELDS)} FROM events{where} ORDER BY event_date, event_id",
                          params)
        return (_row_event(r, 0) for r in rows)

    def sources(self, event_id: str) -> list[dict[str, Any]]:
        """The active reports of one merged event: article, outlet, party, claim, figures, evidence."""
        rows = self.query(
            "SELECT s.article_id, a.doc_id, s.outlet, s.source, s.claim_status, s.fatalities, s.evidence, "
            "s.extractor_version FROM event_sources s JOIN articles a ON a.id = s.article_id "
            "WHERE s.merged_event_id = ? AND s.superseded = 0 ORDER BY s.report_key", (event_id,))
        keys = ("article_id", "doc_id", "outlet", "source", "claim_status", "fatalities", "evidence",
                "extractor_version")
        out = [dict(zip(keys, r)) for r in rows]
        for d in out:
            d["evidence"] = json.loads(d["evidence"])
        return out

    def stats(self, flt: EventFilter = EventFilter()) -> list[tuple[str, str, int, int]]:
        """``(iso_week, admin1, events, fatalities)`` rows, e.g. ``("2021-W30", "Daraa", 4, 7)``."""
        where, params = flt.where()
        table: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
        for day, admin1, fatalities in self.query(f"SELECT event_date, admin1, fatalities FROM events{where}",
                                                  params):
            if day:
                y, w, _ = date.fromisoformat(day).isocalendar()
                week = f"{y}-W{w:02d}"
            else:
                week = "undated"
            cell = table[(week, admin1 or "")]
            cell[0] += 1
            cell[1] += fatalities or 0
        return [(w, a, n, f) for (w, a), (n, f) in sorted(table.items())]

    def counts(self) -> dict[str, int]:
        """Rows per table (active and superseded alike)."""
        tables = ("articles", "article_sightings", "event_sources", "victims", "events")
        return {t: self.query(f"SELECT COUNT(*) FROM {t}")[0][0] for t in tables}
