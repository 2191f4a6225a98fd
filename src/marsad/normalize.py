"""Stage 1: Arabic normalization with an offset map back to the original text.

Every matcher in marsad runs on the normalized text; every span shown to a user is
mapped back through :class:`Normalized` so that ``raw[start:end]`` is exactly the words
the article wrote (with their diacritics, tatweel and control characters).

Normalization only deletes characters or replaces one character by one character, except
for Arabic presentation forms (e.g. the lam-alef ligature ``ﻻ``), which expand to their
letters. Each normalized character remembers the raw character it came from.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalized text and, for each of its characters, the raw span it came from."""

    raw: str
    text: str
    starts: tuple[int, ...] | None  # None: identity map (nothing was deleted or expanded)
    ends: tuple[int, ...] | None

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalized text to the raw text (``raw[a:b]``)."""
        if self.starts is None:
            return start, end
        n = len(self.text)
        if start >= n:
            return len(self.raw), len(self.raw)
        a = self.starts[start]
        if end <= start:
            return a, a
        return a, self.ends[min(end, n) - 1]

    def raw_span(self, start: int, end: int) -> str:
        a, b = self.to_raw(start, end)
        return self.raw[a:b]

    def from_raw(self, raw_pos: int) -> int:
        """The normalized index of the first character at or after a raw position."""
        if self.starts is None:
            return raw_pos
        import bisect

        return bisect.bisect_left(self.starts, raw_pos)


def _expand(ch: str) -> str:
    """A presentation form to its letters (NFKC), then normalized again."""
    return unicodedata.normalize("NFKC", ch).translate(_TABLE)


def normalize_text(s: str) -> str:
    """The normalized text alone; use this for lexicon entries so they match the text."""
    s = s.translate(_TABLE)
    if _PRESENTATION.search(s):
        s = _PRESENTATION.sub(lambda m: _expand(m.group()), s)
    return s


def normalize(raw: str) -> Normalized:
    text = raw.translate(_TABLE)
    has_forms = _PRESENTATION.search(raw) is not None
    if not has_forms and len(text) == len(raw):
        return Normalized(raw, text, None, None)
    starts: list[int] = []
    ends: list[int] = []
    if not has_forms:
        # Deletions only: each kept character maps to itself; trailing diacritics and tatweel
        # belong to the letter before them so that spans keep the whole written word.
        for i, ch in enumerate(raw):
            if ch in DELETED:
                if ch in _COMBINING_SET and ends:
                    ends[-1] = i + 1
                continue
            starts.append(i)
            ends.append(i + 1)
        return Normalized(raw, text, tuple(starts), tuple(ends))
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
    return Normalized(raw, "".join(out), tuple(starts), tuple(ends))


_ARTICLE = re.compile(r"^(?:ال|وال|بال|فال|كال|لل)(?=\w\w)")


def strip_article(word: str) -> str:
    """Drop a leading definite article (with و/ب/ف/ك, or the لل contraction)."""
    return _ARTICLE.sub("", word)


def name_key(name: str) -> str:
    """A matching key for names: normalized, without the article on each word, single-spaced."""
    words = re.findall(r"\w+", normalize_text(name))
    return " ".join(strip_article(w) for w in words)
