"""``marsad watch`` and ``marsad alert``: poll news feeds, code new articles into the store, alert.

A cycle polls every outlet that is due (its own interval, or its backoff after errors) with a
conditional request (ETag / Last-Modified), fetches the pages of items not seen before, extracts
their main text (:func:`marsad.ingest.read_html`), ingests them into the store, then matches the
merged events those articles produced against the alert rules (:mod:`marsad.alerts`) and posts
each new match to its webhook. A feed that is down or returns garbage is logged and retried
with exponential backoff; it never stops the others.

The watcher's state (validators, backoff, items seen, rules, deliveries) lives in a SQLite file
next to the store (:func:`marsad.alerts.state_path`), so a restarted watcher re-fetches nothing
and sends nothing twice.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Callable

import yaml

from .alerts import AlertBook, Rule, connect, state_path
from .document import Document
from .ingest import InputError
from .schema import Event
from .store.feeds import page_document

DEFAULT_INTERVAL = 300.0  # seconds between polls of an outlet that gives none
MAX_BACKOFF = 3600.0
MAX_PAGE_TRIES = 5  # fetches of an item's page before the item is given up
MAX_BYTES = 10_000_000
TIMEOUT = 15.0
USER_AGENT = "marsad-watch (+https://github.com/marsad)"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, failures INTEGER NOT NULL DEFAULT 0,
    next_due REAL NOT NULL DEFAULT 0, last_error TEXT, last_ok TEXT);
CREATE TABLE IF NOT EXISTS items (
    feed TEXT NOT NULL, item TEXT NOT NULL, url TEXT, status TEXT NOT NULL, tries INTEGER NOT NULL DEFAULT 0,
    reason TEXT, seen_at TEXT NOT NULL, PRIMARY KEY (feed, item));
"""


# --------------------------------------------------------------------------- configuration


@dataclass(frozen=True)
class Outlet:
    name: str
    url: str
    interval: float = DEFAULT_INTERVAL


def load_feeds(path: str | Path) -> list[Outlet]:
    """Outlets of a feeds file: ``outlets: [{name, url, interval}]`` (interval in seconds,
    optional). Raises ValueError naming the problem."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    entries = data.get("outlets") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"{path}: expected 'outlets:', a list of {{name, url, interval}}")
    outlets, seen = [], set()
    for i, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or set(entry) - {"name", "url", "interval"}:
            raise ValueError(f"{path}: outlet {i}: expected the keys name, url, interval")
        url = entry.get("url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise ValueError(f"{path}: outlet {i}: url must be an http(s) URL")
        interval = entry.get("interval", DEFAULT_INTERVAL)
        if isinstance(interval, bool) or not isinstance(interval, (int, float)) or interval < 0:
            raise ValueError(f"{path}: outlet {i}: interval must be a number of seconds")
        if url in seen:
            raise ValueError(f"{path}: outlet {i}: duplicate url {url}")
        seen.add(url)
        outlets.append(Outlet(str(entry.get("name") or url), url, float(interval)))
    return outlets


def backoff_delay(failures: int, base: float, interval: float) -> float:
    """Seconds before polling a feed again after ``failures`` errors in a row: ``base`` doubled
    per failure, capped at an hour, never sooner than the outlet's own interval."""
    if failures <= 0:
        return interval
    return max(interval, min(base * 2 ** (failures - 1), MAX_BACKOFF))


# --------------------------------------------------------------------------- HTTP


class FeedError(Exception):
    """A feed or page that could not be fetched or read; ``retry_after`` from the server, if any."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


@dataclass
class Response:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


def fetch(url: str, headers: dict[str, str] | None = None, timeout: float = TIMEOUT) -> Response:
    """GET ``url``; 200 and 304 are answers, anything else raises :class:`FeedError`."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:  # noqa: S310 - http(s) checked on load
            body = r.read(MAX_BYTES + 1)
            if len(body) > MAX_BYTES:
                raise FeedError(f"{url}: larger than {MAX_BYTES} bytes")
            return Response(r.status, {k.lower(): v for k, v in r.headers.items()}, body)
    except urllib.error.HTTPError as err:
        if err.code == 304:
            return Response(304, {k.lower(): v for k, v in err.headers.items()})
        raise FeedError(f"{url}: HTTP {err.code}", _retry_after(err.headers.get("Retry-After"))) from None
    except (urllib.error.URLError, OSError, ValueError) as err:
        reason = getattr(err, "reason", err)
        raise FeedError(f"{url}: {reason}") from None


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


# --------------------------------------------------------------------------- one feed


