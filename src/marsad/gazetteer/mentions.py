"""Place mentions in normalized article text, found word by word.

Name keys (normalized, article dropped per word) are looked up by their first word among the
words of the normalized text; a match counts when it names words as they are without their
article, joined by whitespace only (no name spans punctuation), ending at a word end and starting
at a word start or after proclitics («و», «ف», «ب», «ل», «ك», with or without the article:
«وبدرعا», «بالرقة», «لحلب»). Longest match wins.

Whether a match is a place depends on the words around it (place_stopwords.yaml, place_cues.yaml
and marsad's other lexicons): an ordinary word that is also a village name («التحالف», «خمس»,
«عالية») needs a place-type cue («بلدة …») or a locative word («في», «قرب», the proclitic «ب»)
before it; a country name used as an adjective («القوات السورية») is kind ``adjective``. After an
"open" cue, a name the gazetteer does not know is still a mention (kind ``unknown_after_cue``):
«قرية الزيادية», «قرى الزيادية وزيزون والمنصورة».
"""
from __future__ import annotations

import operator
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress, count, repeat
from typing import Callable

from ..normalize import name_key, normalize_text, strip_article
from . import lexicon
from .build import FOCUS
from .store import Place

# What may stand between a word's start and a name inside it: proclitics and the article.
_PREFIX = re.compile(r"(?:[وف]?[بلك]?(?:ال)?|[وف]?لل)")
# Every string _PREFIX matches, for a set lookup per letter position of a new word form.
_PREFIXES = frozenset({a + b + c for a in ("", "و", "ف") for b in ("", "ب", "ل", "ك") for c in ("", "ال")}
                      | {"لل", "ولل", "فلل"})
_LONGEST_PREFIX = 4  # letters: «وبال»
_PREFIX_LETTERS = frozenset("وفبلكا")  # the letters prefixes and articles start with
_DIRECTION = re.compile(r"^(?:ال)?(?:شرق|غرب|شمال|جنوب)(?:ي|يه|ا)?$")
MIN_KEY_LENGTH = 3
MAX_NAME_WORDS = 3
SHORT_NAME = 4  # letters: a name this short or shorter is often an ordinary word
SMALL_PLACE = 1_000  # inhabitants: below this a short name needs a cue or a locative word
MAJOR_PLACE = 100_000
# Words before a country's feminine nisba that make the country name: «المملكة العربية السعودية».
_STATE_WORDS = frozenset({"المملكه", "الجمهوريه", "العربيه", "الدوله", "السلطنه"})
# A word's key, its form without the article and whether it stops a name depend on the word and
# the lexicons only, and the same words come back in every article: all are kept across calls.
_word_key = lru_cache(maxsize=1 << 16)(name_key)
_bare = lru_cache(maxsize=1 << 16)(strip_article)
_name_key = lru_cache(maxsize=1 << 14)(name_key)



# Not frozen: a frozen dataclass sets each field through object.__setattr__, which makes
# building one four times slower, and dozens are built per article; nothing changes them.
@dataclass(slots=True)
class PlaceMention:
    """A place name in the normalized text: ``text[start:end]`` (article kept, proclitics not).

    ``kind`` is "name" (a gazetteer name), "unknown_after_cue" (a name the gazetteer does not
    know, read after a place-type word; ``candidates`` is empty) or "adjective" (a country's
    nisba, «القوات السورية»: context for the article's country, never an event place).
    ``locative`` is true when a locative word or the proclitic «ب» stands right before it.
    ``near`` holds, for an unknown compound name after a district cue («مديرية حزم العدين»), the
    places of the known name it ends with («العدين»): it is placed near them.
    """

    start: int
    end: int
    text: str
    key: str
    candidates: tuple[Place, ...]
    cue: str | None  # the normalized place-type word before it («مدينه», «حي», «ريف»...)
    kind: str = "name"
    locative: bool = False
    near: tuple[Place, ...] = ()


# Where a name can start in a word: the letters before it, its first word, whether that word is
# a key, whether longer keys start with it, and how far before the word's end the mention starts.
Start = tuple[str, str, bool, bool, int]


