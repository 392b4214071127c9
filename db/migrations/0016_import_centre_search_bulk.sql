-- Custom SQL migration file, put your code below! --
-- Issue 14, goal 4 (engineer "import"): the centre search trigger can stand aside for a bulk
-- write. Fired once per new centre, it writes the full-text index's pending entries out as a new
-- segment per row (FTS5 flushes at every statement savepoint, and each trigger run opens one):
-- about 0.2 ms of CPU per centre, a third of an import's commit. `rdc_search_deferred()` is a
-- per-connection function (db/client.server.ts); it answers 1 only while createCentres writes a
-- chunk of centres, which then fills search_docs and both FTS tables itself with one
-- INSERT ... SELECT each (the backfill statements of 0007_search_index, for those centres).
-- Every other insert (and every connection that never defers) is indexed by the trigger as before.
DROP TRIGGER IF EXISTS `centres_search_insert`;
--> statement-breakpoint
CREATE TRIGGER `centres_search_insert` AFTER INSERT ON `centres` WHEN rdc_search_deferred() = 0 BEGIN
  INSERT INTO search_docs (kind, ref_id, centre_id, parent_id, short) VALUES ('centre', new.id, new.id, NULL, rdc_fold(coalesce(new.name_zh, '') || char(10) || coalesce(new.name_en, '') || char(10) || coalesce(new.parent_company, '')));
  INSERT INTO search_fts_centres (rowid, body) VALUES ((SELECT d.id FROM search_docs d WHERE d.kind = 'centre' AND d.ref_id = new.id), rdc_fold(coalesce(new.name_zh, '') || char(10) || coalesce(new.name_en, '') || char(10) || coalesce(new.parent_company, '') || char(10) || coalesce(new.uscc, '') || char(10) || coalesce(new.address, '')));
  INSERT INTO search_fts_short (rowid, body) VALUES ((SELECT d.id FROM search_docs d WHERE d.kind = 'centre' AND d.ref_id = new.id), 'kindcentre ' || rdc_chars(rdc_fold(coalesce(new.name_zh, '') || char(10) || coalesce(new.name_en, '') || char(10) || coalesce(new.parent_company, ''))));
END;
