"""Normalization: the rules, and the offset map back to the raw text (property tests)."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.normalize import DELETED, name_key, normalize, normalize_text, strip_article

# ---------------------------------------------------------------- random Arabic news-like text

LETTERS = "ابتثجحخدذرسشصضطظعغفقكلمنهويءئؤ" + "أإآٱىةکی"
DIACRITICS = [chr(c) for c in range(0x064B, 0x0653)] + ["\u0670"]
CONTROLS = (
    [chr(c) for c in range(0x200B, 0x2010)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + ["\u061c"]
)
LAM_ALEF = [chr(c) for c in range(0xFEF5, 0xFEFD)]  # ﻵ ﻶ ﻷ ﻸ ﻹ ﻺ ﻻ ﻼ
DIGITS = [chr(0x0660 + i) for i in range(10)] + [chr(0x06F0 + i) for i in range(10)] + list("0123456789")
SEPARATORS = [" ", " ", " ", "\u00a0", "\n", "،", ".", "؟", "!", "؛", "«", "»", "“", "”", "-", "–", "—", ":", "(", ")"]

letter = st.sampled_from(LETTERS)
# A letter may be followed by harakat, tatweel or an invisible control, as in real web text.
decorated_letter = st.tuples(
    letter,
    st.lists(st.sampled_from(DIACRITICS + ["\u0640"] + CONTROLS), max_size=2),
).map(lambda t: t[0] + "".join(t[1]))
word = st.lists(
    st.one_of(decorated_letter, decorated_letter, decorated_letter, st.sampled_from(LAM_ALEF)),
    min_size=1,
    max_size=7,
).map("".join)
number = st.lists(st.sampled_from(DIGITS), min_size=1, max_size=4).map("".join)
piece = st.one_of(word, word, word, number, st.sampled_from(SEPARATORS), st.sampled_from(CONTROLS))
raw_text = st.lists(piece, max_size=25).map("".join)

WORD = re.compile(r"\w+")


@settings(max_examples=300, deadline=None)
@given(raw_text)
def test_every_word_maps_back_to_raw_text_that_normalizes_to_it(raw):
    norm = normalize(raw)
    for m in WORD.finditer(norm.text):
        a, b = norm.to_raw(m.start(), m.end())
        assert normalize_text(raw[a:b]) == m.group()


@settings(max_examples=300, deadline=None)
@given(raw_text)
def test_to_raw_is_monotonic_and_within_bounds(raw):
    norm = normalize(raw)
    previous = (0, 0)
    for i in range(len(norm.text)):
        a, b = norm.to_raw(i, i + 1)
        assert 0 <= a < b <= len(raw)
        assert a >= previous[0] and b >= previous[1]
        previous = (a, b)


@settings(max_examples=300, deadline=None)
@given(raw_text)
def test_whole_text_span_covers_every_kept_raw_character(raw):
    norm = normalize(raw)
    a, b = norm.to_raw(0, len(norm.text))
    kept = [i for i, ch in enumerate(raw) if ch not in DELETED]
    if kept:
        assert a <= kept[0] and b >= kept[-1] + 1
    assert 0 <= a <= b <= len(raw)


@settings(max_examples=300, deadline=None)
@given(raw_text)
def test_normalize_text_equals_normalize_and_is_idempotent(raw):
    text = normalize_text(raw)
    assert normalize(raw).text == text
    assert normalize_text(text) == text


@settings(max_examples=200, deadline=None)
@given(raw_text)
def test_from_raw_inverts_to_raw_at_word_starts(raw):
    norm = normalize(raw)
    for m in WORD.finditer(norm.text):
        a, _ = norm.to_raw(m.start(), m.end())
        assert norm.from_raw(a) == m.start()


@settings(max_examples=200, deadline=None)
@given(raw_text)
def test_normalized_text_has_no_deleted_or_replaced_characters(raw):
    text = normalize_text(raw)
    assert not set(text) & DELETED
    assert not set(text) & set("أإآٱىةکی«»“”\u00a0–—" + "".join(DIGITS[:20]))
    assert not set(text) & set(LAM_ALEF)


# ---------------------------------------------------------------- the rules, one example each

@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("أحمد إبراهيم آمنة ٱلقرية", "احمد ابراهيم امنه القريه"),  # hamza/madda/wasla alefs -> ا
        ("مستشفى", "مستشفي"),  # alef maqsura -> ي
        ("قرية", "قريه"),  # ta marbuta -> ه
        ("کتيبة یمنی", "كتيبه يمني"),  # Persian kaf and yeh
        ("قَصَفَتْ الطائراتُ", "قصفت الطائرات"),  # harakat
        ("قـــصف", "قصف"),  # tatweel
        ("درعا\u200f \u202bالبلد\u202c\u2067x\u2069\u061c", "درعا البلدx"),  # bidi controls
        ("قص\u200bف\u200c\u200d", "قصف"),  # zero-width characters
        ("\ufeffنص\u00adنص", "نصنص"),  # BOM, soft hyphen
        ("٢٥ عنصراً و۱۲", "25 عنصرا و12"),  # Arabic-Indic and Persian digits
        ("٣٫٥ كم و١٬٥٠٠", "3.5 كم و1,500"),  # Arabic decimal and thousands separators
        ("«الوطن» “رويترز” „x‟", '"الوطن" "رويترز" "x"'),  # double quotes
        ("‘x’", "'x'"),  # single quotes
        ("درعا\u00a0البلد\u2009x\u3000y\tz", "درعا البلد x y z"),  # non-breaking and other spaces
        ("درعا – دمشق — حمص ‐ حماة − ٢", "درعا - دمشق - حمص - حماه - 2"),  # dashes
        ("ﻻ ﻷ ﻹ ﻵ ﻼ", "لا لا لا لا لا"),  # lam-alef presentation forms
        ("ﺑﻐﺪاد", "بغداد"),  # letter presentation forms
        ("قال، ثم", "قال، ثم"),  # the Arabic comma is kept
        ("سطر\nسطر", "سطر\nسطر"),  # line breaks are kept (paragraphs)
    ],
)
def test_normalization_rule(raw, expected):
    assert normalize_text(raw) == expected
    assert normalize(raw).text == expected


def test_identity_map_when_nothing_is_deleted():
    norm = normalize("قرية درعا")
    assert norm.starts is None
    assert norm.to_raw(0, 4) == (0, 4)


def test_span_keeps_trailing_harakat_and_tatweel_of_the_raw_word():
    raw = "قُتِلَ مدنيٌّ بقصفـــٍ"
    norm = normalize(raw)
    start = norm.text.index("مدني")
    assert norm.raw_span(start, start + 4) == "مدنيٌّ"
    start = norm.text.index("بقصف")
    assert norm.raw_span(start, start + 4) == "بقصفـــٍ"


def test_span_excludes_leading_controls_but_not_inner_ones():
    raw = "\u200fدرعا \u202bال\u200cبلد\u202c"
    norm = normalize(raw)
    assert norm.text == "درعا البلد"
    assert norm.raw_span(0, 4) == "درعا"
    assert norm.raw_span(5, 10) == "ال\u200cبلد"


def test_lam_alef_ligature_maps_both_letters_to_the_one_raw_character():
    raw = "وﻻية"
    norm = normalize(raw)
    assert norm.text == "ولايه"
    assert norm.to_raw(1, 3) == (1, 2)
    assert norm.raw_span(0, 5) == raw
    assert norm.from_raw(2) == 3


def test_to_raw_of_empty_or_out_of_range_spans():
    norm = normalize("قَتل")
    assert norm.to_raw(2, 2) == (3, 3)
    assert norm.to_raw(10, 12) == (len("قَتل"), len("قَتل"))


@pytest.mark.parametrize(
    ("word", "expected"),
    [("الجيش", "جيش"), ("والجيش", "جيش"), ("بالقصف", "قصف"), ("للجيش", "جيش"), ("كالعادة", "عادة"),
     ("الى", "الى"), ("درعا", "درعا")],
)
def test_strip_article(word, expected):
    assert strip_article(word) == expected


def test_name_key_drops_article_diacritics_and_extra_spaces():
    assert name_key("  درعا   البَلَد ") == "درعا بلد"
    assert name_key("الفرقة الرابعة") == name_key("فرقة  رابعة")


# ---------------------------------------------------------------- the fast paths against references

from marsad import normalize as normalize_module  # noqa: E402

PRESENTATION = ["ﺑ", "ﻐ", "ﺪ", "ﷲ", "ﭖ", "ﮔ"] + LAM_ALEF
mixed_text = st.lists(
    st.one_of(piece, st.sampled_from(PRESENTATION + DIACRITICS + ["\u0640", "\u06d6", "\ufeff", "\u00ad"])),
    max_size=30,
).map("".join)


def reference_map(raw: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The offset map built one character at a time, as the definition reads."""
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(raw):
        if ch in DELETED:
            if ch in normalize_module._COMBINING_SET and ends:
                ends[-1] = i + 1
            continue
        expanded = normalize_text(ch)
        starts += [i] * len(expanded)
        ends += [i + 1] * len(expanded)
    return tuple(starts), tuple(ends)


