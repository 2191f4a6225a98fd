"""Counts in Arabic news: digits, number words, duals of person nouns, vague quantities.

All functions take *normalized* text (see :mod:`marsad.normalize`) and return offsets into it.
Counts follow ACLED's conservative coding: «عشرات» is 10, «أكثر من 10» is 10, «بضعة» is 3,
and every hedged or vague count is flagged ``approximate``. Ordinals («الثاني») are not counts
and are never returned. The words live in ``data/numbers.yaml``.

Four-digit years after «عام»/«منذ» and digits inside dates or times («29/7», «10:30») are
skipped, but a bare «29» in «29 تموز» is returned: callers drop numbers that overlap a date
mention from :func:`marsad.dates.find_dates`.

Speed: a count can only start at a digit token or at a word that is, after its clitics, a
number word, a dual or a vague quantity (:func:`_may_start`, cached per word), so the
readers run only at those few tokens instead of at every word of the article.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import compress, count
from typing import Any

import yaml

from .normalize import normalize_text

__all__ = ["NumberMention", "find_numbers", "parse_number", "number_word_pattern", "load_data"]


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A count in the normalized text: ``text == normalized[start:end]``."""

    start: int
    end: int
    value: int
    approximate: bool
    text: str


# Ranks order the parts of a compound number: «ألف وخمسمئة وثلاثة وعشرون» goes from the
# largest part down; a unit may only be followed by its tens, and a teen or tens ends it.
_RANK_MILLIONS, _RANK_THOUSANDS, _RANK_HUNDREDS, _RANK_UNIT, _RANK_TENS = 5, 4, 3, 2, 1

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
_DIGITS_IN_DATE_AFTER = re.compile(r"[-/:]\d")
_DIGITS_IN_DATE_BEFORE = re.compile(r"\d[-/:]$")
_ERA_AFTER = re.compile(r"\s*[مه](?!\w)")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")
_GROUP = re.Match.group
_CONJ_PREFIXES = ("", "و", "ف")
_PREP_PREFIXES = ("", "ب", "ل", "ك")


@dataclass(frozen=True)
class _Lexicon:
    words: dict[str, dict[str, int]]  # word -> {kind: value}; kinds: unit teen_head ten tens fixed multiplier
    vague: dict[str, int]
    duals: frozenset[str]
    one_of: frozenset[str]
    one_of_heads: frozenset[str]
    not_numbers: frozenset[str]
    year_words: frozenset[str]
    approx_before: re.Pattern[str]
    approx_after: re.Pattern[str]
    percent_after: re.Pattern[str]
    percent_words: re.Pattern[str]
    percent_keys: tuple[str, ...]  # a piece of each percent word: no piece in a text, no match


def _phrase_pattern(phrases: list[str]) -> str:
    """One alternation of normalized phrases, longest first, spaces matching any whitespace."""
    escaped = sorted({r"\s+".join(map(re.escape, p.split())) for p in phrases}, key=len, reverse=True)
    return "|".join(escaped)


