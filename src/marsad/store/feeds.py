"""RSS and Atom feeds as articles for ``marsad ingest`` (feedparser, the ``feeds`` extra).

A feed *file* (``.xml``, ``.rss``, ``.atom``) never touches the network: each item's text is
its content (or, lacking it, its summary). A feed *URL* is fetched, and so is each item's
link: feeds usually carry a teaser, the article is on the page (its main text is extracted
as for saved HTML, :func:`marsad.ingest.read_html`). Network access happens only when the
user passes a URL. An item that cannot be read is an :class:`~marsad.ingest.InputError`,
reported and skipped like any bad input; a later run picks it up again.
"""
from __future__ import annotations

import re
import urllib.request
from datetime import date
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .. import __version__
from ..document import Document, parse_published
from ..ingest import InputError, iter_documents, language_problem, read_html

FEED_SUFFIXES = (".xml", ".rss", ".atom")
TIMEOUT = 30.0  # seconds per HTTP request
# Elements after which the text of an HTML fragment breaks a line.
_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "article", "section"}

Fetch = Callable[[str], bytes]


def is_url(arg: str) -> bool:
    return arg.startswith(("http://", "https://"))


def is_feed(arg: str) -> bool:
    """A feed URL, or a file named like a feed."""
    return is_url(arg) or Path(arg).suffix.lower() in FEED_SUFFIXES


def fetch(url: str) -> bytes:
    """The body at ``url`` (HTTP errors raise ``OSError``)."""
    request = urllib.request.Request(url, headers={"User-Agent": f"marsad/{__version__}"})
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        return response.read()


def iter_inputs(paths: list[str] | None, published: date | None = None, source: str = "",
                fetcher: Fetch = fetch) -> Iterator[Document | InputError]:
    """:func:`marsad.ingest.iter_documents`, plus feed files and feed URLs, in the order given."""
    if not paths:
        yield from iter_documents(None, published=published, source=source)
        return
    for path in paths:
        if is_feed(path):
            yield from iter_feed(path, source=source, fetcher=fetcher)
        else:
            yield from iter_documents([path], published=published, source=source)


def iter_feed(location: str, source: str = "", fetcher: Fetch = fetch) -> Iterator[Document | InputError]:
    """One document per item of the feed at ``location`` (a file path or a URL)."""
    import feedparser

    online = is_url(location)
    try:
        body = fetcher(location) if online else Path(location).read_bytes()
    except OSError as err:
        yield InputError(location, f"cannot read the feed: {err}")
        return
    feed = feedparser.parse(body)
    if not feed.entries:
        reason = f"not a feed ({feed.bozo_exception})" if feed.bozo else "the feed has no items"
        yield InputError(location, reason)
        return
    outlet = feed.feed.get("title", "").strip() or source  # as for files: the default when none
    for n, entry in enumerate(feed.entries, 1):
        origin = f"{location}#{n}"
        try:
            yield _entry_document(entry, origin, outlet, fetcher if online else None)
        except InputError as err:
            yield err


def _entry_document(entry: Any, origin: str, outlet: str, fetcher: Fetch | None) -> Document:
    link = entry.get("link", "").strip()
    if fetcher is not None:
        if not link:
            raise InputError(origin, "the item has no link to fetch")
        try:
            page = fetcher(link)
        except OSError as err:
            raise InputError(origin, f"cannot fetch {link}: {err}") from None
        return page_document(entry, page, origin, outlet)
    text = _entry_text(entry)
    if not text:
        raise InputError(origin, "the item has no content or summary")
    return _document(entry, text, origin, outlet, None, None)


def page_document(entry: Any, page: bytes, origin: str, outlet: str, doc_id: str | None = None) -> Document:
    """The article behind a feed item from its fetched page (the page's main text; the item's
    date and title, else the page's). Shared by ``marsad ingest`` on feeds and ``marsad watch``."""
    text, meta = read_html(page, origin)
    return _document(entry, text, origin, outlet, meta, doc_id)


def _document(entry: Any, text: str, origin: str, outlet: str, meta: dict | None, doc_id: str | None) -> Document:
    problem = language_problem(text)
    if problem:
        raise InputError(origin, problem)
    link = entry.get("link", "").strip()
    published = _entry_date(entry) or (meta or {}).get("published")
    title = " ".join(entry.get("title", "").split()) or (meta or {}).get("title")
    return Document(id=doc_id or entry.get("id") or link or origin, text=text, published=published,
                    source=outlet, url=link, title=title, origin=origin)


def _entry_date(entry: Any) -> date | None:
    """The item's day as the feed writes it (not shifted to UTC), else feedparser's reading."""
    for key in ("published", "updated"):
        raw = entry.get(key)
        if not raw:
            continue
        try:
            return parsedate_to_datetime(raw).date()  # RFC 822, as in RSS
        except (TypeError, ValueError):
            day = parse_published(raw)  # ISO 8601, as in Atom
            if day:
                return day
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return date(*parsed[:3])
    return None


def _entry_text(entry: Any) -> str:
    """The item's full content, else its summary, as plain text (one paragraph a line)."""
    parts: Iterable[Any] = entry.get("content") or []
    detail = next(iter(parts), None) or entry.get("summary_detail")
    if not detail or not detail.get("value", "").strip():
        return ""
    value = detail["value"]
    if "html" in detail.get("type", "") and "<" in value:
        value = html_text(value)
    lines = (" ".join(line.split()) for line in value.replace("\r\n", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def html_text(fragment: str) -> str:
    """The text of an HTML fragment, with a line break after each block."""
    import lxml.html

    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
    return re.sub(r"[ \t]*\n\s*", "\n", root.text_content()).strip()
