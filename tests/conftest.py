"""Shared fixtures. Store: a fresh SQLite event store per test and one extractor per session."""
from __future__ import annotations

from pathlib import Path

import pytest

STORE_FIXTURES = Path(__file__).parent / "fixtures" / "store"


@pytest.fixture(scope="session")
def extractor():
    """One configured extractor for the whole session (loading lexicons is not free)."""
    from marsad.api import Marsad

    return Marsad()


@pytest.fixture
def store(tmp_path):
    """An empty SQLite event store in a temporary folder."""
    from marsad.store import open_store

    with open_store(tmp_path / "test.db") as s:
        yield s


@pytest.fixture
def store_articles() -> Path:
    """Hand-written articles: one clash told by two outlets, a copy, a shelling, a bad line."""
    return STORE_FIXTURES / "articles.jsonl"
