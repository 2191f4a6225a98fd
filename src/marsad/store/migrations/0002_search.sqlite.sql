-- Full-text index over the articles (SQLite FTS5). The indexed body is the article's
-- normalized text with proclitics split off (marsad.store.search.index_text): the same
-- function prepares queries, so «والقصف» and «قصف» meet. rowid = articles.id.
CREATE VIRTUAL TABLE article_search USING fts5(body, tokenize = 'unicode61 remove_diacritics 0');
