-- marsad event store, version 1: articles, per-article coded events, merged events, victims.
-- Portable SQL (SQLite and PostgreSQL). @ID@ is the dialect's auto-increment primary key.
-- The contract's columns (marsad.schema.FIELDS) are added to `event_sources` and `events`
-- by marsad.store.migrate.sync_contract_columns, so that they are never spelled by hand.

CREATE TABLE articles (
    id                @ID@,
    doc_id            TEXT NOT NULL,
    content_hash      TEXT NOT NULL UNIQUE,   -- sha256 of the normalized, whitespace-collapsed text
    title             TEXT NOT NULL DEFAULT '',
    source            TEXT NOT NULL DEFAULT '',   -- the outlet
    url               TEXT NOT NULL DEFAULT '',
    published         TEXT,                        -- YYYY-MM-DD
    language          TEXT NOT NULL DEFAULT 'ar',
    text              TEXT NOT NULL,               -- exactly as ingested: evidence offsets index it
    ingested_at       TEXT NOT NULL,
    extractor_version TEXT NOT NULL               -- the extractor that last coded it
);

-- Every time an article was seen (another id, url or outlet for the same text).
CREATE TABLE article_sightings (
    id         @ID@,
    article_id BIGINT NOT NULL REFERENCES articles(id),
    doc_id     TEXT NOT NULL,
    url        TEXT NOT NULL DEFAULT '',
    source     TEXT NOT NULL DEFAULT '',
    origin     TEXT NOT NULL DEFAULT '',
    seen_at    TEXT NOT NULL,
    UNIQUE (article_id, doc_id, url, source)
);

-- One row per event as one article reports it (the extractor's output), per extractor
-- version; a re-code marks the older rows superseded instead of deleting them.
CREATE TABLE event_sources (
    id                @ID@,
    article_id        BIGINT NOT NULL REFERENCES articles(id),
    report_key        TEXT NOT NULL,   -- unique, stable: sha1 of the article hash and the extractor's event_id
    merged_event_id   TEXT,            -- events.event_id of the merged event it belongs to
    outlet            TEXT NOT NULL DEFAULT '',
    extractor_version TEXT NOT NULL,
    coded_at          TEXT NOT NULL,
    superseded        INTEGER NOT NULL DEFAULT 0,
    superseded_at     TEXT
);
CREATE INDEX event_sources_article ON event_sources (article_id);
CREATE INDEX event_sources_merged ON event_sources (merged_event_id);

-- Named victims of a reported event.
CREATE TABLE victims (
    id              @ID@,
    event_source_id BIGINT NOT NULL REFERENCES event_sources(id),
    name_ar         TEXT NOT NULL,
    name            TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL
);
CREATE INDEX victims_event_source ON victims (event_source_id);

-- Merged events: what analysts query (one row per real-world event, every source listed
-- in event_sources). Fatalities are the most conservative credible figure, with the range.
CREATE TABLE events (
    merged_id      @ID@,
    fatalities_min INTEGER NOT NULL DEFAULT 0,
    fatalities_max INTEGER NOT NULL DEFAULT 0,
    n_sources      INTEGER NOT NULL DEFAULT 1,
    claim_statuses TEXT NOT NULL DEFAULT '',   -- per source: "outlet: status; ..."
    merged_at      TEXT NOT NULL
);
