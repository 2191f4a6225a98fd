#!/usr/bin/env python3
"""Per-core throughput and memory of marsad's pipeline, against a read + tokenize floor.

Builds a JSON Lines corpus of at least --min-docs articles by repeating a set of articles
(default: ../shared/eval/dev when present, else the team gold set tests/gold), then times on one
core, in one run:

  floor      read the file, parse each JSON line, split the text into word tokens (one regex)
  ingest     marsad.ingest (decode, checks, language test) + normalization with its offset map
  pipeline   the whole `marsad extract` pipeline (ingest, normalize, segment, recognize, extract, code)

and prints articles/second, each stage's ratio to the floor, and the peak resident memory.

    python bench/throughput.py [--docs FILE.jsonl] [--min-docs 3000] [--kb 3 5]
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SETS = [ROOT.parent / "shared" / "eval" / "dev" / "docs.jsonl", ROOT / "tests" / "gold" / "docs.jsonl"]
_TOKEN = re.compile(r"\w+")


def corpus(path: Path | None, min_docs: int, folder: Path,
           kb: tuple[float, float] | None = None) -> tuple[Path, int, int, int]:
    src = path or next(p for p in DEFAULT_SETS if p.exists())
    docs = [json.loads(line) for line in src.open(encoding="utf-8") if line.strip()]
    if kb is not None:  # articles of a given size, in UTF-8 kilobytes (Arabic: ~2 bytes a letter)
        docs = [d for d in docs if kb[0] * 1000 <= len(d["text"].encode("utf-8")) <= kb[1] * 1000]
        if not docs:
            sys.exit(f"{src}: no article between {kb[0]} and {kb[1]} KB")
    out = folder / "corpus.jsonl"
    n = chars = size = 0
    with out.open("w", encoding="utf-8") as f:
        while n < min_docs:
            for d in docs:
                d = dict(d, id=f"{d.get('id', 'doc')}-{n}")
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
                n += 1
                chars += len(d["text"])
                size += len(d["text"].encode("utf-8"))
    print(f"corpus: {len(docs)} articles of {src} repeated to {n}, {chars // n} characters "
          f"({size / n / 1000:.1f} KB) on average", file=sys.stderr)
    return out, n, chars, size


def floor(path: Path) -> float:
    t0 = time.perf_counter()
    tokens = 0
    with path.open(encoding="utf-8") as f:
        for line in f:
            tokens += len(_TOKEN.findall(json.loads(line)["text"]))
    return time.perf_counter() - t0


def ingest_normalize(path: Path) -> float:
    from marsad.ingest import iter_documents
    from marsad.normalize import normalize

    t0 = time.perf_counter()
    for doc in iter_documents([str(path)]):
        normalize(doc.text)
    return time.perf_counter() - t0


def pipeline(path: Path) -> tuple[float, int]:
    from marsad.api import Marsad
    from marsad.ingest import InputError, iter_documents

    engine = Marsad()
    engine.extract("اشتباكات في درعا", published="2021-01-01")  # load the gazetteer and lexicons first
    t0 = time.perf_counter()
    events = 0
    for doc in iter_documents([str(path)]):
        if not isinstance(doc, InputError):
            events += len(engine.extract_document(doc))
    return time.perf_counter() - t0, events


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=Path, help="a JSON Lines file of articles (default: the dev or gold set)")
    ap.add_argument("--min-docs", type=int, default=3000)
    ap.add_argument("--kb", type=float, nargs=2, metavar=("MIN", "MAX"),
                    help="only articles of MIN to MAX kilobytes (UTF-8), e.g. --kb 3 5")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path, n, chars, size = corpus(a.docs, a.min_docs, Path(tmp), tuple(a.kb) if a.kb else None)
        t_floor = floor(path)
        t_ingest = ingest_normalize(path)
        t_all, events = pipeline(path)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "articles": n,
        "mean_chars": chars // n,
        "mean_kb": round(size / n / 1000, 2),
        "floor_articles_per_s": round(n / t_floor),
        "ingest_normalize_articles_per_s": round(n / t_ingest),
        "ingest_normalize_vs_floor": round(t_ingest / t_floor, 2),
        "pipeline_articles_per_s_per_core": round(n / t_all, 1),
        "pipeline_articles_per_hour_per_core": int(n / t_all * 3600),
        "pipeline_vs_floor": round(t_all / t_floor, 1),
        "events": events,
        "peak_rss_mb": round(rss_mb, 1),
    }, indent=1))


if __name__ == "__main__":
    main()
