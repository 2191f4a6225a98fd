"""The objects that travel through the pipeline.

A :class:`Document` is what ingest produces: an article's text and metadata. An
:class:`Article` carries one document through the stages: its normalized text and offset
map, its sentences, and named groups of mentions (places, actors, dates, numbers,
triggers) that each stage adds. Mention offsets index the *normalized* text; the
``Normalized`` offset map turns them into spans of the original text for users.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .normalize import Normalized, normalize


@dataclass(slots=True)
class Document:
    id: str
    text: str
    published: date | None = None
    source: str = ""
    url: str = ""
    title: str = ""
    encoding: str = "utf-8"
    origin: str = ""  # where it was read from (path, path:line, "<stdin>")


def parse_published(value: Any) -> date | None:
    """An ISO date or date-time (or a date object) to a date; None when absent or unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    s = str(value).strip()
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).date()
    except ValueError:
        return None


@dataclass(slots=True)
class Mention:
    """Something recognized in the text: ``start:end`` in the normalized text."""

    start: int
    end: int
    label: str  # the group's own label: a sub-event type, an actor key, a place name...
    data: Any = None


@dataclass
class Article:
    doc: Document
    norm: Normalized
    sentences: list = field(default_factory=list)  # segment.Sentence
    spans: dict[str, list[Mention]] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_document(cls, doc: Document) -> "Article":
        return cls(doc=doc, norm=normalize(doc.text))

    @property
    def text(self) -> str:
        """The normalized text every matcher runs on."""
        return self.norm.text

    def raw_span(self, start: int, end: int) -> tuple[int, int, str]:
        """A normalized span as ``(start, end, text)`` of the original text."""
        a, b = self.norm.to_raw(start, end)
        return a, b, self.doc.text[a:b]
