CREATE INDEX `centres_district_steward_idx` ON `centres` (`district_steward_id`);--> statement-breakpoint
CREATE INDEX `centres_name_en_idx` ON `centres` (`name_en`);