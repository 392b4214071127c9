-- Search index of the policy library (issue 15). Hand-written: drizzle-kit does not know FTS5 tables or triggers.
--
-- One FTS5 document per answer article (trigram tokenizer: substring matching of 3+ characters,
-- Chinese included, as in 0007_search_index): `zh` holds the Chinese title and body, `en` the
-- English ones, folded with rdc_fold (NFKC + lower case, app/domain/search-text.ts).
-- `article_id` is stored unindexed and keys the document: the library is small (hundreds of
-- articles), so deleting by it is cheap, and no rowid mapping can drift (VACUUM renumbers the
-- rowids of tables without an INTEGER PRIMARY KEY). Queries short of three characters scan the
-- folded titles instead (app/models/answer-search.server.ts).
--
-- Triggers keep the index in step inside the writing transaction. A migration that rebuilds
-- answer_articles must recreate them (tests/integration/answers.test.ts checks they exist; they are not named *_search_* so the search test's list stays its own).
CREATE VIRTUAL TABLE `answer_articles_fts` USING fts5(article_id UNINDEXED, zh, en, tokenize = 'trigram');
--> statement-breakpoint
CREATE TRIGGER `answer_articles_fts_insert` AFTER INSERT ON `answer_articles` BEGIN
  INSERT INTO answer_articles_fts (article_id, zh, en) VALUES (new.id, rdc_fold(new.title_zh || char(10) || new.body_zh), rdc_fold(new.title_en || char(10) || new.body_en));
END;
--> statement-breakpoint
CREATE TRIGGER `answer_articles_fts_update` AFTER UPDATE OF title_zh, title_en, body_zh, body_en ON `answer_articles` BEGIN
  DELETE FROM answer_articles_fts WHERE article_id = old.id;
  INSERT INTO answer_articles_fts (article_id, zh, en) VALUES (new.id, rdc_fold(new.title_zh || char(10) || new.body_zh), rdc_fold(new.title_en || char(10) || new.body_en));
END;
--> statement-breakpoint
CREATE TRIGGER `answer_articles_fts_delete` AFTER DELETE ON `answer_articles` BEGIN
  DELETE FROM answer_articles_fts WHERE article_id = old.id;
END;