class NameMatcher:
    """The matchable name keys, looked up word by word.

    ``first`` maps each one-word key and the first word of each longer key to (whether it is a
    key, whether longer keys start with it); ``longer`` holds the longer keys and ``heads``
    every run of their first words, so a match is extended word by word only while some key
    still fits. What a word form can start (:meth:`starts`) is worked out once per distinct
    form and kept across articles: the same words come back in every article, so finding the
    names of an article costs about one dict lookup a word."""

    __slots__ = ("first", "longer", "heads", "_starts")
    MAX_FORMS = 1 << 17  # word forms kept; beyond it the cache starts afresh

    def __init__(self, first: dict[str, tuple[bool, bool]], longer: frozenset[str], heads: frozenset[str]):
        self.first = first
        self.longer = longer
        self.heads = heads
        self._starts: dict[str, tuple[Start, ...]] = {}

    def __len__(self) -> int:
        return len(self.first)

    def starts(self, words: list[str]) -> list[tuple[Start, ...]]:
        """For each word, the ways a name can start in it (see :meth:`_starts_of`)."""
        known = self._starts
        out = list(map(known.get, words))
        if None in out:
            if len(known) > self.MAX_FORMS:
                known.clear()
            for i in compress(count(), map(operator.is_, out, repeat(None))):
                word = words[i]
                found = known.get(word)
                if found is None:
                    found = known[word] = self._starts_of(word)
                out[i] = found
        return out

    def _starts_of(self, word: str) -> tuple[Start, ...]:
        """A :data:`Start` for each rest of the word that is a key or a key's first word: the
        rest follows a proclitic prefix (``_PREFIX``: «وبدرعا», «بالرقة», «لحلب») or nothing,
        and never starts inside the word's article; the mention keeps the article of a prefix
        that ends with it («الرقة» in «بالرقة»)."""
        if word[0] not in _PREFIX_LETTERS:  # no prefix and no article: the whole word or nothing
            entry = self.first.get(word)
            return () if entry is None else (("", word, *entry, len(word)),)
        out = []
        for k in range(len(word) - len(_bare(word)), min(len(word), _LONGEST_PREFIX + 1)):
            prefix = word[:k]
            if prefix in _PREFIXES and (entry := self.first.get(word[k:])) is not None:
                back = len(word) - k + (2 if prefix.endswith("ال") else 0)
                out.append((prefix, word[k:], *entry, back))
        return tuple(out)


# A key that can match: words and single spaces (a key with a hyphen cannot: punctuation stops
# a name).
_KEY_SHAPE = re.compile(r"\w+(?: \w+)*")


def build_matcher(keys: list[str]) -> NameMatcher:
    """The matcher of the keys that can name a place in text: three letters or more, not a
    number."""
    singles: set[str] = set()
    longer: set[str] = set()
    heads: set[str] = set()
    for key in keys:
        if len(key.replace(" ", "")) < MIN_KEY_LENGTH or key.isdigit() or not _KEY_SHAPE.fullmatch(key):
            continue
        if " " in key:
            longer.add(key)
            words = key.split(" ")
            heads.update(" ".join(words[:n]) for n in range(1, len(words)))
        else:
            singles.add(key)
    first = {word: (word in singles, word in heads) for word in singles | {h for h in heads if " " not in h}}
    return NameMatcher(first, frozenset(longer), frozenset(heads))


# Splits a text into words and the gaps between them (odd items); the first and last word are
# empty when the text starts or ends with a gap.
_GAPS = re.compile(r"(\W+)")


class _Words:
    """The words of a normalized text (runs of ``\\w``), where they start and end, and the gaps
    between them, from one C-level split and running sums of lengths (a match object per word
    costs more), with the checks the rules below need."""

    __slots__ = ("text", "words", "starts", "ends", "gaps", "stop", "lists")

    def __init__(self, text: str):
        parts = _GAPS.split(text)
        positions = list(accumulate(map(len, parts), initial=0))
        # Word k is parts[2k] (from positions[2k] to positions[2k + 1]), the gap after it parts[2k + 1].
        first = 2 if not parts[0] else 0  # the text starts with a gap
        end = len(parts) if parts[-1] else len(parts) - 2  # the text ends with a gap
        self.text = text
        self.words = parts[first:end:2]
        self.starts = positions[first:end:2]
        self.ends = positions[first + 1:end + 1:2]
        self.gaps = parts[first + 1:end - 1:2]  # gaps[i]: between word i and word i + 1
        self.stop = lexicon.stopwords()
        self.lists = lexicon.cue_lists()

    def __len__(self) -> int:
        return len(self.words)

    def word(self, i: int) -> str:
        return self.words[i]

    def joined(self, i: int) -> bool:
        """Whether only whitespace separates word ``i`` from the word before it."""
        return 0 < i < len(self.words) and self.gaps[i - 1].isspace()

    def comma_before(self, i: int) -> bool:
        return 0 < i < len(self.words) and self.gaps[i - 1].strip() in ("،", ",")

    def locative_before(self, i: int, prefix: str) -> bool:
        """A locative word right before word ``i`` («في», «قرب», «شمال»), or «ب» on the word."""
        if prefix.lstrip("وف").startswith("ب"):
            return True
        if not self.joined(i):
            return False
        previous = self.words[i - 1]
        return previous in self.lists.locative or previous[1:] in self.lists.locative and previous[0] in "وف"

    def is_stop(self, word: str, after_head: bool = False) -> bool:
        """An ordinary word (or a cue, direction, number, lexicon word): no part of a name.
        After a name head only punctuation-like words stop a name («دار سعد», «تل حسن»)."""
        return _is_stop(word, after_head)


