CREATE TABLE `credential_defaults` (
	`bot_id` text NOT NULL,
	`slot` text NOT NULL,
	`credential_id` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credential_defaults_slot` ON `credential_defaults` (`bot_id`,`slot`);--> statement-breakpoint
CREATE INDEX `credential_defaults_credential` ON `credential_defaults` (`credential_id`);--> statement-breakpoint
CREATE TABLE `credentials` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`bots_json` text,
	`sealed` text NOT NULL,
	`has_totp` integer DEFAULT false NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`last_used_job_id` integer,
	`last_used_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credentials_name` ON `credentials` ("name" COLLATE NOCASE);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`user_id` integer NOT NULL,
	`channel` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`ended_at` integer,
	`end_reason` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_token` ON `sessions` (`token_hash`);--> statement-breakpoint
CREATE INDEX `sessions_user` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`bots_json` text,
	`password_hash` text,
	`os_account` text,
	`disabled` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`last_sign_in_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username` ON `users` ("username" COLLATE NOCASE);--> statement-breakpoint
CREATE UNIQUE INDEX `users_os_account` ON `users` (`os_account`);--> statement-breakpoint
CREATE TABLE `vault_meta` (
	`name` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `audit_log` ADD `channel` text;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `mac` text;--> statement-breakpoint
CREATE INDEX `audit_actor` ON `audit_log` (`actor`,`id`);--> statement-breakpoint
ALTER TABLE `jobs` ADD `credentials_json` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `schedules` ADD `credentials_json` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
-- The audit trail is append-only: no UPDATE or DELETE from any writer, the app's own included.
-- The one UPDATE allowed seals a row written before MACs existed (mac NULL → value), once.
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log`
  WHEN old.`mac` IS NOT NULL OR new.`id` IS NOT old.`id` OR new.`at` IS NOT old.`at` OR new.`actor` IS NOT old.`actor`
    OR new.`action` IS NOT old.`action` OR new.`target_type` IS NOT old.`target_type` OR new.`target_id` IS NOT old.`target_id`
    OR new.`detail_json` IS NOT old.`detail_json` OR new.`channel` IS NOT old.`channel` BEGIN
  SELECT RAISE(ABORT, 'The audit trail is append-only: rows cannot be changed');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log` BEGIN
  SELECT RAISE(ABORT, 'The audit trail is append-only: rows cannot be deleted');
END;
--> statement-breakpoint
-- The newest audit row as last written, MAC'd: removing the newest rows leaves the chain valid, not the head.
CREATE TABLE `audit_head` (
	`id` integer PRIMARY KEY NOT NULL,
	`last_id` integer NOT NULL,
	`last_mac` text NOT NULL,
	`mac` text NOT NULL
);
--> statement-breakpoint
CREATE TRIGGER `audit_head_no_delete` BEFORE DELETE ON `audit_head` BEGIN
  SELECT RAISE(ABORT, 'The audit trail is append-only: its head cannot be deleted');
END;
