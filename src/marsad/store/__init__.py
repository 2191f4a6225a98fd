"""The event store: articles, their coded events with history, merged events, search.

    >>> from marsad.store import open_store
    >>> with open_store("marsad.db") as store:
    ...     store.ingest(iter_documents(["news/"]))
    ...     hits = store.search("قصف درعا")

SQLite by default (one file); a ``postgresql://`` URL opens the PostgreSQL backend (psycopg 3,
the ``postgresql`` extra): same schema, same behaviour.
"""
from __future__ import annotations

import os
from pathlib import Path

from .backend import EventFilter, IngestResult, Store, StoreOpenError, content_hash
from .merge import Merged, Report, merge
from .search import Hit

DEFAULT_DB = "marsad.db"


def default_db() -> str:
    """``$MARSAD_DB`` or ``./marsad.db``."""
    return os.environ.get("MARSAD_DB") or DEFAULT_DB


def open_store(db: str | Path | None = None, timeout: float = 60.0) -> Store:
    """Open (create, migrate) the store at ``db``: a file path, or a database URL."""
    target = str(db or default_db())
    if target.startswith(("postgresql:", "postgres:")):
        from .postgresql import PostgresStore

        return PostgresStore(target, timeout=timeout)
    from .sqlite import SQLiteStore

    return SQLiteStore(target.removeprefix("sqlite:///"), timeout=timeout)


__all__ = ["EventFilter", "Hit", "IngestResult", "Merged", "Report", "Store", "StoreOpenError",
           "content_hash", "default_db", "merge", "open_store"]
