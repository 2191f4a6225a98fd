"""Segmentation: sentences, tokens, proclitics and datelines on normalized Arabic news text."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from marsad import segment
from marsad.normalize import normalize, normalize_text
from marsad.segment import dateline, load_lexicon, proclitic_splits, split_sentences, tokenize


def sentences_of(raw: str) -> list[str]:
    return [s.text for s in split_sentences(normalize_text(raw))]


def token_texts(raw: str) -> list[str]:
    return [t.text for t in tokenize(normalize_text(raw))]


def first_token(raw: str) -> segment.Token:
    return tokenize(normalize_text(raw))[0]


# ---------------------------------------------------------------- data file

def test_clitics_file_loads_with_every_list_filled():
    lexicon = load_lexicon()
    assert lexicon.no_split and lexicon.no_split_prefixes
    assert lexicon.abbreviations and lexicon.not_place and lexicon.clause_starters


def test_clitics_file_entries_are_normalized_on_load():
    lexicon = load_lexicon()
    assert "اليات" in lexicon.no_split  # written «آليات»
    assert "لجنه" in lexicon.no_split_prefixes  # written «لجنة*»


@pytest.mark.parametrize(
    "body",
    [
        "no_split: [وزير, وزير]\nabbreviations: []\ndateline_not_place: []\nclause_starters: []\n",
        "no_split: [بدأ, بدا]\nabbreviations: []\ndateline_not_place: []\nclause_starters: []\n",
        "no_split: [وزير دولة]\nabbreviations: []\ndateline_not_place: []\nclause_starters: []\n",
        "no_split: [و]\nabbreviations: []\ndateline_not_place: []\nclause_starters: []\n",
        "no_split: [وزير]\nabbreviations: [No]\ndateline_not_place: []\nclause_starters: []\n",
        "no_split: [وزير]\nabbreviations: []\ndateline_not_place: []\n",
        "no_split: وزير\nabbreviations: []\ndateline_not_place: []\nclause_starters: []\n",
    ],
    ids=["duplicate", "duplicate-after-normalization", "two-words", "one-letter", "yaml-boolean",
         "missing-key", "not-a-list"],
)
def test_malformed_clitics_file_is_rejected(tmp_path: Path, body: str):
    path = tmp_path / "clitics.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ValueError):
        load_lexicon(path)


# ---------------------------------------------------------------- proclitics

@pytest.mark.parametrize(
    ("word", "prefix", "stem"),
    [
        ("وبحسب", "و", "بحسب"),
        ("بالدبابات", "بال", "دبابات"),
        ("للجيش", "لل", "جيش"),
        ("وللمدنيين", "ولل", "مدنيين"),
        ("فالقصف", "فال", "قصف"),
        ("كالعادة", "كال", "عاده"),
        ("والقوات", "وال", "قوات"),
        ("الجيش", "ال", "جيش"),
        ("وبقذائف", "وب", "قذائف"),
        ("لقوات", "ل", "قوات"),
        ("بريف", "ب", "ريف"),
        ("وقصفت", "و", "قصفت"),
        ("فقتل", "ف", "قتل"),
    ],
)
def test_token_takes_the_most_likely_proclitic_split(word, prefix, stem):
    token = first_token(word)
    assert (token.prefix, token.stem) == (prefix, stem)
    assert token.stem_start == token.start + len(prefix)


@pytest.mark.parametrize("word", ["ولد", "بلدة", "وزير", "وزارة", "الذي", "التي", "الله", "بغداد", "لبنان",
                                  "كتيبة", "آليات", "وقعت", "بعد", "بين", "كانت", "لقي", "بالغة"])
def test_listed_words_that_only_look_like_clitic_plus_word_stay_whole(word):
    token = first_token(word)
    assert token.prefix == ""
    assert proclitic_splits(normalize_text(word)) == [("", normalize_text(word))]


def test_listed_word_after_a_conjunction_splits_only_the_conjunction():
    assert first_token("ووزير").stem == "وزير"
    assert proclitic_splits(normalize_text("والتي")) == [("و", "التي"), ("", "والتي")]
    assert proclitic_splits(normalize_text("بالله")) == [("ب", "الله"), ("", "بالله")]


def test_proclitic_splits_lists_every_reading_longest_prefix_first():
    assert proclitic_splits("وبالقصف") == [
        ("وبال", "قصف"), ("وب", "القصف"), ("و", "بالقصف"), ("", "وبالقصف"),
    ]
    assert proclitic_splits("للجيش") == [("لل", "جيش"), ("ل", "لجيش"), ("", "للجيش")]


def test_proclitic_splits_keep_the_committee_reading_of_lil_lajna():
    # ل + اللجنة is written «للجنة»: the stem keeps its own lam.
    assert proclitic_splits(normalize_text("للجنة")) == [("ل", "لجنه"), ("", "للجنه")]


def test_no_reading_leaves_a_stem_shorter_than_two_letters():
    for word in ["وله", "بها", "لي", "الي", "والي", "فل", "كل"]:
        for prefix, stem in proclitic_splits(word):
            assert len(stem) >= 2 or prefix == ""
    assert proclitic_splits("وله") == [("و", "له"), ("", "وله")]


def test_bare_preposition_before_a_pronoun_is_not_the_most_likely_split():
    assert first_token("بها").prefix == ""
    assert ("ب", "ها") in proclitic_splits("بها")


def test_proclitic_splits_of_a_word_without_clitics_is_the_word():
    assert proclitic_splits("قصف") == [("", "قصف")]
    assert proclitic_splits("") == []


# ---------------------------------------------------------------- tokens

def test_tokens_separate_words_numbers_and_punctuation():
    assert token_texts("قُتل 3 مدنيين، وأصيب 12 آخرون (بحسب المرصد).") == [
        "قتل", "3", "مدنيين", "،", "واصيب", "12", "اخرون", "(", "بحسب", "المرصد", ")", ".",
    ]


def test_numbers_keep_decimals_ranges_dates_and_times():
    assert token_texts("سقط ٣٫٥ طن و3-5 قذائف يوم 29/7/2021 الساعة 10:30 و1,500 عنصر") == [
        "سقط", "3.5", "طن", "و", "3-5", "قذائف", "يوم", "29/7/2021", "الساعه", "10:30", "و", "1,500", "عنصر",
    ]


def test_number_at_sentence_end_leaves_the_full_stop_apart():
    assert token_texts("بلغ عدد القتلى 25.") == ["بلغ", "عدد", "القتلي", "25", "."]


def test_latin_words_keep_hyphenated_model_names():
    assert token_texts("طائرات F-16 وصواريخ S-300 حسب BBC.") == [
        "طائرات", "F-16", "وصواريخ", "S-300", "حسب", "BBC", ".",
    ]


def test_digits_glued_to_a_word_are_separate_tokens():
    assert token_texts("25عنصرا") == ["25", "عنصرا"]


def test_repeated_marks_form_one_token():
    assert token_texts("ماذا حدث؟؟ لا شيء...") == ["ماذا", "حدث", "؟؟", "لا", "شيء", "..."]


def test_token_offsets_index_the_text_and_tokenize_honours_start_and_end():
    text = normalize_text("دمشق - قصفت الطائرات بلدة كفرنبل")
    tokens = tokenize(text)
    assert all(text[t.start : t.end] == t.text for t in tokens)
    middle = tokenize(text, 7, 20)
    assert [t.text for t in middle] == ["قصفت", "الطائرات"]
    assert middle[1].stem_start == text.index("طائرات")


def test_token_is_frozen():
    token = first_token("والجيش")
    with pytest.raises(AttributeError):
        token.start = 3  # type: ignore[misc]


# ---------------------------------------------------------------- sentences

def test_sentences_split_on_final_marks_and_not_on_the_arabic_comma():
    assert sentences_of("قصفت الطائرات البلدة، وقتل شخصان. هل انتهى القصف؟ لا! وتواصل النزوح؛ وسط البرد") == [
        "قصفت الطائرات البلده، وقتل شخصان.",
        "هل انتهي القصف؟",
        "لا!",
        "وتواصل النزوح؛",
        "وسط البرد",
    ]


def test_headline_without_final_mark_is_its_own_sentence():
    text = "مقتل 4 مدنيين بقصف على ريف إدلب\nقتل أربعة مدنيين اليوم. وأصيب آخرون."
    assert sentences_of(text) == ["مقتل 4 مدنيين بقصف علي ريف ادلب", "قتل اربعه مدنيين اليوم.", "واصيب اخرون."]


def test_paragraph_breaks_end_sentences_and_blank_lines_give_nothing():
    text = "الفقرة الأولى بلا نقطة\r\n\r\n\nالفقرة الثانية.\u2029الثالثة"
    assert sentences_of(text) == ["الفقره الاولي بلا نقطه", "الفقره الثانيه.", "الثالثه"]


def test_decimal_numbers_do_not_end_a_sentence():
    assert sentences_of("سقطت القذيفة على بعد 3.5 كم من المدرسة. ولم يصب أحد.") == [
        "سقطت القذيفه علي بعد 3.5 كم من المدرسه.", "ولم يصب احد.",
    ]


def test_one_letter_abbreviations_do_not_end_a_sentence():
    assert sentences_of("وقال د. سامر الأحمد لوكالة أ.ف.ب. إن الوضع سيئ. وغادر.") == [
        "وقال د. سامر الاحمد لوكاله ا.ف.ب. ان الوضع سيئ.", "وغادر.",
    ]


def test_latin_abbreviations_and_web_addresses_do_not_end_a_sentence():
    assert sentences_of("ونقل Mr. Smith عن موقع example.com أن القصف توقف. ثم عاد.") == [
        "ونقل Mr. Smith عن موقع example.com ان القصف توقف.", "ثم عاد.",
    ]


def test_numbered_list_items_keep_their_number():
    assert sentences_of("1. انسحاب القوات\n2. تسليم السلاح") == ["1. انسحاب القوات", "2. تسليم السلاح"]


def test_quoted_speech_stays_in_one_sentence():
    assert sentences_of("وقال أحد السكان: «الوضع مأساوي. لا ماء ولا كهرباء» وأضاف أن النزوح مستمر.") == [
        'وقال احد السكان: "الوضع ماساوي. لا ماء ولا كهرباء" واضاف ان النزوح مستمر.',
    ]
    assert sentences_of("وقال أحد السكان: «الوضع مأساوي. لا ماء ولا كهرباء!» وأضاف أن النزوح مستمر.") == [
        'وقال احد السكان: "الوضع ماساوي. لا ماء ولا كهرباء!"', "واضاف ان النزوح مستمر.",
    ]


def test_sentence_ending_inside_a_closing_quote_ends_after_the_quote():
    assert sentences_of("وقال القائد: «لن ننسحب.» ثم غادر الاجتماع.") == [
        'وقال القائد: "لن ننسحب."', "ثم غادر الاجتماع.",
    ]


def test_unclosed_quote_does_not_swallow_the_paragraph():
    text = "وقال المصدر: «الوضع هادئ. " + "وتابعت القوات تمشيط المنطقة بحثا عن مسلحين. " * 8
    sentences = sentences_of(text)
    assert len(sentences) > 5


def test_parenthesized_sources_stay_inside_the_sentence():
    assert sentences_of("قتل جنديان (رويترز). وأصيب ثالث بجروح (أ ف ب)، بحسب مصادر (م. ع.) محلية.") == [
        "قتل جنديان (رويترز).", "واصيب ثالث بجروح (ا ف ب)، بحسب مصادر (م. ع.) محليه.",
    ]


def test_ellipsis_and_double_full_stop_end_a_sentence():
    assert sentences_of("قصفت الطائرات غزة.. وقالت مصادر إن القصف توقف... ثم عاد") == [
        "قصفت الطائرات غزه..", "وقالت مصادر ان القصف توقف...", "ثم عاد",
    ]


def test_missing_space_after_full_stop_still_ends_the_sentence():
    assert sentences_of("انتهى الاجتماع.وقال المتحدث إنه إيجابي.") == ["انتهي الاجتماع.", "وقال المتحدث انه ايجابي."]


def test_stray_closing_marks_join_the_sentence_before():
    assert sentences_of("قتل ثلاثة.) وأصيب اثنان.") == ["قتل ثلاثه.)", "واصيب اثنان."]
    assert sentences_of("***\nخبر عاجل") == ["خبر عاجل"]


def test_very_long_sentence_is_cut_before_a_reporting_verb_but_not_inside_a_list():
    clause = "قصفت قوات النظام بلدات صيدا، وأم المياذن، والشجرة، والنعيمة، والغارية الشرقية بالمدفعية الثقيلة"
    long = f"{clause}، {clause}، وأضاف المصدر أن {clause}، {clause}."
    parts = sentences_of(long)
    assert len(parts) == 2
    assert parts[1].startswith("واضاف المصدر")
    assert all("صيدا، وام المياذن، والشجره" in p for p in parts)


def test_short_sentence_is_not_cut_before_a_reporting_verb():
    assert sentences_of("قصفت الطائرات البلدة، وأضاف المصدر أن القصف استمر.") == [
        "قصفت الطائرات البلده، واضاف المصدر ان القصف استمر.",
    ]


def test_sentences_carry_offsets_index_and_their_tokens():
    text = normalize_text("دمشق - قصفت الطائرات بلدة.\n\nوقال المرصد إن 3 قتلوا.")
    sentences = split_sentences(text)
    assert [s.index for s in sentences] == [0, 1]
    for s in sentences:
        assert text[s.start : s.end] == s.text
        assert s.tokens[0].start == s.start and s.tokens[-1].end == s.end
    assert [t.text for t in sentences[1].tokens] == ["وقال", "المرصد", "ان", "3", "قتلوا", "."]


def test_sentence_tokens_are_made_on_first_use_and_equal_tokenizing_the_span():
    text = normalize_text(ARTICLE)
    sentences = split_sentences(text)
    assert all(s._tokens is None for s in sentences)  # the extractor never asks for them
    for s in sentences:
        assert s.tokens == tuple(tokenize(text, s.start, s.end))
        assert s.tokens is s.tokens  # made once
    assert split_sentences(text) == sentences  # equality does not depend on made tokens


def test_sentence_spans_map_back_to_the_raw_article():
    raw = "قُتِلَ مدنيٌّ في درعا\u200f.\nوأُصيب آخرون ﺑﺠﺮوح."
    norm = normalize(raw)
    sentences = split_sentences(norm.text)
    assert [norm.raw_span(s.start, s.end) for s in sentences] == ["قُتِلَ مدنيٌّ في درعا\u200f.", "وأُصيب آخرون ﺑﺠﺮوح."]


def test_empty_text_has_no_sentences_or_tokens():
    assert split_sentences("") == [] and split_sentences(" \n\n ") == []
    assert tokenize("") == []


# ---------------------------------------------------------------- datelines

@pytest.mark.parametrize(
    ("raw", "place"),
    [
        ("دمشق - قالت وزارة الدفاع إن الطائرات قصفت مواقع.", "دمشق"),
        ("بغداد (رويترز) - قتل ثلاثة جنود في هجوم.", "بغداد"),
        ("درعا: اندلعت اشتباكات عنيفة فجر اليوم.", "درعا"),
        ('عدن - «الوطن»: تجددت المواجهات في المدينة.', "عدن"),
        ("دير الزور - قتل عنصران بانفجار لغم.", "دير الزور"),
        ("القدس المحتلة-وفا: اقتحمت القوات البلدة.", "القدس المحتله"),
        ("دمشق، 12 آب (سانا) - أعلنت الوزارة بدء الحملة.", "دمشق"),
    ],
)
def test_dateline_finds_the_place_at_the_article_opening(raw, place):
    text = normalize_text(raw)
    span = dateline(text)
    assert span is not None and text[span[0] : span[1]] == normalize_text(place)


def test_dateline_after_a_headline_line_is_found_in_the_body():
    text = normalize_text("سوريا: مقتل 4 مدنيين بقصف\nإدلب - قتل أربعة مدنيين بقصف جوي.")
    span = dateline(text)
    assert text[span[0] : span[1]] == "ادلب"


def test_headline_with_a_dash_is_used_when_the_body_has_no_dateline():
    text = normalize_text("درعا - اشتباكات عنيفة\nاندلعت اشتباكات عنيفة في المدينة.")
    span = dateline(text)
    assert text[span[0] : span[1]] == "درعا"


@pytest.mark.parametrize(
    "raw",
    [
        "قتل ثلاثة مدنيين في قصف على المدينة.",
        "(رويترز) - قتل ثلاثة جنود في هجوم.",
        "عاجل: انفجار في المدينة الصناعية.",
        "وقال: لن ننسحب من المنطقة.",
        "أعلنت وزارة الدفاع التركية: تم تحييد مسلحين.",
        "سوريا: مقتل 4 مدنيين بقصف",
        "دمشق، اليوم (سانا) - أعلنت الوزارة بدء الحملة.",
        "",
    ],
)
def test_dateline_is_none_without_a_dateline(raw):
    assert dateline(normalize_text(raw)) is None


def test_dateline_is_only_looked_for_in_the_opening_lines():
    text = normalize_text("خبر.\nخبر آخر.\nخبر ثالث.\nدمشق - خبر رابع.")
    assert dateline(text) is None


# ---------------------------------------------------------------- speed

ARTICLE = "\n".join(
    [
        "مقتل مدنيين وإصابة آخرين بقصف مدفعي على ريف درعا الغربي",
        "درعا - «خاص»: قُتل 4 مدنيين بينهم طفلان، وأصيب 12 آخرون بجروح متفاوتة، صباح اليوم الخميس، "
        "جراء قصف مدفعي استهدف بلدة في ريف درعا الغربي، وفق ما أفادت به مصادر محلية.",
        "وقال ناشط من المنطقة إن القوات المتمركزة في تلة قريبة أطلقت أكثر من 20 قذيفة هاون على الأحياء "
        "السكنية. وأضاف: «الوضع مأساوي. الناس لا يجدون مكاناً آمناً».",
        "وبحسب وكالة الأنباء الرسمية (سانا)، فإن «مجموعات مسلحة» استهدفت حاجزاً للجيش على الطريق الدولي، "
        "ما أدى إلى مقتل عنصرين وإصابة 3 آخرين، فيما ردّت وحدات الجيش على مصادر النيران.",
    ]
    * 5
)


def test_segmentation_of_a_3000_character_article_is_fast():
    text = normalize_text(ARTICLE)[:3000]
    split_sentences(text)  # warm the word cache, as on a stream of articles
    runs = 50
    started = time.perf_counter()
    for _ in range(runs):
        split_sentences(text)
    per_article = (time.perf_counter() - started) / runs
    assert per_article < 0.005  # about 1 ms on a laptop; generous for slow CI machines
