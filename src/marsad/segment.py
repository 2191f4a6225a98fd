"""Stage 2: sentences and tokens of the normalized text, with Arabic proclitics split.

Everything here works on the *normalized* text (:func:`marsad.normalize.normalize`) and
returns offsets into it; map them to the raw text with ``Normalized.to_raw``.

Sentences end at ``. ! ? ؟ ؛ …`` and at line breaks (paragraphs, headlines), but not at a
decimal point, a one-letter abbreviation («د.», «ا.ف.ب»), a list number («1.») or a mark
inside «quoted speech» or a (parenthesis) that closes shortly after. The Arabic comma does
not end a sentence; a very long sentence is cut only before a reporting verb or a clause
connector after «، » («، وأضاف», «، فيما»), which starts a new clause, never at a bare
«، و» (that is usually a list: «صيدا، وأم المياذن، والشجرة», which must stay together).

Tokens are Arabic words, Latin words (with «F-16», «S-300»), numbers («3.5», «3-5»,
«29/7/2021», «10:30») and punctuation. An Arabic token carries its most likely proclitic
split (و/ف, then ب/ل/ك, then the article ال or the contraction لل); all readings come
from :func:`proclitic_splits`. Words that only look like clitic + word («وزير», «بلدة»,
«الذي») are listed in ``data/clitics.yaml``.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .normalize import normalize_text

DATA_FILE = Path(__file__).with_name("data") / "clitics.yaml"

# Arabic letters, plus harakat/tatweel/presentation forms so that raw text still tokenizes.
_AR = "\u0621-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06fc\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc"
_LAT = rf"[^\W\d_{_AR}]"  # any other letter (Latin, Cyrillic...)
_TOKEN = re.compile(
    rf"(?P<num>\d+(?:[.,:/\-]\d+)*)"
    rf"|(?P<ar>[{_AR}]+)"
    rf"|(?P<lat>{_LAT}(?:{_LAT}|\d)*(?:['\-](?:{_LAT}|\d)+)*)"
    r"|(?P<punct>(?P<mark>[^\w\s])(?P=mark)*|_+)"
)

_LINE = re.compile(r"[^\n\r\u2028\u2029]+")
# An end mark run with the closing quotes/brackets that follow it. A full stop followed by a
# digit or a Latin letter is a decimal point, an abbreviation or a web address, not an end.
_END = re.compile(r"""(?:[!?؟؛…]|\.(?![\dA-Za-z]))+["')\]]*""")
_WORD_BEFORE = re.compile(r"(\w+)\Z")
_HAS_WORD = re.compile(r"\w")
_OPENER_BEFORE = frozenset(" \t([:،-\"'")  # a quote after these (or at line start) opens
_QUOTE_REACH = 300  # a closing quote this near keeps a quoted passage in one sentence
_PAREN_REACH = 150
_LONG_SENTENCE = 400
_MIN_CLAUSE = 100


@dataclass(frozen=True, slots=True)
class Token:
    """A token; offsets index the normalized text."""

    start: int
    end: int
    text: str
    stem_start: int  # where the word starts after proclitics (و ف ب ل ك and ال, لل)
    prefix: str  # the proclitics as written: "وب", "بال", "لل", "و", ""

    @property
    def stem(self) -> str:
        return self.text[self.stem_start - self.start :]


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or headline line) of the normalized text with its tokens.

    ``tokens`` are made on first use: the event extractor reads only the sentence spans, and
    hundreds of token objects per article would be built for nothing.
    """

    start: int
    end: int
    text: str
    index: int
    source: str = field(repr=False, compare=False)  # the whole normalized text the offsets index
    _tokens: tuple[Token, ...] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def tokens(self) -> tuple[Token, ...]:
        tokens = self._tokens
        if tokens is None:
            tokens = tuple(tokenize(self.source, self.start, self.end))
            object.__setattr__(self, "_tokens", tokens)
        return tokens


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The contents of ``clitics.yaml``, normalized."""

    no_split: frozenset[str]
    no_split_prefixes: tuple[str, ...]
    abbreviations: frozenset[str]
    not_place: frozenset[str]
    clause_starters: tuple[str, ...]


_KEYS = ("no_split", "abbreviations", "dateline_not_place", "clause_starters")


