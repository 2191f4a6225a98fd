#!/usr/bin/env python3
"""Per-core throughput and memory of `marsad extract`'s pipeline.

Runs the pipeline in one process (one core) over a corpus of articles, repeated until at least
--min-docs documents were coded, and prints articles/second, characters/second, events and the
peak resident memory. The corpus is the team's gold set (tests/gold/docs.jsonl) and the example
article; pass --docs FILE.jsonl to use another one (e.g. ../shared/eval/dev/docs.jsonl).

    python bench/throughput.py [--docs FILE.jsonl] [--min-docs 2000]
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_docs(path: Path | None) -> list[dict]:
    paths = [path] if path else [ROOT / "tests" / "gold" / "docs.jsonl"]
    docs = []
    for p in paths:
        if p.exists():
            docs += [json.loads(line) for line in p.open(encoding="utf-8") if line.strip()]
    example = ROOT / "src" / "marsad" / "data" / "examples" / "daraa_example.txt"
    if not path and example.exists():
        lines = example.read_text(encoding="utf-8").split("\n", 1)
        docs.append({"id": "example", "published": lines[0].replace("DATE:", "").strip(), "text": lines[1]})
    if not docs:
        sys.exit("no documents to benchmark")
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=Path)
    ap.add_argument("--min-docs", type=int, default=2000)
    a = ap.parse_args()

    from marsad.api import Marsad, _as_document

    docs = [_as_document(d, i) for i, d in enumerate(load_docs(a.docs))]
    t0 = time.perf_counter()
    engine = Marsad()
    engine.extract("اشتباكات في درعا", published="2021-01-01")  # warm-up: loads gazetteer and lexicons
    startup = time.perf_counter() - t0

    n = chars = events = 0
    t0 = time.perf_counter()
    while n < a.min_docs:
        for d in docs:
            events += len(engine.extract_document(d))
            n += 1
            chars += len(d.text)
    secs = time.perf_counter() - t0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "distinct_docs": len(docs),
        "docs_coded": n,
        "seconds": round(secs, 2),
        "docs_per_second_per_core": round(n / secs, 1),
        "docs_per_hour_per_core": int(n / secs * 3600),
        "chars_per_second": int(chars / secs),
        "events": events,
        "startup_seconds": round(startup, 2),
        "peak_rss_mb": round(rss_mb, 1),
    }, indent=1))


if __name__ == "__main__":
    main()
