-- Full-text index over the articles (PostgreSQL). `search_vector` is to_tsvector('simple', ...)
-- of the article's normalized text with proclitics split off (marsad.store.search.index_text),
-- the body SQLite's FTS5 table indexes: 'simple' neither stems nor drops stop words, so Arabic
-- matching is left to marsad's normalization, the same on both backends. Queries are prefix
-- tsqueries ('قصف':* & 'درعا':*) ranked by ts_rank_cd.
ALTER TABLE articles ADD COLUMN search_vector tsvector;
CREATE INDEX articles_search ON articles USING GIN (search_vector);
