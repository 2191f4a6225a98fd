#!/usr/bin/env python3
"""Share of extraction time spent in gazetteer lookups and the rest of placing, and the index load time.

Runs ``marsad.api.Marsad().extract_document`` over a set of articles repeated --repeat times
(default ../shared/eval/dev/docs.jsonl; without it, tests/gold/docs.jsonl), timing separately:

  lookups         ``mentions.index_matches``: the text split into words and every name of the
                  index they spell, with its candidates (the budget: <= 10% of extraction)
  place rules     the rest of ``Gazetteer.find_places``: which matches are places here (cue
                  words, locatives, ordinary words, adjectives), names unknown to the index
                  read after place words; no lookup
  disambiguation  ``geocode.resolve_places``: one candidate chosen per mention in context

and their sum, the whole place stage. Times are CPU times of this process, so other jobs on the
machine do not skew the split. Also prints the time to load the compiled index (< 1 s: wall time,
and the CPU time of this process, which a busy machine does not inflate).

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
    from marsad.gazetteer import Gazetteer, mentions

    Gazetteer.open()  # builds the index and its snapshot once, untimed
    wall, cpu = time.perf_counter(), time.process_time()
    gaz = Gazetteer.open()
    load_wall, load_cpu = time.perf_counter() - wall, time.process_time() - cpu

    spent = {"index_matches": 0.0, "find_places": 0.0, "resolve_places": 0.0}

    def timed(name, fn):
        def wrapper(*a, **kw):
            t0 = time.process_time()
            try:
                return fn(*a, **kw)
            finally:
                spent[name] += time.process_time() - t0
        return wrapper

    mentions.index_matches = timed("index_matches", mentions.index_matches)
    Gazetteer.find_places = timed("find_places", Gazetteer.find_places)
    geocode.resolve_places = timed("resolve_places", geocode.resolve_places)

    rows = [json.loads(line) for line in src.open(encoding="utf-8") if line.strip()]
    docs = [_as_document(r, i) for i, r in enumerate(rows)]
    engine = Marsad(gazetteer=gaz)
    for d in docs[:3]:
        engine.extract_document(d)  # automata and lexicons built outside the timing
    spent.update(index_matches=0.0, find_places=0.0, resolve_places=0.0)
    t0 = time.process_time()
    for _ in range(args.repeat):
        for d in docs:
            engine.extract_document(d)
    total = time.process_time() - t0
    n = len(docs) * args.repeat
    lookups = spent["index_matches"]
    rules = spent["find_places"] - lookups
    places = spent["find_places"] + spent["resolve_places"]
    print(f"articles            {n} ({src}, x{args.repeat})")
    print(f"extraction          {total:.2f} s CPU ({1000 * total / n:.1f} ms/article)")
    print(f"gazetteer lookups   {lookups:.2f} s ({100 * lookups / total:.1f}%, budget 10%)")
    print(f"place rules         {rules:.2f} s ({100 * rules / total:.1f}%)")
    print(f"disambiguation      {spent['resolve_places']:.2f} s ({100 * spent['resolve_places'] / total:.1f}%)")
    print(f"place stage         {places:.2f} s ({100 * places / total:.1f}%: the three above)")
    print(f"index load          {load_wall:.2f} s wall, {load_cpu:.2f} s CPU (budget 1 s); "
          f"{len(gaz.places)} places, {len(gaz._names)} names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