@cache
def load_data() -> dict[str, Any]:
    """The raw contents of ``data/numbers.yaml``."""
    text = resources.files("marsad").joinpath("data/numbers.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _dual_forms(noun: str, with_ayn: bool) -> list[str]:
    """«قتيل» -> قتيلان, قتيلين; «طفلة» -> طفلتان, طفلتين (the ة, normalized ه, becomes ت)."""
    stem = noun[:-1] + "ت" if noun.endswith("ه") else noun
    return [stem + "ان", stem + "ين"] if with_ayn else [stem + "ان"]


@cache
def _lexicon() -> _Lexicon:
    data = load_data()
    words: dict[str, dict[str, int]] = {}

    def add(kind: str, value: int, forms: list[str]) -> None:
        for form in forms:
            words.setdefault(normalize_text(form), {})[kind] = int(value)

    for value, forms in data["units"].items():
        add("unit", value, forms)
    for value, forms in data["teen_heads"].items():
        add("teen_head", value, forms)
    add("ten", 10, data["ten"])
    for value, forms in data["tens"].items():
        add("tens", value, forms)
    for value, forms in data["fixed"].items():
        add("fixed", value, forms)
    for value, forms in data["multipliers"].items():
        add("multiplier", value, forms)

    def norm_set(key: str) -> frozenset[str]:
        return frozenset(normalize_text(w) for w in data[key])

    duals = [f for n in data["dual_any"] for f in _dual_forms(normalize_text(n), True)]
    duals += [f for n in data["dual_an_only"] for f in _dual_forms(normalize_text(n), False)]
    prefixes = [normalize_text(p) for p in data["approximate_prefixes"]]
    suffixes = [normalize_text(p) for p in data["approximate_suffixes"]]
    percents = [normalize_text(p) for p in data["percent_markers"]]
    percent_words = [p for p in percents if p.isalpha() or " " in p]
    return _Lexicon(
        words=words,
        vague={normalize_text(w): int(v) for w, v in data["vague"].items()},
        duals=frozenset(duals),
        one_of=norm_set("one_of"),
        one_of_heads=norm_set("one_of_heads"),
        not_numbers=norm_set("not_numbers"),
        year_words=norm_set("year_words"),
        # «بنحو 20», «وأكثر من 10»: the first word may carry و/ب.
        approx_before=re.compile(rf"(?<!\w)[وب]?(?:{_phrase_pattern(prefixes)})\s+$"),
        # «عشرين قتيلا تقريبا»: the hedge may follow the counted noun.
        approx_after=re.compile(rf"(?P<noun>\s+[^\W\d_]+)?\s+(?:{_phrase_pattern(suffixes)})(?!\w)"),
        percent_after=re.compile(rf"\s*(?:{_phrase_pattern(percents)})(?!\w)"),
        percent_words=re.compile(rf"(?<!\w)(?:{_phrase_pattern(percent_words)})(?!\w)"),
        percent_keys=tuple(max(p.split(), key=len) for p in percent_words),
    )


@cache
def number_word_pattern() -> str:
    """A regex alternation of every number word form (for other recognizers, e.g. «منذ ثلاثة أيام»)."""
    lex = _lexicon()
    return _phrase_pattern(list(lex.words) + list(lex.vague))


# Per-word results are cached: news text repeats its words, and a bounded cache keeps memory flat
# on long streams of articles.
_WORD_CACHE = 1 << 16


@lru_cache(maxsize=_WORD_CACHE)
def _candidates(word: str, mode: str) -> tuple[tuple[int, str], ...]:
    """(clitic length, stem) readings of a word. ``first``: any of و/ف + ب/ل/ك + ال;
    ``conj``: a compound's next part, which must start with the conjunction و; ``plain``: ال only."""
    out: list[tuple[int, str]] = []
    if mode == "first":
        heads = [c + p for c in _CONJ_PREFIXES for p in _PREP_PREFIXES]
    elif mode == "conj":
        heads = ["و"]
    else:
        heads = [""]
    for head in heads:
        if not word.startswith(head):
            continue
        rest = word[len(head):]
        out.append((len(head), rest))
        if rest.startswith("ال"):
            out.append((len(head), rest[2:]))
        elif head.endswith("ل") and rest.startswith("ل"):
            out.append((len(head), rest[1:]))  # «للثلاثة»: ل + ال with its alif dropped
    return tuple((n, s) for n, s in out if len(s) >= 2)


@lru_cache(maxsize=_WORD_CACHE)
def _lookup(word: str, mode: str, table: str) -> tuple[int, str] | None:
    """The first reading of ``word`` found in the lexicon's ``table`` (``words``, ``duals`` or
    ``vague``), as (clitic length, stem)."""
    lex = _lexicon()
    if word in lex.not_numbers:
        return None
    entries = getattr(lex, table)
    for clitic, stem in _candidates(word, mode):
        if word[clitic:] in lex.not_numbers:
            return None
        if stem in entries:
            return clitic, stem
    return None


@lru_cache(maxsize=_WORD_CACHE)
def _one_of_clitic(word: str) -> int | None:
    """The clitic length of «أحد»/«إحدى» read as "one of" («وأحد», «بإحدى»), else None."""
    one_of = _lexicon().one_of
    return next((len(c) for c in ("و", "ف", "ب", "") if word.startswith(c) and word[len(c):] in one_of), None)


@lru_cache(maxsize=_WORD_CACHE)
def _may_start(word: str) -> bool:
    """Whether a count can start at a token with this text: exactly the first test of each
    reader of :class:`_Scanner` (digits, number word, dual, vague quantity, "one of")."""
    if word[0].isdigit():
        return True
    return (any(_lookup(word, "first", table) for table in ("words", "duals", "vague"))
            or _one_of_clitic(word) is not None)


class _Scanner:
    """Walks the tokens of one text and reads counts at token positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lex = _lexicon()
        self.toks = list(_TOKEN.finditer(text))
        # Token indices where a reader may succeed; every other token is skipped unread.
        self.starts = list(compress(count(), map(_may_start, map(_GROUP, self.toks))))
        # The percent-word pattern is slow to run over a whole article; most have none of its words.
        has_percent = any(key in text for key in self.lex.percent_keys)
        self.percent_spans = [m.span() for m in self.lex.percent_words.finditer(text)] if has_percent else []

    def adjacent(self, j: int) -> bool:
        """True when token j exists and only whitespace separates it from token j-1."""
        return 0 < j < len(self.toks) and self.text[self.toks[j - 1].end():self.toks[j].start()].isspace()

    def kinds(self, j: int, mode: str) -> tuple[int, dict[str, int]] | None:
        found = _lookup(self.toks[j].group(), mode, "words")
        return (found[0], self.lex.words[found[1]]) if found else None

    def multiplier(self, j: int) -> int | None:
        """A thousand/million multiplier at token j, right after the previous token."""
        if not self.adjacent(j):
            return None
        found = self.kinds(j, "plain")
        mult = found[1].get("multiplier") if found else None
        return mult if mult and mult >= 1000 else None

    def in_percent_word(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.percent_spans)

    # -- readers: each returns (start, end, value, approximate, next token) or None

    def read_digits(self, i: int) -> tuple[int, int, int, bool, int] | None:
        tok = self.toks[i]
        s, e, digits = tok.start(), tok.end(), tok.group()
        before, after = self.text[max(0, s - 2):s], self.text[e:e + 2]
        if _DIGITS_IN_DATE_AFTER.match(after) or _DIGITS_IN_DATE_BEFORE.search(before):
            return None  # part of a date, a time or a score
        if self.lex.percent_after.match(self.text, e):
            return None
        if "." in digits or ("," in digits and not _GROUPED.fullmatch(digits)):
            # A decimal is a count only with a multiplier: «1.5 مليون».
            mult = self.multiplier(i + 1)
            if mult is None:
                return None
            value = int(float(digits.replace(",", ".")) * mult)
            return s, self.toks[i + 1].end(), value, False, i + 2
        value = int(digits.replace(",", ""))
        if len(digits) == 4 and 1900 <= value <= 2100:
            prev = self.toks[i - 1].group() if i > 0 else ""
            if prev in self.lex.year_words or _ERA_AFTER.match(self.text, e):
                return None
        mult = self.multiplier(i + 1)
        if mult:
            return s, self.toks[i + 1].end(), value * mult, False, i + 2
        return s, e, value, False, i + 1

    def read_dual(self, i: int) -> tuple[int, int, int, bool, int] | None:
        found = _lookup(self.toks[i].group(), "first", "duals")
        if not found:
            return None
        end, nxt = self.toks[i].end(), i + 1
        two = self.kinds(nxt, "plain") if self.adjacent(nxt) else None
        if two and two[1].get("unit") == 2:  # «قتيلين اثنين»
            end, nxt = self.toks[nxt].end(), nxt + 1
        return self.toks[i].start() + found[0], end, 2, False, nxt

    def read_vague(self, i: int) -> tuple[int, int, int, bool, int] | None:
        found = _lookup(self.toks[i].group(), "first", "vague")
        if not found:
            return None
        value, end, nxt = self.lex.vague[found[1]], self.toks[i].end(), i + 1
        follower = _lookup(self.toks[nxt].group(), "plain", "vague") if self.adjacent(nxt) else None
        if follower:
            bigger = self.lex.vague[follower[1]]
            # «عشرات الآلاف» is 10 x 1000; «بضعة آلاف», «عدة مئات» keep the conservative 1000, 100.
            value = value * bigger if value >= 10 else bigger
            end, nxt = self.toks[nxt].end(), nxt + 1
        return self.toks[i].start() + found[0], end, value, True, nxt

    def read_one_of(self, i: int) -> tuple[int, int, int, bool, int] | None:
        clitic = _one_of_clitic(self.toks[i].group())
        if clitic is None or not self.adjacent(i + 1):
            return None
        head = self.toks[i + 1].group()
        if head in self.lex.words and "ten" in self.lex.words[head]:
            return None  # «أحد عشر» is read as a compound
        if not (head.startswith("ال") or head in self.lex.one_of_heads):
            return None
        return self.toks[i].start() + clitic, self.toks[i].end(), 1, False, i + 1

    def read_chunk(self, j: int, mode: str) -> tuple[int, int, int, int] | None:
        """One part of a compound number word: (clitic length, value, rank, next token)."""
        found = self.kinds(j, mode)
        if not found:
            return None
        clitic, kinds = found
        head = kinds.get("unit") or kinds.get("teen_head")
        if head and self.adjacent(j + 1):
            nxt = self.kinds(j + 1, "plain")
            if nxt and "ten" in nxt[1]:
                return clitic, head + 10, _RANK_TENS, j + 2
            if nxt and nxt[1].get("multiplier") == 100 and kinds.get("unit", 0) >= 3:
                return clitic, kinds["unit"] * 100, _RANK_HUNDREDS, j + 2
        if "unit" in kinds:
            return clitic, kinds["unit"], _RANK_UNIT, j + 1
        if "ten" in kinds:
            return clitic, 10, _RANK_TENS, j + 1
        if "tens" in kinds:
            return clitic, kinds["tens"], _RANK_TENS, j + 1
        if "fixed" in kinds:
            value = kinds["fixed"]
            rank = _RANK_MILLIONS if value >= 1_000_000 else _RANK_THOUSANDS if value >= 1000 else _RANK_HUNDREDS
            return clitic, value, rank, j + 1
        return None

    def read_words(self, i: int) -> tuple[int, int, int, bool, int] | None:
        total = group = 0
        last_rank = _RANK_MILLIONS + 1
        start = end = None
        j, mode = i, "first"
        while j < len(self.toks):
            if mode == "conj" and not self.adjacent(j):
                break
            chunk = self.read_chunk(j, mode)
            if chunk is None or chunk[2] >= last_rank:
                break
            clitic, value, last_rank, j = chunk
            if start is None:
                start = self.toks[i].start() + clitic
            group += value
            end = self.toks[j - 1].end()
            mult = self.multiplier(j) if j < len(self.toks) else None
            if mult:
                total += group * mult
                group = 0
                last_rank = _RANK_THOUSANDS if mult == 1000 else _RANK_MILLIONS
                end = self.toks[j].end()
                j += 1
            mode = "conj"
        if start is None or end is None:
            return None
        if self.lex.percent_after.match(self.text, end):
            return None
        return start, end, total + group, False, j

    def read(self, i: int) -> tuple[int, int, int, bool, int] | None:
        if self.in_percent_word(self.toks[i].start()):
            return None
        if self.toks[i].group()[0].isdigit():
            return self.read_digits(i)
        return self.read_words(i) or self.read_dual(i) or self.read_vague(i) or self.read_one_of(i)


def find_numbers(text: str) -> list[NumberMention]:
    """Every count in a normalized text, in order."""
    return _scan(_Scanner(text))


def _scan(scanner: _Scanner) -> list[NumberMention]:
    """Read counts at the scanner's candidate tokens, left to right, each after the last."""
    text, lex = scanner.text, scanner.lex
    out: list[NumberMention] = []
    i = 0  # the first token not yet consumed by a count
    for k in scanner.starts:
        if k < i:
            continue
        found = scanner.read(k)
        if found is None:
            continue
        start, end, value, approximate, i = found
        hedge = lex.approx_before.search(text, max(0, start - 40), start)
        if hedge:
            start, approximate = hedge.start(), True
        tail = lex.approx_after.match(text, end)
        if tail:
            approximate = True
            if tail.group("noun") is None:
                end = tail.end()
            while i < len(scanner.toks) and scanner.toks[i].start() < end:
                i += 1
        out.append(NumberMention(start, end, value, approximate, text[start:end]))
    return out


def parse_number(phrase: str) -> int | None:
    """The value of a phrase that is one count and nothing else («خمسة وعشرين», «نحو 20»)."""
    text = normalize_text(phrase).strip()
    found = find_numbers(text)
    if len(found) != 1:
        return None
    mention = found[0]
    if text[:mention.start].strip(" وفبلك") or text[mention.end:].strip():
        return None
    return mention.value
