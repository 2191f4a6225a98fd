"""Counts in Arabic news: digits, number words, duals, vague quantities (marsad.numbers)."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from marsad.normalize import normalize, normalize_text
from marsad.numbers import NumberMention, find_numbers, load_data, number_word_pattern, parse_number


def counts(sentence: str) -> list[tuple[str, int, bool]]:
    """(text, value, approximate) of every count in a raw sentence."""
    return [(m.text, m.value, m.approximate) for m in find_numbers(normalize_text(sentence))]


def values(sentence: str) -> list[int]:
    return [m.value for m in find_numbers(normalize_text(sentence))]


# -- digits ------------------------------------------------------------------------------


def test_digits_before_noun_are_a_count():
    assert counts("وأسرت الفصائل 25 عنصراً من قوات النظام") == [("25", 25, False)]


def test_arabic_indic_digits_count_after_normalization():
    assert values("سقط ١٢ قتيلاً") == [12]


def test_thousands_separator_is_one_number():
    assert values("نزوح 1,200 عائلة") == [1200]


def test_decimal_alone_is_skipped():
    assert values("بلغت قوة الزلزال 3.5 درجات") == []


def test_decimal_with_million_is_a_count():
    assert values("نزح 1.5 مليون شخص") == [1_500_000]


def test_digits_with_thousand_word_multiply():
    assert values("فر 20 ألف مدني") == [20_000]


def test_digits_of_dates_and_times_are_not_counts():
    assert values("في 29/7/2021 عند الساعة 10:30") == []


def test_percentage_is_not_a_count():
    assert values("ارتفعت الأسعار 25 في المئة و30% خلال شهر") == []


def test_year_after_aam_is_not_a_count():
    assert values("منذ عام 2011 قتل 40 شخصا") == [40]


# -- number words --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("واحد", 1),
        ("اثنان", 2),
        ("اثنين", 2),
        ("ثلاث", 3),
        ("ثلاثة", 3),
        ("أربعة", 4),
        ("ثماني", 8),
        ("عشرة", 10),
        ("أحد عشر", 11),
        ("إحدى عشرة", 11),
        ("اثنا عشر", 12),
        ("اثنتي عشرة", 12),
        ("خمسة عشر", 15),
        ("تسعة عشر", 19),
        ("عشرون", 20),
        ("عشرين", 20),
        ("خمسة وعشرين", 25),
        ("ثلاث وثلاثون", 33),
        ("تسعين", 90),
        ("مئة", 100),
        ("مائة", 100),
        ("مئتان", 200),
        ("مائتي", 200),
        ("ثلاثمئة", 300),
        ("ثلاث مئة", 300),
        ("مئة وخمسة وعشرون", 125),
        ("ألف", 1000),
        ("ألفين", 2000),
        ("ثلاثة آلاف", 3000),
        ("ثلاثة آلاف وخمسمئة", 3500),
        ("عشرين ألف", 20000),
        ("مئة ألف", 100_000),
    ],
)
def test_number_words_parse_to_their_value(phrase, value):
    assert parse_number(phrase) == value


def test_number_words_with_hamza_and_ta_marbuta_match_normalized_text():
    assert values("قُتِلَ أَرْبَعَةُ مدنيين") == [4]


def test_conjunction_clitic_is_outside_the_span():
    assert counts("قتل خمسة وأصيب وثلاثة") == [("خمسه", 5, False), ("ثلاثه", 3, False)]


def test_preposition_clitic_is_read():
    assert values("قدرت الخسائر بخمسة ملايين") == [5_000_000]


def test_article_on_number_word_is_read():
    assert values("وتعرف على القتلى الثلاثة") == [3]


def test_unit_and_unit_are_two_numbers_not_a_sum():
    assert values("قتل ثلاثة وخمسة جرحى") == [3, 5]


def test_numbers_separated_by_comma_stay_apart():
    assert values("خمسة، عشرون") == [5, 20]


def test_ordinals_are_not_counts():
    assert values("في اليوم الثاني من الحملة الأولى للفرقة الرابعة والعاشر") == []


def test_weekday_names_are_not_numbers():
    assert values("يوم الأحد والإثنين والثلاثاء والأربعاء") == []


def test_lastu_is_not_six():
    assert values("لست أدري ما حدث") == []


def test_percent_words_alone_are_not_hundred():
    assert values("بنسبة خمسين في المائة") == []


# -- duals -------------------------------------------------------------------------------


def test_dual_of_killed_counts_two():
    assert counts("سقط قتيلان في القصف") == [("قتيلان", 2, False)]


def test_oblique_dual_of_broken_plural_noun_counts_two():
    assert values("أسر عنصرين من الفرقة") == [2]


def test_feminine_dual_counts_two():
    assert values("أصيبت امرأتين وطفلتين") == [2, 2]


def test_madaniyin_is_a_plural_not_a_dual():
    assert values("استهداف منازل المدنيين") == []


def test_an_form_of_sound_plural_noun_is_a_dual():
    assert values("قتل مدنيان") == [2]


def test_dual_followed_by_ithnayn_is_one_mention():
    assert counts("قتل جنديين اثنين") == [("جنديين اثنين", 2, False)]


# -- vague and hedged quantities -----------------------------------------------------------


def test_dozens_are_ten_approximate():
    assert counts("أصيب العشرات من المدنيين") == [("العشرات", 10, True)]


def test_hundreds_and_thousands_are_conservative():
    assert values("مئات الجرحى وآلاف النازحين") == [100, 1000]


def test_tens_of_thousands_multiply():
    assert values("نزوح عشرات الآلاف") == [10_000]


def test_a_few_thousand_is_one_thousand():
    assert values("بضعة آلاف") == [1000]


def test_several_is_three_approximate():
    assert counts("أصيب عدة أشخاص") == [("عده", 3, True)]
    assert counts("بضعة عناصر") == [("بضعه", 3, True)]


def test_more_than_keeps_the_value_and_is_approximate():
    assert counts("أطلقت أكثر من 10 صواريخ") == [("اكثر من 10", 10, True)]


def test_less_than_keeps_the_value_and_is_approximate():
    assert counts("أقل من عشرين") == [("اقل من عشرين", 20, True)]


@pytest.mark.parametrize("hedge", ["نحو", "حوالي", "قرابة", "زهاء", "ما يقارب", "ما لا يقل عن"])
def test_hedges_make_a_count_approximate(hedge):
    assert counts(f"قتل {hedge} 20 شخصا") == [(normalize_text(f"{hedge} 20"), 20, True)]


def test_hedge_with_clitic():
    assert counts("قدر عددهم بنحو ثلاثين") == [("بنحو ثلاثين", 30, True)]


def test_taqriban_after_noun_makes_approximate():
    assert counts("قتل عشرون مدنيا تقريبا") == [("عشرون", 20, True)]


def test_nahw_without_number_is_nothing():
    assert values("تقدمت القوات نحو المدينة") == []


# -- «أحد» --------------------------------------------------------------------------------


def test_ahad_before_construct_head_counts_one():
    assert counts("مقتل أحد عناصر الفرقة الرابعة") == [("احد", 1, False)]


def test_ahad_before_definite_noun_counts_one():
    assert values("إصابة إحدى النساء") == [1]


def test_ahad_meaning_anyone_is_not_a_count():
    assert values("لم يصب أحد بأذى") == []


# -- API -----------------------------------------------------------------------------------


def test_mentions_index_the_normalized_text():
    text = normalize_text("قُتل خمسة وعشرون مدنياً، وأصيب نحو 40 آخرين بجروح")
    found = find_numbers(text)
    assert [m.value for m in found] == [25, 40]
    assert all(isinstance(m, NumberMention) and text[m.start:m.end] == m.text for m in found)


def test_mention_maps_back_to_raw_text():
    norm = normalize("قُتِلَ خَمْسَةُ أشخاص")
    (m,) = find_numbers(norm.text)
    assert norm.raw_span(m.start, m.end) == "خَمْسَةُ"


def test_parse_number_rejects_phrase_with_other_words():
    assert parse_number("خمسة أشخاص") is None
    assert parse_number("الشارع") is None


def test_parse_number_reads_hedged_digits():
    assert parse_number("نحو 20") == 20


def test_number_word_pattern_matches_words_not_inside_others():
    pattern = re.compile(rf"(?<!\w)(?:{number_word_pattern()})(?!\w)")
    assert pattern.fullmatch(normalize_text("ثلاثة"))
    assert not pattern.search("الثلاثاء")


# -- data file -----------------------------------------------------------------------------

_ARABIC_PHRASE = re.compile(r"^[\u0621-\u064a%٪]+(?: [\u0621-\u064a]+)*$")


def _all_phrases(data: dict) -> dict[str, list[str]]:
    """Each section's entries as a flat list."""
    out: dict[str, list[str]] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out[key] = [w for forms in value.values() for w in (forms if isinstance(forms, list) else [])]
            if key == "vague":
                out[key] = list(value)
        else:
            out[key] = list(value)
    return out


