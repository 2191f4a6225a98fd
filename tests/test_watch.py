"""`marsad watch` against feeds, pages and a webhook served on 127.0.0.1 by threads of this test."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from marsad.alerts import AlertBook, state_path
from marsad.cli import main
from marsad.store import open_store
from marsad.watch import backoff_delay, load_feeds

# Articles written for this test: (path, headline, published, paragraphs).
PAGES = {
    "/news/tafas-shelling": (
        "قصف مدفعي على طفس", "2021-07-29",
        ["قصفت قوات النظام السوري بالمدفعية الثقيلة، صباح اليوم الخميس، بلدة طفس في ريف درعا الغربي، "
         "ما أدى إلى مقتل ثلاثة مدنيين وإصابة آخرين بجروح، بحسب ما أفاد ناشطون محليون.",
         "وتشهد المنطقة تصعيداً عسكرياً منذ أيام، وسط مخاوف الأهالي من موجة نزوح جديدة نحو القرى المجاورة."]),
    "/news/saraqib-clash": (
        "اشتباكات في سراقب", "2021-07-29",
        ["اندلعت اشتباكات عنيفة، مساء اليوم الخميس، بين فصائل المعارضة وقوات النظام على أطراف مدينة سراقب "
         "في ريف إدلب الشرقي، وقُتل خلالها خمسة عناصر من قوات النظام.",
         "ولم تتمكن القوات المهاجمة من إحراز أي تقدم على المحور رغم التمهيد الناري المكثف."]),
    "/news/nawa-shelling": (
        "قذائف على نوى", "2021-07-30",
        ["سقطت قذائف صاروخية أطلقتها قوات النظام السوري على مدينة نوى في ريف درعا الغربي، ظهر اليوم الجمعة، "
         "ما أدى إلى مقتل طفلين وإصابة امرأة بجروح، وفق ما ذكر ناشطون.",
         "وأكد الأهالي أن القصف طال منازل سكنية ومدرسة في الحي الشرقي من المدينة."]),
    "/other/tafas-again": (
        "مقتل مدنيين بقصف على طفس", "2021-07-29",
        ["قُتل ثلاثة مدنيين، صباح اليوم الخميس، جراء قصف مدفعي لقوات النظام السوري على بلدة طفس في ريف درعا "
         "الغربي، بحسب مصادر محلية.",
         "وقالت المصادر إن القذائف سقطت على الأحياء السكنية في البلدة وأحدثت أضراراً مادية كبيرة."]),
}


def page_html(title: str, day: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta property="article:published_time" content="{day}"></head><body>'
            f"<nav><a href='/'>الرئيسية</a></nav><article><h1>{title}</h1>{body}</article>"
            "<footer>جميع الحقوق محفوظة</footer></body></html>").encode("utf-8")


def rss(base: str, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>{PAGES[p][0]}</title><link>{base}{p}</link><guid>{base}{p}</guid>"
                    f"<pubDate>Thu, 29 Jul 2021 08:00:00 GMT</pubDate></item>" for p in paths)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>feed</title>'
            f"<link>{base}/</link><description>news</description>{items}</channel></rss>").encode("utf-8")


class Site:
    """What the server serves; feeds grow after their first answer, as a live outlet's do."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests: list[tuple[str, str | None]] = []  # (path, If-None-Match)
        self.hooks: list[dict] = []
        self.hook_calls = 0
        self.served: dict[str, int] = {}

    def feed_items(self, path: str) -> list[str] | None:
        n = self.served.get(path, 0)
        if path == "/a.xml":  # one more item after the first poll
            return ["/news/tafas-shelling", "/news/saraqib-clash"] + (["/news/nawa-shelling"] if n else [])
        if path == "/b.xml":  # a second outlet that starts reporting at its second poll
            return ["/other/tafas-again"] if n else []
        return None


def serve(site: Site):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep the test output clean
            pass

        def reply(self, status: int, body: bytes = b"", headers: dict | None = None):
            self.send_response(status)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            base = f"http://127.0.0.1:{self.server.server_port}"
            with site.lock:
                site.requests.append((self.path, self.headers.get("If-None-Match")))
                if self.path == "/down.xml":
                    return self.reply(503, b"maintenance")
                if self.path == "/garbage.xml":
                    return self.reply(200, b"<rss><channel><item><title>\x00\xff broken <<<", {"Content-Type": "text/xml"})
                if self.path in PAGES:
                    return self.reply(200, page_html(*PAGES[self.path]), {"Content-Type": "text/html; charset=utf-8"})
                items = site.feed_items(self.path)
                if items is None:
                    return self.reply(404)
                site.served[self.path] = site.served.get(self.path, 0) + 1
                etag = f'"{self.path}-{len(items)}"'
                if self.headers.get("If-None-Match") == etag:
                    return self.reply(304, headers={"ETag": etag})
                return self.reply(200, rss(base, items), {"Content-Type": "application/rss+xml", "ETag": etag})

        def do_POST(self):
            data = self.rfile.read(int(self.headers["Content-Length"]))
            with site.lock:
                site.hook_calls += 1
                if site.hook_calls == 1:  # the receiver fails once: the sender must retry
                    return self.reply(500, b"try later")
                site.hooks.append(json.loads(data))
            self.reply(200, b"ok")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture
