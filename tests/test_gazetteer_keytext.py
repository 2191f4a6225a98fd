"""How place names are matched in text, and the per-key facts a gazetteer keeps across articles."""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from marsad.gazetteer import Gazetteer
from marsad.gazetteer.mentions import _PREFIX, _name_hits, _split_words, build_automaton, find_places
from marsad.normalize import normalize, strip_article

# Letters, proclitics and the article, and the gaps an article has between words.
PIECES = st.sampled_from(["ال", "و", "ب", "ل", "ف", "ك", "حلب", "درعا", "ريف", "قريه", "تل", "دير", "زور", "5",
                          "_", " ", "  ", "\n", "،", ", ", " - ", ".", "(", ")", "|"])
KEYS = ["حلب", "درعا", "ريف حلب", "تل", "دير زور", "دير زور حلب", "زور", "قريه درعا", "لحلب", "عين-عرب", "555"]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    os.environ.setdefault("MARSAD_CACHE", str(Path(tempfile.gettempdir()) / "marsad-test-cache"))
    return Gazetteer.open(path=None)


def _reference_hits(text: str, keys: set[str]) -> list[tuple]:
    """The definition, by brute force: a key is the words' article-less forms from some letter
    of the first word, joined by one space where only whitespace separates them, after a
    proclitic prefix; longest first at each end."""
    words, spans = _split_words(text)
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
                    out.append((start, spans[j][1], key, i, j, prefix))
    return sorted(out, key=lambda hit: (hit[4], -len(hit[2])))


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=24).map("".join))
def test_names_match_words_without_article_only_across_whitespace(text):
    words, spans = _split_words(text)
    assert words == re.findall(r"\w+", text)
    assert [text[s:e] for s, e in spans] == words
    keys = {k for k in KEYS if "-" not in k}  # punctuation stops a name: «عين-عرب» never matches
    assert _name_hits(text, build_automaton(KEYS), words, spans) == _reference_hits(text, keys)


def test_name_is_found_after_proclitics_and_across_a_line_break_but_not_a_comma():
    text = normalize("قصفوا وبدير الزور ثم دير\nالزور وليس دير، الزور").text
    hits = [(text[s:e], key) for s, e, key, *_ in _name_hits(text, build_automaton(KEYS), *_split_words(text))]
    assert ("الزور", "زور") in hits
    assert hits.count(("دير الزور", "دير زور")) == 1
    assert ("دير\nالزور", "دير زور") in hits
    assert not any("،" in written for written, _ in hits)


def test_kept_key_facts_give_the_same_mentions_as_fresh_ones(gaz):
    text = normalize("قصفت قوات النظام بلدة النيرب بريف إدلب، وقرى الزيادية والمنصورة قرب مدينة حلب").text
    fresh = find_places(text, gaz.automaton, gaz._by_key)
    assert [m.text for m in fresh] == [m.text for m in gaz.find_places(text)]
    assert gaz.find_places(text) == gaz.find_places(text) == fresh
    assert ("ادلب", "name") in [(m.text, m.kind) for m in fresh]