def reference_text(raw: str) -> str:
    text = raw.translate(normalize_module._TABLE)
    return normalize_module._PRESENTATION.sub(lambda m: normalize_module._expand(m.group()), text)


@settings(max_examples=400, deadline=None)
@given(mixed_text)
def test_normalized_text_equals_the_translation_table(raw):
    assert normalize_text(raw) == reference_text(raw)
    assert normalize(raw).text == reference_text(raw)


@settings(max_examples=400, deadline=None)
@given(mixed_text)
def test_offset_map_built_run_by_run_equals_the_character_by_character_map(raw):
    norm = normalize(raw)
    expected = reference_map(raw)
    if norm.starts is None:
        assert expected == (tuple(range(len(raw))), tuple(range(1, len(raw) + 1)))
    else:
        assert (norm.starts, norm.ends) == expected


def test_offset_map_is_built_on_first_use_and_then_kept():
    norm = normalize("قُتِلَ مدنيٌّ")
    assert norm._offsets is None and norm._lazy
    assert norm.raw_span(4, 8) == "مدنيٌّ"
    built = norm._offsets
    assert built is not None and not norm._lazy
    assert norm.from_raw(7) == 4 and norm._offsets is built


def test_normalized_texts_compare_equal_whether_or_not_the_map_was_built():
    raw = "قَصفٌ على درعا"
    fresh, used = normalize(raw), normalize(raw)
    used.to_raw(0, 3)
    assert fresh == used and hash(fresh) == hash(used)


@pytest.mark.parametrize(
    ("word", "expected"),
    [("الف", "الف"), ("لل", "لل"), ("والي", "والي"), ("بالغ", "بالغ"), ("قتال", "قتال"), ("اللواء", "لواء"),
     ("فالقصف", "قصف")],
)
def test_strip_article_keeps_words_too_short_after_an_article(word, expected):
    assert strip_article(word) == expected
