"""`marsad batch` on a local Dask cluster of two worker processes codes what `marsad extract` codes."""
from __future__ import annotations

import gzip
import json
from io import BytesIO
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("distributed")
warcio = pytest.importorskip("warcio")

from marsad.batch import Partition, plan, read_events, read_partition  # noqa: E402
from marsad.cli import main  # noqa: E402

# Articles written for this test: (text, published).
ARTICLES = [
    ("قصفت قوات النظام السوري بقذائف الهاون، صباح اليوم الأحد، بلدة اليادودة في ريف درعا الغربي، ما أدى إلى "
     "مقتل رجل وإصابة ابنه بجروح، بحسب ناشطين.", "2021-08-01"),
    ("اندلعت اشتباكات عنيفة، فجر اليوم، بين قوات النظام وفصائل المعارضة على محور كبانة في ريف اللاذقية "
     "الشمالي، وقُتل خلالها أربعة عناصر من قوات النظام.", "2020-03-14"),
    ("انفجرت عبوة ناسفة مزروعة على جانب الطريق بدورية لقوات النظام قرب بلدة المزيريب غربي درعا، اليوم الثلاثاء، "
     "ما أسفر عن مقتل عنصرين.", "2022-02-15"),
    ("اعتقلت قوات الأمن، اليوم الأربعاء، خمسة شبان من أبناء مدينة جاسم في ريف درعا الشمالي عند حاجز عسكري.",
     "2022-06-08"),
    ("خرج العشرات من أهالي مدينة الرستن في ريف حمص الشمالي، اليوم الجمعة، في وقفة احتجاجية سلمية للمطالبة "
     "بالكشف عن مصير المعتقلين.", "2019-10-04"),
    ("افتتح المجلس المحلي، اليوم الإثنين، سوقاً شعبية جديدة في مدينة إعزاز بريف حلب الشمالي، بمشاركة عشرات "
     "التجار من أبناء المنطقة.", "2021-05-10"),
]
PAGES = [  # (url, headline, published, paragraphs) for the WARC file
    ("https://news.example/2021/tafas", "قصف على طفس", "2021-07-29",
     ["قصفت قوات النظام السوري بالمدفعية الثقيلة، صباح اليوم الخميس، بلدة طفس في ريف درعا الغربي، ما أدى "
      "إلى مقتل ثلاثة مدنيين وإصابة آخرين بجروح، بحسب ما أفاد ناشطون محليون.",
      "وتشهد المنطقة تصعيداً عسكرياً منذ أيام، وسط مخاوف الأهالي من موجة نزوح جديدة نحو القرى المجاورة."]),
    ("https://news.example/2020/bab", "تفجير في الباب", "2020-11-22",
     ["انفجرت سيارة مفخخة في سوق شعبي وسط مدينة الباب شرقي حلب، ظهر اليوم الأحد، ما أسفر عن مقتل سبعة "
      "مدنيين وإصابة أكثر من عشرين آخرين، وفق الدفاع المدني.",
      "وهرعت فرق الإسعاف إلى مكان الانفجار، فيما فرضت قوات الشرطة طوقاً أمنياً حول السوق."]),
    ("https://news.example/2022/idlib", "غارات على جبل الزاوية", "2022-09-08",
     ["شنت طائرات حربية روسية غارات جوية على قرية كنصفرة في جبل الزاوية جنوبي إدلب، صباح اليوم الخميس، "
      "ما أدى إلى مقتل أربعة مدنيين بينهم طفلان.",
      "وقال الدفاع المدني إن فرقه انتشلت الضحايا من تحت أنقاض منزلين دمرتهما الغارات."]),
]


def page_html(title: str, day: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<html lang="ar"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta property="article:published_time" content="{day}"></head>'
            f"<body><article><h1>{title}</h1>{body}</article></body></html>").encode("utf-8")


def write_warc(path: Path) -> list[dict]:
    """A WARC of the pages (plus a request, a 404 and an image), and the same pages as JSON Lines records."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    records = []
    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=True)
        writer.write_record(writer.create_warcinfo_record("test.warc.gz", {"software": "test"}))

        def response(url: str, status: str, ctype: str, body: bytes) -> None:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=headers))

        for url, title, day, paragraphs in PAGES:
            writer.write_record(writer.create_warc_record(url, "request", payload=BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
            response(url, "200 OK", "text/html; charset=utf-8", page_html(title, day, paragraphs))
            records.append({"id": url, "url": url, "html": page_html(title, day, paragraphs).decode("utf-8")})
        response("https://news.example/gone", "404 Not Found", "text/html", b"<html><body>not here</body></html>")
        response("https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG....")
    return records


def write_jsonl(path: Path, records: list[dict], opener=open) -> None:
    with opener(path, "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Batch inputs (JSON Lines plain and gzip, Parquet, WARC) and the same articles as `marsad extract` inputs."""
    root = tmp_path_factory.mktemp("corpus")
    batch, plain = root / "batch", root / "extract"
    batch.mkdir()
    plain.mkdir()
    # No ids: ids come from the line numbers, which partitions of two lines must keep.
    lines = [{"text": t, "published": p, "source": "مراسل"} for t, p in ARTICLES]
    lines.insert(3, {"text": "The only English line in the file."})
    write_jsonl(batch / "wire.jsonl", lines)
    with (batch / "wire.jsonl").open("a", encoding="utf-8") as f:
        f.write("\n{not json\n")
    write_jsonl(batch / "archive.jsonl.gz", [{"id": f"gz-{i}", "text": t, "published": p}
                                               for i, (t, p) in enumerate(reversed(ARTICLES))], gzip.open)
    rows = [{"text": t, "published": p, "source": "أرشيف"} for t, p in ARTICLES[:4]]
    pq.write_table(pa.Table.from_pylist(rows), batch / "table.parquet", row_group_size=3)
    warc_records = write_warc(batch / "crawl.warc.gz")
    # The same inputs as `marsad extract` reads them (same file stems, so the same default ids).
    (plain / "wire.jsonl").write_bytes((batch / "wire.jsonl").read_bytes())
    (plain / "archive.jsonl.gz").write_bytes((batch / "archive.jsonl.gz").read_bytes())
    write_jsonl(plain / "table.jsonl", rows)
    write_jsonl(plain / "crawl.jsonl", warc_records)
    return batch, plain


