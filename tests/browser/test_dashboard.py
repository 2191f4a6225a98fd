"""The dashboard in a real headless Chromium (Debian's package, driven by Playwright) against a
running `marsad serve` on 127.0.0.1.

Skipped when Chromium or Playwright is missing, except under CI=true, where that is a failure.
Screenshots go to ``test-artifacts/browser/`` (or ``$MARSAD_TEST_ARTIFACTS``).
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "tests" / "fixtures" / "server" / "articles.jsonl"
ARTIFACTS = Path(os.environ.get("MARSAD_TEST_ARTIFACTS") or ROOT / "test-artifacts") / "browser"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-dev-shm-usage", "--disable-extensions", "--no-first-run"]


def _chromium() -> str | None:
    for candidate in (os.environ.get("MARSAD_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def _unavailable(reason: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``marsad serve`` over a store filled by ``marsad ingest``; yields its base URL."""
    db = tmp_path_factory.mktemp("browser") / "marsad.db"
    marsad = [sys.executable, "-c", "import sys; from marsad.cli import main; sys.exit(main())"]
    subprocess.run([*marsad, "ingest", str(ARTICLES), "--db", str(db)], check=True, capture_output=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(tmp_path_factory.mktemp("log") / "serve.log", "w+")
    proc = subprocess.Popen([*marsad, "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/health", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    pytest.fail(f"marsad serve did not start:\n{log.read()}")
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser():
    executable = _chromium()
    if executable is None:
        _unavailable("chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install playwright)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, request):
    """A page that records dialogs (alert/confirm: none may open) and script errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.dialogs, page.errors = [], []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def shown_events(page) -> int:
    """Events on the map: single points plus the counts of clusters."""
    return page.evaluate("""() => document.querySelectorAll('.point').length +
        [...document.querySelectorAll('.cluster')].reduce((n, c) => n + Number(c.dataset.count), 0)""")


def rows_become(page, n: int) -> None:
    """Wait for the table to show ``n`` rows (a locator wait: the page's CSP forbids eval)."""
    from playwright.sync_api import expect

    expect(page.locator("#events-table tbody tr")).to_have_count(n)


def api(server: str, path: str):
    return json.loads(urllib.request.urlopen(server + path, timeout=10).read())


def open_dashboard(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#events-table")


def test_map_shows_every_located_event(server, page):
    open_dashboard(page, server + "/")
    assert shown_events(page) == 4
    assert page.locator("svg.map-svg path.land").count() == 1  # the offline base map
    # Province lines (Natural Earth admin-1) drawn under the points, with real geometry.
    assert page.locator("svg.map-svg path.admin1").count() == 1
    assert len(page.locator("svg.map-svg path.admin1").get_attribute("d") or "") > 1000
    assert page.evaluate("""() => {
        const svg = document.querySelector("svg.map-svg"), layer = svg.querySelector("g");
        const kids = [...layer.children];
        return kids.indexOf(layer.querySelector(".admin1")) < kids.indexOf(layer.querySelector(".marks"));
    }""")
    assert page.locator("#events-table tbody tr").count() == 4
    assert page.errors == []


def test_type_filter_changes_the_points_and_the_url(server, page):
    open_dashboard(page, server + "/")
    page.locator("input[name=event_type][value=Battles]").check()
    rows_become(page, 1)
    assert "event_type=Battles" in page.url
    assert shown_events(page) == 1
    assert page.locator(".point").get_attribute("data-type") == "Battles"
    page.reload()  # the URL alone restores the view
    page.wait_for_selector("#events-table")
    assert shown_events(page) == 1 and page.locator("input[value=Battles]").is_checked()


def test_brushing_the_timeline_filters_the_map_by_date(server, page):
    open_dashboard(page, server + "/?lang=en")
    box = page.locator(".timeline-svg .brush .overlay").bounding_box()
    y = box["y"] + box["height"] / 2
    # From the left edge to a quarter of the way: the first days only (the Tafas clash).
    page.mouse.move(box["x"] + 2, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.25, y, steps=5)
    page.mouse.up()
    rows_become(page, 1)
    assert "since=" in page.url and "until=" in page.url
    assert shown_events(page) == 1


def test_event_page_highlights_the_arabic_evidence_of_each_report(server, page):
    (clash,) = api(server, "/api/events?event_type=Battles")["events"]
    page.goto(f"{server}/event/{clash['event_id']}")
    page.wait_for_selector("mark.evidence")
    reports = page.locator("article.report")
    assert reports.count() == 2  # the other outlet's report of the same event is listed
    detail = api(server, f"/api/events/{clash['event_id']}")
    for i, report in enumerate(detail["reports"]):
        text = page.locator(".article-text").nth(i)
        assert text.get_attribute("dir") == "rtl"
        marks = text.locator("mark.evidence").all_inner_texts()
        assert marks == [span["text"] for span in report["evidence"]]
    assert page.errors == []


def test_html_in_an_article_is_shown_as_text_and_never_runs(server, page):
    page.add_init_script("window.__ran = false;")
    (event,) = api(server, "/api/events?q=" + urllib.request.quote("كفرنبل"))["events"]
    open_dashboard(page, server + "/")
    page.goto(f"{server}/event/{event['event_id']}")
    page.wait_for_selector("mark.evidence")
    page.wait_for_timeout(300)  # time for an injected handler (img onerror) to fire
    text = page.locator(".article-text").inner_text()
    assert "<script>alert('xss')</script>" in text and "<img src=x onerror=alert('img')>" in text
    assert page.locator("article.report h3").inner_text().endswith("<img src=x onerror=alert('title')>")
    assert page.locator("main img, main script").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    assert page.dialogs == []