# A key found in the text: the order in which hits are placed (the longest span first, then in
# text order, then the longer key), then start, end, key, first and last word and the letters
# before the key in its first word.
Hit = tuple[tuple[int, int, int], int, int, str, int, int, str]
_UNSEEN = object()  # a key whose facts are not yet in the memo


def _name_hits(words: _Words, matcher: NameMatcher) -> list[Hit]:
    """Where keys name words of the text, in the order in which they are placed.

    A key matches words as they are without their article («الرقة» -> «رقه»), joined by single
    spaces where only whitespace separates them (a key never spans punctuation); it ends at a
    word end and starts at the start of a word's article-less form or after proclitics
    (``_PREFIX``: «وبدرعا», «بالرقة», «لحلب»). ``start`` keeps the article («الرقة» in
    «بالرقة»)."""
    found: list[Hit] = []
    starts = matcher.starts(words.words)
    ends, gaps, longer, heads = words.ends, words.gaps, matcher.longer, matcher.heads
    last_word = len(starts) - 1
    for i in compress(count(), starts):
        w_end = ends[i]
        for prefix, word, single, head, back in starts[i]:
            start = w_end - back
            if single:
                found.append(((-back, start, -len(word)), start, w_end, word, i, i, prefix))
            key, j = word, i
            while head and j < last_word and gaps[j].isspace():
                j += 1
                key += " " + _bare(words.words[j])
                if key in longer:
                    found.append(((start - ends[j], start, -len(key)), start, ends[j], key, i, j, prefix))
                head = key in heads
    # The order is total (hits on the same letters have keys of different lengths): it does not
    # depend on the order in which the hits were found.
    found.sort()
    return found


def cue_of(word: str) -> str | None:
    """The cue a word is, proclitics allowed («وبحي» -> «حي»)."""
    return _cue_forms().get(word)


@lru_cache(maxsize=1)
def _cue_forms() -> dict[str, str]:
    """Every cue with every proclitic sequence before it -> the cue (one dict lookup a word)."""
    forms: dict[str, str] = {}
    proclitics = sorted({a + b for a in ("", "و", "ف") for b in ("", "ب", "ل", "ك")}, key=len)
    for before in proclitics:  # the shortest reading wins: a bare cue, then one proclitic
        for cue in lexicon.cues():
            forms.setdefault(before + cue, cue)
    return forms


@lru_cache(maxsize=1)
def _cue_keys() -> frozenset[str]:
    return frozenset(name_key(c) for c in lexicon.cues())


@dataclass(frozen=True, slots=True)
class NameRules:
    """place_name_rules.yaml: ``function_words`` (name keys of prepositions and particles: with
    the article, right after a cue, they are a name) and ``compound_cues`` (normalized
    district cues after which two adjacent names are one)."""

    function_words: frozenset[str]
    compound_cues: frozenset[str]


NAME_RULES_FILE = "place_name_rules.yaml"


@lru_cache(maxsize=1)
def name_rules() -> NameRules:
    """The rules of place_name_rules.yaml; a malformed entry, a duplicate, an unknown section or
    a compound cue that is not a cue raises :class:`lexicon.LexiconError`."""
    data = lexicon._load(NAME_RULES_FILE)
    unknown = set(data) - {"function_words", "compound_cues"}
    if unknown:
        raise lexicon.LexiconError(f"{NAME_RULES_FILE}: unknown sections {sorted(unknown)}")
    sections: dict[str, frozenset[str]] = {}
    for section, keyer in (("function_words", name_key), ("compound_cues", normalize_text)):
        words = [keyer(w.strip()) for w in lexicon._words(NAME_RULES_FILE, section, data.get(section))]
        if len(set(words)) != len(words) or not all(w and " " not in w for w in words):
            raise lexicon.LexiconError(f"{NAME_RULES_FILE}: {section} needs distinct single words")
        sections[section] = frozenset(words)
    if not sections["compound_cues"] <= set(lexicon.cues()):
        raise lexicon.LexiconError(f"{NAME_RULES_FILE}: compound_cues that are not cues: "
                                   f"{sorted(sections['compound_cues'] - set(lexicon.cues()))}")
    return NameRules(**sections)


