"""Tests for marsad.ingest: files, folders, HTML pages, JSON Lines, stdin, encodings, bad inputs."""
from __future__ import annotations

import gzip
import io
import json
import re
import sys
from datetime import date
from pathlib import Path

import pytest

from marsad import ingest
from marsad.document import Document
from marsad.ingest import (
    InputError,
    clean_boilerplate,
    decode_bytes,
    iter_documents,
    load_boilerplate,
    looks_arabic,
    read_html,
)

FIXTURES = Path(__file__).parent / "fixtures"
NEWS_PAGE = FIXTURES / "news_page.html"
EXAMPLE = Path(ingest.__file__).parent / "data" / "examples" / "daraa_example.txt"

ARTICLE = (
    "قصفت قوات النظام بقذائف الهاون الأحياء السكنية في بلدة الحراك شرقي درعا، صباح اليوم، "
    "ما أدى إلى إصابة ثلاثة مدنيين بجروح.\n"
    "وقال ناشطون إن القصف استمر أكثر من ساعة، وسط حالة من الخوف بين الأهالي."
)
SENTENCES = [
    ARTICLE,
    "أعلنت فصائل المعارضة السيطرة على تلة استراتيجية في ريف إدلب الجنوبي بعد معارك عنيفة.",
    "اعتقلت دورية للأمن العسكري شابين من أبناء مدينة جاسم عند حاجز على الطريق الدولي.",
    "خرج العشرات في وقفة احتجاجية وسط مدينة السويداء للمطالبة بالإفراج عن المعتقلين؛ هل من مجيب؟",
    "قُتل عنصران من قوات النظام وجُرح آخرون بانفجار لغم أرضي بسيارتهم قرب بلدة الشيخ مسكين.",
]


def documents(paths, **kwargs) -> list[Document | InputError]:
    return list(iter_documents([str(p) for p in paths], **kwargs))


def only_document(paths, **kwargs) -> Document:
    (doc,) = documents(paths, **kwargs)
    assert isinstance(doc, Document), doc
    return doc


def only_error(paths, **kwargs) -> InputError:
    (err,) = documents(paths, **kwargs)
    assert isinstance(err, InputError), err
    return err


# --------------------------------------------------------------------------- plain text


def test_txt_file_id_is_stem_and_text_is_kept_as_written(tmp_path):
    path = tmp_path / "hirak-report.txt"
    path.write_bytes(("\ufeff" + ARTICLE.replace("\n", "\r\n") + "\n").encode("utf-8"))
    doc = only_document([path], source="Hawran", published=date(2024, 5, 2))
    assert doc.id == "hirak-report"
    assert doc.text == ARTICLE + "\n"  # BOM stripped, \r\n -> \n, nothing else touched
    assert doc.published == date(2024, 5, 2)
    assert doc.source == "Hawran"
    assert doc.encoding == "utf-8-sig"
    assert doc.origin == str(path)


def test_txt_keeps_diacritics_and_tatweel_because_offsets_index_the_raw_text(tmp_path):
    raw = "قُتِلَ مدنيٌّ بقصفٍ على بلـــدة داعل في ريف درعا الأوسط."
    (tmp_path / "a.txt").write_text(raw, encoding="utf-8")
    assert only_document([tmp_path / "a.txt"]).text == raw


def test_date_first_line_sets_published_and_is_removed(tmp_path):
    path = tmp_path / "dated.txt"
    path.write_text("DATE: 2024-03-14\n" + ARTICLE, encoding="utf-8")
    doc = only_document([path], published=date(2020, 1, 1))
    assert doc.published == date(2024, 3, 14)
    assert doc.text == ARTICLE


def test_date_unknown_first_line_means_no_publication_date(tmp_path):
    path = tmp_path / "undated.txt"
    path.write_text("DATE: unknown\n" + ARTICLE, encoding="utf-8")
    doc = only_document([path], published=date(2020, 1, 1))
    assert doc.published is None
    assert doc.text == ARTICLE


def test_date_word_later_in_text_is_left_alone(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE + "\nDATE: 2024-03-14", encoding="utf-8")
    doc = only_document([path])
    assert doc.published is None
    assert doc.text.endswith("DATE: 2024-03-14")


# --------------------------------------------------------------------------- HTML


