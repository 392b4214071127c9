ALTER TABLE `support_requests` ADD `current_deadline_on` text;--> statement-breakpoint
CREATE INDEX `requests_current_deadline_idx` ON `support_requests` (`current_deadline_on`);