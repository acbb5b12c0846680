-- Text search over jobs (bot, who started it, parameters, error) that stays fast with a million
-- jobs: a contentless FTS5 index with the trigram tokenizer answers substring queries of three or
-- more characters without scanning the table. Kept in step by triggers, so every writer is covered.
CREATE VIRTUAL TABLE `jobs_search` USING fts5(`body`, content='', contentless_delete=1, tokenize='trigram');
--> statement-breakpoint
INSERT INTO `jobs_search` (rowid, `body`)
  SELECT `id`, `bot_id` || ' ' || `created_by` || ' ' || `params_json` || ' ' || coalesce(`error`, '') FROM `jobs`;
--> statement-breakpoint
CREATE TRIGGER `jobs_search_insert` AFTER INSERT ON `jobs` BEGIN
  INSERT INTO `jobs_search` (rowid, `body`) VALUES (new.`id`, new.`bot_id` || ' ' || new.`created_by` || ' ' || new.`params_json` || ' ' || coalesce(new.`error`, ''));
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_search_update` AFTER UPDATE OF `error`, `params_json` ON `jobs`
  WHEN old.`error` IS NOT new.`error` OR old.`params_json` IS NOT new.`params_json` BEGIN
  DELETE FROM `jobs_search` WHERE rowid = old.`id`;
  INSERT INTO `jobs_search` (rowid, `body`) VALUES (new.`id`, new.`bot_id` || ' ' || new.`created_by` || ' ' || new.`params_json` || ' ' || coalesce(new.`error`, ''));
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_search_delete` AFTER DELETE ON `jobs` BEGIN
  DELETE FROM `jobs_search` WHERE rowid = old.`id`;
END;
