"""Place mentions in normalized article text, found with one Aho-Corasick automaton.

The automaton holds name keys (normalized, article dropped per word). The text is turned into a
"key text" the same way (each word without its article, words split by punctuation marked so no
name spans them); a match counts when it ends at a word end and starts at a word start or after
proclitics («و», «ف», «ب», «ل», «ك», with or without the article: «وبدرعا», «بالرقة», «لحلب»).
Longest match wins. Words that are also ordinary words need a place-type cue before them
(place_stopwords.yaml).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import ahocorasick

from ..normalize import name_key, strip_article
from . import lexicon
from .store import Place

_WORD = re.compile(r"\w+")
# What may stand between a word's start and a name inside it: proclitics and the article.
_PREFIX = re.compile(r"(?:[وف]?[بلك]?(?:ال)?|[وف]?لل)")
_BREAK = "|"  # stands for punctuation between words in the key text
MIN_KEY_LENGTH = 3


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place name in the normalized text: ``text[start:end]`` (article kept, proclitics not)."""

    start: int
    end: int
    text: str
    key: str
    candidates: tuple[Place, ...]
    cue: str | None  # the normalized place-type word before it («مدينه», «حي», «ريف»...)


def build_automaton(keys: list[str]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for key in keys:
        if len(key.replace(" ", "")) >= MIN_KEY_LENGTH and not key.isdigit():
            automaton.add_word(key, key)
    automaton.make_automaton()
    return automaton


def _key_text(text: str) -> tuple[str, list[int], list[int], list[tuple[int, int]]]:
    """The key text, for each of its characters the normalized offset (-1 for separators)
    and the word index, and the words' (start, end) in the normalized text."""
    parts: list[str] = []
    t2n: list[int] = []
    t2w: list[int] = []
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    for i, (s, e) in enumerate(words):
        if i:
            gap = text[words[i - 1][1]:s]
            parts.append(" " if not gap.strip() else _BREAK)
            t2n.append(-1)
            t2w.append(-1)
        word = text[s:e]
        stem = strip_article(word)
        offset = s + len(word) - len(stem)
        parts.append(stem)
        t2n.extend(range(offset, e))
        t2w.extend([i] * len(stem))
    return "".join(parts), t2n, t2w, words


def _cue_before(text: str, words: list[tuple[int, int]], index: int, cues: dict[str, str]) -> str | None:
    """The cue word right before word ``index`` (whitespace between), proclitics allowed on it."""
    if index == 0:
        return None
    s, e = words[index - 1]
    if text[e:words[index][0]].strip():
        return None
    word = text[s:e]
    for cut in (0, 1, 2):
        if cut and not re.fullmatch(r"[وف]?[بلك]?", word[:cut]):
            continue
        if word[cut:] in cues:
            return word[cut:]
    return None


def find_places(text: str, automaton: ahocorasick.Automaton,
                lookup: Callable[[str], list[Place]]) -> list[PlaceMention]:
    """Place mentions in a normalized text, in text order."""
    if not text or len(automaton) == 0:
        return []
    key_text, t2n, t2w, words = _key_text(text)
    found: list[tuple[int, int, str, int, str]] = []  # start, end, key, word index, prefix
    for t_end, key in automaton.iter(key_text):
        t_start = t_end - len(key) + 1
        if t_end + 1 < len(key_text) and key_text[t_end + 1] not in (" ", _BREAK):
            continue  # the name ends inside a word («حلبي»)
        n_start = t2n[t_start]
        word_index = t2w[t_start]
        prefix = text[words[word_index][0]:n_start]
        if not _PREFIX.fullmatch(prefix):
            continue
        if prefix.endswith("ال"):
            n_start -= 2  # keep the article in the mention («الرقة» in «بالرقة»)
        found.append((n_start, t2n[t_end] + 1, key, word_index, prefix))

    found.sort(key=lambda m: (m[0] - m[1], m[0]))
    taken: list[tuple[int, int]] = []
    stop = lexicon.stopwords()
    cues = lexicon.cues()
    mentions: list[PlaceMention] = []
    for start, end, key, word_index, prefix in found:
        if any(start < b and a < end for a, b in taken):
            continue
        cue = None if prefix.rstrip("ال") else _cue_before(text, words, word_index, cues)
        if not _counts(text, words, word_index, key, prefix, cue, stop):
            continue
        candidates = tuple(lookup(key))
        if not candidates or _country_adjective(text[start:end], candidates):
            continue
        if prefix and "ال" not in prefix and len(key) < 4 and not any(_major(p) for p in candidates):
            continue  # a short name glued to a proclitic is mostly an ordinary word («وقال»)
        taken.append((start, end))
        mentions.append(PlaceMention(start, end, text[start:end], key, candidates, cue))
    mentions.sort(key=lambda m: m.start)
    return mentions


def _counts(text: str, words: list[tuple[int, int]], index: int, key: str, prefix: str,
            cue: str | None, stop: lexicon.Stopwords) -> bool:
    """Whether a match is a place: ordinary words need a cue (or «في»/«ب»), and a name right
    after a person marker («بن», «أبو», «الشهيد») is part of a person's name."""
    if key in _cue_keys():
        return False  # «بلدة» alone is a cue, even where a village bears that name
    if cue is not None:
        return True
    previous = text[words[index - 1][0]:words[index - 1][1]] if index else ""
    if key in stop.cue_only or key in stop.given_names:
        return False
    if key in stop.cue_or_preposition:
        return previous == "في" or prefix.lstrip("وف").startswith("ب")
    after_person = previous in stop.person_markers or strip_article(previous) in stop.given_names
    return not (after_person and not prefix)


def _major(place: Place) -> bool:
    return place.feature != "populated" or place.population >= 10_000


@lru_cache(maxsize=1)
def _cue_keys() -> frozenset[str]:
    return frozenset(name_key(c) for c in lexicon.cues())


def _country_adjective(written: str, candidates: tuple[Place, ...]) -> bool:
    """«السورية» (Syrian) shares its key with «سورية» (Syria): a country name written with an
    article it does not have is the adjective."""
    return (written.startswith("ال") and all(p.feature == "country" for p in candidates)
            and not any(p.name_ar.startswith("ال") for p in candidates))
