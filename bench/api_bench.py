#!/usr/bin/env python3
"""REST API latency over a generated store of 100,000 merged events.

Builds the store with ``store_bench.generated_reports`` (Event objects loaded through
``Store.ingest`` by a stand-in extractor; 25% more reports than --events because a fifth are
re-reports that merge), starts ``marsad serve`` (uvicorn) in a second process on 127.0.0.1,
and times each request from this process with ``urllib`` over loopback, one at a time:
p50/p95 of --runs calls per endpoint, and the time to stream whole exports.

    python bench/api_bench.py [--events 100000] [--runs 40] [--db /tmp/api_bench.db]

With --db, an existing store is reused (building 100,000 events takes a few minutes); a
``postgresql://`` URL benchmarks the PostgreSQL store (built there when it holds no events).
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from store_bench import Replay, generated_reports  # noqa: E402

from marsad.store import open_store  # noqa: E402

REPORTS_PER_EVENT = 1.25  # generated_reports makes a fifth of its reports re-reports of an event
MAX_EXPORT = 200_000

# (label, path) of the timed requests; {id} is replaced by a different event id on each call,
# {cursor} by the cursor of the page that starts at offset 50000 (the same page as the row above).
REQUESTS = [
    ("events  country+admin1+since, 100", "/api/events?country=SY&admin1=Daraa&since=2021-07-01&limit=100"),
    ("events  type+month, 100", "/api/events?event_type=Battles&since=2022-01-01&until=2022-01-31&limit=100"),
    ("events  min fatalities, by fatalities", "/api/events?min_fatalities=5&sort=-fatalities&limit=100"),
    ("events  all, offset 50000", "/api/events?limit=100&offset=50000"),
    ("events  all, cursor at 50000", "/api/events?limit=100&cursor={cursor}"),
    ("events  actor substring", "/api/events?actor=Military&country=YE&limit=100"),
    ("events  q=قصف (text query)", "/api/events?" + urlencode({"q": "قصف", "limit": 100})),
    ("points  country SY, one year", "/api/points?country=SY&since=2022-01-01&until=2022-12-31"),
    ("points  all (capped)", "/api/points"),
    ("aggregates  week by admin1, SY", "/api/aggregates?country=SY&interval=week&by=admin1"),
    ("aggregates  day, all", "/api/aggregates?interval=day"),
    ("event   /api/events/{id}", "/api/events/{id}"),
    ("articles q=قصف درعا", "/api/articles?" + urlencode({"q": "قصف درعا"})),
]
EXPORTS = [
    ("export CSV  all events", "/api/export/csv"),
    ("export GeoJSON  all events", "/api/export/geojson"),
    ("export CSV  country SY", "/api/export/csv?country=SY"),
]


def build_store(db: str, n_events: int) -> str:
    pairs = generated_reports(int(n_events * REPORTS_PER_EVENT))
    start = time.perf_counter()
    with open_store(db) as store:
        store.ingest([d for d, _ in pairs], extractor=Replay(pairs), batch_size=500)
        counts = store.counts()
    return (f"store: {sum(len(es) for _, es in pairs)} reports in {len(pairs)} articles -> "
            f"{counts['events']} merged events, built in {time.perf_counter() - start:.0f} s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str, port: int) -> subprocess.Popen:
    """``marsad serve`` in its own process; returns once it answers."""
    code = "import sys; from marsad.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.Popen([sys.executable, "-c", code, "serve", "--db", db, "--port", str(port),
                             "--max-export", str(MAX_EXPORT)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/meta", timeout=2).read()
            return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit("marsad serve exited at start")
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("marsad serve did not answer within 60 s")


def fetch(url: str) -> tuple[float, int]:
    """Seconds to the last byte, and bytes read."""
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as r:
        size = 0
        while chunk := r.read(1 << 16):
            size += len(chunk)
    return time.perf_counter() - start, size


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--events", type=int, default=100_000, help="merged events wanted (default 100000)")
    p.add_argument("--runs", type=int, default=40, help="calls per endpoint (default 40)")
    p.add_argument("--export-runs", type=int, default=3, help="calls per export (default 3)")
    p.add_argument("--db", help="store to reuse or create: a file or a postgresql:// URL "
                   "(default: a temporary file)")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "api_bench.db")
        is_url = db.startswith(("postgresql:", "postgres:"))
        existing = 0
        if is_url or Path(db).exists():
            with open_store(db) as store:
                existing = store.counts()["events"]
        if existing:
            print(f"store: {db.split('@')[-1]} ({store.dialect}) reused, {existing} merged events", flush=True)
        else:
            print(build_store(db, args.events), flush=True)
        port = free_port()
        server = start_server(db, port)
        base = f"http://127.0.0.1:{port}"
        try:
            page = json.loads(urllib.request.urlopen(base + "/api/events?limit=500", timeout=60).read())
            ids = [e["event_id"] for e in page["events"]]
            deep = json.loads(urllib.request.urlopen(base + "/api/events?limit=1&offset=49999", timeout=60).read())
            cursor = quote(deep["next"] or "", safe="")
            print(f"marsad serve on {base}, {os.cpu_count()} CPUs; one request at a time, "
                  f"{args.runs} calls each (first call not counted)\n")
            print(f"{'request':<40}{'p50 ms':>9}{'p95 ms':>9}{'kB':>9}")
            for label, path in REQUESTS:
                times, size = [], 0
                for i in range(args.runs + 1):
                    url = base + path.replace("{id}", quote(ids[i % len(ids)], safe="")).replace("{cursor}", cursor)
                    seconds, size = fetch(url)
                    if i:  # the first call warms SQLite's page cache
                        times.append(seconds)
                print(f"{label:<40}{percentile(times, .5) * 1000:9.1f}"
                      f"{percentile(times, .95) * 1000:9.1f}{size / 1000:9.0f}", flush=True)
            print(f"\n{'export (streamed, whole body)':<40}{'median s':>9}{'MB':>9}{'MB/s':>9}")
            for label, path in EXPORTS:
                runs = [fetch(base + path) for _ in range(args.export_runs)]
                seconds, size = statistics.median(t for t, _ in runs), runs[0][1]
                print(f"{label:<40}{seconds:9.2f}{size / 1e6:9.1f}{size / 1e6 / seconds:9.1f}", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
