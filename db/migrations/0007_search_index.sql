-- Search index (issue 13, "One search box"). Hand-written: drizzle-kit does not know FTS5 tables or triggers.
--
-- search_docs maps every searchable row (kind + its id) to an integer key, the rowid of its
-- document in the kind's FTS5 table (trigram tokenizer: substring matching of 3+ characters,
-- Chinese included). `short` holds the folded name columns (centre names and parent company,
-- contact name, request title) for 1- and 2-character queries, which the trigram index cannot
-- answer: search_fts_short indexes them one character per token (rdc_chars puts a space between
-- characters, unicode61 tokenizer), with the kind as a first token (kindcentre, kindcontact,
-- kindrequest), so a short query is a phrase query ("生 物") and is exact after an instr check.
-- All text is folded with rdc_fold (NFKC + lower case, app/domain/search-text.ts); rdc_fold and
-- rdc_chars are functions every connection registers (db/client.server.ts).
--
-- Triggers keep the index in step inside the writing transaction, whichever code writes.
-- drizzle-kit does not track triggers: a migration that rebuilds one of the tables below
-- (centres, contacts, support_requests, request_messages, interactions, follow_ups) must
-- recreate its search triggers (tests/integration/search.test.ts checks they exist).
CREATE TABLE `search_docs` (
  `id` integer PRIMARY KEY,
  `kind` text NOT NULL,
  `ref_id` text NOT NULL,
  `centre_id` text NOT NULL,
  `parent_id` text,
  `short` text NOT NULL DEFAULT ''
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_docs_ref_uq` ON `search_docs` (`kind`, `ref_id`);
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_fts_short` USING fts5(body, tokenize = 'unicode61');
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_fts_centres` USING fts5(body, tokenize = 'trigram');
--> statement-breakpoint
CREATE TRIGGER `centres_search_insert` AFTER INSERT ON `centres` BEGIN
  INSERT INTO search_docs (kind, ref_id, centre_id, parent_id, short) VALUES ('centre', new.id, new.id, NULL, rdc_fold(coalesce(new.name_zh, '') || char(10) || coalesce(new.name_en, '') || char(10) || coalesce(new.parent_company, '')));
  INSERT INTO search_fts_centres (rowid, body) VALUES ((SELECT d.id FROM search_docs d WHERE d.kind = 'centre' AND d.ref_id = new.id), rdc_fold(coalesce(new.name_zh, '') || char(10) || coalesce(new.name_en, '') || char(10) || coalesce(new.parent_company, '') || char(10) || coalesce(new.uscc, '') || char(10) || coalesce(new.address, '')));
  INSERT INTO search_fts_short (rowid, body) VALUES ((SELECT d.id FROM search_docs d WHERE d.kind = 'centre' AND d.ref_id = new.id), 'kindcentre ' || rdc_chars(rdc_fold(coalesce(new.name_zh, '') || char(10) || coalesce(new.name_en, '') || char(10) || coalesce(new.parent_company, ''))));
END;
--> statement-breakpoint
CREATE TRIGGER `centres_search_update` AFTER UPDATE OF address, name_en, name_zh, parent_company, uscc ON `centres` BEGIN
  UPDATE search_docs SET short = rdc_fold(coalesce(new.name_zh, '') || char(10) || coalesce(new.name_en, '') || char(10) || coalesce(new.parent_company, '')) WHERE kind = 'centre' AND ref_id = new.id;
  DELETE FROM search_fts_centres WHERE rowid = (SELECT d.id FROM search_docs d WHERE d.kind = 'centre' AND d.ref_id = new.id);
  INSERT INTO search_fts_centres (rowid, body) VALUES ((SELECT d.id FROM search_docs d WHERE d.kind = 'centre' AND d.ref_id = new.id), rdc_fold(coalesce(new.name_zh, '') || char(10) || coalesce(new.name_en, '') || char(10) || coalesce(new.parent_company, '') || char(10) || coalesce(new.uscc, '') || char(10) || coalesce(new.address, '')));
  DELETE FROM search_fts_short WHERE rowid = (SELECT d.id FROM search_docs d WHERE d.kind = 'centre' AND d.ref_id = new.id);
  INSERT INTO search_fts_short (rowid, body) VALUES ((SELECT d.id FROM search_docs d WHERE d.kind = 'centre' AND d.ref_id = new.id), 'kindcentre ' || rdc_chars(rdc_fold(coalesce(new.name_zh, '') || char(10) || coalesce(new.name_en, '') || char(10) || coalesce(new.parent_company, ''))));
END;
--> statement-breakpoint
CREATE TRIGGER `centres_search_delete` AFTER DELETE ON `centres` BEGIN
  DELETE FROM search_fts_centres WHERE rowid = (SELECT d.id FROM search_docs d WHERE d.kind = 'centre' AND d.ref_id = old.id);
  DELETE FROM search_fts_short WHERE rowid = (SELECT d.id FROM search_docs d WHERE d.kind = 'centre' AND d.ref_id = old.id);
  DELETE FROM search_docs WHERE kind = 'centre' AND ref_id = old.id;
END;
--> statement-breakpoint
INSERT INTO search_docs (kind, ref_id, centre_id, parent_id, short) SELECT 'centre', r.id, r.id, NULL, rdc_fold(coalesce(r.name_zh, '') || char(10) || coalesce(r.name_en, '') || char(10) || coalesce(r.parent_company, '')) FROM `centres` r;
--> statement-breakpoint
INSERT INTO search_fts_centres (rowid, body) SELECT d.id, rdc_fold(coalesce(r.name_zh, '') || char(10) || coalesce(r.name_en, '') || char(10) || coalesce(r.parent_company, '') || char(10) || coalesce(r.uscc, '') || char(10) || coalesce(r.address, '')) FROM `centres` r JOIN search_docs d ON d.kind = 'centre' AND d.ref_id = r.id;
--> statement-breakpoint
INSERT INTO search_fts_short (rowid, body) SELECT d.id, 'kindcentre ' || rdc_chars(d.short) FROM search_docs d WHERE d.kind = 'centre';
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_fts_contacts` USING fts5(body, tokenize = 'trigram');
--> statement-breakpoint
CREATE TRIGGER `contacts_search_insert` AFTER INSERT ON `contacts` BEGIN
  INSERT INTO search_docs (kind, ref_id, centre_id, parent_id, short) VALUES ('contact', new.id, new.centre_id, NULL, rdc_fold(coalesce(new.name, '')));
  INSERT INTO search_fts_contacts (rowid, body) VALUES ((SELECT d.id FROM search_docs d WHERE d.kind = 'contact' AND d.ref_id = new.id), rdc_fold(coalesce(new.name, '') || char(10) || coalesce(new.email, '') || char(10) || coalesce(new.phone, '')));
  INSERT INTO search_fts_short (rowid, body) VALUES ((SELECT d.id FROM search_docs d WHERE d.kind = 'contact' AND d.ref_id = new.id), 'kindcontact ' || rdc_chars(rdc_fold(coalesce(new.name, ''))));
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_search_update` AFTER UPDATE OF email, name, phone ON `contacts` BEGIN
  UPDATE search_docs SET short = rdc_fold(coalesce(new.name, '')) WHERE kind = 'contact' AND ref_id = new.id;
  DELETE FROM search_fts_contacts WHERE rowid = (SELECT d.id FROM search_docs d WHERE d.kind = 'contact' AND d.ref_id = new.id);
  INSERT INTO search_fts_contacts (rowid, body) VALUES ((SELECT d.id FROM search_docs d WHERE d.kind = 'contact' AND d.ref_id = new.id), rdc_fold(coalesce(new.name, '') || char(10) || coalesce(new.email, '') || char(10) || coalesce(new.phone, '')));
  DELETE FROM search_fts_short WHERE rowid = (SELECT d.id FROM search_docs d WHERE d.kind = 'contact' AND d.ref_id = new.id);
  INSERT INTO search_fts_short (rowid, body) VALUES ((SELECT d.id FROM search_docs d WHERE d.kind = 'contact' AND d.ref_id = new.id), 'kindcontact ' || rdc_chars(rdc_fold(coalesce(new.name, ''))));
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_search_delete` AFTER DELETE ON `contacts` BEGIN
  DELETE FROM search_fts_contacts WHERE rowid = (SELECT d.id FROM search_docs d WHERE d.kind = 'contact' AND d.ref_id = old.id);
  DELETE FROM search_fts_short WHERE rowid = (SELECT d.id FROM search_docs d WHERE d.kind = 'contact' AND d.ref_id = old.id);
  DELETE FROM search_docs WHERE kind = 'contact' AND ref_id = old.id;
END;
--> statement-breakpoint
INSERT INTO search_docs (kind, ref_id, centre_id, parent_id, short) SELECT 'contact', r.id, r.centre_id, NULL, rdc_fold(coalesce(r.name, '')) FROM `contacts` r;
--> statement-breakpoint
INSERT INTO search_fts_contacts (rowid, body) SELECT d.id, rdc_fold(coalesce(r.name, '') || char(10) || coalesce(r.email, '') || char(10) || coalesce(r.phone, '')) FROM `contacts` r JOIN search_docs d ON d.kind = 'contact' AND d.ref_id = r.id;
--> statement-breakpoint
INSERT INTO search_fts_short (rowid, body) SELECT d.id, 'kindcontact ' || rdc_chars(d.short) FROM search_docs d WHERE d.kind = 'contact';
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_fts_requests` USING fts5(body, tokenize = 'trigram');
--> statement-breakpoint
CREATE TRIGGER `support_requests_search_insert` AFTER INSERT ON `support_requests` BEGIN
  INSERT INTO search_docs (kind, ref_id, centre_id, parent_id, short) VALUES ('request', new.id, new.centre_id, NULL, rdc_fold(coalesce(new.title, '')));
  INSERT INTO search_fts_requests (rowid, body) VALUES ((SELECT d.id FROM search_docs d WHERE d.kind = 'request' AND d.ref_id = new.id), rdc_fold(coalesce(new.receipt_no, '') || char(10) || coalesce(new.title, '') || char(10) || coalesce(new.description, '')));
  INSERT INTO search_fts_short (rowid, body) VALUES ((SELECT d.id FROM search_docs d WHERE d.kind = 'request' AND d.ref_id = new.id), 'kindrequest ' || rdc_chars(rdc_fold(coalesce(new.title, ''))));
END;
--> statement-breakpoint
CREATE TRIGGER `support_requests_search_update` AFTER UPDATE OF description, receipt_no, title ON `support_requests` BEGIN
  UPDATE search_docs SET short = rdc_fold(coalesce(new.title, '')) WHERE kind = 'request' AND ref_id = new.id;
  DELETE FROM search_fts_requests WHERE rowid = (SELECT d.id FROM search_docs d WHERE d.kind = 'request' AND d.ref_id = new.id);
  INSERT INTO search_fts_requests (rowid, body) VALUES ((SELECT d.id FROM search_docs d WHERE d.kind = 'request' AND d.ref_id = new.id), rdc_fold(coalesce(new.receipt_no, '') || char(10) || coalesce(new.title, '') || char(10) || coalesce(new.description, '')));
  DELETE FROM search_fts_short WHERE rowid = (SELECT d.id FROM search_docs d WHERE d.kind = 'request' AND d.ref_id = new.id);
  INSERT INTO search_fts_short (rowid, body) VALUES ((SELECT d.id FROM search_docs d WHERE d.kind = 'request' AND d.ref_id = new.id), 'kindrequest ' || rdc_chars(rdc_fold(coalesce(new.title, ''))));
END;
--> statement-breakpoint
CREATE TRIGGER `support_requests_search_delete` AFTER DELETE ON `support_requests` BEGIN
  DELETE FROM search_fts_requests WHERE rowid = (SELECT d.id FROM search_docs d WHERE d.kind = 'request' AND d.ref_id = old.id);
  DELETE FROM search_fts_short WHERE rowid = (SELECT d.id FROM search_docs d WHERE d.kind = 'request' AND d.ref_id = old.id);
  DELETE FROM search_docs WHERE kind = 'request' AND ref_id = old.id;
END;
--> statement-breakpoint
INSERT INTO search_docs (kind, ref_id, centre_id, parent_id, short) SELECT 'request', r.id, r.centre_id, NULL, rdc_fold(coalesce(r.title, '')) FROM `support_requests` r;
--> statement-breakpoint
INSERT INTO search_fts_requests (rowid, body) SELECT d.id, rdc_fold(coalesce(r.receipt_no, '') || char(10) || coalesce(r.title, '') || char(10) || coalesce(r.description, '')) FROM `support_requests` r JOIN search_docs d ON d.kind = 'request' AND d.ref_id = r.id;
--> statement-breakpoint
INSERT INTO search_fts_short (rowid, body) SELECT d.id, 'kindrequest ' || rdc_chars(d.short) FROM search_docs d WHERE d.kind = 'request';
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_fts_messages` USING fts5(body, tokenize = 'trigram');
--> statement-breakpoint
CREATE TRIGGER `request_messages_search_insert` AFTER INSERT ON `request_messages` BEGIN
  INSERT INTO search_docs (kind, ref_id, centre_id, parent_id, short) VALUES ('message', new.id, (SELECT sr.centre_id FROM support_requests sr WHERE sr.id = new.request_id), new.request_id, '');
  INSERT INTO search_fts_messages (rowid, body) VALUES ((SELECT d.id FROM search_docs d WHERE d.kind = 'message' AND d.ref_id = new.id), rdc_fold(coalesce(new.body, '')));
END;
--> statement-breakpoint
CREATE TRIGGER `request_messages_search_update` AFTER UPDATE OF body ON `request_messages` BEGIN
  UPDATE search_docs SET short = '' WHERE kind = 'message' AND ref_id = new.id;
  DELETE FROM search_fts_messages WHERE rowid = (SELECT d.id FROM search_docs d WHERE d.kind = 'message' AND d.ref_id = new.id);
  INSERT INTO search_fts_messages (rowid, body) VALUES ((SELECT d.id FROM search_docs d WHERE d.kind = 'message' AND d.ref_id = new.id), rdc_fold(coalesce(new.body, '')));
END;
--> statement-breakpoint
CREATE TRIGGER `request_messages_search_delete` AFTER DELETE ON `request_messages` BEGIN
  DELETE FROM search_fts_messages WHERE rowid = (SELECT d.id FROM search_docs d WHERE d.kind = 'message' AND d.ref_id = old.id);
  DELETE FROM search_docs WHERE kind = 'message' AND ref_id = old.id;
END;
--> statement-breakpoint
INSERT INTO search_docs (kind, ref_id, centre_id, parent_id, short) SELECT 'message', r.id, (SELECT sr.centre_id FROM support_requests sr WHERE sr.id = r.request_id), r.request_id, '' FROM `request_messages` r;
--> statement-breakpoint
INSERT INTO search_fts_messages (rowid, body) SELECT d.id, rdc_fold(coalesce(r.body, '')) FROM `request_messages` r JOIN search_docs d ON d.kind = 'message' AND d.ref_id = r.id;
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_fts_interactions` USING fts5(body, tokenize = 'trigram');
--> statement-breakpoint
CREATE TRIGGER `interactions_search_insert` AFTER INSERT ON `interactions` BEGIN
  INSERT INTO search_docs (kind, ref_id, centre_id, parent_id, short) VALUES ('interaction', new.id, new.centre_id, NULL, '');
  INSERT INTO search_fts_interactions (rowid, body) VALUES ((SELECT d.id FROM search_docs d WHERE d.kind = 'interaction' AND d.ref_id = new.id), rdc_fold(coalesce(new.summary, '')));
END;
--> statement-breakpoint
CREATE TRIGGER `interactions_search_update` AFTER UPDATE OF summary ON `interactions` BEGIN
  UPDATE search_docs SET short = '' WHERE kind = 'interaction' AND ref_id = new.id;
  DELETE FROM search_fts_interactions WHERE rowid = (SELECT d.id FROM search_docs d WHERE d.kind = 'interaction' AND d.ref_id = new.id);
  INSERT INTO search_fts_interactions (rowid, body) VALUES ((SELECT d.id FROM search_docs d WHERE d.kind = 'interaction' AND d.ref_id = new.id), rdc_fold(coalesce(new.summary, '')));
END;
--> statement-breakpoint
CREATE TRIGGER `interactions_search_delete` AFTER DELETE ON `interactions` BEGIN
  DELETE FROM search_fts_interactions WHERE rowid = (SELECT d.id FROM search_docs d WHERE d.kind = 'interaction' AND d.ref_id = old.id);
  DELETE FROM search_docs WHERE kind = 'interaction' AND ref_id = old.id;
END;
--> statement-breakpoint
INSERT INTO search_docs (kind, ref_id, centre_id, parent_id, short) SELECT 'interaction', r.id, r.centre_id, NULL, '' FROM `interactions` r;
--> statement-breakpoint
INSERT INTO search_fts_interactions (rowid, body) SELECT d.id, rdc_fold(coalesce(r.summary, '')) FROM `interactions` r JOIN search_docs d ON d.kind = 'interaction' AND d.ref_id = r.id;
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_fts_follow_ups` USING fts5(body, tokenize = 'trigram');
--> statement-breakpoint
CREATE TRIGGER `follow_ups_search_insert` AFTER INSERT ON `follow_ups` BEGIN
  INSERT INTO search_docs (kind, ref_id, centre_id, parent_id, short) VALUES ('follow_up', new.id, new.centre_id, NULL, '');
  INSERT INTO search_fts_follow_ups (rowid, body) VALUES ((SELECT d.id FROM search_docs d WHERE d.kind = 'follow_up' AND d.ref_id = new.id), rdc_fold(coalesce(new.description, '')));
END;
--> statement-breakpoint
CREATE TRIGGER `follow_ups_search_update` AFTER UPDATE OF description ON `follow_ups` BEGIN
  UPDATE search_docs SET short = '' WHERE kind = 'follow_up' AND ref_id = new.id;
  DELETE FROM search_fts_follow_ups WHERE rowid = (SELECT d.id FROM search_docs d WHERE d.kind = 'follow_up' AND d.ref_id = new.id);
  INSERT INTO search_fts_follow_ups (rowid, body) VALUES ((SELECT d.id FROM search_docs d WHERE d.kind = 'follow_up' AND d.ref_id = new.id), rdc_fold(coalesce(new.description, '')));
END;
--> statement-breakpoint
CREATE TRIGGER `follow_ups_search_delete` AFTER DELETE ON `follow_ups` BEGIN
  DELETE FROM search_fts_follow_ups WHERE rowid = (SELECT d.id FROM search_docs d WHERE d.kind = 'follow_up' AND d.ref_id = old.id);
  DELETE FROM search_docs WHERE kind = 'follow_up' AND ref_id = old.id;
END;
--> statement-breakpoint
INSERT INTO search_docs (kind, ref_id, centre_id, parent_id, short) SELECT 'follow_up', r.id, r.centre_id, NULL, '' FROM `follow_ups` r;
--> statement-breakpoint
INSERT INTO search_fts_follow_ups (rowid, body) SELECT d.id, rdc_fold(coalesce(r.description, '')) FROM `follow_ups` r JOIN search_docs d ON d.kind = 'follow_up' AND d.ref_id = r.id;
