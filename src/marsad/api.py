"""The Python API: the same pipeline as ``marsad extract``, for notebooks and programs.

    >>> import marsad
    >>> events = marsad.extract("قصفت قوات النظام بلدة كفرنبل في ريف إدلب الجنوبي", published="2019-05-02")
    >>> df = marsad.to_dataframe(events)
"""
from __future__ import annotations

import functools
import hashlib
from datetime import date
from typing import Any, Iterable, Iterator, Mapping

from .document import Document, parse_published
from .gazetteer import Gazetteer
from .pipeline import Pipeline
from .schema import Event


class Marsad:
    """A configured extractor (gazetteer chosen once, reused for every document)."""

    def __init__(self, gazetteer: str | Gazetteer | None = None):
        gaz = gazetteer if isinstance(gazetteer, Gazetteer) or gazetteer is None else Gazetteer.open(gazetteer)
        self.pipeline = Pipeline(gazetteer=gaz)

    def extract_document(self, doc: Document) -> list[Event]:
        return self.pipeline(doc)

    def extract(self, text: str, published: Any = None, source: str = "", doc_id: str | None = None,
                title: str = "", url: str = "") -> list[Event]:
        if doc_id is None:
            doc_id = "doc-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
        doc = Document(id=doc_id, text=text, published=parse_published(published), source=source,
                       title=title, url=url, origin=doc_id)
        return self.pipeline(doc)

    def extract_many(self, docs: Iterable[Document | Mapping[str, Any] | str]) -> Iterator[Event]:
        """Events of many documents, streamed: Documents, dicts like a JSON Lines record, or texts.

        A document that cannot be coded is skipped (its error is logged), never the batch.
        """
        import logging

        log = logging.getLogger("marsad")
        for i, d in enumerate(docs):
            doc = _as_document(d, i)
            try:
                yield from self.pipeline(doc)
            except Exception as exc:  # noqa: BLE001 - reported, then the batch goes on
                log.warning("skipped %s: %s", doc.origin or doc.id, exc)


def _as_document(d: Document | Mapping[str, Any] | str, i: int) -> Document:
    if isinstance(d, Document):
        return d
    if isinstance(d, str):
        return Document(id=f"doc-{i + 1}", text=d, origin=f"doc-{i + 1}")
    text = d.get("text") or ""
    doc_id = str(d.get("id") or f"doc-{i + 1}")
    return Document(id=doc_id, text=text, published=parse_published(d.get("published")),
                    source=d.get("source") or "", url=d.get("url") or "", title=d.get("title") or "",
                    origin=doc_id)


@functools.cache
def _default() -> Marsad:
    return Marsad()


def extract(text: str, published: str | date | None = None, source: str = "", **kw) -> list[Event]:
    """Code one article's text into events (the embedded gazetteer, default lexicons)."""
    return _default().extract(text, published=published, source=source, **kw)


def extract_many(docs: Iterable[Document | Mapping[str, Any] | str]) -> Iterator[Event]:
    return _default().extract_many(docs)
