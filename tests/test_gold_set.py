"""The in-repo gold set (tests/gold/) follows the coding guide and covers what the gate needs."""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from marsad.schema import CLAIM_STATUSES, EVENT_TYPES, GEO_PRECISIONS, INTER_CODES, TIME_PRECISIONS, VICTIM_STATUSES

GOLD_DIR = Path(__file__).resolve().parent / "gold"
EVENT_FIELDS = (
    "event_type", "sub_event_type", "event_date", "time_precision", "location_ar", "aliases_ar", "location",
    "country", "admin1", "latitude", "longitude", "geo_precision", "actor1", "actor1_ar", "actor2", "actor2_ar",
    "inter1", "inter2", "fatalities", "victims", "claim_status", "evidence_ar", "notes",
)


def _lines(name: str) -> list[dict]:
    with open(GOLD_DIR / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="module")
def docs() -> dict[str, dict]:
    return {d["id"]: d for d in _lines("docs.jsonl")}


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return _lines("gold.jsonl")


def _events(gold: list[dict]) -> list[tuple[str, dict]]:
    return [(g["id"], e) for g in gold for e in g["events"]]


def test_doc_and_gold_ids_are_unique_and_match(docs, gold):
    doc_ids = [d["id"] for d in _lines("docs.jsonl")]
    gold_ids = [g["id"] for g in gold]
    assert len(doc_ids) == len(set(doc_ids))
    assert len(gold_ids) == len(set(gold_ids))
    assert set(gold_ids) == set(doc_ids), "every article needs exactly one gold line"


def test_docs_have_text_title_and_iso_or_null_published(docs):
    for d in docs.values():
        assert d["text"].startswith(d["title"]), d["id"]
        assert 80 <= len(d["text"].split()) <= 300, d["id"]
        if d["published"] is not None:
            dt.date.fromisoformat(d["published"])


def test_every_event_has_the_guide_fields_with_valid_values(gold):
    for doc_id, e in _events(gold):
        missing = [f for f in EVENT_FIELDS if f not in e]
        assert not missing, (doc_id, missing)
        assert e["sub_event_type"] in EVENT_TYPES.get(e["event_type"], ()), (doc_id, e["sub_event_type"])
        assert e["time_precision"] in TIME_PRECISIONS and e["geo_precision"] in GEO_PRECISIONS, doc_id
        assert e["claim_status"] in CLAIM_STATUSES, doc_id
        assert e["inter1"] in INTER_CODES and (e["inter2"] is None or e["inter2"] in INTER_CODES), doc_id
        assert isinstance(e["fatalities"], int) and e["fatalities"] >= 0, doc_id
        assert all(v["status"] in VICTIM_STATUSES and v["name_ar"] for v in e["victims"]), doc_id
        assert len(e["country"]) == 2 and e["country"].isupper(), doc_id
        assert (e["latitude"] is None) == (e["longitude"] is None), doc_id
        if e["event_date"] is not None:
            dt.date.fromisoformat(e["event_date"])


def test_evidence_and_place_are_quoted_exactly_from_the_article(docs, gold):
    for doc_id, e in _events(gold):
        text = docs[doc_id]["text"]
        assert e["evidence_ar"] and e["evidence_ar"] in text, (doc_id, e["evidence_ar"])
        assert e["location_ar"] in text, (doc_id, e["location_ar"])


def test_event_dates_are_not_after_publication_and_null_without_a_date(docs, gold):
    for doc_id, e in _events(gold):
        pub = docs[doc_id]["published"]
        if pub and e["event_date"]:
            assert e["event_date"] <= pub, doc_id


def test_relevance_flag_agrees_with_events_and_negatives_are_prefixed(gold):
    for g in gold:
        assert g["relevant"] == bool(g["events"]), g["id"]
        assert g["id"].startswith("neg_") == (not g["events"]), g["id"]
    assert sum(1 for g in gold if not g["events"]) >= 12


def test_coverage_all_sub_types_sixty_articles_two_hundred_events(docs, gold):
    counts = Counter(e["sub_event_type"] for _, e in _events(gold))
    thin = {s: counts[s] for subs in EVENT_TYPES.values() for s in subs if counts[s] < 3}
    assert not thin, f"sub-event types with fewer than 3 events: {thin}"
    assert len(docs) >= 60
    assert sum(counts.values()) >= 200


def test_claim_statuses_and_undated_articles_are_represented(docs, gold):
    statuses = Counter(e["claim_status"] for _, e in _events(gold))
    assert all(statuses[s] >= 3 for s in CLAIM_STATUSES), statuses
    assert sum(1 for d in docs.values() if d["published"] is None) >= 5
