"""The pipeline: named stages, each ``callable(Article) -> Article``, run in order.

    normalize -> segment -> recognize -> context -> extract -> code

``Pipeline.__call__`` runs one document and returns its events. A stage that fails raises
:class:`StageError` naming the stage and the document, so a batch can report it in one line
and carry on.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from . import actors, segment
from .code import code_events
from .document import Article, Document
from .extraction import extract
from .gazetteer import Gazetteer
from .recognize import recognize
from .schema import Event

Stage = Callable[[Article], Article]


class StageError(Exception):
    def __init__(self, stage: str, doc: Document, cause: Exception):
        super().__init__(f"{doc.origin or doc.id}: stage {stage!r} failed: {type(cause).__name__}: {cause}")
        self.stage, self.doc, self.cause = stage, doc, cause


def _segment(article: Article) -> Article:
    article.sentences = segment.split_sentences(article.text)
    article.meta["dateline"] = segment.dateline(article.text)
    return article


def _context(article: Article) -> Article:
    """The article's country: where its places are, weighted by how often they are named."""
    votes: Counter[str] = Counter()
    names: dict[str, tuple[str, int | None]] = {}
    for m in article.spans.get("places", []):
        place = getattr(m.data, "place", None)
        if place is None or not place.country_iso2:
            continue
        votes[place.country_iso2] += 1
        names[place.country_iso2] = (place.country_name, place.iso_num)
    if votes:
        iso2 = votes.most_common(1)[0][0]
        article.meta["country"] = iso2
        article.meta["country_name"], article.meta["country_iso_num"] = names[iso2]
    elif (iso2 := actors.country_of_mentions(article.spans.get("actors", []))) is not None:
        # No place named at all: the parties say where («اعتقلت السلطات الإسرائيلية ...»).
        article.meta["country"] = iso2
        article.meta["country_name"], article.meta["country_iso_num"] = actors.country_name(iso2), actors.country_iso(iso2)
    elif (iso2 := _adjective_country(article.text)) is not None:
        # Nothing else: a country's adjective says where («خرجت مسيرات في عدة مدن يمنية»).
        article.meta["country"] = iso2
        article.meta["country_name"], article.meta["country_iso_num"] = actors.country_name(iso2), actors.country_iso(iso2)
    return article


def _adjective_country(text: str) -> str | None:
    """The one country whose adjective the text uses, if it uses one country's only."""
    pattern, stems = actors.nationality_adjectives()
    found = {stems[m.group(1)] for m in pattern.finditer(text)}
    if len(found) != 1:
        return None
    (iso2,) = found
    return iso2 if actors.country_name(iso2) else None


@dataclass
class Pipeline:
    gazetteer: Gazetteer | None = None
    disabled: set[str] = field(default_factory=set)

    def stages(self) -> list[tuple[str, Stage]]:
        return [
            ("segment", _segment),
            ("recognize", lambda a: recognize(a, self.gazetteer)),
            ("context", _context),
        ]

    def analyze(self, doc: Document) -> Article:
        """Run every stage up to event extraction; the Article carries all mentions."""
        article = Article.from_document(doc)
        for name, stage in self.stages():
            if name in self.disabled:
                continue
            try:
                article = stage(article)
            except Exception as exc:  # one bad document must not stop a batch
                raise StageError(name, doc, exc) from exc
        return article

    def __call__(self, doc: Document) -> list[Event]:
        article = self.analyze(doc)
        try:
            return code_events(article, extract(article))
        except Exception as exc:
            raise StageError("extract", doc, exc) from exc

    def run_many(self, docs: Iterable[Document]) -> Iterator[tuple[Document, list[Event] | StageError]]:
        for doc in docs:
            try:
                yield doc, self(doc)
            except StageError as err:
                yield doc, err
