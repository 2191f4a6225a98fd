"""Shared fixtures. Store: a fresh event store per test, on every backend, and one extractor per session.

The store tests run on SQLite always and on PostgreSQL when ``MARSAD_TEST_PG`` holds a server
URL (``eval "$(scripts/ci_postgres.sh)"`` starts one and sets it). Each PostgreSQL store is a
schema of its own, dropped after the test. On CI (``CI=true``) a missing ``MARSAD_TEST_PG``
fails the PostgreSQL tests instead of skipping them, so they cannot go silently untested.
"""
from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import quote

import pytest

STORE_FIXTURES = Path(__file__).parent / "fixtures" / "store"
BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def extractor():
    """One configured extractor for the whole session (loading lexicons is not free)."""
    from marsad.api import Marsad

    return Marsad()


def postgres_url() -> str:
    """The test server's URL; skip (fail on CI) when there is none."""
    url = os.environ.get("MARSAD_TEST_PG", "")
    if not url:
        message = "MARSAD_TEST_PG is not set: run scripts/ci_postgres.sh for a PostgreSQL server"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI must test PostgreSQL)")
        pytest.skip(message)
    return url


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    """The store backend of a test: ``sqlite`` or ``postgresql``."""
    if request.param == "postgresql":
        postgres_url()
    return request.param


@contextmanager
def postgres_schemas(prefix: str) -> Iterator[Callable[[str], str]]:
    """``make(name)`` gives the URL of a new PostgreSQL schema ``<prefix>_<name>_<random>``; every
    schema made is dropped on leaving."""
    import psycopg

    url, schemas = postgres_url(), []

    def make(name: str) -> str:
        schema = f"{prefix}_{name}_{uuid.uuid4().hex[:10]}".lower()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        schemas.append(schema)
        sep = "&" if "?" in url else "?"
        return f"{url}{sep}options={quote(f'-csearch_path={schema}')}"

    try:
        yield make
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            for schema in schemas:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def new_db(backend, tmp_path) -> Iterator[Callable[[str], str]]:
    """A factory of empty store locations on this test's backend: ``new_db("name")`` is a SQLite
    file in ``tmp_path`` or a URL to a new PostgreSQL schema (dropped after the test)."""
    if backend == "sqlite":
        yield lambda name: str(tmp_path / f"{name}.db")
        return
    with postgres_schemas("t") as make:
        yield make


@pytest.fixture
def store(new_db):
    """An empty event store (SQLite file or PostgreSQL schema)."""
    from marsad.store import open_store

    with open_store(new_db("test")) as s:
        yield s


@pytest.fixture
def store_articles() -> Path:
    """Hand-written articles: one clash told by two outlets, a copy, a shelling, a bad line."""
    return STORE_FIXTURES / "articles.jsonl"
