"""Rule-based Arabic -> Latin transliteration of place names, in GeoNames/ACLED style.

For names the gazetteer has no English form of (a village after «قرية», a neighbourhood): the
letters come from ``data/translit.yaml``; short vowels, which Arabic does not write, are guessed
by a few regular patterns, so the result reads like the usual English spelling without always
being it::

    transliterate("دير الزور")   -> "Dayr az Zawr"
    transliterate("الشجرة")      -> "Ash Shajarah"
    transliterate("أم المياذن")  -> "Um al Mayadhin"

Rules, in order: conventional words from the data file («أم» -> "Um"); the article with
sun-letter assimilation («الش» -> "ash Sh"), capitalised only at the start of the name; ا is "a";
و/ي are consonants at a word start or before a vowel, a diphthong ("aw"/"ay") right after a
word's first consonant («دير», «صيدا»), else the long vowels "u"/"i"; «ية» is "iyah"; a final
ة/ه is "ah" (in the last word) or "at" (in a construct, «خربة غزالة» -> "Khirbat Ghazalah");
between two consonants an "a" is inserted, an "i" after a long ā (the broken-plural pattern
«مساكن» -> "Masakin").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from .gazetteer.lexicon import DATA, LexiconError
from .normalize import normalize_text

__all__ = ["transliterate"]

_WORD = re.compile(r"[\u0621-\u064a]+")
_VOWEL_LETTERS = frozenset("اوي")


@dataclass(frozen=True)
class _Table:
    letters: dict[str, str]
    sun: frozenset[str]
    words: dict[str, str]


@lru_cache(maxsize=1)
def _table() -> _Table:
    """translit.yaml, normalized like the text; malformed or duplicate entries raise LexiconError."""
    data = yaml.safe_load((DATA / "translit.yaml").read_text(encoding="utf-8"))
    if not isinstance(data, dict) or set(data) != {"letters", "sun_letters", "words"}:
        raise LexiconError("translit.yaml: expected the sections letters, sun_letters and words")
    letters: dict[str, str] = {}
    for letter, latin in data["letters"].items():
        norm = normalize_text(str(letter))
        if len(norm) != 1 or not isinstance(latin, str) or not latin:
            raise LexiconError(f"translit.yaml: bad letter entry {letter!r}: {latin!r}")
        if norm in letters:
            raise LexiconError(f"translit.yaml: duplicate letter {letter!r}")
        letters[norm] = latin
    sun = [normalize_text(str(s)) for s in data["sun_letters"]]
    if len(set(sun)) != len(sun) or not set(sun) <= set(letters):
        raise LexiconError("translit.yaml: sun_letters must be distinct letters of the letters table")
    words: dict[str, str] = {}
    for word, latin in data["words"].items():
        norm = normalize_text(str(word))
        if not _WORD.fullmatch(norm) or not isinstance(latin, str) or not latin.strip():
            raise LexiconError(f"translit.yaml: bad word entry {word!r}: {latin!r}")
        if norm in words:
            raise LexiconError(f"translit.yaml: duplicate word {word!r}")
        words[norm] = latin
    return _Table(letters, frozenset(sun), words)


def transliterate(name: str) -> str:
    """The Latin form of an Arabic place name ("" for a name without Arabic letters)."""
    table = _table()
    # A final alef maqsura is "a" («نوى» Nawa): kept apart before normalization makes it ي.
    words = _WORD.findall(normalize_text(re.sub("ى\\b", "ا", name)))
    out: list[str] = []
    for i, word in enumerate(words):
        last = i == len(words) - 1
        if word in table.words:
            latin = table.words[word]
            out.append(latin if latin[0].islower() or i else latin[0].upper() + latin[1:])
            continue
        article = ""
        if word.startswith("ال") and len(word) > 3:
            stem = word[2:]
            first = table.letters.get(stem[0], "")
            article = f"a{first}" if stem[0] in table.sun and first else "al"
            word = stem
        latin = _word(word, table, last)
        if not latin:
            continue
        latin = latin[0].upper() + latin[1:]
        if article:
            latin = f"{article.capitalize() if not out else article} {latin}"
        out.append(latin)
    return " ".join(out)


def _word(word: str, table: _Table, last: bool) -> str:
    """One word without its article: consonants from the table, vowels guessed (see module doc)."""
    n = len(word)
    parts: list[str] = []
    previous = ""  # "C" after a consonant, "a" after ā, "v" after another vowel, "" at the start
    after_long_a = False  # the consonant just written follows a long ā (C-ā-C)
    for j, ch in enumerate(word):
        nxt = word[j + 1] if j + 1 < n else ""
        if ch == "ه" and j == n - 1 and j > 0:
            # Final ة (normalized to ه): "ah" at the end of a name, "at" in a construct.
            if parts and parts[-1] in ("i", "u") and word[j - 1] in "يو":
                parts[-1] = "iy" if word[j - 1] == "ي" else "uw"
            parts.append("ah" if last else "at")
            break
        if ch == "ا":
            parts.append("a")
            previous = "a"
            continue
        if ch in "وي":
            consonant = j == 0 or nxt in _VOWEL_LETTERS or nxt == "" and previous != "C"
            if nxt == "ه" and j == n - 2:  # «ية» -> "iyah", «وة» -> "uwah"
                consonant = False
            if not consonant:
                if j == 1 and previous == "C" and nxt and nxt not in _VOWEL_LETTERS:
                    parts.append("ay" if ch == "ي" else "aw")  # «دير» Dayr, «زور» Zawr
                else:
                    parts.append("i" if ch == "ي" else "u")
                previous = "v"
                continue
            latin = "y" if ch == "ي" else "w"
        else:
            latin = table.letters.get(ch, "")
            if not latin:
                continue
        if previous == "C":
            # "i" after C-ā-C (broken plurals «مساكن» Masakin, «صالحية» Salihiyah), else "a".
            parts.append("i" if after_long_a else "a")
        after_long_a = previous == "a" and j > 1
        parts.append(latin)
        previous = "C"
    return "".join(parts).strip("'")
