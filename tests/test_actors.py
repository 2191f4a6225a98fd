"""The actor catalogue (data/actors.yaml, data/countries.yaml) and its recognizer."""
from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from marsad.actors import (
    DATA_DIR,
    ActorMention,
    catalogue,
    country_hint,
    country_name,
    find_actors,
    load_catalogue,
    resolve_actor,
    resolve_mention,
    with_nationality,
)
from marsad.normalize import normalize, normalize_text


def found(sentence: str) -> list[tuple[str, str]]:
    """(matched text, key) of each actor in a sentence written in ordinary Arabic."""
    return [(m.text, m.key) for m in find_actors(normalize_text(sentence))]


def keys(sentence: str) -> list[str]:
    return [k for _, k in found(sentence)]


# --- the data files ------------------------------------------------------------------------------


def test_packaged_catalogue_loads_with_actors_for_every_inter_code():
    cat = load_catalogue()
    inters = {e.actor.inter for e in cat.entries.values()} | {
        g.inter for g in cat.generics.values() if g.inter
    }
    assert inters == set(range(1, 9))
    assert len(cat.patterns) > 500


def test_every_stored_form_is_already_normalized():
    for form in catalogue().patterns:
        assert form == normalize_text(form), form
        assert form == form.strip() and "  " not in form


def test_every_blocker_hides_a_real_form():
    """A blocker that contains no actor form is dead weight: it can never win a match."""
    cat = catalogue()
    blockers = [f for f, p in cat.patterns.items() if not p.key]
    assert blockers
    for form in blockers:
        text = ("ال" + form) if cat.patterns[form].article == "needs" else form
        inner = [m for m in cat.candidates(text) if m.key]
        assert inner, f"blocker {text!r} contains no actor form"


def test_every_generic_resolves_in_every_country_without_template_leftovers():
    cat = catalogue()
    for key in cat.generics:
        for code in [*cat.countries, None]:
            actor = resolve_actor(key, code)
            assert "{" not in actor.name and actor.name, (key, code)
            assert 1 <= actor.inter <= 8


def test_country_table_names_match_acled_spelling():
    assert country_name("SY") == "Syria"
    assert country_name("PS") == "Palestine"
    assert country_name("SA") == "Saudi Arabia"
    assert country_name("XX") is None and country_name(None) is None
    assert catalogue().countries["IQ"].iso == 368


def _write(tmp_path: Path, actors_yaml: str) -> Path:
    path = tmp_path / "actors.yaml"
    path.write_text(textwrap.dedent(actors_yaml), encoding="utf-8")
    return path


_GOOD = """
    actors:
      - key: xx_army
        name: Military Forces of Syria
        inter: 1
        kind: state
        countries: [SY]
        ar: [الجيش السوري]
"""


def test_loader_accepts_a_minimal_file(tmp_path):
    cat = load_catalogue(_write(tmp_path, _GOOD), DATA_DIR / "countries.yaml")
    assert [m.key for m in cat.find(normalize_text("تقدم الجيش السوري"))] == ["xx_army"]


@pytest.mark.parametrize(
    "broken, message",
    [
        (_GOOD + """
      - key: xx_other
        name: Other
        inter: 2
        kind: rebel
        countries: [SY]
        ar: [الجيش السوري]
""", "already listed"),
        (_GOOD + """
      - key: xx_army
        name: Again
        inter: 2
        kind: rebel
        countries: [SY]
        ar: [جيش الفتح]
""", "duplicate key"),
        (_GOOD.replace("inter: 1", "inter: 2"), "does not go with"),
        (_GOOD.replace("[SY]", "[ZZ]"), "unknown country"),
        (_GOOD.replace("kind: state", "kind: state\n        colour: red"), "unknown fields"),
        (_GOOD.replace("[الجيش السوري]", "[الجيش السوري, الجيش السورى]"), "listed twice"),
        (_GOOD + """
    generic:
      - key: gen
        default: xx_missing
        ar: [الجنود]
""", "unknown actor"),
        (_GOOD + """
    generic:
      - key: gen
        name: Civilians ({land})
        unknown_name: Civilians
        inter: 7
        kind: civilians
        ar: [المدنيين]
""", "bad name template"),
    ],
)
def test_loader_rejects_malformed_entries(tmp_path, broken, message):
    with pytest.raises(ValueError, match=message):
        load_catalogue(_write(tmp_path, broken), DATA_DIR / "countries.yaml")