def test_numbers_yaml_has_every_section_well_formed():
    data = load_data()
    for key in ("units", "teen_heads", "tens", "fixed", "multipliers"):
        assert data[key], key
        for number, forms in data[key].items():
            assert isinstance(number, int) and number > 0, (key, number)
            assert isinstance(forms, list) and forms, (key, number)
    assert sorted(data["units"]) == list(range(1, 10))
    assert sorted(data["tens"]) == list(range(20, 100, 10))
    assert all(isinstance(v, int) and v > 0 for v in data["vague"].values())


def test_numbers_yaml_entries_are_arabic_phrases_without_duplicates():
    for section, phrases in _all_phrases(load_data()).items():
        normalized = [normalize_text(p) for p in phrases]
        for raw, norm in zip(phrases, normalized):
            assert isinstance(raw, str) and _ARABIC_PHRASE.match(norm), (section, raw)
        duplicates = {p for p in normalized if normalized.count(p) > 1}
        assert not duplicates, (section, duplicates)


def test_numbers_yaml_gives_each_word_one_value():
    data = load_data()
    seen: dict[str, int] = {}
    for key in ("units", "tens", "fixed"):
        for number, forms in data[key].items():
            for form in forms:
                word = normalize_text(form)
                assert seen.setdefault(word, number) == number, (word, seen[word], number)