@pytest.fixture(scope="module")
def page() -> tuple[str, dict]:
    return read_html(NEWS_PAGE.read_bytes(), str(NEWS_PAGE))


def test_html_main_text_keeps_article_paragraphs_as_lines(page):
    text, _ = page
    lines = text.split("\n")
    assert len(lines) == 5
    assert lines[0].startswith("قتل مدنيان وأصيب خمسة آخرون، صباح اليوم الخميس")
    assert "محمود عبد الكريم السيد" in lines[1]
    assert lines[-1].startswith("ويأتي هذا التصعيد")


@pytest.mark.parametrize("furniture", [
    "اتصل بنا", "مقالات الرأي", "تسجيل الدخول",  # menu and top bar
    "شارك", "واتساب", "نسخ الرابط",  # share bars
    "اقرأ أيضا", "سرمين",  # inline link to another article
    "قد يعجبك أيضا", "جسر الشغور", "الأتارب",  # related articles
    "الأكثر قراءة", "أسعار المحروقات", "النشرة البريدية",  # sidebar
    "تابعونا", "جميع الحقوق محفوظة", "سياسة الخصوصية",  # footer
    "الوسوم",
])
def test_html_main_text_drops_page_furniture(page, furniture):
    text, _ = page
    assert furniture not in text


def test_html_headline_goes_to_title_not_text(page):
    text, meta = page
    assert meta["title"] == "قصف مدفعي على أريحا جنوبي إدلب يوقع قتيلين"
    assert meta["title"] not in text


def test_html_metadata_from_open_graph_and_json_ld(page):
    _, meta = page
    assert meta["published"] == date(2023, 10, 5)
    assert meta["source"] == "صدى الشمال"
    assert meta["url"] == "https://sada-alshamal.example/news/2023/10/ariha-shelling"


def test_html_publication_date_from_json_ld_alone():
    html = NEWS_PAGE.read_text(encoding="utf-8")
    html = re.sub(r'<meta property="article:published_time"[^>]*>', "", html)
    html = re.sub(r"<time[^>]*>[^<]*</time>", "", html)
    assert "datePublished" in html
    assert read_html(html)[1]["published"] == date(2023, 10, 5)


def test_html_file_becomes_document_with_page_metadata(tmp_path):
    doc = only_document([NEWS_PAGE], source="fallback", published=date(2000, 1, 1))
    assert doc.id == "news_page"
    assert doc.title.startswith("قصف مدفعي على أريحا")
    assert doc.published == date(2023, 10, 5)  # the page's own date wins over the default
    assert doc.source == "صدى الشمال"


def test_html_related_block_inside_the_article_body_is_cut():
    html = NEWS_PAGE.read_text(encoding="utf-8").replace(
        '  </div>\n  <div class="tags">',
        "<p>المصدر: صدى الشمال</p>\n<p><strong>قد يعجبك أيضاً:</strong></p>\n"
        "<p>مقتل عنصرين من قوات النظام بعملية قنص على جبهة سراقب وإصابة ثالث بجروح خطيرة</p>\n"
        "<p>شارك</p>\n  </div>\n  <div class=\"tags\">",
    )
    text, _ = read_html(html)
    assert text.endswith("في حين نفت الفصائل أي علاقة لها به.")
    assert "سراقب" not in text


def test_html_page_in_windows_1256_is_decoded(tmp_path):
    html = NEWS_PAGE.read_text(encoding="utf-8").replace('charset="utf-8"', 'charset="windows-1256"')
    path = tmp_path / "legacy.htm"
    path.write_bytes(html.encode("cp1256", errors="replace"))
    doc = only_document([path])
    assert doc.encoding == "windows-1256"
    assert doc.text.startswith("قتل مدنيان")


