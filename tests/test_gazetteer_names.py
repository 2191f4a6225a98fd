"""Names read after a place-type word: definite prepositions («منطقة العند») and compound
district names («مديرية حزم العدين»), with their data file place_name_rules.yaml."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from marsad.gazetteer import Gazetteer, lexicon
from marsad.gazetteer import mentions as mentions_module
from marsad.geocode import resolve_places
from marsad.normalize import normalize


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    os.environ.setdefault("MARSAD_CACHE", str(Path(tempfile.gettempdir()) / "marsad-test-cache"))
    return Gazetteer.open(path=None)


def found(gaz: Gazetteer, raw: str) -> list[tuple[str, str, str | None]]:
    return [(m.text, m.kind, m.cue) for m in gaz.find_places(normalize(raw).text) if m.kind != "adjective"]


def placed(gaz: Gazetteer, raw: str) -> dict[str, object]:
    text = normalize(raw).text
    return {r.location_ar: r for r in resolve_places(text, gaz.find_places(text), gazetteer=gaz)}


# --- the data file ----------------------------------------------------------------------------

def test_name_rules_load_normalized():
    rules = mentions_module.name_rules()
    assert "عند" in rules.function_words and "لدي" in rules.function_words  # ى -> ي
    assert rules.compound_cues == {"مديريه", "ناحيه", "قضاء"}


@pytest.mark.parametrize("content, error", [
    ("function_words: [عند, عند]\ncompound_cues: [مديرية]\n", "distinct"),
    ("function_words: [عند]\ncompound_cues: [مديرية, مستودع]\n", "not cues"),
    ("function_words: [عند]\ncompound_cues: [مديرية]\nextra: [x]\n", "unknown sections"),
    ("function_words: [عند, '']\ncompound_cues: [مديرية]\n", "non-empty"),
])
def test_malformed_name_rules_are_rejected(tmp_path, monkeypatch, content, error):
    for name in ("place_cues.yaml", "place_stopwords.yaml"):
        (tmp_path / name).write_bytes((lexicon.DATA / name).read_bytes())
    (tmp_path / mentions_module.NAME_RULES_FILE).write_text(content, encoding="utf-8")
    monkeypatch.setattr(lexicon, "DATA", tmp_path)
    mentions_module.name_rules.cache_clear()
    try:
        with pytest.raises(lexicon.LexiconError, match=error):
            mentions_module.name_rules()
    finally:
        mentions_module.name_rules.cache_clear()


# --- a preposition with the article after a cue is a name -------------------------------------

def test_definite_preposition_after_an_area_cue_is_an_unknown_name(gaz):
    assert ("العند", "unknown_after_cue", "منطقه") in found(gaz, "سقطت قذائف على منطقة العند جنوبي البلاد.")


def test_definite_preposition_hangs_on_the_governorate_named_with_it(gaz):
    place = placed(gaz, "تجددت المواجهات في منطقة العند بمحافظة لحج مساء الثلاثاء.")["العند"]
    assert place.place.name_en == "Lahij" and place.relation == "in Lahij"


def test_bare_preposition_after_a_cue_is_still_no_name(gaz):
    assert found(gaz, "وصلت التعزيزات إلى منطقة عند الفجر.") == []


def test_definite_noun_of_the_stop_lists_after_a_cue_is_still_no_name(gaz):
    # «الاشتباكات» is an ordinary word with the article: only prepositions and particles change.
    assert found(gaz, "عادت الأسر إلى منطقة الاشتباكات السابقة.") == []


def test_known_definite_preposition_after_a_facility_cue_is_a_name(tmp_path):
    aliases = tmp_path / "places.yaml"
    aliases.write_text("places:\n  - {names: [العند], en: Al Anad, lat: 13.18, lon: 44.78, country: YE, "
                       "admin1: Lahij}\n", encoding="utf-8")
    gaz = Gazetteer.open(path=None, aliases=aliases)
    assert found(gaz, "استهدفت الطائرات قاعدة العند الجوية فجر اليوم.") == [("العند", "name", "قاعده")]
    assert found(gaz, "بقي الجنود في القاعدة عند الفجر.") == []


# --- two names after a district cue are one -----------------------------------------------------

def test_two_names_after_a_district_cue_are_one_compound_name(gaz):
    assert found(gaz, "قتل ثلاثة مدنيين بقصف استهدف مديرية حزم العدين مساء أمس.") == [
        ("حزم العدين", "unknown_after_cue", "مديريه")]


def test_compound_district_is_placed_near_its_known_part(gaz):
    place = placed(gaz, "قتل ثلاثة مدنيين بقصف استهدف مديرية حزم العدين مساء أمس.")["حزم العدين"]
    assert place.place.name_en == "Al 'Udayn" and place.place.admin1 == "Ibb"
    assert place.geo_precision == 2 and place.parent is None


def test_compound_district_related_to_a_town_hangs_on_that_town(gaz):
    place = placed(gaz, "دارت معارك في مديرية حزم العدين شمال مدينة تعز.")["حزم العدين"]
    assert place.relation == "north of Taizz"


@pytest.mark.parametrize("sentence", [
    "قتل مدني في قصف على مديرية حزم والعدين.",  # a conjunction: two districts
    "قتل مدني في قصف على مديرية حزم، العدين.",  # punctuation
    "أصيب مدنيان بقصف مدفعي على مديرية حيفان تعز.",  # a governorate and city says where it lies
    "قتل مدني في قصف على مدينة حزم العدين.",  # not a district cue
])
def test_names_after_a_district_cue_stay_apart_otherwise(gaz, sentence):
    assert len([m for m in found(gaz, sentence) if m[1] == "name"]) == 2
