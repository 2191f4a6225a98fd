"""RSS/Atom feeds into the store: feed files (item text, no network) and feed URLs (item pages
fetched), served here by a local HTTP server."""
from __future__ import annotations

import http.server
import io
import threading
from contextlib import redirect_stdout
from datetime import date

import pytest

pytest.importorskip("feedparser")

from marsad.cli import main  # noqa: E402
from marsad.document import Document  # noqa: E402
from marsad.ingest import InputError  # noqa: E402
from marsad.store import open_store  # noqa: E402
from marsad.store.feeds import html_text, is_feed, iter_feed, iter_inputs  # noqa: E402

CLASH = "اندلعت اشتباكات عنيفة بين قوات النظام وفصائل المعارضة في مدينة درعا البلد فجر اليوم."
SHELLING = "قصفت قوات النظام بالمدفعية الثقيلة بلدة كفرنبل في ريف إدلب الجنوبي صباح اليوم."

RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>شبكة أخبار الجنوب</title>
  <link>https://news.example.org/</link>
  <item>
    <title>اشتباكات في درعا البلد</title>
    <link>{{base}}/a/1.html</link>
    <guid>south-1</guid>
    <pubDate>Fri, 30 Jul 2021 01:30:00 +0300</pubDate>
    <description>موجز: اشتباكات في درعا</description>
    <content:encoded><![CDATA[<p>{CLASH}</p><p>وأفاد ناشطون بمقتل عنصرين.</p>]]></content:encoded>
  </item>
  <item>
    <title>قصف على ريف إدلب</title>
    <link>{{base}}/a/2.html</link>
    <guid>south-2</guid>
    <pubDate>Mon, 02 Aug 2021 09:00:00 +0300</pubDate>
    <description>{SHELLING}</description>
  </item>
  <item>
    <title>Weather</title>
    <link>{{base}}/a/3.html</link>
    <guid>south-3</guid>
    <description>Sunny skies are expected over the coast this weekend.</description>
  </item>
</channel>
</rss>
"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>مرصد الشمال</title>
  <entry>
    <title>قصف مدفعي</title>
    <id>tag:north.example.org,2021:55</id>
    <link href="https://north.example.org/55"/>
    <updated>2021-08-02T23:10:00+03:00</updated>
    <summary type="text">{SHELLING}</summary>
  </entry>
</feed>
"""

PAGE = """<html><head><title>{title}</title></head><body><nav>الرئيسية | أخبار | اتصل بنا</nav>
<article><h1>{title}</h1><p>{body}</p><p>وأكدت مصادر محلية أن الاشتباكات استمرت عدة ساعات قبل أن تهدأ
مع ساعات الصباح الأولى، فيما شهدت الأحياء المجاورة حركة نزوح للأهالي نحو المناطق الأكثر أمناً.</p></article>
<footer>جميع الحقوق محفوظة</footer></body></html>"""


def write_feed(tmp_path, text: str = RSS, name: str = "south.rss", base: str = "https://news.example.org"):
    path = tmp_path / name
    path.write_text(text.replace("{base}", base), encoding="utf-8")
    return path


def no_network(url: str) -> bytes:
    raise AssertionError(f"a feed file must not fetch {url}")


def test_feed_file_items_become_documents_with_their_content_as_text(tmp_path):
    items = list(iter_feed(str(write_feed(tmp_path)), fetcher=no_network))
    first, second, english = items
    assert isinstance(first, Document) and first.id == "south-1"
    assert first.text.split("\n") == [CLASH, "وأفاد ناشطون بمقتل عنصرين."]  # content, not the teaser
    assert first.source == "شبكة أخبار الجنوب" and first.title == "اشتباكات في درعا البلد"
    assert second.text == SHELLING  # no content: the summary
    assert isinstance(english, InputError) and "not Arabic" in str(english)


def test_feed_item_day_is_the_day_written_in_the_feed_not_utc(tmp_path):
    first = next(iter_feed(str(write_feed(tmp_path)), fetcher=no_network))
    assert first.published == date(2021, 7, 30)  # 01:30 +03:00 is still the 29th in UTC
    (atom,) = iter_feed(str(write_feed(tmp_path, ATOM, "north.atom")), fetcher=no_network)
    assert atom.published == date(2021, 8, 2) and atom.url == "https://north.example.org/55"


def test_a_file_that_is_not_a_feed_is_one_input_error(tmp_path):
    bad = tmp_path / "broken.xml"
    bad.write_text("<html><body>لا شيء</body></html>", encoding="utf-8")
    (err,) = iter_feed(str(bad), fetcher=no_network)
    assert isinstance(err, InputError) and str(err).startswith(str(bad))


def test_feeds_are_recognized_by_suffix_or_url_and_other_paths_read_as_before(tmp_path):
    assert is_feed("a/b.RSS") and is_feed("https://x.example/feed") and not is_feed("a/b.jsonl")
    plain = tmp_path / "note.txt"
    plain.write_text(CLASH, encoding="utf-8")
    docs = list(iter_inputs([str(plain), str(write_feed(tmp_path))], fetcher=no_network))
    assert [d.id for d in docs if isinstance(d, Document)] == ["note", "south-1", "south-2"]


def test_html_fragment_text_keeps_paragraphs_as_lines():
    assert html_text("<p>سطر <b>أول</b></p><p>سطر&nbsp;ثان</p>") == "سطر أول\nسطر\xa0ثان"


def run(argv):
    with redirect_stdout(io.StringIO()):
        return main(argv)


def test_ingesting_a_feed_file_twice_stores_its_arabic_items_once(tmp_path, new_db):
    db, feed = new_db("feed"), str(write_feed(tmp_path))
    assert run(["ingest", feed, "--db", db]) == 2  # the English item is skipped
    with open_store(db) as s:
        first = s.counts()
        assert first["articles"] == 2
        assert {h.doc_id for h in s.search("اشتباكات درعا")} == {"south-1"}
    run(["ingest", feed, "--db", db])
    with open_store(db) as s:
        assert s.counts() == first


@pytest.fixture
def site(tmp_path):
    """A local web server: /feed.xml and two article pages (the third link is missing)."""
    pages = {"/a/1.html": PAGE.format(title="اشتباكات في درعا البلد", body=CLASH),
             "/a/2.html": PAGE.format(title="قصف على ريف إدلب", body=SHELLING)}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server hook
            body = feed if self.path == "/feed.xml" else pages.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write((body or "").encode("utf-8"))

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_port}"
    feed = write_feed(tmp_path, base=base).read_text(encoding="utf-8")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield base
    server.shutdown()
    server.server_close()


def test_feed_url_items_are_read_from_their_linked_pages(site):
    first, second, missing = iter_feed(f"{site}/feed.xml")
    assert CLASH in first.text and "حركة نزوح" in first.text  # the page, not the feed's content
    assert "الرئيسية" not in first.text  # page furniture dropped
    assert first.url == f"{site}/a/1.html" and first.published == date(2021, 7, 30)
    assert SHELLING in second.text
    assert isinstance(missing, InputError) and "404" in str(missing)


def test_ingesting_a_feed_url_stores_the_fetched_articles(site, new_db):
    db = new_db("feedurl")
    assert run(["ingest", f"{site}/feed.xml", "--db", db]) == 2  # one link is missing
    with open_store(db) as s:
        urls = {u for (u,) in s.query("SELECT url FROM articles")}
        assert urls == {f"{site}/a/1.html", f"{site}/a/2.html"}