def test_html_page_without_article_text_is_an_error(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><body><nav><a href='/'>الرئيسية</a></nav></body></html>", encoding="utf-8")
    err = only_error([path])
    assert err.origin == str(path)
    assert "no article text" in err.reason


# --------------------------------------------------------------------------- boilerplate rules

BODY = [
    "شنت قوات النظام هجوما على مواقع الفصائل في محيط بلدة اليادودة غربي درعا فجر اليوم.",
    "وقال مصدر محلي إن الاشتباكات استمرت ساعتين، وأسفرت عن مقتل عنصر من الفصائل.",
    "وأضاف أن قوات النظام انسحبت إلى مواقعها السابقة دون أن تحقق أي تقدم على الأرض.",
]


def test_related_heading_in_the_tail_cuts_everything_after_it():
    text = "\n".join(BODY + ["مواضيع ذات صلة", "غارات على أطراف مدينة نوى", "حملة اعتقالات في إنخل"])
    assert clean_boilerplate(text) == "\n".join(BODY)


def test_related_heading_before_a_long_list_of_headlines_cuts_it_even_early_in_the_text():
    links = ["غارات روسية على أطراف مدينة جسر الشغور تستهدف محطة لضخ المياه",
             "مقتل عنصرين من قوات النظام بعملية قنص على جبهة سراقب شرقي إدلب",
             "احتجاجات في مدينة الأتارب بريف حلب الغربي تطالب بالإفراج عن المعتقلين",
             "افتتاح طريق جديد يربط مدينة إدلب بريف حلب الغربي بعد سنوات من الإغلاق"]
    text = "\n".join(BODY[:1] + ["قد يعجبك أيضا"] + links)
    assert clean_boilerplate(text) == BODY[0]


def test_related_heading_early_in_the_text_drops_only_its_line():
    text = "\n".join(BODY[:1] + ["اقرأ أيضاً"] + BODY[1:])
    assert clean_boilerplate(text) == "\n".join(BODY)


def test_read_also_link_line_is_dropped_without_cutting_the_article():
    text = "\n".join(BODY[:2] + ["اقرأ أيضا: قصف مدفعي على بلدة طفس يوقع جرحى"] + BODY[2:])
    assert clean_boilerplate(text) == "\n".join(BODY)


def test_trailing_source_line_is_dropped_with_or_without_colon():
    for credit in ["المصدر السورية نت", "المصدر: وكالات", "تحرير: فريق الموقع"]:
        assert clean_boilerplate("\n".join(BODY + [credit])) == "\n".join(BODY)


@pytest.mark.parametrize("closing", [
    "المصادر نفسها أكدت أن التعزيزات ما زالت تصل إلى المنطقة.",
    "المصدر ذاته أكد مقتل عنصرين.",
])
def test_source_word_in_a_closing_sentence_is_kept(closing):
    assert clean_boilerplate("\n".join(BODY + [closing])).endswith(closing)


def test_short_widget_lines_are_dropped_anywhere():
    text = "\n".join(["شارك على فيسبوك", BODY[0], "| طباعة |", BODY[1], "تابعونا على تيليغرام", BODY[2]])
    assert clean_boilerplate(text) == "\n".join(BODY)


def test_news_sentence_starting_with_a_widget_word_is_kept():
    sentence = "شارك مئات المتظاهرين في وقفة احتجاجية وسط مدينة درعا للمطالبة بالإفراج عن المعتقلين."
    announcement = "إعلان وقف إطلاق النار في المدينة"
    text = "\n".join([sentence, BODY[0], announcement, BODY[1]])
    assert clean_boilerplate(text) == text


def test_copyright_notice_is_dropped():
    text = "\n".join(BODY + ["جميع الحقوق محفوظة لموقع صدى الشمال للإعلام والنشر © 2023"])
    assert clean_boilerplate(text) == "\n".join(BODY)


def test_boilerplate_file_loads_with_every_group_non_empty():
    rules = load_boilerplate()
    assert rules.headings.match("قد يعجبك ايضا")  # cues are normalized like the text
    assert 0 < rules.tail_share < 1


@pytest.mark.parametrize("yaml_text, problem", [
    ("headings: [اقرأ أيضا, اقرأ ايضاً]", "duplicate"),
    ("headings: []", "non-empty list"),
    ("headings: [12]", "not a cue"),
    ("headings: ['   ']", "not a cue"),
])
def test_boilerplate_file_rejects_malformed_cues(tmp_path, yaml_text, problem):
    good = (Path(ingest.__file__).parent / "data" / "boilerplate.yaml").read_text(encoding="utf-8")
    broken = re.sub(r"^headings:\n(?:  - .*\n)+", yaml_text + "\n", good, flags=re.M)
    assert broken != good
    path = tmp_path / "boilerplate.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ValueError, match=problem):
        load_boilerplate(path)


def test_boilerplate_file_rejects_unknown_groups(tmp_path):
    path = tmp_path / "boilerplate.yaml"
    path.write_text("headings: [شارك]\nfooters: [تابعونا]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="expected the keys"):
        load_boilerplate(path)


# --------------------------------------------------------------------------- JSON Lines


def write_jsonl(path: Path, lines: list) -> None:
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x, ensure_ascii=False)) + "\n"
                            for x in lines), encoding="utf-8")


