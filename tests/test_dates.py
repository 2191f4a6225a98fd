"""Date expressions resolved against the publication date (marsad.dates)."""
from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path

import pytest

from marsad.dates import DateMention, find_dates, load_data, resolve_weekday
from marsad.normalize import normalize, normalize_text

THURSDAY = date(2021, 7, 29)  # a Thursday, publication date of most fixtures
MONDAY, TUESDAY, WEDNESDAY, THU, FRIDAY, SATURDAY, SUNDAY = range(7)


def dates(sentence: str, published: date | None = THURSDAY) -> list[DateMention]:
    return find_dates(normalize_text(sentence), published)


def one(sentence: str, published: date | None = THURSDAY) -> DateMention:
    found = dates(sentence, published)
    assert len(found) == 1, found
    return found[0]


# -- resolve_weekday -------------------------------------------------------------------------


def test_bare_weekday_equal_to_publication_day_is_publication_day():
    assert resolve_weekday(THU, THURSDAY, None) == THURSDAY


def test_weekday_with_maadi_equal_to_publication_day_is_a_week_earlier():
    assert resolve_weekday(THU, THURSDAY, "past") == date(2021, 7, 22)


def test_bare_weekday_is_most_recent_on_or_before_publication():
    assert resolve_weekday(FRIDAY, THURSDAY, None) == date(2021, 7, 23)
    assert resolve_weekday(WEDNESDAY, THURSDAY, None) == date(2021, 7, 28)


def test_weekday_with_maadi_resolves_to_previous_week():
    assert resolve_weekday(SUNDAY, THURSDAY, "past") == date(2021, 7, 25)


def test_weekday_before_last_goes_back_another_week():
    assert resolve_weekday(SUNDAY, THURSDAY, "past2") == date(2021, 7, 18)


def test_next_weekday_is_strictly_after_publication():
    assert resolve_weekday(THU, THURSDAY, "next") == date(2021, 8, 5)
    assert resolve_weekday(SUNDAY, THURSDAY, "next") == date(2021, 8, 1)


def test_unknown_weekday_modifier_is_an_error():
    with pytest.raises(ValueError):
        resolve_weekday(SUNDAY, THURSDAY, "soon")


# -- today, yesterday, tomorrow --------------------------------------------------------------


@pytest.mark.parametrize("phrase", ["اليوم", "هذا اليوم", "صباح اليوم", "فجر اليوم", "ظهر اليوم", "عصر اليوم",
                                    "مساء اليوم", "ليل اليوم", "ليلة اليوم", "بعد ظهر اليوم"])
def test_today_phrases_resolve_to_publication_day(phrase):
    m = one(f"قصفت المدفعية {phrase} أحياء المدينة")
    assert (m.text, m.date, m.precision, m.kind) == (normalize_text(phrase), THURSDAY, 1, "relative")


@pytest.mark.parametrize("phrase", ["أمس", "يوم أمس", "البارحة", "ليلة أمس", "مساء أمس", "صباح أمس",
                                    "فجر أمس", "الليلة الماضية", "ليلة البارحة"])
def test_yesterday_phrases_resolve_to_day_before(phrase):
    assert one(f"اندلعت اشتباكات {phrase} في الحي").date == date(2021, 7, 28)


@pytest.mark.parametrize("phrase", ["أول أمس", "أول من أمس", "أمس الأول"])
def test_day_before_yesterday_is_two_days_back(phrase):
    assert one(f"وقع الانفجار {phrase}").date == date(2021, 7, 27)


def test_yesterday_with_clitic_ba():
    m = one("وكانت الطائرات قد قصفت بالأمس مواقع للفصائل")
    assert (m.text, m.date) == ("الامس", date(2021, 7, 28))


def test_today_with_matching_weekday_is_one_mention():
    m = one("حاولت قوات النظام صباح اليوم الخميس اقتحام البلدة")
    assert (m.text, m.date, m.kind) == ("صباح اليوم الخميس", THURSDAY, "relative")


def test_today_with_contradicting_weekday_follows_the_weekday():
    # Published Friday just after midnight, the reporter still writes «اليوم الخميس».
    assert one("صباح اليوم الخميس", published=date(2021, 7, 30)).date == THURSDAY


