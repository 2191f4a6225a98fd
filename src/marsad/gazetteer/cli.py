"""``marsad gazetteer import|info|lookup``: a thin layer over the gazetteer library."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

DEFAULT_USER_FILE = "gazetteer-user.sqlite"


def add_subcommands(subparsers: argparse._SubParsersAction) -> None:
    """Add ``gazetteer`` with its sub-commands to an argparse sub-parser group."""
    parser = subparsers.add_parser("gazetteer", help="import, inspect and query the place gazetteer")
    parser.add_argument("--gazetteer", metavar="PATH",
                        help="user gazetteer file (default: $MARSAD_GAZETTEER, for import "
                             f"$MARSAD_CACHE/{DEFAULT_USER_FILE})")
    commands = parser.add_subparsers(dest="gazetteer_command", required=True)

    imp = commands.add_parser("import", help="import GeoNames dumps or OCHA P-code lists")
    imp.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    imp.add_argument("--country", default="SY", help="ISO alpha-2 country of P-code lists (default SY)")
    imp.set_defaults(func=_import)

    info = commands.add_parser("info", help="what the gazetteer holds")
    info.set_defaults(func=_info)

    lookup = commands.add_parser("lookup", help="candidates for a name, with a resolution in context")
    lookup.add_argument("name")
    lookup.add_argument("--context", default="", help="article text around the name")
    lookup.set_defaults(func=_lookup)


def _user_file(args: argparse.Namespace) -> Path:
    from . import _cache_dir

    chosen = args.gazetteer or os.environ.get("MARSAD_GAZETTEER")
    return Path(chosen) if chosen else _cache_dir() / DEFAULT_USER_FILE


def _import(args: argparse.Namespace) -> int:
    from .importers import GazetteerImportError, import_path

    target = _user_file(args)
    target.parent.mkdir(parents=True, exist_ok=True)
    failed = 0
    for path in args.paths:
        if not path.is_file():
            print(f"marsad: {path}: no such file", file=sys.stderr)
            failed += 1
            continue
        try:
            kind, count = import_path(path, target, args.country.upper())
        except (GazetteerImportError, ValueError, UnicodeDecodeError) as exc:
            print(f"marsad: {path}: {exc}", file=sys.stderr)
            failed += 1
            continue
        print(f"{path}: {count} {kind} records -> {target}")
    if not failed:
        print(f"use it with --gazetteer {target} or MARSAD_GAZETTEER={target}")
    return 1 if failed else 0


def _open(args: argparse.Namespace):
    from . import Gazetteer

    return Gazetteer.open(args.gazetteer)


def _info(args: argparse.Namespace) -> int:
    gaz = _open(args)
    print(json.dumps(gaz.info(), ensure_ascii=False, indent=2))
    return 0


def _lookup(args: argparse.Namespace) -> int:
    """Every candidate of NAME with its score in the context, and why the winner won."""
    from ..geocode import resolve_places
    from ..normalize import name_key, normalize_text

    gaz = _open(args)
    candidates = gaz.lookup(args.name)
    key = name_key(args.name)
    context = normalize_text(args.context)
    # The name is scored where the context says it; without it, after «في» in the context.
    text = context if key and key in name_key(context) else f"{context}\nفي {normalize_text(args.name)}".strip()
    resolved = [r for r in resolve_places(text, gaz.find_places(text), gazetteer=gaz)
                if name_key(r.mention.text) == key or r.mention.key == key]
    scores = {p.id: s for r in resolved[:1] for p, s in r.scores}
    print(f"{len(candidates)} candidates for {args.name}" + (" (no context given)" if not args.context else ""))
    for place in candidates:
        score = f"{scores[place.id]:6.2f}" if place.id in scores else "     -"
        admin = " / ".join(a for a in (place.admin1, place.admin2, place.admin3) if a) or "-"
        print(f"{score}  {place.id}\t{place.name_ar}\t{place.name_en}\t{place.feature}\t{place.country_iso2}\t"
              f"{admin}\t{place.lat},{place.lon}\tpop {place.population}" + (f"\t{place.pcode}" if place.pcode else ""))
    if not resolved:
        print("not placed in this context (not read as a place name, or a party/adjective)")
        return 0 if candidates else 1
    for r in resolved[:1]:
        where = (f"{r.place.id} {r.place.name_en} ({r.place.country_iso2}, {r.place.admin1 or '-'}), location {r.location}"
                 if r.place else r.location)
        print(f"-> {where}, geo_precision {r.geo_precision}" + (f", {r.relation}" if r.relation else ""))
        print(f"why: {r.why}")
        print("(a candidate marked - was ruled out before scoring: another country than the article's, "
              "or not near the place it is related to)")
    return 0
