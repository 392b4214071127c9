-- Change counters: every write to a table the officials' figures read bumps the version of
-- those figures (app/models/figures-cache.server.ts), whichever process or tool writes.
INSERT INTO `change_counters` (`name`, `version`) VALUES ('centres', 0), ('requests', 0);
--> statement-breakpoint
CREATE TRIGGER `centres_insert_bump` AFTER INSERT ON `centres` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'centres'; END;
--> statement-breakpoint
CREATE TRIGGER `centres_update_bump` AFTER UPDATE OF type, district_code, park_code, country_code, stage ON `centres` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'centres'; END;
--> statement-breakpoint
CREATE TRIGGER `centres_delete_bump` AFTER DELETE ON `centres` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'centres'; END;
--> statement-breakpoint
CREATE TRIGGER `centre_events_insert_bump` AFTER INSERT ON `centre_events` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'centres'; END;
--> statement-breakpoint
CREATE TRIGGER `centre_events_update_bump` AFTER UPDATE ON `centre_events` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'centres'; END;
--> statement-breakpoint
CREATE TRIGGER `centre_events_delete_bump` AFTER DELETE ON `centre_events` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'centres'; END;
--> statement-breakpoint
CREATE TRIGGER `centre_industries_insert_bump` AFTER INSERT ON `centre_industries` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'centres'; END;
--> statement-breakpoint
CREATE TRIGGER `centre_industries_update_bump` AFTER UPDATE ON `centre_industries` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'centres'; END;
--> statement-breakpoint
CREATE TRIGGER `centre_industries_delete_bump` AFTER DELETE ON `centre_industries` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'centres'; END;
--> statement-breakpoint
CREATE TRIGGER `reference_items_insert_bump` AFTER INSERT ON `reference_items` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` IN ('centres', 'requests'); END;
--> statement-breakpoint
CREATE TRIGGER `reference_items_update_bump` AFTER UPDATE ON `reference_items` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` IN ('centres', 'requests'); END;
--> statement-breakpoint
CREATE TRIGGER `reference_items_delete_bump` AFTER DELETE ON `reference_items` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` IN ('centres', 'requests'); END;
--> statement-breakpoint
CREATE TRIGGER `settings_insert_bump` AFTER INSERT ON `settings` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` IN ('centres', 'requests'); END;
--> statement-breakpoint
CREATE TRIGGER `settings_update_bump` AFTER UPDATE ON `settings` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` IN ('centres', 'requests'); END;
--> statement-breakpoint
CREATE TRIGGER `settings_delete_bump` AFTER DELETE ON `settings` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` IN ('centres', 'requests'); END;
--> statement-breakpoint
CREATE TRIGGER `support_requests_insert_bump` AFTER INSERT ON `support_requests` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'requests'; END;
--> statement-breakpoint
CREATE TRIGGER `support_requests_update_bump` AFTER UPDATE ON `support_requests` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'requests'; END;
--> statement-breakpoint
CREATE TRIGGER `support_requests_delete_bump` AFTER DELETE ON `support_requests` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'requests'; END;
--> statement-breakpoint
CREATE TRIGGER `request_events_insert_bump` AFTER INSERT ON `request_events` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'requests'; END;
--> statement-breakpoint
CREATE TRIGGER `request_events_update_bump` AFTER UPDATE ON `request_events` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'requests'; END;
--> statement-breakpoint
CREATE TRIGGER `request_events_delete_bump` AFTER DELETE ON `request_events` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'requests'; END;
--> statement-breakpoint
CREATE TRIGGER `satisfaction_insert_bump` AFTER INSERT ON `satisfaction` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'requests'; END;
--> statement-breakpoint
CREATE TRIGGER `satisfaction_update_bump` AFTER UPDATE ON `satisfaction` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'requests'; END;
--> statement-breakpoint
CREATE TRIGGER `satisfaction_delete_bump` AFTER DELETE ON `satisfaction` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'requests'; END;
--> statement-breakpoint
CREATE TRIGGER `calendar_overrides_insert_bump` AFTER INSERT ON `calendar_overrides` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'requests'; END;
--> statement-breakpoint
CREATE TRIGGER `calendar_overrides_update_bump` AFTER UPDATE ON `calendar_overrides` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'requests'; END;
--> statement-breakpoint
CREATE TRIGGER `calendar_overrides_delete_bump` AFTER DELETE ON `calendar_overrides` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'requests'; END;
--> statement-breakpoint
CREATE TRIGGER `users_insert_bump` AFTER INSERT ON `users` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'requests'; END;
--> statement-breakpoint
CREATE TRIGGER `users_update_bump` AFTER UPDATE OF name, role ON `users` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'requests'; END;
--> statement-breakpoint
CREATE TRIGGER `users_delete_bump` AFTER DELETE ON `users` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'requests'; END;
