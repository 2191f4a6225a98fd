"""Schema tests: schemathesis generates requests from /openapi.json; none may get a 500."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")
pytest.importorskip("fastapi")
from hypothesis import HealthCheck, settings  # noqa: E402

from marsad.cli import main  # noqa: E402
from marsad.server import Settings, create_app  # noqa: E402

ARTICLES = Path(__file__).parent / "fixtures" / "server" / "articles.jsonl"


def _app():
    """The app over a store filled once at collection (schemathesis reads the schema then)."""
    folder = Path(tempfile.mkdtemp(prefix="marsad-schema-"))
    assert main(["ingest", str(ARTICLES), "--db", str(folder / "marsad.db")]) == 0
    return create_app(Settings(db=str(folder / "marsad.db")))


schema = schemathesis.openapi.from_asgi("/openapi.json", _app())


@schema.parametrize()
@settings(max_examples=20, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_no_request_gets_a_server_error(case):
    response = case.call()
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        body = response.json()
        assert set(body) >= {"error", "message"}, body
