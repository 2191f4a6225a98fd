"""The event store on every backend (SQLite; PostgreSQL with MARSAD_TEST_PG): ingest, dedup,
history, merge, search and exports."""
from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from datetime import date

import pandas as pd
import pytest

from marsad.cli import main
from marsad.document import Document
from marsad.ingest import iter_documents
from marsad.schema import CSV_COLUMNS, FIELDS, Event, validate
from marsad.store import EventFilter, content_hash, open_store
from marsad.store.search import index_text, query_terms

CLASH = "اندلعت اشتباكات عنيفة بين قوات النظام وفصائل المعارضة في مدينة درعا صباح اليوم"


def doc(i: str, text: str, source: str = "outlet", published: date = date(2021, 7, 29)) -> Document:
    return Document(id=i, text=text, published=published, source=source, origin=i)


def ingest_fixture(store, path, extractor):
    return store.ingest(iter_documents([str(path)]), extractor=extractor, batch_size=2)


# ---------------------------------------------------------------- schema


def test_event_tables_have_a_column_for_every_contract_field(store):
    for table in ("events", "event_sources"):
        assert set(FIELDS) <= store.columns(table)


def test_a_contract_field_missing_from_an_old_store_is_added_on_open(new_db):
    db = new_db("old")
    with open_store(db) as s:
        s.execute("ALTER TABLE events DROP COLUMN pcode")
        assert "pcode" not in s.columns("events")
    with open_store(db) as s:
        assert "pcode" in s.columns("events")


def test_each_migration_file_is_applied_once_and_recorded(new_db):
    db = new_db("versions")
    open_store(db).close()
    with open_store(db) as s:
        assert [v for (v,) in s.query("SELECT version FROM schema_version ORDER BY version")] == [1, 2]


def test_sqlite_store_runs_in_wal_mode(tmp_path):
    with open_store(tmp_path / "wal.db") as s:
        assert s.query("PRAGMA journal_mode")[0][0] == "wal"


def test_content_hash_ignores_diacritics_and_whitespace_but_not_words():
    assert content_hash("قصفٌ  على\nدرعا") == content_hash("قصف على درعا")
    assert content_hash("قصف على درعا") != content_hash("قصف على طفس")


# ---------------------------------------------------------------- ingest


def test_reingesting_the_same_files_adds_no_rows(store, store_articles, extractor):
    assert ingest_fixture(store, store_articles, extractor).added == 4
    before = store.counts()
    again = ingest_fixture(store, store_articles, extractor)
    assert again.added == 0
    assert store.counts() == before


def test_same_text_with_another_id_and_url_is_one_article_seen_twice(store, store_articles, extractor):
    result = ingest_fixture(store, store_articles, extractor)
    assert result.added == 4 and result.seen == 1
    (n,) = store.query("SELECT COUNT(*) FROM article_sightings s JOIN articles a ON a.id = s.article_id "
                       "WHERE a.doc_id = 'hawran-101'")[0]
    assert n == 2


def test_a_bad_input_line_is_reported_and_the_batch_goes_on(store, store_articles, extractor):
    errors = []
    result = store.ingest(iter_documents([str(store_articles)]), extractor=extractor, on_error=errors.append)
    assert result.skipped == 1 and "articles.jsonl:5" in errors[0]
    assert store.counts()["articles"] == 4


def test_an_article_the_extractor_fails_on_is_skipped_not_stored(store):
    class Failing:
        def extract_document(self, d):
            raise ValueError("boom")

    result = store.ingest([doc("x", CLASH)], extractor=Failing())
    assert result.skipped == 1 and store.counts()["articles"] == 0


def test_clash_sentence_is_stored_as_at_least_one_battle_with_its_version(store, extractor):
    store.ingest([doc("a", CLASH)], extractor=extractor, version="9.9")
    rows = store.query("SELECT event_type, extractor_version, superseded FROM event_sources")
    assert ("Battles", "9.9", 0) in rows


def test_stored_events_follow_the_contract_and_their_evidence_the_article(store, store_articles, extractor):
    ingest_fixture(store, store_articles, extractor)
    texts = dict(store.query("SELECT doc_id, text FROM articles"))
    events = list(store.events())
    assert events
    for e in events:
        assert validate(e, texts[e.doc_id]) == []


# ---------------------------------------------------------------- merge