def test_yesterday_with_weekday_apposition():
    assert one("قتل مدني أمس الأربعاء").date == date(2021, 7, 28)


def test_yesterday_with_a_weekday_far_from_publication_is_never_after_it():
    # A paper stamped Sunday 1 August 2021 (a late re-publication) still says «أمس الثلاثاء»:
    # the Tuesday before, not the one two days after the stamp.
    assert one("اختطف مسلحون موظفا مساء أمس الثلاثاء", published=date(2021, 8, 1)).date == date(2021, 7, 27)
    # One day after the stamp stays possible (time zones, posting after midnight).
    assert one("صباح اليوم السبت", published=date(2021, 7, 30)).date == date(2021, 7, 31)


@pytest.mark.parametrize("phrase, day", [
    ("في العاشر من آذار", date(2021, 3, 10)),
    ("في الحادي والعشرين من شهر تموز", date(2021, 7, 21)),
    ("يوم الثاني عشر من تموز", date(2021, 7, 12)),
    ("في الثالث من الشهر الجاري", date(2021, 7, 3)),
    ("في الثلاثين من الشهر الماضي", date(2021, 6, 30)),
])
def test_a_day_of_the_month_written_as_an_ordinal(phrase, day):
    assert one(f"قتل مدني {phrase}").date == day


def test_an_ordinal_with_no_month_is_no_date():
    assert dates("وهو الهجوم الأول من نوعه على المدينة") == []


def test_tomorrow_is_after_publication():
    m = one("من المقرر أن تبدأ المفاوضات غدا")
    assert (m.date, m.kind) == (date(2021, 7, 30), "relative")


def test_ghad_needs_a_day_part():
    assert one("تنطلق الجولة صباح الغد").date == date(2021, 7, 30)
    assert dates("غد أفضل للسوريين") == []


def test_the_next_day_is_not_today():
    assert dates("وفي اليوم التالي انسحبت القوات") == []


def test_that_day_is_not_today():
    assert dates("وفي ذلك اليوم سقطت قذائف") == []


def test_that_same_night_is_not_tonight():
    assert dates("وفي الليلة ذاتها انسحب المسلحون") == []


def test_ams_alhaja_is_not_yesterday():
    assert dates("السكان في أمس الحاجة إلى المساعدات") == []


# -- weekdays --------------------------------------------------------------------------------


def test_bare_weekday_in_text_resolves_on_or_before_publication():
    m = one("شنت الطائرات غارات الثلاثاء على البلدة")
    assert (m.text, m.date, m.precision, m.kind) == ("الثلاثاء", date(2021, 7, 27), 1, "weekday")


def test_weekday_equal_to_publication_day_without_maadi_is_that_day():
    assert one("سقطت قذائف الخميس").date == THURSDAY


def test_weekday_equal_to_publication_day_with_maadi_is_previous_week():
    assert one("سقطت قذائف الخميس الماضي").date == date(2021, 7, 22)


def test_sunday_maadi_in_thursday_article():
    m = one("التوصل إلى اتفاق تسوية الأحد الماضي")
    assert (m.text, m.date) == ("الاحد الماضي", date(2021, 7, 25))


def test_feminine_modifier_after_friday():
    assert one("تظاهرات الجمعة الماضية").date == date(2021, 7, 23)


def test_weekday_with_yawm_and_day_part():
    assert one("بعد ظهر يوم الأربعاء").date == date(2021, 7, 28)
    assert one("في يوم السبت").date == date(2021, 7, 24)


def test_next_sunday_is_future():
    m = one("تعقد الجلسة الأحد المقبل")
    assert (m.date, m.kind) == (date(2021, 8, 1), "weekday")


def test_weekday_before_last():
    assert one("الأحد قبل الماضي").date == date(2021, 7, 18)


def test_night_across_two_days_is_dated_by_first_day():
    m = one("شهدت المدينة ليل الجمعة-السبت اشتباكات", published=date(2021, 7, 25))
    assert (m.text, m.date) == ("ليل الجمعه-السبت", date(2021, 7, 23))