def extract_events(folder: Path, tmp_path: Path) -> dict[str, dict]:
    out = tmp_path / "extract.jsonl"
    main(["extract", *sorted(map(str, folder.iterdir())), "-o", str(out)])
    return {d["event_id"]: d for d in map(json.loads, out.read_text(encoding="utf-8").splitlines())}


def test_batch_on_two_worker_processes_gives_the_events_of_extract_and_restarts_after_a_crash(corpus, tmp_path, capsys):
    batch, plain = corpus
    out = tmp_path / "out"
    command = ["batch", *sorted(map(str, batch.iterdir())), "--out", str(out), "--workers", "2",
               "--partition-size", "2", "--quiet"]
    assert main(command) == 2  # some inputs were skipped
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    capsys.readouterr()

    expected = extract_events(plain, tmp_path)
    got = {e.event_id: e.to_dict() for e in read_events(out)}
    assert len(expected) >= 12
    assert got.keys() == expected.keys()
    assert got == expected
    assert {e["doc_id"] for e in got.values()} >= {"wire-1", "wire-6", "table-4", PAGES[0][0], PAGES[2][0]}

    assert report["workers"] == 2
    assert report["partitions"] == report["partitions_run"] == 12  # 4 + 3 + 2 + 3 WARC pages in 2s
    assert report["events"] == len(expected)
    assert report["skipped_reasons"] == {"not Arabic text": 1, "not valid JSON": 1, "HTTP 404": 1}
    # Events are partitioned by country and month; the same events of the repeated articles merge.
    assert (out / "events" / "country=Syria" / "month=2021-08").is_dir()
    merged = read_events(out, merged=True)
    assert 0 < len(merged) == report["merged_events"] < len(expected)

    # A crash after one partition wrote its events but before its marker: the re-run redoes only it.
    markers = sorted((out / "_done").iterdir())
    lost = markers[5]
    lost.unlink()
    before = {m.name: m.stat().st_mtime_ns for m in markers if m != lost}
    assert main(command) == 2
    again = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert (again["partitions_run"], again["partitions_skipped"]) == (1, 11)
    assert {m.name: m.stat().st_mtime_ns for m in markers if m != lost} == before
    assert lost.exists()
    assert {e.event_id: e.to_dict() for e in read_events(out)} == expected  # nothing twice
    assert len(read_events(out, merged=True)) == len(merged)


def test_partitions_of_a_gzip_file_number_lines_like_the_whole_file(tmp_path):
    path = tmp_path / "news.jsonl.gz"
    write_jsonl(path, [{"text": t} for t, _ in ARTICLES[:5]], gzip.open)
    parts, errors = plan([str(path)], size=2)
    assert not errors
    assert [(p.start, p.stop) for p in parts] == [(0, 2), (2, 4), (4, 5)]
    ids = [d.id for p in parts for d in read_partition(p)]
    assert ids == [f"news-{i}" for i in range(1, 6)]


def test_plan_reports_missing_empty_and_unsupported_inputs(tmp_path):
    (tmp_path / "empty.jsonl").write_text("\n\n", encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK")
    parts, errors = plan([str(tmp_path / "nope.jsonl"), str(tmp_path / "empty.jsonl"), str(tmp_path / "notes.docx")])
    assert parts == []
    assert [e.reason for e in errors] == ["no such file or directory", "cannot read: empty file",
                                          "unsupported file type (expected .jsonl, .parquet, .warc, .txt or "
                                          ".html, optionally .gz)"]


def test_partition_ids_are_stable_and_differ_by_slice():
    a, b = Partition("x/wire.jsonl", "jsonl", 0, 2), Partition("x/wire.jsonl", "jsonl", 2, 4)
    assert a.id == Partition("x/wire.jsonl", "jsonl", 0, 2).id
    assert a.id != b.id and a.id.startswith("wire-000000000-")
