"""The key text place matching runs on, and the per-key facts a gazetteer keeps across articles."""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from marsad.gazetteer import Gazetteer
from marsad.gazetteer.mentions import _BREAK, _key_text, _to_text, find_places
from marsad.normalize import normalize, strip_article

# Letters, proclitics and the article, and the gaps an article has between words.
PIECES = st.sampled_from(["ال", "و", "ب", "ل", "ف", "ك", "حلب", "درعا", "ريف", "قريه", "تل", "5",
                          "_", " ", "  ", "\n", "،", ", ", " - ", ".", "(", ")", "|"])


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    os.environ.setdefault("MARSAD_CACHE", str(Path(tempfile.gettempdir()) / "marsad-test-cache"))
    return Gazetteer.open(path=None)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=20).map("".join))
def test_key_text_has_each_word_without_article_and_maps_back(text):
    key, starts, offsets, words, spans, last_word = _key_text(text)
    assert words == re.findall(r"\w+", text)
    assert [text[s:e] for s, e in spans] == words
    stems = [strip_article(w) for w in words]
    assert re.split(r"[ |]", key) == (stems or [""])
    for i, stem in enumerate(stems):
        assert key[starts[i]:starts[i] + len(stem)] == stem
        assert text[offsets[i]:spans[i][1]] == stem  # a stem ends where its word does
        assert _to_text(starts[i] + len(stem) - 1, starts, offsets) == (spans[i][1] - 1, i)
        assert last_word[starts[i] + len(stem)] == i
    for i in range(len(words) - 1):
        gap = text[spans[i][1]:spans[i + 1][0]]
        assert key[starts[i] + len(stems[i])] == (" " if gap.isspace() else _BREAK)


def test_kept_key_facts_give_the_same_mentions_as_fresh_ones(gaz):
    text = normalize("قصفت قوات النظام بلدة النيرب بريف إدلب، وقرى الزيادية والمنصورة قرب مدينة حلب").text
    fresh = find_places(text, gaz.automaton, gaz._by_key)
    assert [m.text for m in fresh] == [m.text for m in gaz.find_places(text)]
    assert gaz.find_places(text) == gaz.find_places(text) == fresh
    assert ("ادلب", "name") in [(m.text, m.kind) for m in fresh]
