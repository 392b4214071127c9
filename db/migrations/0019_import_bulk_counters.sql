-- Custom SQL migration file, put your code below! --
-- Issue 14, goal 4 (import): the change counter of the centres' figures is bumped once per bulk
-- write of new centres, not once per row. These three triggers ran an UPDATE of change_counters
-- for every centre, stage event and industry an import's chunk inserts: about 0.45 s of CPU for
-- 30,000 new centres, 5% of the commit. `rdc_counter_deferred()` (db/client.server.ts) answers 1
-- only inside withBulkCentreWrite, which bumps the counter itself once the chunk is written, in
-- the same transaction; every other insert bumps it as before.
DROP TRIGGER IF EXISTS `centres_insert_bump`;
--> statement-breakpoint
CREATE TRIGGER `centres_insert_bump` AFTER INSERT ON `centres` WHEN rdc_counter_deferred() = 0 BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'centres'; END;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `centre_events_insert_bump`;
--> statement-breakpoint
CREATE TRIGGER `centre_events_insert_bump` AFTER INSERT ON `centre_events` WHEN rdc_counter_deferred() = 0 BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'centres'; END;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `centre_industries_insert_bump`;
--> statement-breakpoint
CREATE TRIGGER `centre_industries_insert_bump` AFTER INSERT ON `centre_industries` WHEN rdc_counter_deferred() = 0 BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'centres'; END;