def _definite_function_word(word: str) -> bool:
    """«العند»: a preposition or particle written with the article, which it never takes."""
    return word.startswith("ال") and _word_key(word) in name_rules().function_words


@lru_cache(maxsize=1)
def _nisba() -> tuple[frozenset[str], frozenset[str]]:
    """Name keys of the countries' nisba adjectives: (always adjectives, feminine forms that are
    also a country's name: «سورية», «السعودية»). From place_aliases.yaml country names."""
    country_keys = {name_key(n) for names in lexicon.aliases().countries.values() for n in names}
    forms: set[str] = set()
    for key in country_keys:
        if " " in key:
            continue
        bases = {key}
        if key[-1:] in ("ا", "ه"):
            bases.add(key[:-1])
        if key[-2:] in ("يا", "يه"):
            bases.add(key[:-2])
        forms |= {b + s for b in bases for s in ("ي", "يه", "يين", "يون", "يات")}
    forms -= {k for k in forms if len(k) < 4}
    return frozenset(forms - country_keys), frozenset(forms & country_keys)


@lru_cache(maxsize=1 << 16)
def _is_stop(word: str, after_head: bool) -> bool:
    if len(word) < 2 or any(c.isdigit() for c in word) or _DIRECTION.match(word):
        return True
    stop, other, lists = lexicon.stopwords(), lexicon.other_lexicons(), lexicon.cue_lists()
    if after_head:
        return word in lists.locative or word in stop.not_names
    key = _word_key(word)
    return (word in stop.not_names or word in stop.person_markers and word not in lists.name_heads
            or word in lists.locative or word in other.phrase_words or key in _nisba()[0]
            or any(key in s for s in (stop.cue_only, stop.cue_or_preposition, stop.common_words,
                                      stop.given_names, other.actors, other.numbers, other.months,
                                      other.words)))


def is_ordinary_word(word: str) -> bool:
    """A word of a name that is also an ordinary word, a direction or a place-type word («حدود»,
    «الشمالية», «منطقة»): a name made only of such words is also a phrase («الحدود الشمالية»)."""
    return _is_stop(word, False) or cue_of(word) is not None


@lru_cache(maxsize=1 << 14)
def _lexicon_word(word: str) -> bool:
    """A word of marsad's other lexicons (an event word, a weapon, an actor, a number, a month)."""
    other, key = lexicon.other_lexicons(), _word_key(word)
    return (key in other.words or key in other.actors or key in other.numbers or key in other.months
            or word in other.phrase_words)


@dataclass(frozen=True, slots=True)
class KeyFacts:
    """What the rules ask of a name key and its candidates, whatever the context: worked out
    once per key (a gazetteer keeps them across articles) instead of at every match."""

    candidates: tuple[Place, ...]
    cue_word: bool  # the key of a cue («بلدة»)
    adjective: bool  # a country's nisba only
    feminine: bool  # a feminine nisba that is also a country's name
    countries_only: bool  # every candidate a country, none named with the article
    ordinary: bool  # an ordinary or lexicon word
    never_after_cue: bool  # a word cues do not license (cue_only, given names, actors)
    refused: bool  # no place without a cue: the above, or a possessed noun
    number: bool
    month: bool
    needs_locative: tuple[bool, bool]  # without, with the article
    major: bool  # some candidate is a large place or not a town
    foreign: bool  # every candidate outside the focus region
    definite: bool = False  # a one-word name every place of which has the article («الرياض»)


def key_facts(key: str, candidates: tuple[Place, ...]) -> KeyFacts:
    """The context-free facts of a key with its (non-empty) candidates."""
    stop, other = lexicon.stopwords(), lexicon.other_lexicons()
    adjectives, feminine = _nisba()
    ordinary = key in other.words or key in stop.common_words or key in stop.cue_or_preposition
    never = key in stop.cue_only or key in stop.given_names or key in other.actors
    return KeyFacts(
        candidates=candidates, cue_word=key in _cue_keys(), adjective=key in adjectives,
        feminine=key in feminine,
        countries_only=(all(p.feature == "country" for p in candidates)
                        and not any(p.name_ar.startswith("ال") for p in candidates)),
        ordinary=ordinary, never_after_cue=never, refused=never or _possessed(key, stop, candidates),
        number=key in other.numbers, month=key in other.months,
        needs_locative=(_needs_locative(key, ordinary, False, candidates, other),
                        _needs_locative(key, ordinary, True, candidates, other)),
        major=any(_major(p) for p in candidates),
        foreign=all(p.country_iso2 not in FOCUS for p in candidates),
        # (A key from a place's own name, not from an alternate spelling whose article is unknown.)
        definite=" " not in key and all(p.key == key and p.name_ar.startswith("ال") for p in candidates))


