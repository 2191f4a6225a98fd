#!/usr/bin/env python3
"""Event store benchmark: ingest throughput against extraction alone, and query latency.

1. **Ingest** (real extractor): the team gold set (tests/gold/docs.jsonl) repeated to --docs
   distinct articles (a numbered line makes each copy a new text). Times, on one core,
   extraction alone (``Marsad().extract_document`` over documents already read) and
   ``Store.ingest`` of the same documents into a new SQLite file and, given a server, a new
   PostgreSQL schema. The store must not make ingest more than 1.5x slower than extraction.
2. **Queries** over a generated store of --events merged-event reports (100,000 by default):
   Event objects built directly, spread over six countries, their regions, five years and the
   ACLED event types, a fifth of them re-reports of an earlier event by another outlet (so that
   merging has work to do), loaded through ``Store.ingest`` in date order by a stand-in extractor;
   then the median latency of ``events`` filters, ``stats`` and ``search``.

    python bench/store_bench.py [--docs 300] [--events 100000] [--pg postgresql://...]

--pg defaults to $MARSAD_TEST_PG; without a server only SQLite is measured.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from marsad.api import Marsad
from marsad.document import Document, parse_published
from marsad.schema import DISORDER_OF, EVENT_TYPES, Event
from marsad.store import EventFilter, open_store

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "docs.jsonl"
MAX_RATIO = 1.5

# Countries (ISO numeric, name, weight) and a few first-level regions with a centre each.
COUNTRIES = {
    760: ("Syria", 40, {"Daraa": (32.62, 36.10), "Idleb": (35.93, 36.63), "Aleppo": (36.20, 37.16),
                        "Deir ez Zor": (35.34, 40.14), "Homs": (34.73, 36.72), "Rural Damascus": (33.52, 36.50)}),
    887: ("Yemen", 20, {"Taizz": (13.58, 44.02), "Marib": (15.46, 45.32), "Al Hudaydah": (14.80, 42.95),
                        "Sanaa": (15.35, 44.21)}),
    368: ("Iraq", 15, {"Ninewa": (36.34, 43.13), "Anbar": (33.42, 43.30), "Baghdad": (33.31, 44.36)}),
    434: ("Libya", 10, {"Tripoli": (32.89, 13.19), "Benghazi": (32.12, 20.07), "Misrata": (32.38, 15.09)}),
    729: ("Sudan", 10, {"Khartoum": (15.50, 32.56), "North Darfur": (13.63, 25.35)}),
    275: ("Palestine", 5, {"Gaza Strip": (31.50, 34.47), "Nablus": (32.22, 35.26)}),
}
TYPE_WEIGHTS = {"Battles": 30, "Explosions/Remote violence": 35, "Violence against civilians": 12,
                "Protests": 10, "Riots": 3, "Strategic developments": 10}
# Words of the generated article texts (search needs postings that look like news).
VERBS = ["قصفت", "اشتبكت", "استهدفت", "اقتحمت", "شنت", "فجرت", "اعتقلت", "تظاهر"]
SUBJECTS = ["قوات النظام", "فصائل المعارضة", "طائرات مسيرة", "مجموعة مسلحة", "قوات الأمن", "الأهالي"]
PLACES = ["درعا", "إدلب", "حلب", "دير الزور", "حمص", "تعز", "مأرب", "الحديدة", "الموصل", "الفلوجة",
          "بنغازي", "مصراتة", "الخرطوم", "الفاشر", "غزة", "نابلس"]
DETAILS = ["بالمدفعية الثقيلة", "بالصواريخ", "بالأسلحة الخفيفة", "صباح اليوم", "مساء أمس",
           "وسط حالة من التوتر", "ما أدى إلى سقوط ضحايا", "وفق مصادر محلية", "بحسب ناشطين"]


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def pg_schema_url(url: str) -> str:
    """A new, empty schema on the server, as a store URL."""
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    return f"{url}{'&' if '?' in url else '?'}options={quote(f'-csearch_path={schema}')}"


def drop_schema(url: str, store_url: str) -> None:
    import psycopg

    schema = store_url.rsplit("search_path%3D", 1)[1]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


# --------------------------------------------------------------------------- 1. ingest


def gold_documents(n: int) -> list[Document]:
    records = [json.loads(line) for line in GOLD.open(encoding="utf-8") if line.strip()]
    docs = []
    for i in range(n):
        r = records[i % len(records)]
        docs.append(Document(id=f"{r['id']}-{i}", text=f"{r['text']}\n(نسخة رقم {i})",
                             published=parse_published(r.get("published")), source=r.get("source") or "",
                             url=r.get("url") or "", title=r.get("title") or "", origin=f"bench {i}"))
    return docs


def bench_ingest(n_docs: int, pg: str | None, folder: Path) -> list[str]:
    engine = Marsad()
    engine.extract("اشتباكات في درعا", published="2021-01-01")  # load lexicons and gazetteer first
    docs = gold_documents(n_docs)
    extract_s, n_events = timed(lambda: sum(len(engine.extract_document(d)) for d in docs))
    lines = [f"ingest: {n_docs} articles, {n_events} events (tests/gold repeated), one core",
             f"  extraction alone      {n_docs / extract_s:8.1f} articles/s"]
    targets = [("SQLite", str(folder / "ingest.db"))]
    if pg:
        targets.append(("PostgreSQL", pg_schema_url(pg)))
    for name, db in targets:
        with open_store(db) as store:
            seconds, result = timed(lambda: store.ingest(docs, extractor=engine))
        ratio = seconds / extract_s
        verdict = "ok" if ratio <= MAX_RATIO else f"OVER {MAX_RATIO}x"
        lines.append(f"  ingest into {name:<10}{n_docs / seconds:8.1f} articles/s   "
                     f"{ratio:.2f}x extraction time ({verdict}; {result.added} added)")
        if name == "PostgreSQL":
            drop_schema(pg, db)
    return lines


# --------------------------------------------------------------------------- 2. queries


def generated_reports(n_events: int, seed: int = 7) -> list[tuple[Document, list[Event]]]:
    """``n_events`` reports in articles of one to five reports, in publication order."""
    rnd = random.Random(seed)
    isos, weights = list(COUNTRIES), [COUNTRIES[i][1] for i in COUNTRIES]
    types, type_weights = list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values())
    first_day, days = date(2019, 1, 1), 5 * 365
    events: list[Event] = []
    while len(events) < n_events:
        if events and rnd.random() < 0.2:  # another outlet's report of a recent event
            e = events[-rnd.randint(1, min(len(events), 200))]
            events.append(Event.from_dict({**e.to_dict(), "event_id": f"gen-{len(events)}",
                                           "fatalities": max(0, e.fatalities + rnd.randint(-2, 2))}))
            continue
        iso = rnd.choices(isos, weights)[0]
        country, _, regions = COUNTRIES[iso]
        admin1 = rnd.choice(list(regions))
        lat, lon = regions[admin1]
        et = rnd.choices(types, type_weights)[0]
        day = first_day + timedelta(days=min(days - 1, int(len(events) / n_events * days) + rnd.randint(0, 3)))
        events.append(Event(
            event_id=f"gen-{len(events)}", doc_id="", event_date=day.isoformat(), time_precision=1,
            disorder_type=DISORDER_OF[et], event_type=et, sub_event_type=rnd.choice(EVENT_TYPES[et]),
            actor1="Military Forces", iso=iso, country=country, admin1=admin1, location=admin1,
            location_ar=admin1, latitude=round(lat + rnd.uniform(-0.3, 0.3), 4),
            longitude=round(lon + rnd.uniform(-0.3, 0.3), 4), geo_precision=2,
            fatalities=rnd.choice([0, 0, 0, 1, 2, 3, 5, 10]), confidence=0.7))
    events.sort(key=lambda e: e.event_date)
    out, i = [], 0
    while i < len(events):
        group = events[i:i + rnd.randint(1, 5)]
        i += len(group)
        n = len(out)
        words = [rnd.choice(SUBJECTS), rnd.choice(VERBS), rnd.choice(PLACES), *rnd.sample(DETAILS, 3)]
        text = " ".join(rnd.sample(words, len(words))) + f". تقرير رقم {n}."
        doc = Document(id=f"art-{n}", text=text, published=date.fromisoformat(group[0].event_date),
                       source=f"outlet {n % 12}", origin=f"generated {n}")
        for e in group:
            e.doc_id = doc.id
            e.source = doc.source
        out.append((doc, group))
    return out


class Replay:
    """Stand-in extractor: the generated events of each document."""

    def __init__(self, pairs: list[tuple[Document, list[Event]]]):
        self.events = {d.id: es for d, es in pairs}

    def extract_document(self, doc: Document) -> list[Event]:
        return self.events[doc.id]


def median_ms(fn: Callable[[], object], runs: int = 5) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        seconds, out = timed(fn)
        times.append(seconds)
    return statistics.median(times) * 1000, out


QUERIES: list[tuple[str, Callable]] = [
    ("events --country SY --admin1 Daraa --since 2021-07-01",
     lambda s: list(s.events(EventFilter(iso=760, admin1="Daraa", since=date(2021, 7, 1))))),
    ("events --type Battles --since 2022-01-01 --until 2022-01-31",
     lambda s: list(s.events(EventFilter(event_type="Battles", since=date(2022, 1, 1), until=date(2022, 1, 31))))),
    ("events --country YE (all types, all dates)", lambda s: list(s.events(EventFilter(iso=887)))),
    ("stats --country SY", lambda s: s.stats(EventFilter(iso=760))),
    ("search «قصف درعا» (20 best)", lambda s: s.search("قصف درعا")),
    ("search «والقصف» (20 best)", lambda s: s.search("والقصف")),
]


def bench_queries(n_events: int, pg: str | None, folder: Path) -> list[str]:
    pairs = generated_reports(n_events)
    replay, docs = Replay(pairs), [d for d, _ in pairs]
    lines = [f"queries: {sum(len(es) for _, es in pairs)} generated reports in {len(docs)} articles "
             "(6 countries, 2019-2023, 20% re-reports)"]
    targets = [("SQLite", str(folder / "queries.db"))]
    if pg:
        targets.append(("PostgreSQL", pg_schema_url(pg)))
    for name, db in targets:
        with open_store(db) as store:
            seconds, _ = timed(lambda: store.ingest(docs, extractor=replay, batch_size=500))
            merged = store.counts()["events"]
            lines.append(f"  {name}: loaded in {seconds:.0f} s ({len(docs) / seconds:.0f} articles/s), "
                         f"{merged} merged events")
            for label, fn in QUERIES:
                ms, rows = median_ms(lambda: fn(store))
                lines.append(f"    {label:<58}{ms:8.1f} ms  ({len(rows)} rows)")
        if name == "PostgreSQL":
            drop_schema(pg, db)
    return lines


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--docs", type=int, default=300, help="articles for the ingest throughput (default 300)")
    p.add_argument("--events", type=int, default=100_000, help="reports in the query store (default 100000)")
    p.add_argument("--pg", default=os.environ.get("MARSAD_TEST_PG"), help="PostgreSQL server URL")
    p.add_argument("--skip-ingest", action="store_true")
    p.add_argument("--skip-queries", action="store_true")
    args = p.parse_args(argv)
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_ingest:
            lines = bench_ingest(args.docs, args.pg, Path(tmp))
            failed = any("OVER" in line for line in lines)
            print("\n".join(lines), flush=True)
        if not args.skip_queries:
            print("\n".join(bench_queries(args.events, args.pg, Path(tmp))), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