def site():
    s = Site()
    server = serve(s)
    s.base = f"http://127.0.0.1:{server.server_port}"
    yield s
    server.shutdown()
    server.server_close()


def write_feeds(tmp_path, base: str):
    path = tmp_path / "feeds.yaml"
    path.write_text(
        "outlets:\n"
        f"  - {{name: Janoub, url: '{base}/a.xml', interval: 0}}\n"
        f"  - {{name: Down, url: '{base}/down.xml', interval: 0}}\n"
        f"  - {{name: Garbage, url: '{base}/garbage.xml', interval: 0}}\n"
        f"  - {{name: Shamal, url: '{base}/b.xml', interval: 0}}\n", encoding="utf-8")
    return path


def test_watch_delivers_each_new_matching_event_once_while_bad_feeds_are_retried(site, tmp_path, capsys):
    db = tmp_path / "marsad.db"
    feeds = write_feeds(tmp_path, site.base)
    assert main(["alert", "add", "--db", str(db), "--country", "SY", "--admin1", "Daraa",
                 "--type", "Explosions/Remote violence", "--webhook", f"{site.base}/hook"]) == 0
    capsys.readouterr()
    watch = ["watch", "--feeds", str(feeds), "--db", str(db), "--interval", "0", "--backoff", "0"]

    assert main(watch + ["--cycles", "2"]) == 0
    out, err = capsys.readouterr()
    printed = [json.loads(line) for line in out.splitlines() if line.startswith("{")]

    # Tafas (cycle 1) and Nawa (added to the feed after the first poll): each posted once, after a retry.
    # The second outlet's report of the Tafas shelling merges into the event already sent: not posted again.
    delivered = [h["event"] for h in site.hooks]
    assert sorted(e["location"] for e in delivered) == ["Nawa", "Tafas"]
    assert all(e["admin1"] == "Daraa" and e["event_type"] == "Explosions/Remote violence" for e in delivered)
    assert len({e["event_id"] for e in delivered}) == 2
    assert [p["event"]["event_id"] for p in printed] == [e["event_id"] for e in delivered]
    assert site.hook_calls == 3  # one failed POST, then the two events

    # The failing feeds were logged and polled again in every cycle; they stopped nothing.
    paths = [p for p, _ in site.requests]
    assert paths.count("/down.xml") == 2 and paths.count("/garbage.xml") == 2
    assert "HTTP 503" in err and "not a valid RSS/Atom feed" in err

    with open_store(db) as store:
        assert store.counts()["articles"] == 4
        tafas = [e for e in store.events() if e.location == "Tafas"]
        assert len(tafas) == 1 and len(store.sources(tafas[0].event_id)) == 2

    # A restarted watcher asks with the ETag, gets 304, and sends nothing twice.
    assert main(watch + ["--cycles", "1"]) == 0
    out, _ = capsys.readouterr()
    assert not [line for line in out.splitlines() if line.startswith("{")]
    assert len(site.hooks) == 2
    assert ("/a.xml", '"/a.xml-3"') in site.requests
    book = AlertBook(state_path(db))
    assert [s[2] for s in book.sends()] == ["sent", "sent"]
    book.close()


def test_backoff_doubles_per_failure_up_to_an_hour_and_never_below_the_interval():
    assert backoff_delay(0, 60, 300) == 300
    assert [backoff_delay(n, 60, 0) for n in (1, 2, 3)] == [60, 120, 240]
    assert backoff_delay(20, 60, 0) == 3600
    assert backoff_delay(1, 60, 600) == 600


@pytest.mark.parametrize("text, problem", [
    ("outlets: []\n", "expected 'outlets:'"),
    ("outlets:\n  - {url: 'ftp://x/feed'}\n", "http(s) URL"),
    ("outlets:\n  - {url: 'http://x/f', interval: soon}\n", "number of seconds"),
    ("outlets:\n  - {url: 'http://x/f'}\n  - {url: 'http://x/f'}\n", "duplicate url"),
    ("outlets:\n  - {url: 'http://x/f', every: 5}\n", "expected the keys"),
])
def test_malformed_feeds_files_are_rejected_with_the_reason(tmp_path, text, problem):
    path = tmp_path / "feeds.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        load_feeds(path)


def test_feeds_file_gives_outlets_with_default_interval(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text("outlets:\n  - {name: A, url: 'https://a.example/rss', interval: 120}\n"
                    "  - {url: 'https://b.example/atom'}\n", encoding="utf-8")
    a, b = load_feeds(path)
    assert (a.name, a.interval) == ("A", 120.0)
    assert (b.name, b.interval) == ("https://b.example/atom", 300.0)


def test_alert_rules_are_added_listed_and_removed(tmp_path, capsys):
    db = str(tmp_path / "x.db")
    assert main(["alert", "add", "--db", db, "--type", "Air/drone strike", "--webhook", "http://127.0.0.1:1/h"]) == 0
    assert main(["alert", "add", "--db", db, "--type", "Bombing", "--webhook", "http://127.0.0.1:1/h"]) == 1
    assert main(["alert", "add", "--db", db, "--webhook", "file:///etc/passwd"]) == 1
    assert main(["alert", "list", "--db", db]) == 0
    assert "#1: type Air/drone strike" in capsys.readouterr().out
    assert main(["alert", "remove", "1", "--db", db]) == 0
    assert main(["alert", "remove", "1", "--db", db]) == 1