def test_one_clash_from_two_outlets_is_one_merged_event_listing_both(store, store_articles, extractor):
    ingest_fixture(store, store_articles, extractor)
    battles = list(store.events(EventFilter(event_type="Battles", admin1="Daraa")))
    assert len(battles) == 1
    outlets = {s["outlet"] for s in store.sources(battles[0].event_id)}
    assert {"شبكة حوران", "صوت الجنوب"} <= outlets


def test_merged_events_are_the_same_whatever_the_ingest_order(new_db, store_articles, extractor):
    # The copy is left out: of two equal texts the first one ingested is the one stored.
    docs = [d for d in iter_documents([str(store_articles)])
            if isinstance(d, Document) and d.id != "copy-of-hawran"]
    results = []
    for name, order in (("a", docs), ("b", docs[::-1])):
        with open_store(new_db(name)) as s:
            s.ingest(order, extractor=extractor, batch_size=1)
            results.append([(e.event_id, e.fatalities, e.source) for e in s.events()])
    assert results[0] == results[1]


def test_remerge_all_changes_nothing(store, store_articles, extractor):
    ingest_fixture(store, store_articles, extractor)
    before = [e.to_dict() for e in store.events()]
    store.remerge_all()
    assert [e.to_dict() for e in store.events()] == before


# ---------------------------------------------------------------- recode


def test_recode_with_a_newer_extractor_keeps_the_old_rows_superseded(store, extractor):
    store.ingest([doc("a", CLASH)], extractor=extractor, version="0.0.1")
    old = store.counts()["event_sources"]
    assert store.recode(extractor=extractor, version="0.0.2") == 1
    rows = store.query("SELECT extractor_version, superseded FROM event_sources ORDER BY id")
    assert rows == [("0.0.1", 1)] * old + [("0.0.2", 0)] * old
    assert all(s["extractor_version"] == "0.0.2" for e in store.events() for s in store.sources(e.event_id))


def test_recode_does_nothing_when_every_article_has_the_current_version(store, extractor):
    store.ingest([doc("a", CLASH)], extractor=extractor, version="0.0.2")
    before = store.counts()
    assert store.recode(extractor=extractor, version="0.0.2") == 0
    assert store.counts() == before


# ---------------------------------------------------------------- search


@pytest.fixture
def searchable(store, extractor):
    store.ingest([
        doc("clash", CLASH),
        doc("shell", "قصفت قوات النظام بلدة كفرنبل في ريف إدلب بالمدفعية الثقيلة"),
        doc("quiet", "افتتحت وزارة التربية مدرسة جديدة في مدينة درعا"),
    ], extractor=extractor)
    return store


def hit_ids(store, query):
    return [h.doc_id for h in store.search(query)]


def test_search_ignores_diacritics_and_hamza_forms(searchable):
    assert hit_ids(searchable, "اشْتِبَاكَات") == ["clash"]
    assert hit_ids(searchable, "إدلب") == hit_ids(searchable, "ادلب") == ["shell"]


def test_search_with_a_proclitic_finds_the_bare_word_and_the_reverse(searchable):
    assert "clash" in hit_ids(searchable, "والاشتباكات")
    assert hit_ids(searchable, "مدفعية") == ["shell"]  # the text says «بالمدفعية»


def test_search_term_matches_longer_words_as_a_prefix(searchable):
    assert hit_ids(searchable, "قصف") == ["shell"]  # the text says «قصفت»


def test_search_needs_every_word(searchable):
    assert sorted(hit_ids(searchable, "درعا")) == ["clash", "quiet"]
    assert hit_ids(searchable, "اشتباكات درعا") == ["clash"]


def test_search_snippet_is_cut_from_the_original_text_with_matches_marked(store, extractor):
    raw = "أفادت مصادر أنّ قوّاتِ النظام قَصَفت الأحياء الشرقية لمدينة درعا بالصواريخ."
    store.ingest([doc("d", raw)], extractor=extractor)
    (hit,) = store.search("قصف درعا")
    assert "**قَصَفت**" in hit.snippet and "**درعا**" in hit.snippet
    assert hit.snippet.replace("**", "") in raw


def test_query_syntax_characters_are_searched_as_text(searchable):
    assert searchable.search('درعا" OR *') == []


def test_index_and_query_split_proclitics_the_same_way():
    assert query_terms("والقصف") == index_text("القصف").split() == ["قصف"]


# ---------------------------------------------------------------- exports and stats


def run(argv):
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(argv)
    return code, out.getvalue()


