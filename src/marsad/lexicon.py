"""Knowledge files and the one phrase matcher every recognizer uses.

Lexicons are YAML/TSV files in ``marsad/data/`` that an analyst can edit. They are written
in ordinary Arabic and normalized at load time with the same function as the text, so a
lexicon entry and the article always meet in the same form.

:class:`PhraseMatcher` finds many phrases at once with one Aho-Corasick automaton over the
normalized text, on word boundaries, allowing Arabic proclitics before the first word
(و ف, then ب ل ك, then the article ال / the ل of لل): «وبالدبابات» matches «دبابات».
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Generic, Iterable, Iterator, TypeVar

import ahocorasick
import yaml

from .normalize import normalize_text

DATA_PACKAGE = "marsad.data"
T = TypeVar("T")

# A proclitic string in front of a matched word: conjunction, preposition, article.
_PROCLITICS = re.compile(r"^[وف]?(?:[بكل])?(?:ال|ل)?$")
_LONGEST_PROCLITICS = 4  # «وبال»
_SPACES = re.compile(r"\s+")


def data_path(name: str) -> Path:
    return Path(str(resources.files(DATA_PACKAGE).joinpath(name)))


@functools.cache
def load_data(name: str) -> Any:
    """A packaged YAML data file, parsed (cached)."""
    with data_path(name).open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def norm_phrase(phrase: str) -> str:
    """A lexicon phrase in matching form: normalized, single-spaced, trimmed."""
    return _SPACES.sub(" ", normalize_text(phrase)).strip()


def strip_first_article(phrase: str) -> str:
    """«الجيش السوري» -> «جيش السوري»: the article is matched as a proclitic instead."""
    if phrase.startswith("ال") and len(phrase.split(" ", 1)[0]) > 4:
        return phrase[2:]
    return phrase


@dataclass(frozen=True, slots=True)
class Match(Generic[T]):
    start: int  # where the matched word begins, including its proclitics
    end: int
    stem_start: int  # where the lexicon phrase itself begins
    value: T
    phrase: str


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


class PhraseMatcher(Generic[T]):
    """Leftmost-longest matching of many phrases over normalized text.

    ``add(phrase, value, suffixes=())`` registers a phrase (normalized here); ``suffixes`` are
    endings allowed after it (e.g. pronoun suffixes of a noun). The first word may carry
    proclitics; a bare match inside a longer word never counts. Phrases whose first word is
    shorter than ``min_clitic_stem`` letters take only و/ف before them, because short stems
    hide inside ordinary words (لد in بلد).
    """

    def __init__(self, *, strip_article: bool = True, min_clitic_stem: int = 3):
        self._auto = ahocorasick.Automaton()
        self._entries: dict[str, list[tuple[T, frozenset[str]]]] = {}
        self._strip_article = strip_article
        self._min_clitic_stem = min_clitic_stem
        self._built = False

    def add(self, phrase: str, value: T, suffixes: Iterable[str] = ()) -> None:
        key = norm_phrase(phrase)
        if not key:
            raise ValueError(f"empty lexicon phrase: {phrase!r}")
        if self._strip_article:
            key = strip_first_article(key)
        self._entries.setdefault(key, []).append((value, frozenset(normalize_text(s) for s in suffixes)))
        self._built = False

    def __len__(self) -> int:
        return len(self._entries)

    def _build(self) -> None:
        self._auto = ahocorasick.Automaton()
        for key, vals in self._entries.items():
            self._auto.add_word(key, (key, vals, any(suffixes for _, suffixes in vals)))
        if self._entries:
            self._auto.make_automaton()
        self._built = True

    def candidates(self, text: str) -> Iterator[Match[T]]:
        """Every boundary-respecting occurrence (overlapping ones included)."""
        if not self._built:
            self._build()
        if not self._entries:
            return
        n = len(text)
        for end_idx, (key, vals, has_suffixes) in self._auto.iter(text):
            end = end_idx + 1
            if end < n and text[end].isalnum() and not has_suffixes:
                continue  # most hits end inside a longer word: drop them before anything else
            stem_start = end - len(key)
            # Proclitics are at most four letters («وبال»): a hit deeper inside a word is no match.
            ws, floor = stem_start, max(0, stem_start - _LONGEST_PROCLITICS)
            while ws > floor and text[ws - 1].isalnum():
                ws -= 1
            if ws == floor and ws > 0 and text[ws - 1].isalnum():
                continue
            prefix = text[ws:stem_start]
            if prefix:
                if not _PROCLITICS.match(prefix):
                    continue
                first = key.split(" ", 1)[0]
                # و/ف join any word («ومن المقرر»); other proclitics only longer stems.
                if len(first) < self._min_clitic_stem and prefix not in ("و", "ف"):
                    continue
            for value, suffixes in vals:
                if end >= n or not _is_word_char(text[end]):
                    yield Match(ws, end, stem_start, value, key)
                elif suffixes:
                    we = end
                    while we < n and _is_word_char(text[we]):
                        we += 1
                    if text[end:we] in suffixes:
                        yield Match(ws, we, stem_start, value, key)

    def values(self, phrase: str) -> list[T]:
        """Every value registered for a (normalized) phrase, in the order added."""
        return [value for value, _ in self._entries.get(phrase, ())]

    def find(self, text: str) -> list[Match[T]]:
        """Non-overlapping matches, leftmost-longest, in text order."""
        cands = sorted(self.candidates(text), key=lambda m: (m.start, -(m.end - m.start)))
        out: list[Match[T]] = []
        last_end = -1
        for m in cands:
            if m.start >= last_end:
                out.append(m)
                last_end = m.end
        return out


# --- verb and noun inflection for trigger lexicons -------------------------------------------

_PAST_SUFFIXES = ("", "ت", "وا", "ا", "تا", "ن", "تم")
_PRESENT_FORMS = (("ي", ""), ("ت", ""), ("ن", ""), ("ي", "ون"), ("ت", "ون"), ("ي", "ان"), ("ت", "ان"), ("ي", "ن"), ("ي", "وا"))
NOUN_SUFFIXES = ("ه", "ها", "هم", "هما", "هن", "ي", "نا", "كم")


def verb_forms(past: str, present: str | None = None) -> list[str]:
    """Surface forms of a verb from its 3rd-person past (قصف) and present stem (قصف for يقصف).

    The present stem defaults to the past form (sound triliteral verbs: قصف/يقصف). Derived
    and weak verbs give their present stem explicitly (استهدف/ستهدف, شن/شن, أسر/أسر).
    """
    past_forms, present_forms = verb_forms_by_tense(past, present)
    return past_forms + present_forms


def verb_forms_by_tense(past: str, present: str | None = None) -> tuple[list[str], list[str]]:
    """The past forms and the present forms of a verb, apart (see :func:`verb_forms`)."""
    past = norm_phrase(past)
    stem = norm_phrase(present) if present else past
    head, _, tail = past.partition(" ")
    past_forms = [f"{head}{s}" + (f" {tail}" if tail else "") for s in _PAST_SUFFIXES]
    phead, _, ptail = stem.partition(" ")
    present_forms = [f"{p}{phead}{s}" + (f" {ptail}" if ptail else "") for p, s in _PRESENT_FORMS]
    return past_forms, [f for f in present_forms if f not in past_forms]
