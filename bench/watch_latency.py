#!/usr/bin/env python3
"""Latency of ``marsad watch`` from publication in a feed to the alert at a webhook.

A local HTTP server (threads of this script, 127.0.0.1 only) serves an RSS feed, the article
pages and a webhook receiver. Every --every seconds one article (the Arabic templates of
bench/batch_bench.py, one day apart so that no two merge) is published in the feed; a watcher
polls it every --interval seconds with one alert rule that matches every event. For each
article the time from publication to the webhook POST is measured.

    python bench/watch_latency.py [--articles 20] [--interval 1] [--every 1.5]

Expect about half the poll interval plus the work of a cycle (feed, page, coding, store,
match, POST).
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch_bench import PLACES, TEMPLATES, TIMES, WEEKDAYS  # noqa: E402


def articles(n: int, seed: int = 11) -> list[tuple[str, str]]:
    """``n`` (published, text) pairs with an event each (no template without one), a day apart."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        day = date(2022, 1, 1) + timedelta(days=i)
        town, region = rng.choice(PLACES)
        text = rng.choice(TEMPLATES[:7]).format(time=rng.choice(TIMES), weekday=WEEKDAYS[day.weekday()],
                                                town=town, region=region, n=rng.choice(["3", "خمسة", "7"]))
        out.append((day.isoformat(), text))
    return out


class Site:
    def __init__(self, items: list[tuple[str, str]]):
        self.items = items
        self.published: dict[str, float] = {}  # path -> publication time
        self.received: dict[str, float] = {}  # article url -> webhook arrival
        self.lock = threading.Lock()

    def publish(self, i: int) -> None:
        with self.lock:
            self.published[f"/a/{i}"] = time.perf_counter()


def handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def reply(self, body: bytes, ctype: str, status: int = 200, extra: dict | None = None):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            base = f"http://127.0.0.1:{self.server.server_port}"
            with site.lock:
                live = sorted(site.published, key=site.published.get)
            if self.path == "/feed.xml":
                etag = f'"{len(live)}"'
                if self.headers.get("If-None-Match") == etag:
                    return self.reply(b"", "text/plain", 304, {"ETag": etag})
                items = "".join(f"<item><title>{p}</title><link>{base}{p}</link><guid>{base}{p}</guid></item>"
                                for p in live)
                body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
                return self.reply(body.encode(), "application/rss+xml", extra={"ETag": etag})
            i = int(self.path.rsplit("/", 1)[1])
            day, text = site.items[i]
            page = (f'<html lang="ar"><head><meta charset="utf-8"><meta property="article:published_time" '
                    f'content="{day}"><title>خبر</title></head><body><article><p>{text}</p></article></body></html>')
            self.reply(page.encode("utf-8"), "text/html; charset=utf-8")

        def do_POST(self):
            payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            with site.lock:
                site.received.setdefault(payload["event"]["doc_id"], time.perf_counter())
            self.reply(b"ok", "text/plain")

    return Handler


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=20)
    ap.add_argument("--interval", type=float, default=1.0, help="watch poll interval, seconds")
    ap.add_argument("--every", type=float, default=1.5, help="seconds between publications")
    args = ap.parse_args()

    from marsad.alerts import AlertBook, state_path
    from marsad.store import open_store
    from marsad.watch import Outlet, Watcher, watch

    site = Site(articles(args.articles))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler(site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    folder = Path(tempfile.mkdtemp(prefix="marsad-watch-bench-"))
    db = folder / "marsad.db"
    book = AlertBook(state_path(db))
    book.add(f"{base}/hook")
    book.close()
    cycles = int((args.articles * args.every + 10) / args.interval) + 1

    def run_watcher() -> None:
        with open_store(db) as store:
            watcher = Watcher([Outlet("bench", f"{base}/feed.xml", 0)], store, state_path(db),
                              log=lambda s: None, emit=lambda s: None)
            watch(watcher, cycles=cycles, interval=args.interval,
                  sleep=lambda s: time.sleep(s) if len(site.received) < args.articles else None)
            watcher.close()

    runner = threading.Thread(target=run_watcher)
    runner.start()
    time.sleep(2 * args.interval)  # the watcher's first cycle builds its coder
    for i in range(args.articles):
        site.publish(i)
        time.sleep(args.every)
    runner.join()
    server.shutdown()
    base_len = len(base)
    latencies = [site.received[url] - site.published[url[base_len:]] for url in site.received]
    if not latencies:
        sys.exit("no alert arrived")
    latencies.sort()
    print(f"poll interval {args.interval} s, {len(latencies)}/{args.articles} articles alerted: "
          f"latency min {latencies[0]:.2f} s, median {statistics.median(latencies):.2f} s, "
          f"p90 {latencies[int(0.9 * (len(latencies) - 1))]:.2f} s, max {latencies[-1]:.2f} s")


if __name__ == "__main__":
    main()