# --- recognition, country by country ----------------------------------------------------------


def test_syria_regime_units_militias_and_rebels():
    s = "اقتحمت قوات الفرقة الرابعة وعناصر الدفاع الوطني بلدة في ريف حماة بعد اشتباكات مع فصائل المعارضة"
    assert keys(s) == ["sy_military", "sy_ndf", "rebels"]
    assert keys("قصفت المخابرات الجوية وقوات الأسد مواقع هيئة تحرير الشام وجبهة النصرة") == [
        "sy_military", "sy_military", "sy_hts", "sy_nusra"]
    assert keys("تصدت قوات سوريا الديمقراطية (قسد) لهجوم شنه تنظيم الدولة الإسلامية") == [
        "sy_sdf", "sy_sdf", "isis"]


def test_several_actors_in_one_phrase_are_all_returned():
    assert found("هاجمت قوات النظام والميليشيات الإيرانية وحزب الله مواقع الثوار") == [
        ("قوات النظام", "sy_military"),
        ("الميليشيات الايرانيه", "sy_iran_militias"),
        ("حزب الله", "lb_hezbollah"),
        ("الثوار", "rebels"),
    ]


def test_iraq_forces_pmf_tribes_and_peshmerga():
    s = ("شاركت قطعات من الشرطة الاتحادية وجهاز مكافحة الإرهاب وفصائل الحشد الشعبي والحشد العشائري "
         "في تحرير القرية من عصابات داعش بإسناد من طيران التحالف الدولي والبيشمركة")
    assert keys(s) == ["iq_police", "iq_military", "iq_pmf", "iq_tribal", "isis", "global_coalition",
                       "iq_peshmerga"]


def test_yemen_houthis_saleh_resistance_coalition_and_aqap():
    s = ("تقدمت المقاومة الشعبية والجيش الوطني الموالي للشرعية بإسناد من طيران التحالف العربي "
         "على حساب ميليشيات الحوثي وقوات المخلوع صالح، فيما هاجم تنظيم القاعدة في جزيرة العرب نقطة أمنية")
    assert keys(s) == ["ye_popular_resistance", "ye_military", "ye_coalition", "ye_houthis",
                       "ye_saleh_forces", "ye_aqap"]


def test_libya_haftar_gna_and_shura_councils():
    s = "دارت معارك بين قوات حفتر ومجلس شورى ثوار بنغازي، بينما أعلنت قوات حكومة الوفاق طرد داعش ليبيا من سرت"
    assert keys(s) == ["ly_lna", "ly_bsc", "ly_gna", "ly_isis"]


def test_palestine_occupation_forces_settlers_and_factions():
    s = ("اقتحمت قوات الاحتلال الإسرائيلي مخيم جنين واعتدى مستوطنون على مزارعين، "
         "فيما أعلنت سرايا القدس وكتائب القسام قصف مستوطنات غلاف غزة")
    assert keys(s) == ["il_military", "il_settlers", "civilians", "ps_pij", "ps_hamas"]


def test_lebanon_egypt_somalia_sudan_tunisia():
    assert keys("أوقف الجيش اللبناني عنصرا من حزب الله") == ["lb_military", "lb_hezbollah"]
    assert keys("أعلن الجيش المصري مقتل عناصر من ولاية سيناء وأنصار بيت المقدس") == [
        "eg_military", "eg_sinai_province", "eg_abm"]
    assert keys("صدت قوات أميصوم والجيش الصومالي هجوما لحركة الشباب") == [
        "so_au_mission", "so_military", "so_shabaab"]
    assert keys("اندلعت اشتباكات بين الجيش السوداني وقوات الدعم السريع") == ["sd_military", "sd_rsf"]
    assert keys("لاحقت وحدات الحرس الوطني التونسي عناصر كتيبة عقبة بن نافع") == [
        "tn_police", "tn_uqba"]


def test_generic_people_and_gunmen_are_recognized():
    assert keys("أطلق مسلحون مجهولون النار على المتظاهرين فقتلوا امرأة وطفلين") == [
        "unidentified", "protesters", "civilians", "civilians"]
    assert keys("رشق مثيرو الشغب عناصر الشرطة بالحجارة") == ["rioters", "police"]


# --- clitics, boundaries, longest match ---------------------------------------------------------


