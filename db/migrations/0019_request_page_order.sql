DROP INDEX `requests_current_deadline_idx`;--> statement-breakpoint
DROP INDEX `requests_centre_idx`;--> statement-breakpoint
CREATE INDEX `requests_queue_order_idx` ON `support_requests` (`current_deadline_on`,"created_at" desc,"id" desc);--> statement-breakpoint
CREATE INDEX `requests_centre_idx` ON `support_requests` (`centre_id`,"created_at" desc,"id" desc);