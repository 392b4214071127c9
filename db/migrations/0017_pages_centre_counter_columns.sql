-- The `centres` change counter (0003_change_counters) also moves when what the pipeline board
-- shows of a centre changes: its names, its level, the day it entered its stage and its stewards.
-- The board's cards are kept between writes under this counter (app/models/pipeline.server.ts,
-- issue 14); a renamed centre or a handover must show at once.
DROP TRIGGER IF EXISTS `centres_update_bump`;--> statement-breakpoint
CREATE TRIGGER `centres_update_bump` AFTER UPDATE OF type, district_code, park_code, country_code, stage, stage_since, level, name_zh, name_en, lead_steward_id, district_steward_id ON `centres` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'centres'; END;