def find_places(text: str, matcher: NameMatcher, lookup: Callable[[str], list[Place]],
                memo: dict[str, KeyFacts | None] | None = None) -> list[PlaceMention]:
    """Place mentions in a normalized text, in text order. ``memo`` keeps each key's facts
    (None: no candidates) across calls; it must belong to one ``lookup``.

    Two halves: :func:`index_matches` looks the words up in the gazetteer's names, then
    :func:`read_mentions` applies the rules that say which matches are places here and reads
    the names the gazetteer does not know after place words."""
    if not text:
        return []
    words, found = index_matches(text, matcher, lookup, {} if memo is None else memo)
    return read_mentions(words, found)


# A key found in the text with the facts of its candidates (None: it has none).
IndexMatch = tuple[tuple[int, int, int], int, int, str, int, int, str, "KeyFacts | None"]


def index_matches(text: str, matcher: NameMatcher, lookup: Callable[[str], list[Place]],
                  memo: dict[str, KeyFacts | None]) -> tuple[_Words, list[IndexMatch]]:
    """The gazetteer lookup: the words of the text and every name of the index they spell
    (:func:`_name_hits`, overlapping ones included), each with its candidates' facts."""
    words = _Words(text)
    out: list[IndexMatch] = []
    for hit in (_name_hits(words, matcher) if len(matcher) else ()):
        key = hit[3]
        facts = memo.get(key, _UNSEEN)
        if facts is _UNSEEN:
            candidates = tuple(lookup(key))
            facts = memo[key] = key_facts(key, candidates) if candidates else None
        out.append((*hit, facts))
    return words, out


def read_mentions(words: _Words, found: list[IndexMatch]) -> list[PlaceMention]:
    """The place mentions among the index matches (longest first, see :func:`_name_hits`), and
    the unknown names after open cues, in text order."""
    text = words.text
    # The longest known name at each word, for reading coordinated lists after a cue.
    known_at: dict[int, int] = {}
    for _, _, _, _, first, last, prefix, _ in found:
        if prefix in ("", "ال", "و", "وال"):
            known_at[first] = max(known_at.get(first, first), last + 1)
    licensed = _licenses(words, known_at)

    taken: list[tuple[int, int]] = []
    # A mention covers the end of each of its words, so two mentions overlap exactly when they
    # share a word: a set of word indices replaces comparing every pair of spans.
    taken_words: set[int] = set()
    mentions: list[PlaceMention] = []
    for _, start, end, key, first, last, prefix, facts in found:
        if first in taken_words if first == last else not taken_words.isdisjoint(range(first, last + 1)):
            continue
        cue = None
        if first in licensed:
            cue, _, conj = licensed[first]
            bare = prefix.replace("ال", "", 1) if prefix.endswith("ال") else prefix.rstrip("ل") if prefix.endswith("لل") else prefix
            if not (bare == "" or conj and bare == "و"):
                cue = None
        if facts is None or facts.cue_word:
            continue  # «بلدة» alone is a cue, even where a village bears that name
        written = text[start:end]
        if prefix and cue_of(words.word(first)) == words.word(first):
            continue  # «وادي» is a valley, not «و» + a village «ادي»
        if first == last and _heads_a_name(words, first, written):
            continue  # «عين زارة»: «عين» begins a longer name the gazetteer does not know
        kind = _verdict(words, first, last, key, written, prefix, cue, facts)
        if kind is None:
            continue
        taken.append((start, end))
        taken_words.update(range(first, last + 1))
        mentions.append(PlaceMention(start, end, written, key, facts.candidates, cue, kind,
                                     words.locative_before(first, prefix)))
    mentions.extend(_unknown_names(words, licensed, taken))
    mentions.sort(key=lambda m: m.start)
    return _compound_names(text, mentions)


