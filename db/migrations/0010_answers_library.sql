CREATE TABLE `answer_article_departments` (
	`article_id` text NOT NULL,
	`department_code` text NOT NULL,
	PRIMARY KEY(`article_id`, `department_code`),
	FOREIGN KEY (`article_id`) REFERENCES `answer_articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `answer_article_templates` (
	`article_id` text NOT NULL,
	`template_id` text NOT NULL,
	PRIMARY KEY(`article_id`, `template_id`),
	FOREIGN KEY (`article_id`) REFERENCES `answer_articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`template_id`) REFERENCES `checklist_templates`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `answer_article_templates_template_idx` ON `answer_article_templates` (`template_id`);--> statement-breakpoint
CREATE TABLE `answer_article_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`article_id` text NOT NULL,
	`number` integer NOT NULL,
	`title_zh` text DEFAULT '' NOT NULL,
	`title_en` text DEFAULT '' NOT NULL,
	`body_zh` text DEFAULT '' NOT NULL,
	`body_en` text DEFAULT '' NOT NULL,
	`category_code` text NOT NULL,
	`department_codes` text NOT NULL,
	`template_ids` text NOT NULL,
	`sources` text NOT NULL,
	`valid_from` text,
	`review_by` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`author_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `answer_articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `answer_article_versions_uq` ON `answer_article_versions` (`article_id`,`number`);--> statement-breakpoint
CREATE TABLE `answer_articles` (
	`id` text PRIMARY KEY NOT NULL,
	`title_zh` text DEFAULT '' NOT NULL,
	`title_en` text DEFAULT '' NOT NULL,
	`body_zh` text DEFAULT '' NOT NULL,
	`body_en` text DEFAULT '' NOT NULL,
	`category_code` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`valid_from` text,
	`review_by` text NOT NULL,
	`author_id` text,
	`import_key` text,
	`version` integer DEFAULT 1 NOT NULL,
	`published_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `answer_articles_import_key_unique` ON `answer_articles` (`import_key`);--> statement-breakpoint
CREATE INDEX `answer_articles_status_idx` ON `answer_articles` (`status`,`review_by`);--> statement-breakpoint
CREATE INDEX `answer_articles_author_idx` ON `answer_articles` (`author_id`);--> statement-breakpoint
CREATE TABLE `answer_sources` (
	`id` text PRIMARY KEY NOT NULL,
	`article_id` text NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`name` text NOT NULL,
	`number` text DEFAULT '' NOT NULL,
	`issuer` text DEFAULT '' NOT NULL,
	`issued_on` text DEFAULT '' NOT NULL,
	`url` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `answer_articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `answer_sources_article_idx` ON `answer_sources` (`article_id`);--> statement-breakpoint
CREATE TABLE `answer_suggestion_views` (
	`id` text PRIMARY KEY NOT NULL,
	`article_id` text NOT NULL,
	`user_id` text,
	`centre_id` text,
	`form_key` text NOT NULL,
	`opened_at` integer NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `answer_articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`centre_id`) REFERENCES `centres`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `answer_suggestion_views_opened_idx` ON `answer_suggestion_views` (`opened_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `answer_suggestion_views_uq` ON `answer_suggestion_views` (`form_key`,`article_id`);--> statement-breakpoint
CREATE TABLE `request_answer_articles` (
	`id` text PRIMARY KEY NOT NULL,
	`request_id` text NOT NULL,
	`message_id` text,
	`article_id` text NOT NULL,
	`version_id` text NOT NULL,
	`actor_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `support_requests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`message_id`) REFERENCES `request_messages`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`article_id`) REFERENCES `answer_articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`version_id`) REFERENCES `answer_article_versions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `request_answer_articles_request_idx` ON `request_answer_articles` (`request_id`);--> statement-breakpoint
CREATE INDEX `request_answer_articles_article_idx` ON `request_answer_articles` (`article_id`);