DROP INDEX `centres_district_idx`;--> statement-breakpoint
CREATE INDEX `centres_district_stage_name_idx` ON `centres` (`district_code`,`stage`,`name_en`);