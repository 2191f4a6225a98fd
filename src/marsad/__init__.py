"""marsad (مرصد): Arabic conflict news to ACLED-format events, offline, with evidence spans.

Public API::

    marsad.extract(text, published=..., source=...) -> list[Event]
    marsad.extract_many(docs) -> Iterator[Event]
    marsad.to_dataframe(events) -> pandas.DataFrame (ACLED columns)
"""
__version__ = "0.1.0"

from .schema import Event, Span, Victim  # noqa: E402
from .document import Document  # noqa: E402
from .output import to_dataframe  # noqa: E402


def extract(text, published=None, source="", **kw):
    """Code one article's text into events (see :mod:`marsad.api`)."""
    from .api import extract as _extract

    return _extract(text, published=published, source=source, **kw)


def extract_many(docs):
    """Events of many documents, streamed (see :mod:`marsad.api`)."""
    from .api import extract_many as _extract_many

    return _extract_many(docs)


__all__ = ["Document", "Event", "Span", "Victim", "extract", "extract_many", "to_dataframe", "__version__"]