def test_conjunctions_and_prepositions_before_a_name_are_allowed_but_not_kept():
    assert found("تقدم الجيش وقوات الحشد الشعبي") == [("الجيش", "army"), ("قوات الحشد الشعبي", "iq_pmf")]
    assert found("في هجوم لتنظيم الدولة") == [("تنظيم الدوله", "isis")]
    assert found("ألحقت الغارات خسائر بالحوثيين") == [("الحوثيين", "ye_houthis")]
    assert found("سلّم المسلحون أنفسهم للجيش العراقي") == [
        ("المسلحون", "unidentified"), ("للجيش العراقي", "iq_military")]
    assert found("وبداعش فالمدنيين") == [("داعش", "isis"), ("المدنيين", "civilians")]


def test_longest_form_wins():
    assert keys("سيطر الجيش السوري الحر على الحاجز") == ["sy_fsa"]
    assert keys("تقدم الجيش السوري في المنطقة") == ["sy_government_forces"]
    assert keys("استهدفت طائرة مسيرة مقرا لكتائب حزب الله") == ["air_force", "iq_kataib_hezbollah"]
    assert keys("انسحب الجيش الوطني السوري من القرية") == ["sy_sna"]


def test_forms_inside_longer_words_and_bare_stems_do_not_match():
    assert keys("صادر قسديون الأسلحة") == []  # a suffix after the form («قسد»)
    assert keys("جيش من الموظفين ينتظر نصرة القضية") == []  # الجيش and النصرة need their article
    assert keys("اشترت الحكومة معدات") == []


def test_blockers_hide_everyday_meanings():
    assert keys("هبطت الطائرة في القاعدة الجوية قرب المدينة") == []
    assert keys("استقبل الأهالي الوفد بحماس كبير") == ["civilians"]
    assert keys("صادق البرلمان على النظام الداخلي") == []


def test_weak_forms_are_flagged():
    ms = find_actors(normalize_text("قصف النظام البلدة وشارك أبناء المنطقة في صد الهجوم"))
    assert [(m.key, m.weak) for m in ms] == [("sy_military", True), ("local_fighters", True)]
    assert not find_actors(normalize_text("قصفت قوات النظام البلدة"))[0].weak


def test_mention_offsets_index_the_normalized_text_and_map_back_to_the_raw_words():
    raw = "وقصفت قوّاتُ النظامِ حيّاً، ثم اشتبكت مع «الجيشِ الحرّ»"
    norm = normalize(raw)
    ms = find_actors(norm.text)
    assert [norm.text[m.start:m.end] for m in ms] == [m.text for m in ms]
    assert [norm.raw_span(m.start, m.end) for m in ms] == ["قوّاتُ النظامِ", "الجيشِ الحرّ"]


# --- resolution ---------------------------------------------------------------------------------


def test_generic_army_and_civilians_take_the_event_country():
    assert resolve_actor("army", "SY", date(2015, 8, 1)).name == "Military Forces of Syria (2000-)"
    assert resolve_actor("army", "SY").name == "Military Forces of Syria (2024-)"  # no date: today's government
    assert resolve_actor("army", "IQ").name == "Military Forces of Iraq"
    assert resolve_actor("police", "EG").name == "Police Forces of Egypt (2014-)"
    assert resolve_actor("civilians", "YE").name == "Civilians (Yemen)"
    assert resolve_actor("protesters", "TN").name == "Protesters (Tunisia)"
    assert resolve_actor("rioters", "PS").inter == 5
    gunmen = resolve_actor("unidentified", "LY")
    assert (gunmen.name, gunmen.inter, gunmen.kind) == ("Unidentified Armed Group (Libya)", 3, "unidentified")


def test_generic_without_a_country_gets_a_country_free_name():
    assert resolve_actor("civilians", None).name == "Civilians"
    assert resolve_actor("civilians", None).countries == ()


def test_army_in_palestine_is_the_israeli_army_as_external_force():
    actor = resolve_actor("army", "PS")
    assert (actor.key, actor.inter) == ("il_military", 8)


def test_ambiguous_names_resolve_by_country():
    assert resolve_actor("republican_guard", "SY").key == "sy_military"
    assert resolve_actor("republican_guard", "YE").key == "ye_saleh_forces"
    assert resolve_actor("national_army", "YE").key == "ye_military"
    assert resolve_actor("national_army", "LY").key == "ly_lna"
    assert resolve_actor("national_army", "SY").key == "sy_sna"
    assert resolve_actor("coalition", "YE").name == "Saudi-led Coalition"
    assert resolve_actor("coalition", "IQ").name == "Global Coalition Against Daesh"
    assert resolve_actor("isis", "IQ").name == "Islamic State (Iraq)"
    assert resolve_actor("al_qaeda", "YE").key == "ye_aqap"
    assert resolve_actor("rebels", "SY").name == "Opposition Rebels (Syria)"


