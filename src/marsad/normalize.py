"""Stage 1: Arabic normalization with an offset map back to the original text.

Every matcher in marsad runs on the normalized text; every span shown to a user is
mapped back through :class:`Normalized` so that ``raw[start:end]`` is exactly the words
the article wrote (with their diacritics, tatweel and control characters).

Normalization only deletes characters or replaces one character by one character, except
for Arabic presentation forms (e.g. the lam-alef ligature ``ﻻ``), which expand to their
letters. Each normalized character remembers the raw character it came from.

Speed: the text is built with C-speed primitives (one regular expression finds the characters
to change, then ``re.sub`` and ``str.replace``), and the offset map of a text with deletions is
built only when a span is first mapped back (most articles map only a few evidence spans).
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

# Characters dropped from the normalized text: harakat and Quranic marks, tatweel,
# zero-width and bidi controls, soft hyphen, BOM.
_COMBINING = (
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670"]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
    + ["\u0640"]  # tatweel
)
_CONTROLS = (
    ["\u061c", "\u00ad", "\ufeff", "\u180e"]
    + [chr(c) for c in range(0x200B, 0x2010)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2060, 0x2070)]
)
DELETED = frozenset(_COMBINING + _CONTROLS)
_COMBINING_SET = frozenset(_COMBINING)

# One-to-one replacements.
_REPLACE = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ې": "ي", "ۍ": "ي",
    "ة": "ه", "ۀ": "ه", "ە": "ه", "ھ": "ه",
    "ک": "ك", "ڪ": "ك",
    "٫": ".", "٬": ",", "،": "،",
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
    "\u00a0": " ", "\u202f": " ", "\u205f": " ", "\u3000": " ", "\t": " ",
}
for _c in range(0x2000, 0x200B):
    _REPLACE[chr(_c)] = " "
for _i in range(10):
    _REPLACE[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    _REPLACE[chr(0x06F0 + _i)] = str(_i)  # Persian digits

_TABLE = str.maketrans({**_REPLACE, **{c: None for c in DELETED}})
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")
_REPLACED = frozenset(_REPLACE)
_DELETED_RUN = re.compile("[%s]+" % "".join(sorted(DELETED)))
# Every character normalization changes: deleted, replaced, or a presentation form.
_SPECIAL = re.compile("[%s\ufb50-\ufdff\ufe70-\ufefc]" % "".join(map(re.escape, sorted(DELETED | _REPLACED))))


def _is_form(ch: str) -> bool:
    return "\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufefc"


def _translate(s: str, found: set[str]) -> str:
    """``s.translate(_TABLE)`` given the special characters of ``s``: ``str.translate`` looks
    every character up in a dict, three times slower on an article than these C-level passes.
    (No replacement is itself deleted or replaced, so the order of the passes does not matter.)"""
    if not found.isdisjoint(DELETED):
        s = _DELETED_RUN.sub("", s)
    for ch in found & _REPLACED:
        s = s.replace(ch, _REPLACE[ch])
    return s


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalized text and, for each of its characters, the raw span it came from.

    Build it with :func:`normalize`. The map is held as ``starts``/``ends`` (raw start and end of
    each normalized character, None for the identity map); a text that only lost characters
    (harakat, tatweel, controls) builds them on the first mapping, from ``raw`` alone.
    """

    raw: str
    text: str
    _offsets: tuple[tuple[int, ...], tuple[int, ...]] | None = field(default=None, repr=False, compare=False)
    _lazy: bool = field(default=False, repr=False, compare=False)  # deletions only, map not built yet

    @property
    def starts(self) -> tuple[int, ...] | None:
        offsets = self._map()
        return offsets[0] if offsets else None

    @property
    def ends(self) -> tuple[int, ...] | None:
        offsets = self._map()
        return offsets[1] if offsets else None

    def _map(self) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
        if self._lazy:
            object.__setattr__(self, "_offsets", _deletion_map(self.raw))
            object.__setattr__(self, "_lazy", False)
        return self._offsets

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalized text to the raw text (``raw[a:b]``)."""
        offsets = self._map()
        if offsets is None:
            return start, end
        starts, ends = offsets
        n = len(self.text)
        if start >= n:
            return len(self.raw), len(self.raw)
        a = starts[start]
        if end <= start:
            return a, a
        return a, ends[min(end, n) - 1]

    def raw_span(self, start: int, end: int) -> str:
        a, b = self.to_raw(start, end)
        return self.raw[a:b]

    def from_raw(self, raw_pos: int) -> int:
        """The normalized index of the first character at or after a raw position."""
        offsets = self._map()
        if offsets is None:
            return raw_pos
        return bisect.bisect_left(offsets[0], raw_pos)


def _deletion_map(raw: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The offset map of a raw text whose normalization only deletes characters: each kept
    character maps to itself; trailing diacritics and tatweel belong to the letter before them
    so that spans keep the whole written word (controls do not). Works run by run of deleted
    characters, not character by character."""
    starts: list[int] = []
    ends: list[int] = []
    kept = 0  # raw index of the first character after the last deleted run
    for run in _DELETED_RUN.finditer(raw):
        a, b = run.span()
        starts.extend(range(kept, a))
        ends.extend(range(kept + 1, a + 1))
        if ends:
            last = next((i for i in range(b - 1, a - 1, -1) if raw[i] in _COMBINING_SET), None)
            if last is not None:
                ends[-1] = last + 1
        kept = b
    starts.extend(range(kept, len(raw)))
    ends.extend(range(kept + 1, len(raw) + 1))
    return tuple(starts), tuple(ends)


def _expand(ch: str) -> str:
    """A presentation form to its letters (NFKC), then normalized again."""
    return unicodedata.normalize("NFKC", ch).translate(_TABLE)


def normalize_text(s: str) -> str:
    """The normalized text alone; use this for lexicon entries so they match the text."""
    found = set(_SPECIAL.findall(s))
    if not found:
        return s
    s = _translate(s, found)
    if any(map(_is_form, found)):
        s = _PRESENTATION.sub(lambda m: _expand(m.group()), s)
    return s


def normalize(raw: str) -> Normalized:
    found = set(_SPECIAL.findall(raw))
    if not found:
        return Normalized(raw, raw)
    if not any(map(_is_form, found)):
        text = _translate(raw, found)
        return Normalized(raw, text, None, len(text) != len(raw))
    starts: list[int] = []
    ends: list[int] = []
    out: list[str] = []
    for i, ch in enumerate(raw):
        if ch in DELETED:
            if ch in _COMBINING_SET and ends:
                ends[-1] = i + 1
            continue
        rep = _expand(ch) if _PRESENTATION.match(ch) else ch.translate(_TABLE)
        for r in rep:
            out.append(r)
            starts.append(i)
            ends.append(i + 1)
    return Normalized(raw, "".join(out), (tuple(starts), tuple(ends)))


_ARTICLES = ("ال", "وال", "بال", "فال", "كال", "لل")
_ARTICLE = re.compile(r"^(?:%s)(?=\w\w)" % "|".join(_ARTICLES))


def strip_article(word: str) -> str:
    """Drop a leading definite article (with و/ب/ف/ك, or the لل contraction)."""
    # Called for every word of every name looked up: skip the regex when no article can match.
    return _ARTICLE.sub("", word) if word.startswith(_ARTICLES) else word


def name_key(name: str) -> str:
    """A matching key for names: normalized, without the article on each word, single-spaced."""
    words = re.findall(r"\w+", normalize_text(name))
    return " ".join(strip_article(w) for w in words)
