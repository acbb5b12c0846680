CREATE TABLE `approvals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` integer NOT NULL,
	`key` integer NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`request_json` text NOT NULL,
	`status` text NOT NULL,
	`decision` text,
	`comment` text,
	`selected_rows_json` text,
	`decided_by` text,
	`decided_at` integer,
	`created_at` integer NOT NULL,
	`timeout_at` integer,
	`released` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `approvals_job_key` ON `approvals` (`job_id`,`key`);--> statement-breakpoint
CREATE INDEX `approvals_pending` ON `approvals` (`created_at`) WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX `approvals_timeout` ON `approvals` (`timeout_at`) WHERE status = 'pending' AND timeout_at IS NOT NULL;--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`target_type` text NOT NULL,
	`target_id` integer NOT NULL,
	`detail_json` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_target` ON `audit_log` (`target_type`,`target_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_at` ON `audit_log` (`at`);--> statement-breakpoint
ALTER TABLE `jobs` ADD `checkpoint_json` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `resuming` integer DEFAULT 0 NOT NULL;