def test_jsonl_records_with_defaults_and_bad_lines_named_by_line(tmp_path):
    path = tmp_path / "batch.jsonl"
    write_jsonl(path, [
        {"id": "a1", "text": SENTENCES[1], "published": "2024-02-03T10:00:00Z", "source": "عنب بلدي",
         "url": "https://example.org/a1", "title": "سيطرة على تلة"},
        "{not json",
        "",
        {"title": "no text here"},
        {"text": SENTENCES[2]},
        {"text": ["not", "a", "string"]},
        "[1, 2]",
    ])
    out = documents([path], published=date(2024, 2, 1), source="batch")
    first, bad_json, no_text, defaulted, not_string, not_object = out
    assert (first.id, first.published, first.source, first.url, first.title) == (
        "a1", date(2024, 2, 3), "عنب بلدي", "https://example.org/a1", "سيطرة على تلة")
    assert first.origin == f"{path}:1"
    assert (bad_json.origin, no_text.origin) == (f"{path}:2", f"{path}:4")
    assert "not valid JSON" in bad_json.reason
    assert '"text"' in no_text.reason
    assert defaulted.id == "batch-5"
    assert (defaulted.published, defaulted.source) == (date(2024, 2, 1), "batch")
    assert not_string.origin == f"{path}:6"
    assert not_object.reason == "not a JSON object"


def test_jsonl_record_with_html_is_extracted(tmp_path):
    path = tmp_path / "pages.jsonl"
    write_jsonl(path, [{"id": "p1", "html": NEWS_PAGE.read_text(encoding="utf-8")}])
    doc = only_document([path])
    assert doc.text.startswith("قتل مدنيان وأصيب خمسة آخرون")
    assert "قد يعجبك" not in doc.text
    assert doc.published == date(2023, 10, 5)
    assert doc.title.startswith("قصف مدفعي")


def test_jsonl_text_keeps_boilerplate_words_because_it_is_the_users_text(tmp_path):
    path = tmp_path / "t.jsonl"
    text = ARTICLE + "\nالمصدر: السورية نت"
    write_jsonl(path, [{"text": text}])
    assert only_document([path]).text == text


def test_jsonl_non_arabic_record_is_reported_and_others_continue(tmp_path):
    path = tmp_path / "mixed.jsonl"
    write_jsonl(path, [{"text": "Government forces shelled the town this morning."}, {"text": ARTICLE}])
    err, doc = documents([path])
    assert isinstance(err, InputError) and err.origin == f"{path}:1" and "not Arabic" in err.reason
    assert doc.id == "mixed-2"