def _page(entry: Any, outlet: Outlet) -> Document:
    """The article behind a feed item: its page fetched (a failure keeps its retry delay for the
    back-off) and reduced to the main text, as ``marsad ingest`` reads feed items."""
    link = entry.get("link")
    if not link:
        raise InputError(entry.get("id", "?"), "feed item has no link")
    return page_document(entry, fetch(link).body, link, outlet.name, doc_id=link)


class _Recorder:
    """Passes the coder through and remembers what it coded (the articles new to the store)."""

    def __init__(self, engine: Any):
        self.engine = engine
        self.events: dict[str, list[Event]] = {}

    def extract_document(self, doc: Document) -> list[Event]:
        events = self.engine.extract_document(doc)
        self.events[doc.id] = events
        return events


@dataclass
class Watcher:
    """Polls outlets into a store and raises alerts; one :meth:`cycle` at a time."""

    outlets: list[Outlet]
    store: Any  # marsad.store.Store
    state: Path
    backoff: float = 60.0
    log: Callable[[str], None] = lambda s: print(s, file=sys.stderr, flush=True)
    emit: Callable[[str], None] = lambda s: print(s, flush=True)
    engine: Any = None
    clock: Callable[[], float] = time.time

    def __post_init__(self) -> None:
        if self.engine is None:
            from .api import Marsad

            self.engine = Marsad()
        self.conn = connect(self.state)
        self.conn.executescript(_SCHEMA)
        self.alerts = AlertBook(self.state)

    def close(self) -> None:
        self.conn.close()
        self.alerts.close()

    def cycle(self) -> dict[str, int]:
        """Poll the outlets that are due, ingest, match and deliver; counts of what happened."""
        counts = {"polled": 0, "failed": 0, "articles": 0, "alerts": 0, "sent": 0}
        recorder = _Recorder(self.engine)
        for outlet in self.outlets:
            if not self._due(outlet):
                continue
            counts["polled"] += 1
            try:
                counts["articles"] += self._poll(outlet, recorder)
            except FeedError as err:
                counts["failed"] += 1
                self._failed(outlet, str(err), err.retry_after)
            except Exception as err:  # noqa: BLE001 - whatever one feed does, the others go on
                counts["failed"] += 1
                self._failed(outlet, f"{outlet.url}: {type(err).__name__}: {err}", None)
        counts["alerts"] = self._match(recorder.events)
        counts["sent"] = self.alerts.deliver(log=self.log)
        return counts

    # ------------------------------------------------------------------ polling

    def _feed_row(self, url: str) -> tuple:
        row = self.conn.execute("SELECT etag, last_modified, failures, next_due FROM feeds WHERE url = ?",
                                (url,)).fetchone()
        return row or (None, None, 0, 0.0)

    def _due(self, outlet: Outlet) -> bool:
        return self._feed_row(outlet.url)[3] <= self.clock()

    def _failed(self, outlet: Outlet, message: str, retry_after: float | None) -> None:
        failures = self._feed_row(outlet.url)[2] + 1
        delay = max(backoff_delay(failures, self.backoff, outlet.interval), retry_after or 0.0)
        self.conn.execute(
            "INSERT INTO feeds (url, failures, next_due, last_error) VALUES (?, ?, ?, ?) ON CONFLICT (url) DO "
            "UPDATE SET failures = excluded.failures, next_due = excluded.next_due, last_error = excluded.last_error",
            (outlet.url, failures, self.clock() + delay, message))
        self.log(f"marsad: watch: {outlet.name}: {message} (failure {failures}, retry in {delay:.0f} s)")

    def _poll(self, outlet: Outlet, recorder: _Recorder) -> int:
        """Poll one feed and ingest its new articles; returns how many were stored."""
        import feedparser

        etag, modified, _, _ = self._feed_row(outlet.url)
        headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", modified)) if v}
        response = fetch(outlet.url, headers)
        if response.status == 304:
            self._succeeded(outlet, etag, modified)
            return 0
        parsed = feedparser.parse(response.body)
        entries = [e for e in parsed.entries if e.get("link")]
        if parsed.bozo or not parsed.version:
            problem = parsed.get("bozo_exception") or "no RSS/Atom feed found"
            if not entries:
                raise FeedError(f"{outlet.url}: not a valid RSS/Atom feed ({problem})")
            # feedparser reads malformed feeds leniently: use what it found, but say so
            self.log(f"marsad: watch: {outlet.name}: malformed feed, read leniently ({problem})")
        docs, keys, complete = [], [], True
        for entry in entries:
            key = entry.get("id") or entry.get("link")
            if not key or self._seen(outlet.url, key):
                continue
            try:
                docs.append(_page(entry, outlet))
                keys.append((key, entry.get("link")))
            except FeedError as err:  # the page may come back: try again at the next poll
                complete = False
                self._page_failed(outlet, key, entry.get("link"), str(err))
            except InputError as err:  # a page with no Arabic article in it never will
                self._item(outlet.url, key, entry.get("link"), "skipped", str(err))
                self.log(f"marsad: watch: {outlet.name}: skipped {err}")
        stored = 0
        if docs:
            result = self.store.ingest(docs, extractor=recorder, on_error=lambda m: self.log(f"marsad: watch: {m}"))
            stored = result.added
            for key, link in keys:
                self._item(outlet.url, key, link, "stored", None)
            self.log(f"marsad: watch: {outlet.name}: {len(docs)} new items, {result.added} new articles, "
                     f"{result.events} events")
        # Keep the validators only when every item was handled: a 304 would hide a failed page.
        self._succeeded(outlet, response.headers.get("etag") if complete else None,
                        response.headers.get("last-modified") if complete else None)
        return stored

    def _succeeded(self, outlet: Outlet, etag: str | None, modified: str | None) -> None:
        self.conn.execute(
            "INSERT INTO feeds (url, etag, last_modified, failures, next_due, last_ok) VALUES (?, ?, ?, 0, ?, ?) "
            "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, "
            "failures = 0, next_due = excluded.next_due, last_error = NULL, last_ok = excluded.last_ok",
            (outlet.url, etag, modified, self.clock() + outlet.interval, datetime.now(timezone.utc).isoformat()))

    def _seen(self, feed: str, key: str) -> bool:
        row = self.conn.execute("SELECT status FROM items WHERE feed = ? AND item = ?", (feed, key)).fetchone()
        return row is not None and row[0] != "retry"

    def _item(self, feed: str, key: str, url: str | None, status: str, reason: str | None) -> None:
        self.conn.execute(
            "INSERT INTO items (feed, item, url, status, reason, seen_at) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (feed, item) DO UPDATE SET status = excluded.status, reason = excluded.reason",
            (feed, key, url, status, reason, datetime.now(timezone.utc).isoformat()))

    def _page_failed(self, outlet: Outlet, key: str, url: str | None, message: str) -> None:
        row = self.conn.execute("SELECT tries FROM items WHERE feed = ? AND item = ?", (outlet.url, key)).fetchone()
        tries = (row[0] if row else 0) + 1
        status = "failed" if tries >= MAX_PAGE_TRIES else "retry"
        self._item(outlet.url, key, url, status, message)
        self.conn.execute("UPDATE items SET tries = ? WHERE feed = ? AND item = ?", (tries, outlet.url, key))
        self.log(f"marsad: watch: {outlet.name}: {message} (try {tries}"
                 + (", given up)" if status == "failed" else ", will retry)"))

    # ------------------------------------------------------------------ alerts

    def _match(self, coded: dict[str, list[Event]]) -> int:
        """Record and print the merged events of newly coded articles that match a rule."""
        rules = self.alerts.rules()
        events = [e for evs in coded.values() for e in evs]
        if not rules or not events:
            return 0
        days = [e.event_date for e in events]
        window: dict[str, date] = {}
        if None not in days:  # merged events of these reports lie within a day of them
            window = {"since": date.fromisoformat(min(days)) - timedelta(days=1),
                      "until": date.fromisoformat(max(days)) + timedelta(days=1)}
        new_docs = set(coded)
        matched = 0
        for rule in rules:
            for event in list(self.store.events(rule.filter(**window))):
                sources = self.store.sources(event.event_id)
                if not new_docs & {s["doc_id"] for s in sources}:
                    continue
                reports = [f"{s['article_id']}:{_span_key(s['evidence'])}" for s in sources]
                if self.alerts.record(rule, event, reports):
                    matched += 1
                    self.emit(json.dumps({"alert": rule.id, "event": event.to_dict()}, ensure_ascii=False))
        return matched


