#!/usr/bin/env python3
"""Share of extraction time spent in gazetteer lookups, and the index load time.

Runs ``marsad.api.Marsad().extract_document`` over a set of articles repeated --repeat times
(default ../shared/eval/dev/docs.jsonl; without it, tests/gold/docs.jsonl), timing separately the
two gazetteer calls of the pipeline: ``Gazetteer.find_places`` (place mentions) and
``geocode.resolve_places`` (disambiguation in context). Times are CPU times of this process, so
other jobs on the machine do not skew the split. Prints both as a share of the whole
extraction (the issue's budget: <= 10%) and the time to load the compiled index (< 1 s: wall
time, and the CPU time of this process, which a busy machine does not inflate).

    python bench/geocode_split.py [--docs FILE.jsonl] [--repeat 5]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev" / "docs.jsonl"
GOLD = ROOT / "tests" / "gold" / "docs.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    src = args.docs
    if src is None:
        if DEV.exists():
            src = DEV
        else:
            print(f"{DEV} not found: using the team gold set {GOLD}", file=sys.stderr)
            src = GOLD
    if not src.exists():
        print(f"{src}: no articles to time", file=sys.stderr)
        return 1

    from marsad import geocode
    from marsad.api import Marsad, _as_document
    from marsad.gazetteer import Gazetteer

    Gazetteer.open()  # builds the index and its snapshot once, untimed
    wall, cpu = time.perf_counter(), time.process_time()
    gaz = Gazetteer.open()
    load_wall, load_cpu = time.perf_counter() - wall, time.process_time() - cpu

    spent = {"find_places": 0.0, "resolve_places": 0.0}

    def timed(name, fn):
        def wrapper(*a, **kw):
            t0 = time.process_time()
            try:
                return fn(*a, **kw)
            finally:
                spent[name] += time.process_time() - t0
        return wrapper

    Gazetteer.find_places = timed("find_places", Gazetteer.find_places)
    geocode.resolve_places = timed("resolve_places", geocode.resolve_places)

    rows = [json.loads(line) for line in src.open(encoding="utf-8") if line.strip()]
    docs = [_as_document(r, i) for i, r in enumerate(rows)]
    engine = Marsad(gazetteer=gaz)
    for d in docs[:3]:
        engine.extract_document(d)  # automata and lexicons built outside the timing
    spent.update(find_places=0.0, resolve_places=0.0)
    t0 = time.process_time()
    for _ in range(args.repeat):
        for d in docs:
            engine.extract_document(d)
    total = time.process_time() - t0
    n = len(docs) * args.repeat
    geo = spent["find_places"] + spent["resolve_places"]
    print(f"articles            {n} ({src}, x{args.repeat})")
    print(f"extraction          {total:.2f} s CPU ({1000 * total / n:.1f} ms/article)")
    print(f"find_places         {spent['find_places']:.2f} s ({100 * spent['find_places'] / total:.1f}%)")
    print(f"resolve_places      {spent['resolve_places']:.2f} s ({100 * spent['resolve_places'] / total:.1f}%)")
    print(f"gazetteer share     {100 * geo / total:.1f}% (budget 10%)")
    print(f"index load          {load_wall:.2f} s wall, {load_cpu:.2f} s CPU (budget 1 s); "
          f"{len(gaz.places)} places, {len(gaz._names)} names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
