"""The contract module: types, sub-types, inter codes and validation."""
import pytest

from marsad.schema import (
    CSV_COLUMNS, EVENT_TYPES, FIELDS, SUB_EVENT_TYPES, Event, Span, Victim, interaction, validate,
)


def make_event(**kw):
    base = dict(event_id="x", doc_id="d", event_date="2021-07-29", time_precision=1,
                disorder_type="Political violence", event_type="Battles", sub_event_type="Armed clash",
                inter1=1, inter2=2, interaction=12, confidence=0.7)
    base.update(kw)
    return Event(**base)


def test_acled_has_six_event_types_and_twenty_five_sub_types():
    assert len(EVENT_TYPES) == 6
    assert len(SUB_EVENT_TYPES) == 25


def test_contract_fields_are_all_present_in_acled_csv_order():
    for f in ("event_id", "doc_id", "event_date", "time_precision", "disorder_type", "event_type",
              "sub_event_type", "actor1", "actor2", "actor1_ar", "actor2_ar", "assoc_actor_1",
              "assoc_actor_2", "inter1", "inter2", "interaction", "civilian_targeting", "iso", "country",
              "admin1", "admin2", "admin3", "location", "location_ar", "latitude", "longitude",
              "geo_precision", "fatalities", "victims", "source", "claim_status", "notes", "evidence",
              "confidence"):
        assert f in FIELDS
    assert CSV_COLUMNS[:6] == ("event_id", "event_date", "time_precision", "disorder_type", "event_type",
                               "sub_event_type")


def test_interaction_puts_the_smaller_code_first():
    assert interaction(2, 1) == 12
    assert interaction(8, 7) == 78
    assert interaction(6, None) == 60
    assert interaction(None, None) is None


def test_valid_event_has_no_problems():
    assert validate(make_event()) == []


@pytest.mark.parametrize("change, message", [
    ({"sub_event_type": "Air/drone strike"}, "not a sub-type"),
    ({"event_type": "War"}, "unknown event_type"),
    ({"event_date": "29/07/2021"}, "YYYY-MM-DD"),
    ({"inter1": 9, "interaction": 29}, "inter code"),
    ({"interaction": 21}, "interaction"),
    ({"claim_status": "rumour"}, "claim_status"),
    ({"fatalities": -1}, "fatalities"),
    ({"latitude": 32.6}, "both"),
    ({"disorder_type": "Demonstrations"}, "disorder_type"),
])
def test_validation_names_each_broken_rule(change, message):
    problems = validate(make_event(**change))
    assert any(message in p for p in problems), problems


def test_evidence_is_checked_against_the_text():
    text = "قصفت قوات النظام بلدة كفرنبل"
    good = make_event(evidence=[Span(0, 4, "قصفت")])
    bad = make_event(evidence=[Span(0, 5, "قصفت")])
    assert validate(good, text) == []
    assert any("evidence" in p for p in validate(bad, text))


def test_round_trip_through_dict_keeps_nested_objects():
    e = make_event(victims=[Victim("أحمد", "killed")], evidence=[Span(0, 4, "قصفت")])
    again = Event.from_dict(e.to_dict())
    assert again == e
