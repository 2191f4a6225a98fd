"""Durability of the store on every backend: kill -9 in the middle of an ingest, and two
writers at once (on one SQLite file; on one PostgreSQL database).

The writers are real processes. They code with a small stand-in extractor (one clash per
article, a little slow on purpose) so that the test controls the timing and does not depend
on the rule extractor's current output.
"""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from marsad.store import open_store

WRITER = r"""
import sys, time
from marsad.ingest import iter_documents
from marsad.schema import Event
from marsad.store import open_store

class SlowClashes:
    '''One armed clash in Daraa per article; slow enough to be killed mid-way.'''
    def extract_document(self, doc):
        time.sleep(float(sys.argv[3]))
        n = int(doc.id.rsplit("-", 1)[1])
        return [Event(event_id=f"mrs-{doc.id}", doc_id=doc.id, event_date=f"2021-07-{1 + n % 28:02d}",
                      time_precision=1, disorder_type="Political violence", event_type="Battles",
                      sub_event_type="Armed clash", iso=760, country="Syria", admin1="Daraa",
                      location="Daraa", location_ar="درعا", latitude=32.62, longitude=36.10,
                      geo_precision=1, fatalities=n % 5, source=doc.source)]

with open_store(sys.argv[2], timeout=30) as store:
    store.ingest(iter_documents([sys.argv[1]]), extractor=SlowClashes(), batch_size=4)
"""


def write_articles(path: Path, numbers: range, outlet: str = "outlet") -> None:
    with path.open("w", encoding="utf-8") as f:
        for n in numbers:
            text = f"اندلعت اشتباكات بين قوات النظام وفصائل المعارضة في درعا، وقتل {n} عنصرا في المواجهة رقم {n}."
            f.write(json.dumps({"id": f"{outlet}-{n}", "text": text, "source": outlet,
                                "published": "2021-07-29"}, ensure_ascii=False) + "\n")


def start_writer(articles: Path, db: str, delay: float) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    return subprocess.Popen([sys.executable, "-c", WRITER, str(articles), str(db), str(delay)],
                            env=env, stderr=subprocess.PIPE)


def committed_articles(db: str) -> int:
    """Articles committed so far, read without opening (migrating) the store."""
    if db.startswith("postgresql:"):
        import psycopg

        with psycopg.connect(db, autocommit=True) as conn:
            try:
                return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            except psycopg.errors.UndefinedTable:  # not created yet
                return 0
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def assert_sound_and_unique(db: str) -> dict[str, int]:
    with open_store(db) as store:
        if store.dialect == "sqlite":
            assert store.integrity() == "ok"
        dupes = store.query("SELECT COUNT(*) - COUNT(DISTINCT content_hash) FROM articles")[0][0]
        double_coded = store.query("SELECT COUNT(*) FROM (SELECT article_id FROM event_sources "
                                   "WHERE superseded = 0 GROUP BY article_id HAVING COUNT(*) > 1) t")[0][0]
        unmerged = store.query("SELECT COUNT(*) FROM event_sources WHERE merged_event_id IS NULL")[0][0]
        assert (dupes, double_coded, unmerged) == (0, 0, 0)
        return store.counts()


def test_kill_9_mid_ingest_loses_no_commit_and_rerun_duplicates_nothing(tmp_path, new_db):
    articles, db = tmp_path / "a.jsonl", new_db("killed")
    write_articles(articles, range(40))
    writer = start_writer(articles, db, delay=0.02)
    deadline = time.monotonic() + 20
    while committed_articles(db) < 8 and time.monotonic() < deadline:
        time.sleep(0.02)
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    assert writer.returncode == -signal.SIGKILL, "the writer finished before it could be killed"
    at_kill = committed_articles(db)
    assert 8 <= at_kill < 40 and at_kill % 4 == 0  # whole batches only
    assert_sound_and_unique(db)

    rerun = start_writer(articles, db, delay=0)
    assert rerun.wait(timeout=60) == 0, rerun.stderr.read().decode()
    counts = assert_sound_and_unique(db)
    assert counts["articles"] == counts["event_sources"] == 40


def test_two_writers_on_one_store_store_everything_once(tmp_path, new_db):
    db = new_db("shared")
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    write_articles(first, range(0, 30), outlet="first")
    write_articles(second, range(15, 45), outlet="second")  # 15 texts in common
    writers = [start_writer(first, db, 0.02), start_writer(second, db, 0.02)]
    for w in writers:
        assert w.wait(timeout=60) == 0, w.stderr.read().decode()
    counts = assert_sound_and_unique(db)
    assert counts["articles"] == 45
    assert counts["article_sightings"] == 60
    with open_store(db) as store:  # the merge is the same as one writer's would be
        together = [(e.event_id, e.fatalities) for e in store.events()]
        store.remerge_all()
        assert [(e.event_id, e.fatalities) for e in store.events()] == together
