-- Backfill of support_requests.current_deadline_on (migration 0009), hand-written. From here on the
-- app writes the column with every change of status or due dates (domain/request-clock.ts
-- storedDeadlines). This one-off statement states the same rule as currentDeadline in SQL, for
-- the rows that exist when it runs; tests/integration/request-deadline.test.ts runs it on a
-- request in every status and compares it with currentDeadline, so the two cannot differ.
UPDATE `support_requests` SET `current_deadline_on` = CASE
  WHEN `status` = 'submitted' THEN `accept_due_on`
  WHEN `status` IN ('accepted', 'in_progress', 'reopened') THEN `answer_due_on`
  ELSE NULL END;
