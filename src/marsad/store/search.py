"""Arabic-aware full-text search: what is indexed, how a query is read, and snippets.

Articles are indexed as their normalized text (:func:`marsad.normalize.normalize_text`:
no diacritics, one alif, ة->ه, ...) with proclitics split off by the segmenter
(«والقصف» -> «قصف»); a query goes through the same two steps and every term matches as
a prefix («قصف» also finds «قصفت»). Snippets are cut from the original text: the matched
words are found again in the normalized text and mapped back through its offset map.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..normalize import normalize, normalize_text
from ..segment import tokenize

_WORD = re.compile(r"\w")
SNIPPET_CHARS = 80  # of context on each side of the first match


def _stems(normalized: str) -> list[str]:
    return [t.stem for t in tokenize(normalized) if _WORD.match(t.text)]


def index_text(text: str) -> str:
    """The body indexed for an article: its normalized words without proclitics."""
    return " ".join(_stems(normalize_text(text)))


def query_terms(query: str) -> list[str]:
    """A user's query as indexed terms (normalized, proclitics split)."""
    return _stems(normalize_text(query))


MIN_PREFIX = 3  # shorter terms («في», «من») match whole words only


def fts_query(terms: list[str]) -> str:
    """An FTS5 MATCH expression: every term, as a prefix when long enough (quoted: no FTS
    syntax leaks from the query)."""
    return " AND ".join('"' + t.replace('"', '""') + '"' + ("*" if len(t) >= MIN_PREFIX else "")
                        for t in terms)


@dataclass(slots=True)
class Hit:
    article_id: int
    doc_id: str
    title: str
    source: str
    published: str | None
    score: float
    snippet: str


def hits(rows, terms: list[str], score=float) -> list[Hit]:
    """Search rows (id, doc_id, title, source, published, score, text) as hits with snippets;
    ``score`` turns the engine's score into «higher is better»."""
    return [Hit(article_id=r[0], doc_id=r[1], title=r[2], source=r[3], published=r[4],
                score=score(r[5]), snippet=snippet(r[6], terms)) for r in rows]


def _matches(stem: str, terms: list[str]) -> bool:
    return any(stem.startswith(t) if len(t) >= MIN_PREFIX else stem == t for t in terms)


def snippet(raw: str, terms: list[str], width: int = SNIPPET_CHARS, mark: str = "**") -> str:
    """A passage of the original text around the first matched word, matches marked."""
    norm = normalize(raw)
    spans = [norm.to_raw(t.start, t.end) for t in tokenize(norm.text)
             if _WORD.match(t.text) and _matches(t.stem, terms)]
    if not spans:
        return " ".join(raw[: 2 * width].split())
    start = max(0, spans[0][0] - width)
    end = min(len(raw), spans[0][1] + width)
    out, pos = [], start
    for a, b in spans:
        if a < pos or b > end:
            continue
        out += [raw[pos:a], mark, raw[a:b], mark]
        pos = b
    out.append(raw[pos:end])
    text = " ".join("".join(out).split())
    return ("…" if start else "") + text + ("…" if end < len(raw) else "")


def ts_query(terms: list[str]) -> str:
    """A PostgreSQL tsquery (``to_tsquery('simple', ...)``): every term, quoted, as a prefix
    when long enough, the same reading as :func:`fts_query`."""
    def quoted(t: str) -> str:
        return "'" + t.replace("\\", "\\\\").replace("'", "''") + "'"

    return " & ".join(quoted(t) + (":*" if len(t) >= MIN_PREFIX else "") for t in terms)