@pytest.fixture
def db(new_db, store_articles):
    path = new_db("cli")
    code, _ = run(["ingest", str(store_articles), "--db", path])
    assert code == 2  # the bad line was skipped
    return path


def test_events_csv_round_trips_into_pandas_with_acled_columns(db, tmp_path):
    out = tmp_path / "events.csv"
    assert run(["events", "--db", db, "--format", "csv", "-o", str(out)])[0] == 0
    df = pd.read_csv(out)
    assert tuple(df.columns) == CSV_COLUMNS
    assert len(df) >= 2 and set(df["event_type"]) >= {"Battles"}
    assert df["event_date"].str.match(r"\d{4}-\d{2}-\d{2}").all()


def test_events_filters_by_country_region_type_and_dates(db):
    _, out = run(["events", "--db", db, "--country", "SY", "--admin1", "Daraa", "--type", "Battles",
                  "--since", "2021-07-01", "--until", "2021-07-31", "--format", "jsonl"])
    events = [Event.from_dict(json.loads(line)) for line in out.splitlines()]
    assert len(events) == 1 and events[0].admin1 == "Daraa"
    _, later = run(["events", "--db", db, "--since", "2021-08-05", "--format", "jsonl"])
    assert later == ""


def test_events_geojson_is_a_feature_collection_with_points(db):
    _, out = run(["events", "--db", db, "--format", "geojson"])
    features = json.loads(out)["features"]
    assert features and all(f["geometry"]["type"] == "Point" for f in features if f["geometry"])


def test_stats_counts_events_and_fatalities_by_iso_week_and_admin1(db):
    _, out = run(["stats", "--db", db, "--type", "Battles"])
    rows = list(pd.read_csv(io.StringIO(out)).itertuples(index=False))
    assert [(r.week, r.admin1, r.events) for r in rows] == [("2021-W30", "Daraa", 1)]
    assert rows[0].fatalities >= 1


def test_search_command_prints_matching_articles(db):
    code, out = run(["search", "اشتباكات درعا", "--db", db, "--format", "jsonl"])
    ids = {json.loads(line)["doc_id"] for line in out.splitlines()}
    assert code == 0 and {"hawran-101", "janoub-7"} <= ids


def test_an_unreachable_postgresql_server_is_reported_in_one_line():
    pytest.importorskip("psycopg")
    with pytest.raises(SystemExit) as exit_:
        main(["stats", "--db", "postgresql://nobody@127.0.0.1:1/marsad"])
    message = str(exit_.value)
    assert message.startswith("marsad: cannot open the store postgresql://") and "\n" not in message


class DatedClashes:
    """Stand-in extractor: one clash per article on the day and at the town its id names."""

    TOWNS = {"daraa": (32.62, 36.10), "balad": (32.60, 36.11), "busra": (32.52, 36.48)}

    def extract_document(self, d: Document) -> list[Event]:
        town, day, actor = d.id.split("-")[:3]
        lat, lon = self.TOWNS[town]
        return [Event(event_id=f"mrs-{d.id}", doc_id=d.id, event_date=None if day == "00" else f"2021-07-{day}",
                      time_precision=1, disorder_type="Political violence", event_type="Battles",
                      sub_event_type="Armed clash", actor1=actor, iso=760, admin1="Daraa", location=town,
                      location_ar=town, latitude=lat, longitude=lon, geo_precision=1,
                      fatalities=len(d.id) % 4, source=d.source)]


@pytest.mark.parametrize("seed", range(6))
def test_incremental_merge_equals_merging_everything_at_once(new_db, seed):
    import random

    ids = [f"{town}-{day}-{actor}-{k}" for town in DatedClashes.TOWNS for day in ("00", "10", "11", "12", "14")
           for actor in ("A", "B") for k in range(2)]
    random.Random(seed).shuffle(ids)
    docs = [doc(i, f"خبر رقم {n} عن اشتباك", source=f"outlet {n % 3}") for n, i in enumerate(ids)]
    with open_store(new_db("inc")) as s:
        s.ingest(docs, extractor=DatedClashes(), batch_size=3)
        incremental = sorted((e.event_id, e.source, e.fatalities) for e in s.events())
        linked = s.query("SELECT COUNT(*) FROM event_sources s LEFT JOIN events e "
                         "ON e.event_id = s.merged_event_id WHERE e.event_id IS NULL")[0][0]
        s.remerge_all()
        assert sorted((e.event_id, e.source, e.fatalities) for e in s.events()) == incremental
        assert linked == 0
