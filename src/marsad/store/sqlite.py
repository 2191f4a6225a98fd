"""The SQLite event store: one file, WAL journal, FTS5 search over the articles.

Several processes may write one file: each write transaction starts with ``BEGIN
IMMEDIATE`` (it takes the write lock at once, so two writers never deadlock upgrading a
read lock), waits up to ``timeout`` seconds for the lock (busy_timeout), and is retried
a few times when SQLite still reports the file busy.
"""
from __future__ import annotations

import random
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Sequence

from .backend import Store
from .migrate import migrate
from .search import Hit, fts_query, hits, index_text, query_terms

RETRIES = 5


def _busy(err: sqlite3.OperationalError) -> bool:
    message = str(err).lower()
    return "locked" in message or "busy" in message


class SQLiteStore(Store):
    """An event store in one SQLite file (created and migrated on open)."""

    dialect = "sqlite"

    def __init__(self, path: str | Path, timeout: float = 60.0):
        self.path = str(path)
        # Autocommit mode: transactions are opened explicitly by ``transaction()``.
        self.conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        # Switching a new file to WAL takes an exclusive lock and fails at once (without waiting for
        # the busy timeout) while another process is creating the same store: retry it.
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode = WAL")
                break
            except sqlite3.OperationalError as err:
                if not _busy(err) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self.conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable at each commit
        self.conn.execute("PRAGMA foreign_keys = ON")
        with self.transaction():
            migrate(self.execute, self.query, self.columns, self.dialect)

    # ------------------------------------------------------------------ dialect hooks

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(sql, params)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        return self.conn.execute(sql, params).fetchall()

    def columns(self, table: str) -> set[str]:
        return {row[1] for row in self.conn.execute(f"PRAGMA table_info({table})")}

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction; BEGIN IMMEDIATE is retried while another writer holds the file."""
        for attempt in range(RETRIES):
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as err:
                if not _busy(err) or attempt == RETRIES - 1:
                    raise
                time.sleep(0.05 * 2 ** attempt + random.random() * 0.05)
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def index_article(self, article_id: int, text: str) -> None:
        self.execute("INSERT INTO article_search (rowid, body) VALUES (?, ?)", (article_id, index_text(text)))

    def close(self) -> None:
        self.conn.close()

    # ------------------------------------------------------------------ search

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """Articles matching every word of ``query``, best first (bm25), with snippets."""
        terms = query_terms(query)
        if not terms:
            return []
        rows = self.query(
            "SELECT a.id, a.doc_id, a.title, a.source, a.published, bm25(article_search) AS score, a.text "
            "FROM article_search JOIN articles a ON a.id = article_search.rowid "
            "WHERE article_search MATCH ? ORDER BY score, a.id LIMIT ?", (fts_query(terms), limit))
        return hits(rows, terms, score=lambda bm25: -bm25)  # bm25: lower is better

    def matching_articles(self, query: str) -> tuple[str, list[Any]] | None:
        terms = query_terms(query)
        if not terms:
            return None
        return "SELECT rowid FROM article_search WHERE article_search MATCH ?", [fts_query(terms)]

    def integrity(self) -> str:
        """``ok`` when SQLite finds the file sound."""
        return self.query("PRAGMA integrity_check")[0][0]
