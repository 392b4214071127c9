CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor_id` text,
	`at` integer NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`action` text NOT NULL,
	`changes` text NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_entity_idx` ON `audit_log` (`entity`,`entity_id`,`at`);--> statement-breakpoint
CREATE TABLE `centre_events` (
	`id` text PRIMARY KEY NOT NULL,
	`centre_id` text NOT NULL,
	`kind` text NOT NULL,
	`effective_on` text NOT NULL,
	`document_ref` text DEFAULT '' NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`batch` integer,
	`from_level` text,
	`to_level` text,
	`from_stage` text,
	`to_stage` text,
	`actor_id` text,
	`recorded_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`centre_id`) REFERENCES `centres`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `centre_events_centre_idx` ON `centre_events` (`centre_id`,`effective_on`);--> statement-breakpoint
CREATE INDEX `centre_events_kind_idx` ON `centre_events` (`kind`,`effective_on`);--> statement-breakpoint
CREATE TABLE `centre_industries` (
	`centre_id` text NOT NULL,
	`industry_code` text NOT NULL,
	PRIMARY KEY(`centre_id`, `industry_code`),
	FOREIGN KEY (`centre_id`) REFERENCES `centres`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `centre_industries_code_idx` ON `centre_industries` (`industry_code`);--> statement-breakpoint
CREATE TABLE `centres` (
	`id` text PRIMARY KEY NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`parent_company` text NOT NULL,
	`country_code` text NOT NULL,
	`uscc` text NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`district_code` text NOT NULL,
	`park_code` text,
	`type` text NOT NULL,
	`level` text NOT NULL,
	`stage` text NOT NULL,
	`stage_since` text NOT NULL,
	`rd_headcount` integer,
	`rd_spend_cny` integer,
	`website` text DEFAULT '' NOT NULL,
	`lead_steward_id` text,
	`district_steward_id` text,
	`notes` text DEFAULT '' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`lead_steward_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`district_steward_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `centres_uscc_unique` ON `centres` (`uscc`);--> statement-breakpoint
CREATE INDEX `centres_stage_idx` ON `centres` (`stage`);--> statement-breakpoint
CREATE INDEX `centres_district_idx` ON `centres` (`district_code`);--> statement-breakpoint
CREATE INDEX `centres_lead_steward_idx` ON `centres` (`lead_steward_id`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`centre_id` text NOT NULL,
	`name` text NOT NULL,
	`role` text DEFAULT '' NOT NULL,
	`email` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`language` text DEFAULT 'zh-CN' NOT NULL,
	FOREIGN KEY (`centre_id`) REFERENCES `centres`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contacts_centre_idx` ON `contacts` (`centre_id`);--> statement-breakpoint
CREATE TABLE `login_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_attempts_key_at_idx` ON `login_attempts` (`key`,`at`);--> statement-breakpoint
CREATE TABLE `reference_items` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`code` text NOT NULL,
	`label_zh` text NOT NULL,
	`label_en` text NOT NULL,
	`parent_code` text,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reference_kind_code_uq` ON `reference_items` (`kind`,`code`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text,
	`data` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`locale` text,
	`password_hash` text NOT NULL,
	`disabled_at` integer,
	`centre_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`centre_id`) REFERENCES `centres`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);