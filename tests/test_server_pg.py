"""`marsad serve` on the PostgreSQL store, as a separate process answering over HTTP.

Needs MARSAD_TEST_PG (``eval "$(scripts/ci_postgres.sh)"``); skipped without it, failed on CI
(see conftest.py). The API's behaviour on both backends is tested in test_server.py.
"""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from conftest import postgres_url

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
psycopg = pytest.importorskip("psycopg")

from marsad.cli import main  # noqa: E402
from marsad.server.app import StorePool  # noqa: E402

ARTICLES = Path(__file__).parent / "fixtures" / "server" / "articles.jsonl"


@pytest.fixture(scope="module")
def pg_db() -> str:
    """The fixture articles ingested into a new PostgreSQL schema (dropped afterwards)."""
    url = postgres_url()
    schema = f"t_serve_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    db = f"{url}{'&' if '?' in url else '?'}options={quote(f'-csearch_path={schema}')}"
    assert main(["ingest", str(ARTICLES), "--db", db]) == 0
    yield db
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(pg_db):
    """``marsad serve --db postgresql://...`` in its own process; yields its base URL."""
    port = free_port()
    code = "import sys; from marsad.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.Popen([sys.executable, "-c", code, "serve", "--db", pg_db, "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/api/health", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    pytest.fail(f"marsad serve did not start: {proc.communicate()[1][-2000:]}")
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as r:
        assert r.status == 200
        return json.loads(r.read())


def test_serve_on_postgresql_answers_events_with_filters_and_words(server):
    page = get_json(server + "/api/events?" + urlencode({"country": "SY", "limit": 100}))
    assert page["total"] == 4 and len(page["events"]) == 4
    (clash,) = get_json(server + "/api/events?" + urlencode({"q": "ناشطون"}))["events"]
    assert clash["location"] == "Tafas" and clash["n_sources"] == 2
    assert [e["location"] for e in get_json(server + "/api/events?q=tafas")["events"]] == ["Tafas"]


def test_serve_on_postgresql_pages_with_a_cursor(server):
    first = get_json(server + "/api/events?limit=3")
    second = get_json(server + "/api/events?" + urlencode({"limit": 3, "cursor": first["next"]}))
    ids = [e["event_id"] for e in first["events"] + second["events"]]
    assert len(ids) == len(set(ids)) == 4 and second["next"] is None


def test_serve_on_postgresql_gives_event_pages_search_aggregates_and_exports(server):
    clash = get_json(server + "/api/events?event_type=Battles")["events"][0]
    detail = get_json(server + "/api/events/" + quote(clash["event_id"], safe=""))
    assert len(detail["reports"]) == 2
    hits = get_json(server + "/api/articles?" + urlencode({"q": "قصف"}))["articles"]
    assert hits and all("**" in h["snippet"] for h in hits)
    weeks = get_json(server + "/api/aggregates?interval=week")
    assert sum(b["events"] for b in weeks) == 4
    with urllib.request.urlopen(server + "/api/export/csv", timeout=30) as r:
        assert len(r.read().decode("utf-8").splitlines()) == 5  # header + 4 events


def test_serve_on_postgresql_refuses_writes_without_a_token_as_json(server):
    request = urllib.request.Request(server + "/api/articles", method="POST", data=b'{"articles": []}',
                                     headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request, timeout=30)
    assert err.value.code == 401 and json.loads(err.value.read())["error"] == "unauthorized"


def test_store_pool_reopens_a_postgresql_connection_that_was_closed(pg_db):
    pool = StorePool(pg_db)
    try:
        store = pool.get()
        store.close()  # as a server restart or a network cut leaves it
        again = pool.get()
        assert again is not store and again.query("SELECT COUNT(*) FROM events")[0][0] == 4
    finally:
        pool.close()
