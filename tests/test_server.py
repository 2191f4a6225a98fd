"""The REST API over a store filled by `marsad ingest` from hand-written articles, on every
backend: SQLite always, PostgreSQL with MARSAD_TEST_PG (see conftest.py)."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Callable

import pytest
from conftest import BACKENDS, postgres_schemas

pytest.importorskip("fastapi")
pytest.importorskip("httpx")
from fastapi.testclient import TestClient  # noqa: E402

from marsad.cli import main  # noqa: E402
from marsad.schema import CSV_COLUMNS  # noqa: E402
from marsad.server import Settings, create_app  # noqa: E402
from marsad.server import app as server_app  # noqa: E402
from marsad.store import open_store  # noqa: E402

ARTICLES = Path(__file__).parent / "fixtures" / "server" / "articles.jsonl"
CLASH_REPORTS = {"srv-clash-1", "srv-clash-2"}  # two outlets, one clash in Tafas


@pytest.fixture(scope="module", params=BACKENDS)
def new_store(request, tmp_path_factory) -> Callable[[str], str]:
    """A factory of empty stores for this module's backend: a SQLite file, or a URL to a new
    PostgreSQL schema (dropped when the module is done)."""
    if request.param == "sqlite":
        folder = tmp_path_factory.mktemp("server")
        yield lambda name: str(folder / f"{name}.db")
        return
    with postgres_schemas("t_api") as make:
        yield make


@pytest.fixture(scope="module")
def db(new_store) -> str:
    path = new_store("main")
    assert main(["ingest", str(ARTICLES), "--db", path]) == 0
    return path


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(Settings(db=db))) as c:
        yield c


def get(client, url, **params):
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def events(client, **params) -> list[dict]:
    return get(client, "/api/events", **params)["events"]


def token(db) -> str:
    out = io.StringIO()
    from contextlib import redirect_stdout

    with redirect_stdout(out):
        assert main(["token", "create", "--db", db, "--name", "tests"]) == 0
    return out.getvalue().strip()


# ---------------------------------------------------------------- events and filters


def test_the_two_reports_of_the_tafas_clash_are_one_event_with_two_sources(client):
    (clash,) = events(client, event_type="Battles")
    assert clash["location"] == "Tafas" and clash["n_sources"] == 2
    assert all(e["event_type"] == "Battles" for e in events(client, event_type="Battles"))


def test_events_filter_by_several_types_and_sub_type(client):
    both = events(client, event_type=["Battles", "Explosions/Remote violence"])
    assert {e["event_type"] for e in both} == {"Battles", "Explosions/Remote violence"}
    air = events(client, sub_event_type="Air/drone strike")
    assert [e["location"] for e in air] == ["Ariha"]


def test_unknown_event_type_is_rejected_as_json(client):
    r = client.get("/api/events", params={"event_type": "Picnics"})
    assert r.status_code == 422
    assert r.json()["error"] == "invalid_request" and "event_type" in r.json()["message"]


def test_date_range_keeps_only_events_inside(client):
    got = events(client, since="2022-03-14", until="2022-03-20")
    assert sorted(e["event_date"] for e in got) == ["2022-03-14", "2022-03-20"]


def test_admin1_country_actor_inter_claim_and_fatalities_filters(client):
    assert {e["admin1"] for e in events(client, admin1="daraa")} == {"Daraa"}
    assert len(events(client, country="SY")) == len(events(client, country="Syria")) == len(events(client, country="760")) == 4
    assert events(client, country="Lebanon") == []
    rebels = events(client, actor="opposition")
    assert [e["event_type"] for e in rebels] == ["Battles"]
    assert events(client, inter=2) == rebels
    assert all(e["fatalities"] >= 2 for e in events(client, min_fatalities=2))
    assert len(events(client, min_fatalities=2)) == 2
    assert events(client, claim_status="denied") == []


def test_bbox_keeps_only_events_inside_the_box(client):
    idlib = events(client, bbox="36.4,35.5,36.9,36.0")
    assert {e["admin1"] for e in idlib} == {"Idleb"} and len(idlib) == 3
    r = client.get("/api/events", params={"bbox": "36,35,37"})
    assert r.status_code == 422 and r.json()["error"] == "invalid_request"


def test_text_query_finds_an_event_through_the_words_of_its_article(client):
    # «ناشطون» is in the text of one clash report, in no event field searched by LIKE.
    (found,) = events(client, q="ناشطون")
    assert found["event_type"] == "Battles"


def test_pagination_pages_through_all_events_and_bounds_the_page_size(client):
    first = get(client, "/api/events", limit=3, offset=0)
    second = get(client, "/api/events", limit=3, offset=3)
    assert first["total"] == second["total"] == 4
    assert len(first["events"]) == 3 and len(second["events"]) == 1
    assert client.get("/api/events", params={"limit": 501}).status_code == 422


def test_text_query_reads_arabic_words_after_their_proclitics(client):
    # «بطفس»: no field contains it, but the articles' words are indexed without proclitics.
    (found,) = events(client, q="بطفس")
    assert found["location"] == "Tafas"


def test_latin_text_query_matches_english_fields_ignoring_case(client):
    assert [e["location"] for e in events(client, q="TAFAS")] == ["Tafas"]
    assert {e["admin1"] for e in events(client, q="idleb")} == {"Idleb"}  # in the notes


def test_common_and_rare_text_queries_find_the_same_events(client, monkeypatch):
    def found(share: float) -> list[str]:
        monkeypatch.setattr(server_app.queries, "DENSE_SHARE", share)
        return [e["event_id"] for e in events(client, q="قوات النظام")]

    assert found(0.0) == found(1.0) and len(found(1.0)) == 3  # one article has no «قوات النظام»


def test_sorting_by_date_ascending(client):
    days = [e["event_date"] for e in events(client, sort="date")]
    assert days == sorted(days)


def test_quotes_and_sql_in_a_filter_are_only_a_value(client):
    assert events(client, admin1="x' OR '1'='1") == []
    assert events(client, actor="%") == []  # the wildcard is escaped, it matches a literal '%'
    assert len(events(client)) == 4  # and nothing was dropped


# ---------------------------------------------------------------- cursor paging

PAGING_COUNTRIES = {760: "Syria", 422: "Lebanon", 368: "Iraq", 400: "Jordan"}  # separate merge partitions
# (day, fatalities, iso) of each event: ties on day and on fatalities, and undated events.
PAGING_EVENTS = [("2022-01-05", 3, 760), ("2022-01-05", 1, 422), ("2022-01-05", 3, 368),
                 ("2022-01-10", 0, 760), ("2022-01-10", 3, 422), ("2022-02-01", 7, 760),
                 ("2021-12-31", 1, 400), (None, 2, 760), (None, 0, 422), (None, 3, 368), ("2022-03-01", 2, 400)]


class StandIn:
    """An extractor returning one hand-made event per document (its id is the event's index)."""

    def extract_document(self, doc):
        from marsad.schema import Event

        n = int(doc.id.split("-")[1])
        day, fatalities, iso = PAGING_EVENTS[n]
        return [Event(event_id=f"page-{n:02d}", doc_id=doc.id, event_date=day, time_precision=1,
                      disorder_type="Political violence", event_type="Battles", sub_event_type="Armed clash",
                      actor1="Military Forces of Syria (2000-)", inter1=1, iso=iso,
                      country=PAGING_COUNTRIES[iso], admin1="Somewhere", location=f"Place {n}",
                      location_ar="مكان", latitude=33.0 + n / 10, longitude=36.0, geo_precision=1,
                      fatalities=fatalities, claim_status="reported", source="outlet", confidence=0.8)]


@pytest.fixture(scope="module")
def paging(new_store):
    from marsad.document import Document

    path = new_store("paging")
    with open_store(path) as store:
        docs = [Document(id=f"doc-{n}", text=f"خبر رقم {n} عن اشتباك", published=None, source="outlet")
                for n in range(len(PAGING_EVENTS))]
        assert store.ingest(docs, extractor=StandIn()).added == len(PAGING_EVENTS)
    with TestClient(create_app(Settings(db=path))) as c:
        yield c


def expected_order(all_events: list[dict], sort: str) -> list[str]:
    """Event ids in the API's order, computed here: by the key (undated last in either
    direction), then by event id."""
    column, descending = sort.lstrip("-"), sort.startswith("-")
    column = {"date": "event_date"}.get(column, column)
    known = sorted((e for e in all_events if e[column] is not None), key=lambda e: e["event_id"])
    known.sort(key=lambda e: e[column], reverse=descending)  # stable: ids stay ascending in ties
    return [e["event_id"] for e in known] + sorted(e["event_id"] for e in all_events if e[column] is None)


@pytest.mark.parametrize("sort", ["-date", "date", "fatalities", "-fatalities"])
def test_cursor_walks_every_event_once_in_sort_order(paging, sort):
    everything = get(paging, "/api/events", limit=500)
    assert everything["next"] is None and everything["total"] == len(PAGING_EVENTS)
    walked, cursor = [], None
    for _ in range(len(PAGING_EVENTS)):
        page = get(paging, "/api/events", limit=2, sort=sort, **({"cursor": cursor} if cursor else {}))
        walked += [e["event_id"] for e in page["events"]]
        cursor = page["next"]
        if cursor is None:
            break
    assert walked == expected_order(everything["events"], sort)


@pytest.mark.parametrize("sort", ["-date", "date"])
def test_offset_pages_cross_from_dated_to_undated_events(paging, sort):
    order = expected_order(get(paging, "/api/events", limit=500)["events"], sort)
    pages = [e["event_id"] for offset in range(0, len(order), 3)
             for e in events(paging, limit=3, offset=offset, sort=sort)]
    assert pages == order
    assert events(paging, limit=3, offset=len(order) - 1, sort=sort)[0]["event_id"] == order[-1]


def test_cursor_with_filters_stays_inside_them(paging):
    first = get(paging, "/api/events", limit=1, country="SY")
    second = get(paging, "/api/events", limit=5, country="SY", cursor=first["next"])
    assert {e["iso"] for e in first["events"] + second["events"]} == {760}
    assert len(first["events"] + second["events"]) == 4 and second["next"] is None


def test_a_foreign_or_mismatched_cursor_is_a_json_422(paging):
    cursor = get(paging, "/api/events", limit=1)["next"]
    for params in ({"cursor": "not-a-cursor"}, {"cursor": cursor, "sort": "fatalities"},
                   {"cursor": cursor, "offset": 3}):
        r = paging.get("/api/events", params=params)
        assert r.status_code == 422 and r.json()["error"] == "invalid_request", params


def test_points_and_exports_keep_undated_events_last(paging):
    lines = paging.get("/api/export/jsonl").text.splitlines()
    days = [json.loads(x)["event_date"] for x in lines]
    assert days[-3:] == [None, None, None] and days[:-3] == sorted(days[:-3])
    points = get(paging, "/api/points")["points"]
    assert [p[5] for p in points][-3:] == [None, None, None] and len(points) == len(PAGING_EVENTS)


# ---------------------------------------------------------------- one event, articles


def test_event_detail_has_each_report_with_evidence_that_indexes_its_article(client):
    clash = events(client, event_type="Battles")[0]
    detail = get(client, f"/api/events/{clash['event_id']}")
    assert {r["article"]["doc_id"] for r in detail["reports"]} == CLASH_REPORTS
    for report in detail["reports"]:
        text = report["article"]["text"]
        assert report["evidence"]
        for span in report["evidence"]:
            assert text[span["start"]:span["end"]] == span["text"]


def test_unknown_event_is_a_json_404(client):
    r = client.get("/api/events/evt-nothing")
    assert r.status_code == 404
    assert r.json() == {"error": "not_found", "message": "no event 'evt-nothing'"}


def test_article_search_returns_snippets_with_marked_matches(client):
    hits = get(client, "/api/articles", q="قصف")["articles"]
    assert hits and all("**" in h["snippet"] for h in hits)
    assert get(client, "/api/articles")["total"] == 5


def test_article_page_keeps_html_in_the_text_as_characters(client):
    hit = next(h for h in get(client, "/api/articles")["articles"] if h["doc_id"] == "srv-xss-1")
    article = get(client, f"/api/articles/{hit['article_id']}")
    assert "<script>" in article["text"] and article["reports"]


# ---------------------------------------------------------------- aggregates, points, exports


def test_weekly_aggregates_by_type_add_up_to_the_events(client):
    buckets = get(client, "/api/aggregates", interval="week", by="event_type")
    assert sum(b["events"] for b in buckets) == 4
    assert {"period": "2022-03-07", "key": "Battles", "events": 1, "fatalities": 2} in buckets
    assert all(b["period"] in ("2022-03-07", "2022-03-14", "2022-03-21") for b in buckets)  # Mondays


def test_points_give_coordinates_of_located_events(client):
    points = get(client, "/api/points", event_type="Battles")["points"]
    assert len(points) == 1 and points[0][3] == "Battles"
    assert 32 < points[0][2] < 33 and 35.5 < points[0][1] < 36.5  # Tafas: lat, lon


def test_csv_export_has_acled_columns_and_one_row_per_event(client):
    r = client.get("/api/export/csv", params={"admin1": "Idleb"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert list(rows[0]) == list(CSV_COLUMNS) and len(rows) == 3


def test_geojson_and_jsonl_exports_parse(client):
    geo = client.get("/api/export/geojson").json()
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == 4
    lines = client.get("/api/export/jsonl", params={"event_type": "Battles"}).text.splitlines()
    assert [json.loads(x)["location"] for x in lines] == ["Tafas"]


def test_export_streams_in_chunks_in_date_order(db, monkeypatch):
    chunks = []
    original = server_app.queries.iter_events

    def small_chunks(store_of, q, chunk=1000):
        for part in original(store_of, q, chunk=1):
            chunks.append(len(part))
            yield part

    monkeypatch.setattr(server_app.queries, "iter_events", small_chunks)
    with TestClient(create_app(Settings(db=db))) as c:
        lines = c.get("/api/export/jsonl").text.splitlines()
    assert chunks == [1, 1, 1, 1]
    days = [json.loads(x)["event_date"] for x in lines]
    assert days == sorted(days) and len(days) == 4


def test_export_larger_than_the_limit_is_refused(db):
    with TestClient(create_app(Settings(db=db, max_export=2))) as c:
        r = c.get("/api/export/csv")
    assert r.status_code == 400 and r.json()["error"] == "too_large"


# ---------------------------------------------------------------- tokens, writing, private mode


def test_post_articles_needs_a_token(client):
    body = {"articles": [{"text": "قصفت قوات النظام بلدة كفرنبل اليوم"}]}
    r = client.post("/api/articles", json=body)
    assert r.status_code == 401 and r.json()["error"] == "unauthorized"
    r = client.post("/api/articles", json=body, headers={"Authorization": "Bearer marsad_wrong"})
    assert r.status_code == 401


def test_posted_article_is_coded_and_its_event_appears(new_store):
    db = new_store("post")
    secret = token(db)
    with TestClient(create_app(Settings(db=db))) as c:
        body = {"articles": [{"id": "post-1", "published": "2022-04-02", "source": "وكالة",
                              "text": "اندلعت اشتباكات عنيفة بين قوات النظام ومقاتلين محليين في مدينة طفس بريف درعا اليوم السبت."},
                             {"text": "The weather is nice today in the city."}]}
        r = c.post("/api/articles", json=body, headers={"Authorization": f"Bearer {secret}"})
        assert r.status_code == 200, r.text
        out = r.json()
        assert out["added"] == 1 and out["skipped"] == 1 and out["article_ids"][1] is None
        assert [e["location"] for e in c.get("/api/events").json()["events"]] == ["Tafas"]


def test_tokens_are_stored_hashed(new_store):
    db = new_store("hashed")
    secret = token(db)
    with open_store(db) as store:
        stored = [r[0] for r in store.query("SELECT token_hash FROM api_tokens")]
    assert len(stored) == 1 and secret not in stored and secret[7:] not in stored[0]


def test_revoked_token_no_longer_writes(new_store, capsys):
    db = new_store("revoked")
    secret = token(db)
    main(["token", "list", "--db", db])
    token_id = capsys.readouterr().out.split()[0]
    assert main(["token", "revoke", token_id, "--db", db]) == 0
    with TestClient(create_app(Settings(db=db))) as c:
        r = c.post("/api/articles", json={"articles": [{"text": "نص"}]}, headers={"Authorization": f"Bearer {secret}"})
    assert r.status_code == 401


def test_private_server_closes_read_endpoints_to_requests_without_token(db):
    secret = token(db)
    with TestClient(create_app(Settings(db=db, private=True))) as c:
        assert c.get("/api/events").status_code == 401
        assert c.get("/api/export/csv").status_code == 401
        assert c.get("/api/events", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
        assert c.get("/api/health").status_code == 200


# ---------------------------------------------------------------- errors, pages, schema


def test_a_crash_is_answered_as_json_without_a_traceback(db, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("secret internals /home/user/db.py line 3")

    monkeypatch.setattr(server_app.queries, "count_events", boom)
    with TestClient(create_app(Settings(db=db)), raise_server_exceptions=False) as c:
        r = c.get("/api/events")
    assert r.status_code == 500
    assert r.json()["error"] == "internal_error"
    assert "secret" not in r.text and "Traceback" not in r.text


def test_unknown_path_and_method_are_json_errors(client):
    assert client.get("/api/nothing").json()["error"] == "not_found"
    r = client.delete("/api/events")
    assert r.status_code == 405 and r.json()["error"] == "method_not_allowed"


def test_dashboard_pages_are_served_with_a_strict_content_security_policy(client):
    for path in ("/", "/event/evt-anything"):
        r = client.get(path)
        assert r.status_code == 200 and "<main id=\"app\">" in r.text
        assert "script-src 'self';" in r.headers["content-security-policy"]
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/countries-50m.json").status_code == 200
    assert client.get("/static/admin1.json").status_code == 200  # province outlines, offline


def test_api_docs_load_only_local_assets(client):
    html = client.get("/docs").text
    assert "/static/vendor/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
    assert client.get("/static/vendor/swagger-ui-bundle.js").status_code == 200


def test_openapi_describes_every_endpoint(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/events", "/api/events/{event_id}", "/api/articles", "/api/aggregates",
                 "/api/export/{fmt}", "/api/points", "/api/meta"):
        assert path in paths
    assert "post" in paths["/api/articles"]