def test_night_across_two_days_with_ala():
    assert one("ليلة السبت على الأحد", published=date(2021, 7, 26)).date == date(2021, 7, 24)


def test_ahad_ashar_is_eleven_not_sunday():
    assert dates("قتل الأحد عشر عنصرا") == []


# -- «منذ/قبل» N units -----------------------------------------------------------------------


def test_since_three_days_in_words():
    m = one("اعتقل منذ ثلاثة أيام")
    assert (m.date, m.precision, m.kind) == (date(2021, 7, 26), 1, "relative")


def test_ago_in_digits_with_accusative_unit():
    assert one("منذ 15 يوما").date == date(2021, 7, 14)


def test_ago_dual_units():
    assert one("قبل يومين").date == date(2021, 7, 27)
    m = one("منذ أسبوعين")
    assert (m.date, m.precision) == (date(2021, 7, 15), 2)


def test_ago_one_week_and_one_month():
    assert one("قبل أسبوع").date == date(2021, 7, 22)
    m = one("منذ شهر")
    assert (m.date, m.precision) == (date(2021, 6, 29), 3)


def test_vague_days_ago_lose_precision():
    m = one("منذ أيام")
    assert (m.date, m.precision) == (date(2021, 7, 26), 2)
    assert one("قبل عدة أيام").precision == 2


def test_before_a_weekday_is_not_days_ago():
    m = one("قبل يوم الجمعة")
    assert m.kind == "weekday"


def test_before_days_of_another_event_is_not_relative_to_publication():
    assert dates("قبل أيام من الانتخابات") == []


def test_since_year_with_digits_is_a_year():
    m = one("منذ عام 2011")
    assert (m.text, m.date, m.precision, m.kind, m.past_years) == ("عام 2011", date(2011, 12, 31), 3, "year", True)


# -- periods ----------------------------------------------------------------------------------


def test_past_days_is_a_week_precision_range_ending_yesterday():
    m = one("تصاعد القصف خلال الأيام الماضية")
    assert (m.text, m.date, m.precision, m.kind) == ("الايام الماضيه", date(2021, 7, 28), 2, "period")


def test_last_week_ends_on_the_friday_before_the_current_week():
    m = one("خلال الأسبوع الماضي")
    assert (m.date, m.precision) == (date(2021, 7, 23), 2)


def test_last_month_is_its_last_day_with_month_precision():
    m = one("في الشهر الماضي")
    assert (m.date, m.precision) == (date(2021, 6, 30), 3)


def test_current_month_resolves_to_publication():
    assert one("خلال الشهر الجاري").date == THURSDAY


def test_early_current_month_is_the_tenth_with_week_precision():
    m = one("مطلع الشهر الجاري")
    assert (m.text, m.date, m.precision) == ("مطلع الشهر الجاري", date(2021, 7, 10), 2)


def test_late_current_month_is_capped_at_publication():
    assert one("أواخر الشهر الجاري").date == THURSDAY


def test_last_year():
    m = one("العام الماضي")
    assert (m.date, m.precision, m.past_years) == (date(2020, 12, 31), 3, True)


def test_day_of_current_month():
    m = one("في الـ15 من الشهر الجاري")
    assert (m.date, m.precision) == (date(2021, 7, 15), 1)


def test_day_of_last_month():
    assert one("في 3 من الشهر الماضي").date == date(2021, 6, 3)


# -- absolute dates ---------------------------------------------------------------------------


def test_day_month_year_levantine():
    m = one("في 29 تموز 2021")
    assert (m.text, m.date, m.precision, m.kind, m.past_years) == ("29 تموز 2021", THURSDAY, 1, "absolute", False)


def test_double_month_name_with_slash_and_parentheses():
    assert one("29 يوليو/تموز 2021").date == THURSDAY
    assert one("29 تموز (يوليو) 2021").date == THURSDAY


def test_weekday_before_day_month_is_one_absolute_mention():
    m = one("الخميس 29 تموز")
    assert (m.text, m.date, m.kind) == ("الخميس 29 تموز", THURSDAY, "absolute")


def test_relative_phrase_restated_by_absolute_date_is_one_mention():
    m = one("صباح اليوم الخميس 29 تموز 2021")
    assert (m.text, m.date, m.kind) == ("صباح اليوم الخميس 29 تموز 2021", THURSDAY, "absolute")


