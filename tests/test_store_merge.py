"""Cross-article merging, on Event objects built by hand (independent of the extractor)."""
from __future__ import annotations

import itertools

from marsad.schema import Event, Victim, validate
from marsad.store.merge import Report, cluster, merge

DARAA = (32.6189, 36.1021)
DARAA_BALAD = (32.6050, 36.1050)  # about 1.6 km from Daraa's centre
BUSRA = (32.5180, 36.4810)  # about 37 km away


def report(n: int, article: int | None = None, *, date: str = "2021-07-29", sub: str = "Armed clash",
           place: tuple[float, float] | None = DARAA, location_ar: str = "درعا", fatalities: int = 0,
           claim: str = "reported", actors: tuple[str, str] = ("Military Forces of Syria (2000-)",
                                                             "Opposition Rebels (Syria)"),
           source: str = "", victims: list[Victim] | None = None) -> Report:
    et = {"Armed clash": "Battles", "Shelling/artillery/missile attack": "Explosions/Remote violence"}[sub]
    lat, lon = place if place else (None, None)
    e = Event(event_id=f"mrs-{n:04d}", doc_id=f"doc-{n}", event_date=date, time_precision=1,
              disorder_type="Political violence", event_type=et, sub_event_type=sub,
              actor1=actors[0], actor2=actors[1], inter1=1 if actors[0] else None,
              inter2=2 if actors[1] else None, interaction=12 if actors[1] else (10 if actors[0] else None),
              iso=760, country="Syria", admin1="Daraa", location="Daraa", location_ar=location_ar,
              latitude=lat, longitude=lon, geo_precision=1, fatalities=fatalities, claim_status=claim,
              source=source or f"outlet {n}", victims=victims or [], confidence=0.8)
    return Report(row_id=n, article_id=article if article is not None else n, outlet=f"outlet {n}",
                  key=f"{n:04d}", event=e)


def test_same_clash_from_two_outlets_becomes_one_event_with_both_sources():
    merged = merge([report(1, fatalities=3), report(2, fatalities=5)])
    assert len(merged) == 1
    assert [r.row_id for r in merged[0].members] == [1, 2]
    assert merged[0].event.source == "outlet 1; outlet 2"
    assert validate(merged[0].event) == []


def test_fatalities_take_the_lowest_credible_figure_and_keep_the_range():
    m = merge([report(1, fatalities=5), report(2, fatalities=3), report(3, fatalities=0)])[0]
    assert (m.event.fatalities, m.fatalities_min, m.fatalities_max) == (3, 3, 5)
    assert "range from 3 to 5" in m.event.notes


def test_denial_is_kept_beside_the_report_and_its_figure_is_not_credible():
    m = merge([report(1, fatalities=4), report(2, fatalities=1, claim="denied", source="الوطن")])[0]
    assert m.event.claim_status == "reported"
    assert m.event.fatalities == 4
    assert m.claim_statuses == "outlet 1: reported; الوطن: denied"
    assert "Denied by الوطن" in m.event.notes


def test_event_denied_by_every_source_stays_denied():
    m = merge([report(1, claim="denied"), report(2, claim="denied")])[0]
    assert m.event.claim_status == "denied"


def test_adjacent_days_and_nearby_places_merge():
    assert len(merge([report(1), report(2, date="2021-07-30", place=DARAA_BALAD)])) == 1


def test_two_days_apart_do_not_merge():
    assert len(merge([report(1), report(2, date="2021-07-31")])) == 2


def test_distant_places_do_not_merge():
    assert len(merge([report(1), report(2, place=BUSRA, location_ar="بصرى الشام")])) == 2


def test_places_without_coordinates_merge_only_by_the_same_name():
    same = merge([report(1, place=None, location_ar="درعا البلد"), report(2, place=None, location_ar="دَرعا البلد")])
    other = merge([report(1, place=None, location_ar="درعا البلد"), report(2, place=None, location_ar="طفس")])
    assert (len(same), len(other)) == (1, 2)


def test_other_sub_event_type_does_not_merge():
    assert len(merge([report(1), report(2, sub="Shelling/artillery/missile attack")])) == 2


def test_contradicting_actors_do_not_merge_but_a_missing_actor_does():
    other = report(2, actors=("Islamic State (Syria)", "Kurdish Forces"))
    unnamed = report(3, actors=("", ""))
    assert len(merge([report(1), other])) == 2
    assert len(merge([report(1), unnamed])) == 1


def test_two_events_of_one_article_never_merge():
    assert len(merge([report(1, article=7), report(2, article=7)])) == 2


def test_undated_reports_stay_alone():
    assert len(merge([report(1, date=None), report(2, date=None)])) == 2


def test_daily_clashes_at_one_place_do_not_chain_into_one_event():
    days = [report(i, date=f"2021-07-{d}") for i, d in enumerate(("28", "29", "30", "31"), 1)]
    sizes = sorted(len(c) for c in cluster(days))
    assert max(sizes) <= 2


def test_merge_result_does_not_depend_on_input_order():
    reports = [report(1, fatalities=2), report(2, date="2021-07-30"), report(3, fatalities=6),
               report(4, place=BUSRA, location_ar="بصرى الشام"), report(5, date="2021-07-31")]
    results = {tuple((m.event.event_id, tuple(r.row_id for r in m.members), m.event.fatalities)
                     for m in merge(p)) for p in itertools.permutations(reports)}
    assert len(results) == 1


def test_merged_id_is_that_of_the_first_report_and_stays_when_a_later_report_joins():
    before = merge([report(1), report(2)])[0].event.event_id
    after = merge([report(1), report(2), report(3, date="2021-07-30")])[0].event.event_id
    assert before == after == "evt-0001"


def test_named_victims_are_listed_once():
    v = [Victim(name_ar="أحمد فرحان", status="killed")]
    v2 = [Victim(name_ar="احمد فرحان", status="killed"), Victim(name_ar="محمود سالم", status="injured")]
    m = merge([report(1, victims=v), report(2, victims=v2)])[0]
    assert [x.name_ar for x in m.event.victims] == ["أحمد فرحان", "محمود سالم"]
