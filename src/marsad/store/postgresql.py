"""The PostgreSQL event store: the same schema and logic as SQLite, for a team's server.

``open_store("postgresql://user:password@host:5432/marsad")`` (psycopg 3). The tables live
in the connection's current schema (``?options=-csearch_path%3Dname`` picks another one).

Writers are serialized as SQLite's are: every write transaction first takes a
transaction-level advisory lock on the store (its schema), so two ``marsad ingest`` runs on
one database never interleave a re-merge or deadlock on each other's new articles. Coding,
the slow part of ingest, runs outside the transaction, so the lock is held only while a
batch is written. Readers never wait.
"""
from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache
from typing import Any, Iterator, Sequence

from .backend import Store, StoreOpenError
from .migrate import migrate
from .search import Hit, hits, query_terms, ts_query

# Text search configuration: 'simple' lowercases and nothing else, the matching is marsad's.
TS_CONFIG = "simple"


@lru_cache(maxsize=512)
def _paramstyle(sql: str) -> str:
    """``?`` placeholders as psycopg's ``%s`` (a literal ``%`` doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


class PostgresStore(Store):
    """An event store in a PostgreSQL database (created and migrated on open)."""

    dialect = "postgresql"

    def __init__(self, url: str, timeout: float = 60.0):
        try:
            import psycopg
        except ImportError:
            raise StoreOpenError("the PostgreSQL store needs psycopg: pip install 'marsad[postgresql]'") from None
        self.url = url
        try:
            # Autocommit: reads stand alone; writes are grouped by ``transaction()``.
            self.conn = psycopg.connect(url, autocommit=True, connect_timeout=max(1, int(timeout)))
        except psycopg.Error as err:
            raise StoreOpenError(" ".join(str(err).split())) from None
        # A writer waits for the lock at most ``timeout`` (as SQLite's busy_timeout), then fails.
        self.conn.execute(f"SET lock_timeout = '{int(timeout * 1000)}ms'")
        with self.transaction():
            migrate(self.execute, self.query, self.columns, self.dialect)

    # ------------------------------------------------------------------ dialect hooks

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(_paramstyle(sql), params or None)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        # Every caller expects rows (SELECT, RETURNING): in pipeline mode ``description`` is not
        # known before the results arrive, and fetchall() is what waits for them.
        return self.conn.execute(_paramstyle(sql), params or None).fetchall()

    def columns(self, table: str) -> set[str]:
        return {r[0] for r in self.query(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = ?", (table,))}

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction, holding the store's writer lock until it commits.

        It runs in pipeline mode: statements whose results nobody reads are sent without
        waiting for the server, which saves most of a batch's round trips.
        """
        with self.conn.pipeline(), self.conn.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(hashtext('marsad.store:' || current_schema()))")
            yield

    def index_article(self, article_id: int, text: str) -> None:
        from .search import index_text

        self.execute(f"UPDATE articles SET search_vector = to_tsvector('{TS_CONFIG}', ?) WHERE id = ?",
                     (index_text(text), article_id))

    def close(self) -> None:
        self.conn.close()

    # ------------------------------------------------------------------ search

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """Articles matching every word of ``query``, best first (ts_rank_cd), with snippets."""
        terms = query_terms(query)
        if not terms:
            return []
        rows = self.query(
            "SELECT a.id, a.doc_id, a.title, a.source, a.published, ts_rank_cd(a.search_vector, q) AS score, "
            f"a.text FROM articles a, to_tsquery('{TS_CONFIG}', ?) q "
            "WHERE a.search_vector @@ q ORDER BY score DESC, a.id LIMIT ?", (ts_query(terms), limit))
        return hits(rows, terms)

    def matching_articles(self, query: str) -> tuple[str, list[Any]] | None:
        terms = query_terms(query)
        if not terms:
            return None
        return (f"SELECT id FROM articles WHERE search_vector @@ to_tsquery('{TS_CONFIG}', ?)",
                [ts_query(terms)])