def test_empty_jsonl_file_is_an_error(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    assert only_error([path]).reason == "empty file"


# --------------------------------------------------------------------------- gzip, folders


def test_gzip_files_are_read_transparently(tmp_path):
    (tmp_path / "one.txt.gz").write_bytes(gzip.compress(ARTICLE.encode("cp1256")))
    (tmp_path / "many.jsonl.gz").write_bytes(gzip.compress(
        (json.dumps({"text": SENTENCES[1]}, ensure_ascii=False) + "\n").encode("utf-8")))
    jsonl_doc = only_document([tmp_path / "many.jsonl.gz"])
    txt_doc = only_document([tmp_path / "one.txt.gz"])
    assert (jsonl_doc.id, jsonl_doc.text) == ("many-1", SENTENCES[1])
    assert (txt_doc.id, txt_doc.text, txt_doc.encoding) == ("one", ARTICLE, "windows-1256")


def test_corrupt_gzip_is_an_error(tmp_path):
    path = tmp_path / "broken.txt.gz"
    path.write_bytes(gzip.compress(ARTICLE.encode())[:-20] + b"garbage")
    assert "gzip" in only_error([path]).reason
    path = tmp_path / "broken.jsonl.gz"
    path.write_bytes(b"this is not gzip at all")
    assert "gzip" in only_error([path]).reason


def test_folder_reads_supported_files_recursively_in_sorted_order(tmp_path):
    (tmp_path / "b.txt").write_text(SENTENCES[1], encoding="utf-8")
    (tmp_path / "a.txt").write_text(SENTENCES[0], encoding="utf-8")
    (tmp_path / "notes.md").write_text("# not an article", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(SENTENCES[2], encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "c.txt").write_text(SENTENCES[3], encoding="utf-8")
    ids = [d.id for d in documents([tmp_path])]
    assert ids == ["a", "b", "c"]
    assert [d.id for d in documents([tmp_path], recursive=False)] == ["a", "b"]


def test_folder_without_supported_files_is_an_error(tmp_path):
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    assert "no .txt" in only_error([tmp_path]).reason


def test_missing_file_is_an_error_and_later_inputs_still_read(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    err, doc = documents([tmp_path / "missing.txt", good])
    assert isinstance(err, InputError) and err.reason == "no such file or directory"
    assert doc.id == "good"


def test_explicit_unsupported_file_type_is_an_error(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4")
    assert "unsupported file type '.pdf'" in only_error([path]).reason


def test_permission_denied_is_an_error(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text(ARTICLE, encoding="utf-8")

    def refuse(_path):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(ingest, "_open_binary", refuse)
    assert only_error([path]).reason == "permission denied"


# --------------------------------------------------------------------------- bad content


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file"),
    (b"  \n\t\n ", "empty text"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ("Ceci est un texte français, écrit en Latin-1.".encode("latin-1"), "cannot decode"),
    (b"Government forces shelled residential areas of the town this morning.", "not Arabic"),
    ("نیروهای دولتی امروز صبح به روستا حمله کردند و چند نفر کشته شدند".encode(), "not Arabic"),
])
def test_bad_content_gives_one_line_reason(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    err = only_error([path])
    assert reason in err.reason
    assert "\n" not in str(err)
    assert str(err).startswith(str(path))


def test_bad_inputs_never_raise(tmp_path):
    (tmp_path / "bin.jsonl").write_bytes(b"\x00\x01\x02" * 50)
    (tmp_path / "bad.html").write_bytes(b"\xff\xfe\x00")
    (tmp_path / "x.htm").write_text("<html>", encoding="utf-8")
    out = documents([tmp_path, tmp_path / "nope", tmp_path / "bin.jsonl"])
    assert out and all(isinstance(x, InputError) for x in out)


def test_arabic_article_with_some_english_is_arabic():
    text = ("قالت وكالة Reuters إن قوات النظام شنت هجوما على بلدة طفس، وأكد المرصد السوري "
            "لحقوق الإنسان (SOHR) مقتل مدنيين اثنين وإصابة آخرين.")
    assert looks_arabic(text)


def test_english_text_quoting_arabic_is_not_arabic():
    assert not looks_arabic("The Syrian Observatory said that قوات النظام attacked the town of "
                            "Tafas on Thursday, killing two civilians and wounding several others.")


def test_persian_and_urdu_are_not_arabic_despite_the_script():
    assert not looks_arabic("نیروهای دولتی امروز صبح به روستا حمله کردند و چند نفر کشته شدند")
    assert not looks_arabic("ہفتے کے روز سرکاری فوج نے گاؤں پر حملہ کیا جس میں کئی لوگ ہلاک ہو گئے")


def test_letter_share_decides_when_the_language_identifier_is_unavailable(monkeypatch):
    def broken():
        raise OSError("model file missing")

    ingest._detector.cache_clear()
    monkeypatch.setattr(ingest, "_detector", broken)
    assert looks_arabic(ARTICLE)
    assert not looks_arabic("Government forces shelled the town this morning.")


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize("sentence", SENTENCES)
@pytest.mark.parametrize("codec, name", [("cp1256", "windows-1256"), ("iso8859_6", "iso-8859-6")])
def test_legacy_arabic_code_pages_round_trip(sentence, codec, name):
    data = sentence.replace("\n", "\r\n").encode(codec)
    assert decode_bytes(data) == (sentence, name)


@pytest.mark.parametrize("codec, name", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"),
                                         ("utf-16", "utf-16")])
def test_unicode_encodings_round_trip_without_bom(codec, name):
    assert decode_bytes(ARTICLE.encode(codec)) == (ARTICLE, name)


def test_file_encoding_is_recorded_on_the_document(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(ARTICLE.encode("iso8859_6"))
    doc = only_document([path])
    assert (doc.text, doc.encoding) == (ARTICLE, "iso-8859-6")


# --------------------------------------------------------------------------- standard input


def feed_stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_stdin_json_lines_are_detected(monkeypatch):
    lines = [json.dumps({"text": s}, ensure_ascii=False) for s in SENTENCES[1:3]]
    feed_stdin(monkeypatch, ("\n  \n" + "\n".join(lines) + "\n").encode())
    out = list(iter_documents(None))
    assert [d.id for d in out] == ["stdin-3", "stdin-4"]
    assert out[0].origin == "<stdin>:3"


def test_stdin_plain_text_is_one_article(monkeypatch):
    feed_stdin(monkeypatch, ("DATE: 2024-01-09\n" + ARTICLE).encode("cp1256"))
    doc = only_document(["-"])
    assert (doc.id, doc.text, doc.published, doc.encoding) == (
        "stdin", ARTICLE, date(2024, 1, 9), "windows-1256")


def test_empty_stdin_is_an_error(monkeypatch):
    feed_stdin(monkeypatch, b"")
    assert only_error(["-"]).origin == "<stdin>"


# --------------------------------------------------------------------------- packaged example


def test_packaged_example_is_a_dated_arabic_report():
    doc = only_document([EXAMPLE])
    assert doc.id == "daraa_example"
    assert doc.published == date(2024, 3, 14)  # a Thursday: «صباح اليوم الخميس»
    assert doc.published.weekday() == 3
    assert 250 <= len(doc.text.split()) <= 350
    for cue in ["صباح اليوم الخميس", "الأحد الماضي", "الأمن العسكري", "طفس", "درعا"]:
        assert cue in doc.text


# --------------------------------------------------------------------------- fast language check

import unicodedata  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def test_arabic_script_blocks_hold_exactly_the_letters_named_arabic():
    named = {ch for ch in map(chr, range(0x110000))
             if ch.isalpha() and unicodedata.name(ch, "").startswith("ARABIC")}
    in_blocks = {ch for ch in map(chr, range(0x110000))
                 if ch.isalpha() and ingest._ARABIC_SCRIPT_RUN.fullmatch(ch)}
    assert named == in_blocks


_CHARS = st.sampled_from(list("قتل في درعا ،.«»\n\t0123456789٣") + [
    "پ", "گ", "ی", "ے", "ﻻ", "ﺑ", "\u064e", "\u0640", "ـ", "a", "Z", "é", "Ж", "²", "½", "Ⅻ", "①", "_",
    "\U0001ee01", "\u08a0", "\u0750", "\u0620", "\u063d", "\u066e", "\u00a0",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_CHARS, max_size=60).map("".join))
def test_letter_counts_equal_a_count_character_by_character(sample):
    letters = [ch for ch in sample if ch.isalpha()]
    arabic = [ch for ch in letters if unicodedata.name(ch, "").startswith("ARABIC")]
    alphabet = [ch for ch in arabic if "\u0621" <= ch <= "\u063a" or "\u0640" <= ch <= "\u064a"]
    assert ingest._letter_counts(sample) == (len(letters), len(arabic), len(arabic) - len(alphabet))


def test_language_identifier_runs_only_for_letters_the_arabic_alphabet_lacks(monkeypatch):
    seen: list[str] = []
    monkeypatch.setattr(ingest, "_identify", lambda sample: seen.append(sample) or "ar")
    assert looks_arabic(ARTICLE)
    assert seen == []
    assert looks_arabic("زار الوزير مدينة ڤيينا أمس")  # ڤ: Arabic uses it for foreign names too
    assert len(seen) == 1


def test_short_arabic_texts_are_not_taken_for_persian():
    # The identifier labels such fragments fa/azb; without Persian letters they are Arabic.
    assert looks_arabic("قصف")
    assert looks_arabic("درعا")
    assert looks_arabic("52 قتيلا")
