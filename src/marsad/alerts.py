"""Alert rules and webhook deliveries of ``marsad watch``, kept in a small SQLite file next to the store.

A rule selects merged events as ``marsad events`` does (country, admin1, event type or
sub-type: :class:`marsad.store.EventFilter`) and names a webhook. Every match is recorded
before it is sent, with the reports it was built from, so an event is posted at most once per
rule even when a later article joins it and the merge gives it a new id. A delivery that
fails stays pending and is retried (next cycle, next run) until :data:`MAX_ATTEMPTS`.

Delivery is at least once across a crash between the POST and its record; every POST carries
an ``Idempotency-Key`` header (rule and event) so that a receiver can drop such a repeat.
"""
from __future__ import annotations

import json
import sqlite3
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable

from .schema import Event
from .store import EventFilter

MAX_ATTEMPTS = 10  # deliveries of one event before it is given up (status 'failed')
TRIES_PER_CYCLE = 3
TIMEOUT = 10.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS alerts (
    id INTEGER PRIMARY KEY, iso INTEGER, admin1 TEXT, event_type TEXT, webhook TEXT NOT NULL,
    created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sends (
    alert_id INTEGER NOT NULL, event_id TEXT NOT NULL, payload TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT,
    matched_at TEXT NOT NULL, sent_at TEXT, PRIMARY KEY (alert_id, event_id));
CREATE TABLE IF NOT EXISTS sent_reports (
    alert_id INTEGER NOT NULL, report TEXT NOT NULL, event_id TEXT NOT NULL,
    PRIMARY KEY (alert_id, report));
"""


def state_path(db: str | Path) -> Path:
    """The watcher's own file next to the store: ``marsad.db`` -> ``marsad.db.watch.sqlite``
    (for a database URL, ``marsad-watch.sqlite`` in the working folder)."""
    text = str(db)
    if "://" in text and not text.startswith("sqlite:///"):
        return Path("marsad-watch.sqlite")
    return Path(text.removeprefix("sqlite:///") + ".watch.sqlite")


def connect(path: str | Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)  # autocommit: one write, one commit
    conn.executescript(_SCHEMA)
    return conn


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Rule:
    """An alert rule: which merged events, and where to post them."""

    id: int
    iso: int | None
    admin1: str | None
    event_type: str | None
    webhook: str

    def filter(self, **window: Any) -> EventFilter:
        return EventFilter(iso=self.iso, admin1=self.admin1, event_type=self.event_type, **window)

    def describe(self) -> str:
        parts = [f"country {self.iso}" if self.iso is not None else "",
                 f"admin1 {self.admin1}" if self.admin1 else "", f"type {self.event_type}" if self.event_type else ""]
        return f"#{self.id}: {', '.join(p for p in parts if p) or 'every event'} -> {self.webhook}"


class AlertBook:
    """The rules and the record of what was matched and sent."""

    def __init__(self, path: str | Path):
        self.conn = connect(path)

    def close(self) -> None:
        self.conn.close()

    def add(self, webhook: str, iso: int | None = None, admin1: str | None = None,
            event_type: str | None = None) -> Rule:
        if not webhook.startswith(("http://", "https://")):
            raise ValueError(f"not an http(s) webhook URL: {webhook!r}")
        cur = self.conn.execute("INSERT INTO alerts (iso, admin1, event_type, webhook, created_at) "
                                "VALUES (?, ?, ?, ?, ?)", (iso, admin1, event_type, webhook, _now()))
        return Rule(cur.lastrowid, iso, admin1, event_type, webhook)

    def remove(self, rule_id: int) -> bool:
        return self.conn.execute("DELETE FROM alerts WHERE id = ?", (rule_id,)).rowcount > 0

    def rules(self) -> list[Rule]:
        return [Rule(*row) for row in self.conn.execute(
            "SELECT id, iso, admin1, event_type, webhook FROM alerts ORDER BY id")]

    def record(self, rule: Rule, event: Event, reports: Iterable[str]) -> bool:
        """Record a match to send; False (nothing recorded) when the event, or any report it is
        built from, was already matched by this rule."""
        reports = sorted(set(reports))
        with self.conn:  # one transaction: the match and its reports, or neither
            self.conn.execute("BEGIN IMMEDIATE")
            if self.conn.execute("SELECT 1 FROM sends WHERE alert_id = ? AND event_id = ?",
                                 (rule.id, event.event_id)).fetchone():
                return False
            marks = ", ".join("?" * len(reports))
            if reports and self.conn.execute(
                    f"SELECT 1 FROM sent_reports WHERE alert_id = ? AND report IN ({marks})",
                    (rule.id, *reports)).fetchone():
                return False
            payload = {"alert": rule.id, "event": event.to_dict()}
            self.conn.execute("INSERT INTO sends (alert_id, event_id, payload, matched_at) VALUES (?, ?, ?, ?)",
                              (rule.id, event.event_id, json.dumps(payload, ensure_ascii=False), _now()))
            self.conn.executemany("INSERT INTO sent_reports (alert_id, report, event_id) VALUES (?, ?, ?)",
                                  [(rule.id, r, event.event_id) for r in reports])
        return True

    def deliver(self, post: Callable[[str, bytes, dict[str, str]], None] | None = None,
                log: Callable[[str], None] = lambda s: None, pause: float = 0.5) -> int:
        """POST every pending match (a few tries each, with a growing pause); returns how many were sent."""
        post = post or post_json
        rows = self.conn.execute(
            "SELECT s.alert_id, s.event_id, s.payload, s.attempts, a.webhook FROM sends s "
            "JOIN alerts a ON a.id = s.alert_id WHERE s.status = 'pending' ORDER BY s.matched_at, s.event_id").fetchall()
        sent = 0
        for alert_id, event_id, payload, attempts, webhook in rows:
            headers = {"Content-Type": "application/json", "Idempotency-Key": f"marsad-{alert_id}-{event_id}"}
            error = ""
            for attempt in range(TRIES_PER_CYCLE):
                try:
                    post(webhook, payload.encode("utf-8"), headers)
                    error = ""
                    break
                except (OSError, urllib.error.URLError, ValueError) as exc:
                    error = str(exc)
                    if attempt + 1 < TRIES_PER_CYCLE:
                        time.sleep(pause * 2 ** attempt)
            attempts += 1
            if not error:
                self.conn.execute("UPDATE sends SET status = 'sent', attempts = ?, sent_at = ?, last_error = NULL "
                                  "WHERE alert_id = ? AND event_id = ?", (attempts, _now(), alert_id, event_id))
                sent += 1
                continue
            status = "failed" if attempts >= MAX_ATTEMPTS else "pending"
            self.conn.execute("UPDATE sends SET status = ?, attempts = ?, last_error = ? "
                              "WHERE alert_id = ? AND event_id = ?", (status, attempts, error, alert_id, event_id))
            log(f"marsad: alert #{alert_id}: {event_id} not delivered to {webhook} ({error}); "
                + ("given up" if status == "failed" else "will retry"))
        return sent

    def sends(self) -> list[tuple[int, str, str, int]]:
        """``(alert_id, event_id, status, attempts)`` of every recorded match."""
        return self.conn.execute("SELECT alert_id, event_id, status, attempts FROM sends "
                                 "ORDER BY alert_id, event_id").fetchall()


def post_json(url: str, body: bytes, headers: dict[str, str], timeout: float = TIMEOUT) -> None:
    """POST ``body``; raises on a network error or a non-2xx answer."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) checked on add
        response.read()