def test_absolute_date_beats_contradicting_weekday():
    assert one("الأربعاء 29 تموز 2021").date == THURSDAY


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("3 يناير 2020", date(2020, 1, 3)),
        ("14 فبراير 2020", date(2020, 2, 14)),
        ("5 أبريل 2020", date(2020, 4, 5)),
        ("5 ابريل 2020", date(2020, 4, 5)),
        ("20 يونيه 2020", date(2020, 6, 20)),
        ("20 يوليه 2020", date(2020, 7, 20)),
        ("1 اغسطس 2020", date(2020, 8, 1)),
        ("9 ديسمبر 2020", date(2020, 12, 9)),
        ("2 كانون الثاني 2020", date(2020, 1, 2)),
        ("2 شباط 2020", date(2020, 2, 2)),
        ("8 آذار 2020", date(2020, 3, 8)),
        ("8 أيار 2020", date(2020, 5, 8)),
        ("8 آب 2020", date(2020, 8, 8)),
        ("8 أيلول 2020", date(2020, 9, 8)),
        ("8 تشرين الأول 2020", date(2020, 10, 8)),
        ("8 تشرين الثاني 2020", date(2020, 11, 8)),
        ("8 كانون الأول 2020", date(2020, 12, 8)),
        ("2 جانفي 2022", date(2022, 1, 2)),
        ("2 فيفري 2022", date(2022, 2, 2)),
        ("2 أفريل 2022", date(2022, 4, 2)),
        ("2 ماي 2022", date(2022, 5, 2)),
        ("2 جوان 2022", date(2022, 6, 2)),
        ("2 جويلية 2022", date(2022, 7, 2)),
        ("2 أوت 2022", date(2022, 8, 2)),
        ("20 يوليوز 2019", date(2019, 7, 20)),
        ("20 غشت 2019", date(2019, 8, 20)),
        ("20 شتنبر 2019", date(2019, 9, 20)),
        ("20 نونبر 2019", date(2019, 11, 20)),
        ("20 دجنبر 2019", date(2019, 12, 20)),
        ("الـ5 من شهر آذار 2020", date(2020, 3, 5)),
        ("5 آذار من عام 2020", date(2020, 3, 5)),
    ],
)
def test_every_month_system_reads_day_month_year(phrase, expected):
    m = one(phrase)
    assert (m.date, m.precision, m.kind) == (expected, 1, "absolute")


def test_hijri_date_converts_to_gregorian():
    m = one("في 15 رمضان 1436 هـ")
    assert (m.date, m.precision, m.past_years) == (date(2015, 7, 2), 1, True)


def test_hijri_date_without_year_takes_the_year_of_publication():
    # 1 Dhu al-Hijja 1442 fell on 11 July 2021.
    assert one("في 1 ذي الحجة").date == date(2021, 7, 11)


def test_hijri_month_with_year_has_month_precision():
    m = one("خلال شهر رمضان 1442")
    assert (m.precision, m.kind) == (3, "absolute")
    assert m.date == date(2021, 5, 12)  # last day of Ramadan 1442


def test_day_month_without_year_uses_publication_year():
    assert one("في 25 تموز").date == date(2021, 7, 25)


def test_day_month_without_year_far_in_the_future_is_last_year():
    assert one("في 28 كانون الأول", published=date(2021, 1, 3)).date == date(2020, 12, 28)


def test_month_modifier_past_forces_previous_occurrence():
    assert one("في 25 آب الماضي").date == date(2020, 8, 25)


def test_month_modifier_next_forces_next_occurrence():
    assert one("في 5 كانون الثاني المقبل").date == date(2022, 1, 5)


def test_numeric_dates_in_three_orders():
    found = dates("في 29-7-2021 و2021/07/29 و29/7")
    assert [(m.text, m.date) for m in found] == [("29-7-2021", THURSDAY), ("2021/07/29", THURSDAY), ("29/7", THURSDAY)]


def test_numeric_fraction_is_not_a_date():
    assert dates("نزح 3/4 من السكان") == []