def load_lexicon(path: Path = DATA_FILE) -> Lexicon:
    """Read and check the segmentation lexicon; ValueError names the bad entry."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or set(data) != set(_KEYS):
        raise ValueError(f"{path}: expected exactly the keys {', '.join(_KEYS)}")
    lists: dict[str, list[str]] = {}
    for key in _KEYS:
        entries = data[key]
        if not isinstance(entries, list):
            raise ValueError(f"{path}: {key} must be a list")
        seen: set[str] = set()
        out = []
        for entry in entries:
            if not isinstance(entry, str) or not entry.strip() or entry != entry.strip():
                raise ValueError(f"{path}: {key}: malformed entry {entry!r}")
            norm = normalize_text(entry)
            if norm in seen:
                raise ValueError(f"{path}: {key}: duplicate entry {entry!r}")
            if key == "no_split" and not re.fullmatch(rf"[{_AR}]{{2,}}\*?", norm):
                raise ValueError(f"{path}: no_split: not one Arabic word {entry!r}")
            seen.add(norm)
            out.append(norm)
        lists[key] = out
    return Lexicon(
        no_split=frozenset(w for w in lists["no_split"] if not w.endswith("*")),
        no_split_prefixes=tuple(w[:-1] for w in lists["no_split"] if w.endswith("*")),
        abbreviations=frozenset(lists["abbreviations"]),
        not_place=frozenset(lists["dateline_not_place"]),
        clause_starters=tuple(lists["clause_starters"]),
    )


@functools.cache
def _lexicon() -> Lexicon:
    return load_lexicon()


@functools.cache
def _clause_start() -> re.Pattern[str]:
    starters = sorted(_lexicon().clause_starters, key=len, reverse=True)
    return re.compile(r"،\s*(?=(?:%s)(?!\w))" % "|".join(map(re.escape, starters)))


# ---------------------------------------------------------------- proclitics

def _is_whole(word: str, lex: Lexicon) -> bool:
    return word in lex.no_split or word.startswith(lex.no_split_prefixes)


def _prefixes(word: str) -> list[str]:
    """Every proclitic sequence the spelling allows, shortest first (with "")."""
    out = [""]
    conj = word[0] if word[:1] in ("و", "ف") else ""
    if conj:
        out.append(conj)  # a word starting with و/ف has no other proclitic before it
    rest = word[len(conj) :]
    first = rest[:1]
    if first in ("ب", "ل", "ك"):
        out.append(conj + first)
    if rest.startswith("ال"):
        out.append(conj + "ال")
    elif rest.startswith("لل"):
        out.append(conj + "لل")  # ل + ال with the article's alif dropped
    if first in ("ب", "ك") and rest[1:3] == "ال":
        out.append(conj + rest[:3])
    return out


@functools.lru_cache(maxsize=1 << 16)
def _readings(word: str) -> tuple[tuple[str, str], ...]:
    lex = _lexicon()
    prefixes = _prefixes(word)
    # A listed word is never split further: cut the readings at the first boundary whose
    # remainder is listed («والتي» is و + التي, not وال + تي).
    limit = len(word)
    for p in prefixes:
        if _is_whole(word[len(p) :], lex):
            limit = len(p)
            break
    return tuple(
        (p, word[len(p) :])
        for p in reversed(prefixes)
        if len(p) <= limit and len(word) - len(p) >= 2
    )


def proclitic_splits(word: str) -> list[tuple[str, str]]:
    """All plausible (prefix, stem) readings of a normalized word, longest prefix first.

    The last reading is always ``("", word)``; stems have at least two letters.
    """
    if not word:
        return []
    readings = list(_readings(word))
    return readings if readings else [("", word)]


@functools.lru_cache(maxsize=1 << 16)
def _prefix_length(word: str) -> int:
    """The most likely proclitic length: the article and و/ف are trusted; a bare ب/ل/ك
    only before a stem of three letters or more (ب + «ها» is a pronoun, not a word)."""
    for prefix, stem in _readings(word):
        if prefix.endswith(("ال", "لل")) or prefix in ("", "و", "ف") or len(stem) >= 3:
            return len(prefix)
    return 0


# ---------------------------------------------------------------- tokens

# Tokens are built through their slot descriptors: the frozen dataclass __init__ costs twice
# as much, and an article has hundreds of tokens (see tests/test_segment.py for the budget).
_new = object.__new__
_CLITIC_FIRST = frozenset("وفبلكا")  # only Arabic words starting with these can have proclitics
_SET_START, _SET_END, _SET_TEXT, _SET_STEM, _SET_PREFIX = (
    getattr(Token, name).__set__ for name in ("start", "end", "text", "stem_start", "prefix")
)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of ``text[start:end]``, with offsets into ``text``."""
    tokens = []
    append = tokens.append
    for m in _TOKEN.finditer(text, start, len(text) if end is None else end):
        s, e = m.span()
        word = m.group()
        k = _prefix_length(word) if word[0] in _CLITIC_FIRST else 0
        token = _new(Token)
        _SET_START(token, s)
        _SET_END(token, e)
        _SET_TEXT(token, word)
        _SET_STEM(token, s + k)
        _SET_PREFIX(token, word[:k])
        append(token)
    return tokens