def test_external_forces_are_state_forces_at_home():
    assert resolve_actor("tr_military", "SY").inter == 8
    home = resolve_actor("tr_military", "TR")
    assert (home.inter, home.kind) == (1, "state")
    assert resolve_actor("il_military", "PS").inter == 8
    assert resolve_actor("il_military", "IL").inter == 1
    assert resolve_actor("ru_military", "SY").kind == "external"


def test_dated_codings_follow_the_event_date():
    assert resolve_actor("iq_pmf", "IQ", date(2015, 6, 1)).inter == 3
    assert resolve_actor("iq_pmf", "IQ", date(2017, 6, 1)).inter == 1
    assert resolve_actor("iq_pmf", "IQ").inter == 1
    assert resolve_actor("sd_rsf", "SD", date(2019, 6, 3)).inter == 1
    assert resolve_actor("sd_rsf", "SD", date(2023, 5, 1)).inter == 2
    assert resolve_actor("so_au_mission", "SO", date(2016, 1, 1)).name.startswith("AMISOM")
    assert resolve_actor("so_au_mission", "SO", date(2023, 1, 1)).name.startswith("ATMIS")


def test_houthis_are_a_rebel_group_and_popular_resistance_a_pro_government_militia():
    assert resolve_actor("ye_houthis", "YE").inter == 2
    pr = resolve_actor("ye_popular_resistance", "YE")
    assert (pr.inter, pr.pro_government) == (3, True)


def test_unknown_key_raises():
    with pytest.raises(KeyError):
        resolve_actor("no_such_actor", "SY")


def test_country_hint_comes_from_country_specific_actors():
    assert country_hint(normalize_text("قصفت قوات الأسد البلدة")) == "SY"
    assert country_hint(normalize_text("تقدم الحوثيون نحو المدينة وقتل مدنيون")) == "YE"
    assert country_hint(normalize_text("قتل مدنيون في قصف للجيش")) is None
    assert country_hint(normalize_text("قصف النظام البلدة")) is None  # weak forms do not vote


@pytest.mark.parametrize("written, nationality", [
    ("طائرات مسيرة تركية", "TR"), ("جنديان أمريكيان", "US"), ("جنود إسرائيليون", "IL"),
    ("الشرطة الأردنية", "JO"), ("طائرات حربية سعودية", "SA")])
def test_a_country_adjective_after_a_generic_force_names_its_country(written, nationality):
    text = normalize_text(f"قال شهود إن {written} وصلت")
    (m,) = [with_nationality(a, text) for a in find_actors(text)]
    assert (m.nationality, m.text) == (nationality, normalize_text(written))


def test_a_generic_force_with_a_nationality_is_external_outside_its_country():
    army = ActorMention(0, 5, "جنود", "army", nationality="JO")
    assert (resolve_mention(army, "army", "SY").inter, resolve_mention(army, "army", "JO").inter) == (8, 1)
    # A country with catalogue forces gets them: Turkey's army is Turkey's army at home too.
    drones = ActorMention(0, 5, "طائرات", "air_force", nationality="TR")
    assert resolve_mention(drones, "air_force", "IQ").name == "Military Forces of Turkey (2002-)"
    # No adjective: the event's country decides, as before.
    assert resolve_mention(None, "army", "SY", date(2015, 8, 1)).name == "Military Forces of Syria (2000-)"


def test_the_syrian_state_s_forces_are_named_for_the_government_of_the_day():
    # Assad's until 8 December 2024, the transitional government's since; Assad's own names stay his.
    before, after = date(2024, 12, 7), date(2024, 12, 8)
    assert resolve_actor("sy_government_forces", "SY", before).name == "Military Forces of Syria (2000-)"
    assert resolve_actor("sy_government_forces", "SY", after).name == "Military Forces of Syria (2024-)"
    assert resolve_actor("police", "SY", before).name == "Police Forces of Syria (2000-)"
    assert resolve_actor("police", "SY", after).name == "Police Forces of Syria (2024-)"
    assert resolve_actor("sy_military", "SY", after).name == "Military Forces of Syria (2000-)"