def test_invalid_numeric_date_is_skipped():
    assert dates("الرقم 31-02-2021") == []


def test_month_with_year_has_month_precision():
    m = one("في حزيران 2014")
    assert (m.text, m.date, m.precision, m.kind, m.past_years) == ("حزيران 2014", date(2014, 6, 30), 3, "absolute", True)


def test_month_after_shahr_without_year():
    m = one("خلال شهر أيار")
    assert (m.date, m.precision) == (date(2021, 5, 31), 3)


def test_part_of_named_month():
    m = one("أواخر آب 2020")
    assert (m.date, m.precision) == (date(2020, 8, 31), 2)
    assert one("منتصف تموز 2021").date == date(2021, 7, 20)


@pytest.mark.parametrize("sentence", [
    "مارس الضغط على السكان",
    "قتل أب لثلاثة أطفال",
    "بلغ العدد صفر",
    "ماي فريند",
    "ثار تموز على عادته",
])
def test_ambiguous_month_words_alone_are_not_dates(sentence):
    assert dates(sentence) == []


def test_year_alone_after_aam():
    m = one("منذ بداية الأزمة عام 2018")
    assert (m.text, m.date, m.precision, m.kind) == ("عام 2018", date(2018, 12, 31), 3, "year")


def test_year_after_fi_is_the_digits():
    assert one("في 2014 سيطر التنظيم على المدينة").text == "2014"


def test_current_year_is_capped_at_publication():
    assert one("في عام 2021").date == THURSDAY


def test_count_is_not_a_year():
    assert dates("قتل 2000 شخص") == []


# -- past_years and missing publication date ------------------------------------------------


def test_past_years_only_for_dates_well_before_publication():
    assert one("في 10 تموز 2021").past_years is False
    assert one("في 20 حزيران 2021").past_years is True


def test_without_publication_relative_dates_are_none():
    found = dates("قصف أمس والأحد الماضي ومنذ ثلاثة أيام وخلال الأسبوع الماضي و29/7", published=None)
    assert len(found) == 5
    assert all(m.date is None and not m.past_years for m in found)


def test_without_publication_absolute_dates_still_resolve():
    assert one("في 29 تموز 2021", published=None).date == THURSDAY
    assert one("عام 2014", published=None).date == date(2014, 12, 31)


# -- spans ------------------------------------------------------------------------------------


def test_several_dates_in_order_with_offsets_of_normalized_text():
    text = normalize_text("قصفت الطائرات أمس مدينة درعا، وكانت قد قصفتها الأحد الماضي، وفي عام 2018 سيطر النظام عليها.")
    found = find_dates(text, THURSDAY)
    assert [m.kind for m in found] == ["relative", "weekday", "year"]
    assert all(text[m.start:m.end] == m.text for m in found)


def test_conjunction_clitic_is_outside_the_span():
    m = one("وأمس قتل مدني")
    assert m.text == "امس"


def test_mention_maps_back_to_raw_text():
    norm = normalize("وَقَعَ الهُجُومُ صَبَاحَ اليَوْمِ")
    (m,) = find_dates(norm.text, THURSDAY)
    assert norm.raw_span(m.start, m.end) == "صَبَاحَ اليَوْمِ"


# -- data files -------------------------------------------------------------------------------

_ARABIC_PHRASE = re.compile(r"^[\u0621-\u064a0-9]+(?: [\u0621-\u064a0-9]+)*$")


def _check_phrases(section: str, phrases: list) -> None:
    normalized = [normalize_text(p) if isinstance(p, str) else p for p in phrases]
    for raw, norm in zip(phrases, normalized):
        assert isinstance(raw, str) and _ARABIC_PHRASE.match(norm), (section, raw)
    duplicates = {p for p in normalized if normalized.count(p) > 1}
    assert not duplicates, (section, duplicates)


def test_months_yaml_has_twelve_months_per_system_and_no_conflicts():
    months, _ = load_data()
    seen: dict[str, tuple[str, int]] = {}
    for name, system in months["systems"].items():
        assert system["calendar"] in ("gregorian", "hijri"), name
        assert sorted(system["months"]) == list(range(1, 13)), name
        _check_phrases(name, [w for forms in system["months"].values() for w in forms])
        for number, forms in system["months"].items():
            for form in forms:
                key = normalize_text(form)
                assert seen.setdefault(key, (system["calendar"], number)) == (system["calendar"], number), form


