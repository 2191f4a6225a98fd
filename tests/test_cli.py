"""The installed `marsad` command end to end: inputs, formats, offsets, encodings, exit codes."""
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MARSAD_SHARED", ROOT.parent / "shared"))
EXAMPLE = ROOT / "src" / "marsad" / "data" / "examples" / "daraa_example.txt"
REPORT = "اندلعت اشتباكات عنيفة بين قوات النظام وفصائل المعارضة في مدينة درعا صباح اليوم، وقصفت قوات النظام أحياء المدينة بقذائف الهاون."


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "marsad.cli", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT)


def jsonl(out):
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_the_shipped_example_codes_to_events_with_exact_evidence():
    proc = run("extract", str(EXAMPLE))
    assert proc.returncode == 0, proc.stderr
    events = jsonl(proc.stdout)
    assert len(events) >= 3
    raw = EXAMPLE.read_text(encoding="utf-8").split("\n", 1)[1]
    for e in events:
        assert e["event_date"] == "2024-03-14" or e["sub_event_type"] == "Agreement"
        for span in e["evidence"]:
            assert raw[span["start"]:span["end"]] == span["text"]


@pytest.mark.skipif(not (SHARED / "eval" / "example" / "docs.jsonl").exists(), reason="../shared is absent")
def test_shared_example_offsets_point_into_the_jsonl_text():
    path = SHARED / "eval" / "example" / "docs.jsonl"
    proc = run("extract", str(path))
    assert proc.returncode == 0, proc.stderr
    text = json.loads(path.read_text(encoding="utf-8").splitlines()[0])["text"]
    events = jsonl(proc.stdout)
    assert len(events) >= 4
    for e in events:
        for span in e["evidence"]:
            assert text[span["start"]:span["end"]] == span["text"]


def test_published_and_source_apply_to_plain_text(tmp_path):
    f = tmp_path / "report.txt"
    f.write_text(REPORT, encoding="utf-8")
    events = jsonl(run("extract", str(f), "--published", "2021-07-29", "--source", "مرصد محلي").stdout)
    assert events and all(e["event_date"] == "2021-07-29" for e in events)
    assert all(e["source"].startswith("مرصد محلي") and e["doc_id"] == "report" for e in events)


def test_standard_input_takes_plain_text_and_json_lines():
    plain = jsonl(run("extract", "--published", "2021-07-29", stdin=REPORT).stdout)
    lines = jsonl(run("extract", stdin=json.dumps({"id": "x", "text": REPORT, "published": "2021-07-29"},
                                                  ensure_ascii=False) + "\n").stdout)
    assert plain and lines and lines[0]["doc_id"] == "x"


@pytest.mark.parametrize("encoding", ["cp1256", "iso-8859-6"])
def test_legacy_encodings_are_decoded_and_reported(tmp_path, encoding):
    f = tmp_path / "old.txt"
    f.write_bytes(REPORT.replace("،", ",").encode(encoding, errors="strict"))
    proc = run("extract", str(f), "--published", "2021-07-29", "--verbose")
    assert proc.returncode == 0
    assert jsonl(proc.stdout)
    assert encoding.replace("-", "").lower()[:6] in proc.stderr.replace("-", "").lower() or "1256" in proc.stderr


def test_bad_inputs_are_one_line_each_and_the_rest_still_runs(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(REPORT, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "english.txt").write_text("The weather in London is mild today and tomorrow. " * 5, encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    (tmp_path / "lines.jsonl").write_text('{"id": "a", "text": "' + REPORT + '"}\nnot json\n{"id": "b"}\n',
                                          encoding="utf-8")
    proc = run("extract", str(tmp_path), "--published", "2021-07-29")
    assert proc.returncode == 2
    errors = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(errors) == 5, proc.stderr
    assert not any("Traceback" in line for line in errors)
    assert any("lines.jsonl:2" in line for line in errors) and any("lines.jsonl:3" in line for line in errors)
    docs = {e["doc_id"] for e in jsonl(proc.stdout)}
    assert {"good", "a"} <= docs


def test_usage_error_exits_with_1():
    assert run("extract", "--format", "xml").returncode == 1
    assert run("extract", "--published", "yesterday").returncode == 1


def test_csv_is_in_acled_column_order_and_loads_in_pandas(tmp_path):
    out = tmp_path / "events.csv"
    proc = run("extract", "--published", "2021-07-29", "--format", "csv", "--output", str(out), stdin=REPORT)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows and list(rows[0])[:4] == ["event_id", "event_date", "time_precision", "disorder_type"]
    pd = pytest.importorskip("pandas")
    assert len(pd.read_csv(out)) == len(rows)


def test_geojson_is_a_feature_collection_of_points():
    proc = run("extract", "--published", "2021-07-29", "--format", "geojson", stdin=REPORT)
    doc = json.loads(proc.stdout)
    assert doc["type"] == "FeatureCollection" and doc["features"]
    point = doc["features"][0]["geometry"]
    assert point["type"] == "Point" and 35 < point["coordinates"][0] < 37  # Daraa: lon, lat order


def test_generated_docs_are_current():
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_docs.py"), "--check"], capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stderr


def test_the_command_works_without_the_optional_extras():
    """`pip install .` alone must give a working `marsad`: optional packages load only when used."""
    blocker = (
        "import sys, importlib.abc\n"
        "class Block(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name.split('.')[0] in {'fastapi', 'uvicorn', 'dask', 'distributed', 'pyarrow', 'warcio',\n"
        "                                  'psycopg', 'feedparser', 'pandas', 'schemathesis', 'playwright'}:\n"
        "            raise ImportError('blocked ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from marsad.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", blocker, "extract", str(EXAMPLE)], capture_output=True,
                          text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert jsonl(proc.stdout)