def _span_key(evidence: list[dict[str, Any]]) -> str:
    """A report's identity within its article: where its evidence lies."""
    return ",".join(f"{s['start']}-{s['end']}" for s in evidence) or "-"


def watch(watcher: Watcher, cycles: int = 0, interval: float = 60.0,
          sleep: Callable[[float], None] = time.sleep) -> None:
    """Run ``cycles`` cycles (0: until interrupted), ``interval`` seconds apart."""
    n = 0
    while not cycles or n < cycles:
        counts = watcher.cycle()
        n += 1
        watcher.log(f"marsad: watch: cycle {n}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        if not cycles or n < cycles:
            sleep(interval)


# --------------------------------------------------------------------------- command line


def add_subcommands(subparsers: argparse._SubParsersAction) -> None:
    """``marsad watch`` and ``marsad alert add|list|remove``."""
    from .store.cli import _country

    p = subparsers.add_parser(
        "watch", help="poll RSS/Atom feeds into the store and send alerts",
        description="Poll the outlets of a feeds file (outlets: [{name, url, interval}]) with conditional "
        "requests, fetch new items' pages, code them into the store, and post each new event matching an "
        "alert rule (marsad alert add) to its webhook, printing it as a JSON line.")
    p.add_argument("--feeds", required=True, metavar="FEEDS.yaml", help="the outlets to poll")
    p.add_argument("--db", metavar="PATH", help="the store (default: $MARSAD_DB or ./marsad.db)")
    p.add_argument("--cycles", type=int, default=0, metavar="N", help="stop after N cycles (default: run until stopped)")
    p.add_argument("--interval", type=float, default=60.0, metavar="S", help="seconds between cycles (default 60)")
    p.add_argument("--backoff", type=float, default=60.0, metavar="S",
                   help="first wait after a feed fails, doubled per failure up to an hour (default 60)")
    p.add_argument("--gazetteer", metavar="PATH", help="an imported gazetteer (default: the embedded one)")
    p.set_defaults(func=cmd_watch)

    p = subparsers.add_parser("alert", help="alert rules of marsad watch (add, list, remove)",
                              description="Rules that select new merged events and the webhook to post them to.")
    sub = p.add_subparsers(dest="alert_command", metavar="ACTION", required=True, parser_class=type(p))
    add = sub.add_parser("add", help="add a rule", description="Post new events matching every given filter.")
    add.add_argument("--country", type=_country, metavar="CODE", help="ISO code or name: SY, SYR, Syria, 760")
    add.add_argument("--admin1", metavar="NAME", help="first-level region, English (e.g. Daraa)")
    add.add_argument("--type", dest="event_type", metavar="TYPE", help="an ACLED event type or sub-event type")
    add.add_argument("--webhook", required=True, metavar="URL", help="where to POST each event as JSON")
    for q in (add, sub.add_parser("list", help="list the rules")):
        q.add_argument("--db", metavar="PATH", help="the store (default: $MARSAD_DB or ./marsad.db)")
    rm = sub.add_parser("remove", help="remove a rule")
    rm.add_argument("rule_id", type=int, metavar="ID")
    rm.add_argument("--db", metavar="PATH", help="the store (default: $MARSAD_DB or ./marsad.db)")
    p.set_defaults(func=cmd_alert)


def _state(db: str | None) -> Path:
    from .store import default_db

    return state_path(db or default_db())


def cmd_alert(args: argparse.Namespace) -> int:
    book = AlertBook(_state(args.db))
    try:
        if args.alert_command == "add":
            if args.event_type:
                from .schema import EVENT_TYPES, SUB_EVENT_TYPES

                if args.event_type not in EVENT_TYPES and args.event_type not in SUB_EVENT_TYPES:
                    print(f"marsad alert: unknown event type {args.event_type!r}", file=sys.stderr)
                    return 1
            try:
                rule = book.add(args.webhook, args.country, args.admin1, args.event_type)
            except ValueError as err:
                print(f"marsad alert: {err}", file=sys.stderr)
                return 1
            print(f"added alert {rule.describe()}")
        elif args.alert_command == "list":
            for rule in book.rules():
                print(rule.describe())
        elif not book.remove(args.rule_id):
            print(f"marsad alert: no rule #{args.rule_id}", file=sys.stderr)
            return 1
        return 0
    finally:
        book.close()


def cmd_watch(args: argparse.Namespace) -> int:
    from .store import default_db, open_store

    try:
        outlets = load_feeds(args.feeds)
    except (OSError, ValueError, yaml.YAMLError) as err:
        print(f"marsad watch: {err}", file=sys.stderr)
        return 1
    engine = None
    if args.gazetteer:
        from .api import Marsad

        engine = Marsad(gazetteer=args.gazetteer)
    db = args.db or default_db()
    with open_store(db) as store:
        watcher = Watcher(outlets, store, state_path(db), backoff=args.backoff, engine=engine)
        try:
            watch(watcher, cycles=args.cycles, interval=args.interval)
        finally:
            watcher.close()
    return 0


__all__ = ["Outlet", "Rule", "Watcher", "FeedError", "backoff_delay", "fetch", "load_feeds", "watch",
           "add_subcommands"]