def test_date_expressions_yaml_is_well_formed():
    _, expr = load_data()
    assert sorted(expr["weekdays"].values()) == list(range(7))
    _check_phrases("weekdays", list(expr["weekdays"]))
    assert set(expr["weekday_modifiers"]) == {"past", "past2", "next"}
    _check_phrases("weekday_modifiers", [w for ws in expr["weekday_modifiers"].values() for w in ws])
    _check_phrases("day_parts", expr["day_parts"])
    assert set(expr["night_parts"]) <= set(expr["day_parts"])
    anchors = {**expr["day_anchors"], **expr["day_anchors_after_part"]}
    _check_phrases("anchors", list(expr["day_anchors"]) + list(expr["day_anchors_after_part"]))
    assert all(isinstance(v, int) for v in anchors.values())
    assert set(expr["anchor_not_followed_by"]) <= set(anchors)
    units = expr["ago"]["units"]
    assert set(units) == {"hour", "day", "week", "month", "year"}
    assert all(set(forms) == {"one", "two", "many"} for forms in units.values())
    _check_phrases("ago", [w for forms in units.values() for ws in forms.values() for w in ws])
    _check_phrases("periods", list(expr["periods"]))
    for phrase, spec in expr["periods"].items():
        assert spec["unit"] in ("day", "week", "month", "year"), phrase
        assert isinstance(spec["offset"], int) and spec.get("precision", 1) in (1, 2, 3), phrase
    assert set(expr["period_parts"]) == {"early", "middle", "late"}
    _check_phrases("period_parts", [w for ws in expr["period_parts"].values() for w in ws])
    _check_phrases("month_modifiers", [w for ws in expr["month_modifiers"].values() for w in ws])
    assert 0 <= expr["week_start"] <= 6
    assert len(expr["ordinal_days"]["units"]) == 10


# -- real articles (smoke test, no expectations tuned to them) --------------------------------


def _shared() -> Path:
    return Path(os.environ.get("MARSAD_SHARED", Path(__file__).resolve().parents[2] / "shared"))


def test_dates_on_evaluation_articles_are_consistent_spans():
    docs = _shared() / "eval" / "dev" / "docs.jsonl"
    if not docs.exists():
        pytest.skip("shared evaluation data not available")
    from marsad.document import parse_published

    for line in docs.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        text = normalize_text(doc["text"])
        published = parse_published(doc.get("published"))
        for m in find_dates(text, published):
            assert text[m.start:m.end] == m.text
            assert m.precision in (1, 2, 3)
            assert m.kind in ("absolute", "relative", "weekday", "period", "year")


def test_hedged_count_before_an_ago_unit_is_still_a_past_date():
    text = normalize_text("صادرته السلطات قبل أكثر من أربع سنوات في أعقاب احتجازه")
    found = find_dates(text, date(2015, 7, 22))
    assert len(found) == 1
    assert found[0].date.year == 2011 and found[0].past_years


def test_years_ago_is_background_even_without_a_publication_date():
    text = normalize_text("اعتقل قبل أربع سنوات")
    found = find_dates(text, None)
    assert found and found[0].date is None and found[0].past_years


def test_since_days_followed_by_min_is_still_days_ago():
    text = normalize_text("اختطفوه منذ ثلاثة أيام من أمام مقهى")
    found = find_dates(text, date(2021, 4, 13))
    assert [d.date for d in found] == [date(2021, 4, 10)]


def test_month_with_last_is_a_month_date():
    found = find_dates(normalize_text("اختطفهم التنظيم في أبريل (نيسان) الماضي"), date(2015, 8, 8))
    assert [(d.date, d.precision, d.past_years) for d in found] == [(date(2015, 4, 30), 3, True)]


def test_a_counted_range_of_past_days_ends_the_day_before_publication_at_week_precision():
    d = one("وقتل عشرة مدنيين خلال الأيام الثلاثة الماضية")
    assert (d.date, d.precision) == (date(2021, 7, 28), 2)
