-- The policy library's figures on the dashboard (app/models/answer-figures.server.ts) read the
-- answer links, the suggestions opened and the articles' titles and review dates: a counter of
-- their own, bumped like those of 0003_change_counters, so they are kept between writes (issue 14).
INSERT INTO `change_counters` (`name`, `version`) VALUES ('answers', 0);
--> statement-breakpoint
CREATE TRIGGER `request_answer_articles_insert_bump` AFTER INSERT ON `request_answer_articles` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'answers'; END;
--> statement-breakpoint
CREATE TRIGGER `request_answer_articles_update_bump` AFTER UPDATE ON `request_answer_articles` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'answers'; END;
--> statement-breakpoint
CREATE TRIGGER `request_answer_articles_delete_bump` AFTER DELETE ON `request_answer_articles` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'answers'; END;
--> statement-breakpoint
CREATE TRIGGER `answer_suggestion_views_insert_bump` AFTER INSERT ON `answer_suggestion_views` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'answers'; END;
--> statement-breakpoint
CREATE TRIGGER `answer_suggestion_views_update_bump` AFTER UPDATE ON `answer_suggestion_views` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'answers'; END;
--> statement-breakpoint
CREATE TRIGGER `answer_suggestion_views_delete_bump` AFTER DELETE ON `answer_suggestion_views` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'answers'; END;
--> statement-breakpoint
CREATE TRIGGER `answer_articles_insert_bump` AFTER INSERT ON `answer_articles` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'answers'; END;
--> statement-breakpoint
CREATE TRIGGER `answer_articles_update_bump` AFTER UPDATE OF title_zh, title_en, status, review_by ON `answer_articles` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'answers'; END;
--> statement-breakpoint
CREATE TRIGGER `answer_articles_delete_bump` AFTER DELETE ON `answer_articles` BEGIN UPDATE `change_counters` SET `version` = `version` + 1 WHERE `name` = 'answers'; END;