def _compound_names(text: str, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """«مديرية حزم العدين»: a name right after a district cue (place_name_rules.yaml:
    compound_cues) and the known name after it, with only spaces between them (no «و», no
    comma), are one name the gazetteer does not know (a name it knows is one match already),
    placed near the second name («حزم العدين» near «العدين»). A governorate, a country or a
    large city second says where the district lies («مديرية حيفان تعز»): it is not joined."""
    cues = name_rules().compound_cues
    out: list[PlaceMention] = []
    k = 0
    while k < len(mentions):
        m = mentions[k]
        nxt = mentions[k + 1] if k + 1 < len(mentions) else None
        if (m.cue in cues and nxt is not None and nxt.kind == "name" and nxt.cue is None
                and text[m.end:nxt.start].isspace() and not any(_locates(p) for p in nxt.candidates)):
            name = text[m.start:nxt.end]
            out.append(PlaceMention(m.start, nxt.end, name, _name_key(name), (), m.cue, "unknown_after_cue",
                                    m.locative, nxt.candidates))
            k += 2
        else:
            out.append(m)
            k += 1
    return out


def _licenses(words: _Words, known_at: dict[int, int]) -> dict[int, tuple[str, bool, int]]:
    """Word index -> (cue, in a list, letters of conjunction) for every word a cue introduces:
    the word right after a cue, and each coordinated name after a list cue («قرى أ وب، وج»)."""
    out: dict[int, tuple[str, bool, int]] = {}
    forms = _cue_forms()
    for c in compress(count(), map(forms.__contains__, words.words[:-1])):
        cue = forms[words.word(c)]
        if not words.joined(c + 1):
            continue
        out.setdefault(c + 1, (cue, False, 0))
        if cue not in words.lists.lists:
            continue
        i, skip = c + 1, 0
        while i < len(words):
            end = known_at.get(i) or _read_name(words, i, skip, known_at)
            if end == i:
                break
            out.setdefault(i, (cue, i > c + 1, skip))
            if end >= len(words):
                break
            nxt = words.word(end)
            if words.comma_before(end) or words.joined(end) and nxt.startswith("و") and len(nxt) > 2:
                i = end
                skip = int(nxt.startswith("و") and nxt not in words.lists.name_heads and cue_of(nxt) != nxt)
                rest = nxt[skip:]
                if words.is_stop(rest) and _word_key(rest) not in words.stop.cue_or_preposition:
                    break
            else:
                break
    return out


def _read_name(words: _Words, i: int, skip: int, known_at: dict[int, int]) -> int:
    """The end (word index, exclusive) of an unknown name starting at word ``i`` (its first
    ``skip`` letters are a conjunction): up to three words, stopping at punctuation, ordinary
    words, cues, directions, numbers and known names; a second word only after an indefinite
    first word or a name head («كفر نبل», «تل أعور», not «الزيادية الشرقية»)."""
    heads = words.lists.name_heads
    j = i
    while j < len(words) and j - i < MAX_NAME_WORDS:
        word = words.word(j)[skip if j == i else 0:]
        if j > i:
            previous = words.word(j - 1)[skip if j - 1 == i else 0:]
            if (not words.joined(j) or j in known_at or word.startswith("و")
                    or previous.startswith("ال") and previous not in heads
                    or word.startswith(("لل", "بال", "كال", "فال"))):  # «إب للمطالبة»: a preposition, no name
                break
        # After a name head an ordinary word is part of the name («تل الذهب», «وادي الشاي»); the cue
        # before the first word may be one, though not before a word of event or actor («وأدى
        # القصف» is «and the shelling led», written like «وادي»).
        after_head = (words.word(j - 1)[skip if j - 1 == i else 0:] in heads if j > i
                      else skip == 0 and words.joined(i) and words.word(i - 1) in heads
                      and not _lexicon_word(word))
        # «تلة استراتيجية», «منطقة عسكرية»: an indefinite nisba right after the cue is its adjective.
        if j == i and not word.startswith("ال") and word.endswith("يه") and len(word) > 4:
            break
        # A word that is a place only after a cue («الصالحية») is one here, right after the cue;
        # so is a preposition with the article («منطقة العند»).
        # So is a month's name: no month follows «مدينة» («مدينة إب» is Ibb, though «آب» is August).
        licensed = j == i and (_word_key(word) in words.stop.cue_or_preposition or _definite_function_word(word)
                               or _word_key(word) in lexicon.other_lexicons().months)
        if word not in heads and not licensed and (words.is_stop(word, after_head) or cue_of(word) is not None
                                  or word[:1] in "بل" and (cue_of(word[1:]) or words.is_stop(word[1:]))):
            break
        j += 1
    # A name cannot end on a name head («قرية تل»).
    while j > i and words.word(j - 1) in heads:
        j -= 1
    return j


class _Spans:
    """Disjoint (start, end) spans, sorted, for questions answered by bisection."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]

    def covers(self, x: int) -> bool:
        k = bisect_right(self.starts, x) - 1
        return k >= 0 and x < self.spans[k][1]

    def starts_in(self, a: int, b: int) -> bool:
        k = bisect_left(self.starts, a)
        return k < len(self.starts) and self.starts[k] < b

    def overlaps(self, a: int, b: int) -> bool:
        k = bisect_left(self.starts, b) - 1  # the last span starting before b; disjoint spans end in order
        return k >= 0 and self.spans[k][1] > a


def _unknown_names(words: _Words, licensed: dict[int, tuple[str, bool, int]],
                   taken: list[tuple[int, int]]) -> list[PlaceMention]:
    """Mentions for the names after open cues that no known mention covers."""
    out: list[PlaceMention] = []
    open_cues = words.lists.open
    spans = _Spans(taken)
    used_until = -1
    for i in sorted(licensed):
        cue, in_list, conj = licensed[i]
        if i <= used_until:
            continue
        if cue not in open_cues and not (cue in words.lists.open_definite and not in_list and (
                words.word(i).startswith("ال") or words.word(i) in words.lists.name_heads)):
            continue
        s = words.starts[i] + conj
        if spans.covers(s) or spans.starts_in(s, words.ends[i]):
            continue
        cue_start = words.starts[i - 1]
        if not in_list and spans.covers(cue_start):
            continue  # the cue is part of a known name («تل أبيض»)
        end = _read_name(words, i, conj, {})
        if end == i:
            continue
        if cue in words.lists.name_heads and not in_list:
            s = cue_start + len(words.word(i - 1)) - len(cue)  # «تل أعور» is the name
        e = words.ends[end - 1]
        if spans.overlaps(s, e):
            continue
        used_until = end - 1
        name = words.text[s:e]
        out.append(PlaceMention(s, e, name, _name_key(name), (), cue, "unknown_after_cue", False))
    return out


def _heads_a_name(words: _Words, i: int, written: str) -> bool:
    """A name head («عين», «تل», «كفر») matched alone with a name word right after it: the
    first word of a longer name («عين زارة», «تل عرن»), not the place the head alone names."""
    heads = words.lists.name_heads
    if written not in heads or not words.joined(i + 1):  # «الباب» is the town, «باب» a head
        return False
    return not words.is_stop(words.word(i + 1), True) and cue_of(words.word(i + 1)) is None


def _verdict(words: _Words, first: int, last: int, key: str, written: str, prefix: str,
             cue: str | None, facts: KeyFacts) -> str | None:
    """The kind of a gazetteer match («name», «adjective»), or None when it is no place."""
    stop = words.stop
    cue_kind = lexicon.cues().get(cue) if cue else None
    not_name, direction = _written_facts(written)
    if " " not in key and not_name:
        return None  # «مدينة جديدة» is a new town, not a village called «جديدة»
    has_article = prefix.endswith("ال") or prefix.endswith("لل")
    if facts.definite and not has_article and cue_kind not in ("settlement", "region"):
        # Arabic never drops a place's article: «ساحة رياض الصلح», «رياض» a man, not «الرياض».
        # (After a town or district word the name may be the first part of a compound one,
        # «مديرية حزم العدين»: the compound rules decide.)
        return None
    named_cue = cue_kind in ("settlement", "part")
    if facts.adjective and not named_cue:
        return "adjective"
    # «السورية» (Syrian) shares its key with «سورية» (Syria): a country name written with an
    # article it does not have is the adjective.
    if facts.countries_only and written.startswith("ال") and not named_cue:
        return "adjective"
    if facts.feminine and not named_cue and _after_noun(words, first, has_article):
        return "adjective"
    if direction:
        return None  # «جنوب» after «مدن» is «south», whatever village bears the name
    if named_cue:
        return "name"
    if cue is not None:
        # Countryside, area and facility words («محيط», «مستشفى») stand before ordinary words
        # and names of people too («محيط مسجد», «مستشفى الشهيد»): they license proper names
        # only, and a preposition with the article («قاعدة العند»), which is no ordinary word.
        if " " not in key and _definite_function_word(written):
            return "name"
        return None if facts.ordinary or facts.never_after_cue else "name"
    if facts.refused:
        return None
    if facts.number and not has_article:
        return None  # «خمس» is five; «الخمس» may be the Libyan town
    if facts.month and _month_context(words, first, last):
        return None
    if facts.needs_locative[has_article] and not words.locative_before(first, prefix):
        return None
    if not prefix and words.joined(first) and _person_word(words.word(first - 1)):
        return None
    if prefix and "ال" not in prefix and "لل" not in prefix and (
            "ك" in prefix or len(key) < 4 and not facts.major or len(key) < 5 and facts.foreign):
        return None  # a short name glued to a proclitic is mostly an ordinary word («وقال», «كبيرا»)
    return "name"


@lru_cache(maxsize=1 << 14)
def _written_facts(written: str) -> tuple[bool, bool]:
    """Whether a name as written is an ordinary word (place_stopwords ``not_names``), and
    whether it is a direction («جنوب», «الشرقي»)."""
    not_names = lexicon.stopwords().not_names
    return written in not_names or _bare(written) in not_names, bool(_DIRECTION.match(written))


@lru_cache(maxsize=1 << 14)
def _person_word(word: str) -> bool:
    """A word after which a name is a person's («الشيخ», «أبو», a given name)."""
    stop = lexicon.stopwords()
    return word in stop.person_markers or _bare(word) in stop.given_names


def _needs_locative(key: str, ordinary: bool, has_article: bool, candidates: tuple[Place, ...],
                    other: lexicon.OtherLexicons) -> bool:
    """Whether a match needs a locative word before it: an ordinary or lexicon word, a short
    name of tiny villages only, a short name or a foreign name found only as a variant spelling
    (GeoNames lists «ستا» for Elista), a variant spelling shaped like a sound plural («مهربين»,
    smugglers, is an old name of Khomeyni Shahr), or a name written without the article all its
    places have («سلط»)."""
    if ordinary or key in other.months or key in other.numbers:
        return True
    if " " not in key and key.endswith(("ين", "ون")) and all(p.key != key for p in candidates):
        return True
    short = " " not in key and len(key) <= SHORT_NAME
    if short and all(p.feature == "populated" and p.population < SMALL_PLACE for p in candidates):
        return True
    if short and all(p.key != key for p in candidates):
        return True
    if all(p.country_iso2 not in FOCUS and p.key != key for p in candidates):
        return True  # a foreign place by a rare spelling («ابارا» for Ibarra): mostly a word
    return (not has_article and all(p.name_ar.startswith("ال") for p in candidates)
            and all(p.population < MAJOR_PLACE for p in candidates))


def _possessed(key: str, stop: lexicon.Stopwords, candidates: tuple[Place, ...]) -> bool:
    """An ordinary noun with a possessive suffix («منزله», his house; «بيتها»), unless a large
    place bears the name."""
    if " " in key or any(p.population >= MAJOR_PLACE or p.feature != "populated" for p in candidates):
        return False
    stems = [key[:-len(suffix)] for suffix in ("ه", "ها", "هم") if key.endswith(suffix) and len(key) > len(suffix) + 2]
    return any(stem in stop.cue_only or stem in stop.common_words for stem in stems)


def _month_context(words: _Words, first: int, last: int) -> bool:
    """A month name next to a day number, a year or «شهر» («29 آب», «آب 2021», «شهر آب»)."""
    before = words.word(first - 1) if words.joined(first) else ""
    after = words.word(last + 1) if words.joined(last + 1) else ""
    return before.isdigit() or _word_key(before) == "شهر" or (len(after) == 4 and after.isdigit())


def _after_noun(words: _Words, index: int, has_article: bool) -> bool:
    """Whether a feminine nisba that is also a country («السعودية», «سورية») follows a noun it
    agrees with: «الحدود السعودية», «مصادر سورية» (not «المملكة العربية السعودية», «في سورية»)."""
    if not words.joined(index):
        return False
    previous = words.word(index - 1)
    if previous in words.lists.locative or previous[:1] in "وف" and previous[1:] in words.lists.locative:
        return False
    if has_article:
        definite = re.match(r"[وف]?(?:[بلك]?ال|لل)", previous)
        return bool(definite) and "ال" + previous[definite.end():] not in _STATE_WORDS
    return (previous.endswith("ات") or previous.endswith("ه") and not previous.startswith("ال")
            or previous in words.stop.adjective_heads)


def _locates(place: Place) -> bool:
    """A place that, named right after a district, says where the district lies."""
    return place.feature in ("admin1", "country") or place.population >= MAJOR_PLACE


def _major(place: Place) -> bool:
    return place.feature != "populated" or place.population >= 10_000