def test_dual_nouns_are_single_words_in_one_list():
    data = load_data()
    any_ = {normalize_text(w) for w in data["dual_any"]}
    an_only = {normalize_text(w) for w in data["dual_an_only"]}
    assert not any_ & an_only
    assert all(" " not in w for w in any_ | an_only)


# -- real articles (smoke test, no expectations tuned to them) ------------------------------


def _shared() -> Path:
    return Path(os.environ.get("MARSAD_SHARED", Path(__file__).resolve().parents[2] / "shared"))


def test_mentions_on_evaluation_articles_are_consistent_spans():
    docs = _shared() / "eval" / "dev" / "docs.jsonl"
    if not docs.exists():
        pytest.skip("shared evaluation data not available")
    for line in docs.read_text(encoding="utf-8").splitlines():
        text = normalize_text(json.loads(line)["text"])
        for m in find_numbers(text):
            assert text[m.start:m.end] == m.text and m.value >= 0


# -- the fast scan: only words that can start a count are read ------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from marsad import numbers as numbers_module  # noqa: E402

_CLITICS = ["", "و", "ف", "ب", "ل", "وب", "ال", "وال", "بال", "لل", "ولل"]
_WORDS = ["ثلاثة", "عشر", "عشرين", "خمسمئة", "ألف", "آلاف", "مليون", "عشرات", "بضعة", "عدة",
          "قتيلين", "جريحان", "طفلتين", "مدنيان", "أحد", "إحدى", "اثنين", "مئة", "الأحد", "لست",
          "عام", "منذ", "عنصرا", "قتلى", "المئة", "نحو", "أكثر", "من", "تقريبا", "في", "عناصر"]
_TOKENS = st.one_of(
    st.tuples(st.sampled_from(_CLITICS), st.sampled_from(_WORDS)).map("".join),
    st.sampled_from(["25", "3", "1.5", "1,500", "2021", "29/7", "10:30", "%"]),
)
_GLUE = st.sampled_from([" ", " ", " ", "  ", "، ", ". ", "\n", "-", " و"])


def _scan_every_token(text: str) -> list[numbers_module.NumberMention]:
    """The scan without the candidate filter: every token is tried (the reference)."""
    scanner = numbers_module._Scanner(text)
    scanner.starts = list(range(len(scanner.toks)))
    return numbers_module._scan(scanner)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_TOKENS, _GLUE), max_size=12))
def test_skipping_words_that_cannot_start_a_count_finds_what_reading_every_word_finds(parts):
    text = normalize_text("".join(w + g for w, g in parts))
    assert find_numbers(text) == _scan_every_token(text)


def test_counts_are_found_between_many_words_that_are_not_numbers():
    filler = "وأفادت مصادر محلية بأن القصف استهدف الأحياء السكنية في المدينة "
    text = normalize_text(filler * 20 + "ما أدى إلى مقتل ثلاثة عشر مدنيا وإصابة 40 آخرين " + filler * 20)
    assert [(m.text, m.value) for m in find_numbers(text)] == [("ثلاثه عشر", 13), ("40", 40)]


def test_percent_words_are_recognized_after_many_other_words():
    text = normalize_text("ارتفعت نسبة البطالة في المحافظة خلال العام الماضي " * 10 + "إلى 30 بالمئة")
    assert find_numbers(text) == []