# ---------------------------------------------------------------- sentences

def _inside(text: str, line_start: int, pos: int, line_end: int) -> bool:
    """Whether ``pos`` is inside a quotation or parenthesis that closes shortly after."""
    q = text.rfind('"', line_start, pos)
    if q >= 0 and (q == line_start or text[q - 1] in _OPENER_BEFORE):
        if text.find('"', pos, min(line_end, pos + _QUOTE_REACH)) >= 0:
            return True
    before = text[line_start:pos]
    for opener, closer in (("(", ")"), ("[", "]")):
        if before.count(opener) > before.count(closer):
            if text.find(closer, pos, min(line_end, pos + _PAREN_REACH)) >= 0:
                return True
    return False


def _is_boundary(text: str, line_start: int, m: re.Match[str], line_end: int) -> bool:
    mark = m.group().rstrip("\"')]")
    p, q = m.span()
    if mark == ".":
        head = text[line_start:p].strip()
        if head.isdigit():  # «1. انسحاب القوات»: a list number
            return False
        w = _WORD_BEFORE.search(text, max(line_start, p - 12), p)
        if w and not w.group().isdigit() and (len(w.group()) == 1 or w.group() in _lexicon().abbreviations):
            return False
    return not _inside(text, line_start, q, line_end)


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    piece = text[a:b]
    stripped = piece.strip()
    if not stripped:
        return b, b
    a += len(piece) - len(piece.lstrip())
    return a, a + len(stripped)


def _split_long(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Cut a very long sentence before clause starters, keeping every piece substantial."""
    if b - a <= _LONG_SENTENCE:
        return [(a, b)]
    pieces = []
    for m in _clause_start().finditer(text, a, b):
        cut = m.start() + 1  # the comma stays with the clause it closes
        if cut - a >= _MIN_CLAUSE and b - m.end() >= _MIN_CLAUSE:
            pieces.append((a, cut))
            a = m.end()
    pieces.append((a, b))
    return pieces


def _spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        ls, le = line.span()
        first = len(spans)
        cur = ls
        for m in _END.finditer(text, ls, le):
            if _is_boundary(text, ls, m, le):
                spans.append(_trim(text, cur, m.end()))
                cur = m.end()
        spans.append(_trim(text, cur, le))
        # A piece without a word (a stray quote or mark) belongs to the sentence before it;
        # a line of marks alone («***») is no sentence.
        line_spans: list[tuple[int, int]] = []
        for a, b in spans[first:]:
            if _HAS_WORD.search(text, a, b):
                line_spans.append((a, b))
            elif line_spans and a < b:
                line_spans[-1] = (line_spans[-1][0], b)
        spans[first:] = [s for a, b in line_spans for s in _split_long(text, a, b)]
    return spans


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of a normalized text, each with its tokens."""
    return [Sentence(a, b, text[a:b], i, text) for i, (a, b) in enumerate(_spans(text))]


# ---------------------------------------------------------------- datelines

_DATELINE = re.compile(
    rf"[ \t]*(?P<place>[{_AR}]+(?: [{_AR}]+){{0,2}})[ \t]*"
    r"(?P<date>،[^\n():\-\"]{1,30}?)?[ \t]*"  # «دمشق، 12 آب (سانا) -»
    r"(?P<source>\([^()\n]{1,40}\)[ \t]*)?"
    r"(?P<sep>[-:])"
)
_DATELINE_LINES = 3


def dateline(text: str) -> tuple[int, int] | None:
    """The span of the place in a dateline opening the article («دمشق - ...»,
    «بغداد (رويترز) -», «درعا: ...», «عدن - "الوطن":»), or None.

    Looks at the first three lines; a body line wins over a headline-like line (one without
    final punctuation). «درعا: ...» counts only in a body line and with at most two words,
    since «سوريا: مقتل ...» is a headline label and «اعلنت الوزاره: ...» a quotation.
    """
    not_place = _lexicon().not_place
    fallback = None
    for n, line in enumerate(_LINE.finditer(text)):
        if n >= _DATELINE_LINES:
            break
        m = _DATELINE.match(text, line.start(), line.end())
        if not m:
            continue
        place = m.group("place")
        if place.split()[0] in not_place or (m.group("date") and not re.search(r"\d", m.group("date"))):
            continue
        headline = not line.group().rstrip().endswith((".", "!", "?", "؟", '"', ")"))
        strong = m.group("sep") == "-" or m.group("source") is not None
        if not strong and (headline or len(place.split()) > 2):
            continue
        if not headline:
            return m.span("place")
        fallback = fallback or m.span("place")
    return fallback
