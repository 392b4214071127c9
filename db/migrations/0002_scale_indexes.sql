CREATE TABLE `change_counters` (
	`name` text PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
DROP INDEX `centres_stage_idx`;--> statement-breakpoint
CREATE INDEX `centres_stage_since_idx` ON `centres` (`stage`,`stage_since`,`name_en`);--> statement-breakpoint
CREATE INDEX `centre_events_centre_kind_idx` ON `centre_events` (`centre_id`,`kind`,`effective_on`,`recorded_at`,`to_stage`);--> statement-breakpoint
CREATE INDEX `requests_submitted_on_idx` ON `support_requests` (`submitted_on`);