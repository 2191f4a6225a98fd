"""How place names are matched in text, and the per-key facts a gazetteer keeps across articles."""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings, strategies as st

from marsad.gazetteer import Gazetteer
from marsad import geocode
from marsad.gazetteer.mentions import _PREFIX, _PREFIXES, _Words, _name_hits, build_matcher, find_places
from marsad.normalize import normalize, strip_article

# Letters, proclitics and the article, and the gaps an article has between words.
PIECES = st.sampled_from(["ال", "و", "ب", "ل", "ف", "ك", "حلب", "درعا", "ريف", "قريه", "تل", "دير", "زور", "5",
                          "_", " ", "  ", "\n", "،", ", ", " - ", ".", "(", ")", "|", "رقه", "لل", "وال"])
KEYS = ["حلب", "درعا", "ريف حلب", "تل", "دير زور", "دير زور حلب", "زور", "قريه درعا", "لحلب", "عين-عرب", "555",
        "رقه", "الرقه", "ال رقه", "ريف"]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    os.environ.setdefault("MARSAD_CACHE", str(Path(tempfile.gettempdir()) / "marsad-test-cache"))
    return Gazetteer.open(path=None)


def _reference_hits(text: str, keys: set[str]) -> list[tuple]:
    """The definition, by brute force: a key is the words' article-less forms from some letter
    of the first word, joined by one space where only whitespace separates them, after a
    proclitic prefix; placed longest first, then in text order, the longer key first."""
    spans = [m.span() for m in re.finditer(r"\w+", text)]
    words = [text[s:e] for s, e in spans]
    stems = [strip_article(w) for w in words]
    out = []
    for i, stem in enumerate(stems):
        for k in range(len(stem)):
            n_start = spans[i][1] - len(stem) + k
            prefix = text[spans[i][0]:n_start]
            if prefix and not _PREFIX.fullmatch(prefix):
                continue
            key = stem[k:]
            for j in range(i, len(words)):
                if j > i:
                    if not text[spans[j - 1][1]:spans[j][0]].isspace():
                        break
                    key += " " + stems[j]
                if key in keys and len(key.replace(" ", "")) >= 3 and not key.isdigit():
                    start = n_start - 2 if prefix.endswith("ال") else n_start
                    end = spans[j][1]
                    out.append(((start - end, start, -len(key)), start, end, key, i, j, prefix))
    return sorted(out)


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=24).map("".join))
@example("وبالحلب وفللدرعا كالرقه، والرقه  دير\nزور_حلب")
def test_names_match_words_without_article_only_across_whitespace(text):
    keys = {k for k in KEYS if "-" not in k}  # punctuation stops a name: «عين-عرب» never matches
    assert _name_hits(_Words(text), build_matcher(KEYS)) == _reference_hits(text, keys)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=24).map("".join))
def test_words_are_the_runs_of_word_letters_with_the_gaps_between_them(text):
    words = _Words(text)
    spans = [m.span() for m in re.finditer(r"\w+", text)]
    assert words.words == [text[s:e] for s, e in spans]
    assert list(zip(words.starts, words.ends)) == spans
    assert words.gaps == [text[a[1]:b[0]] for a, b in zip(spans, spans[1:])]
    assert [words.joined(i) for i in range(len(spans))] == [
        0 < i and text[spans[i - 1][1]:spans[i][0]].isspace() for i in range(len(spans))]


def test_the_prefix_set_is_what_the_prefix_pattern_matches():
    letters = "وفبلكا"
    candidates = {""} | {a + b for a in letters for b in ["", *letters]} | {
        a + b + c + d for a in letters for b in letters for c in letters for d in ["", *letters]}
    assert {p for p in candidates if _PREFIX.fullmatch(p)} == _PREFIXES


def test_name_is_found_after_proclitics_and_across_a_line_break_but_not_a_comma():
    text = normalize("قصفوا وبدير الزور ثم دير\nالزور وليس دير، الزور").text
    hits = [(text[s:e], key) for _, s, e, key, *_ in _name_hits(_Words(text), build_matcher(KEYS))]
    assert ("الزور", "زور") in hits
    assert hits.count(("دير الزور", "دير زور")) == 1
    assert ("دير\nالزور", "دير زور") in hits
    assert not any("،" in written for written, _ in hits)


def test_kept_key_facts_give_the_same_mentions_as_fresh_ones(gaz):
    text = normalize("قصفت قوات النظام بلدة النيرب بريف إدلب، وقرى الزيادية والمنصورة قرب مدينة حلب").text
    fresh = find_places(text, gaz.matcher, gaz._by_key)
    assert [m.text for m in fresh] == [m.text for m in gaz.find_places(text)]
    assert gaz.find_places(text) == gaz.find_places(text) == fresh
    assert ("ادلب", "name") in [(m.text, m.kind) for m in fresh]


# Border phrases and the words around them («الحدود», «الشريط الحدودي», «حدود» alone).
BORDER_PIECES = st.sampled_from(["الحدود", "حدود", "الشريط الحدودي", "شريط الحدودي", "الحدوديه", " مع ", " ", "،",
                                 "تركيا", "لبنان", "التركيه", "الاردن", "و", "قرب ", "على ", "سوريا", "ال", "\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(BORDER_PIECES, max_size=16).map("".join))
def test_border_phrases_are_what_scanning_the_whole_text_finds(text):
    found = [(m.start(), m.end(), m.group()) for m in geocode._border_phrases(text)]
    assert found == [(m.start(), m.end(), m.group()) for m in geocode._border_pattern()[0].finditer(text)]
