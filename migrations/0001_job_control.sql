CREATE TABLE `job_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` integer NOT NULL,
	`attempt` integer NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`outcome` text,
	`reason` text,
	`error` text,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `job_attempts_job` ON `job_attempts` (`job_id`,`attempt`);--> statement-breakpoint
ALTER TABLE `job_files` ADD `attempt` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `jobs` ADD `run_at` integer;--> statement-breakpoint
ALTER TABLE `jobs` ADD `rerun_of` integer;--> statement-breakpoint
ALTER TABLE `jobs` ADD `timeout_ms` integer;--> statement-breakpoint
ALTER TABLE `jobs` ADD `cancel_requested_by` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `lease_worker_start` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `lease_browser_start` text;--> statement-breakpoint
CREATE INDEX `jobs_due` ON `jobs` (`run_at`) WHERE state = 'scheduled';--> statement-breakpoint
CREATE INDEX `jobs_rerun_of` ON `jobs` (`rerun_of`) WHERE rerun_of IS NOT NULL;--> statement-breakpoint
CREATE INDEX `jobs_created_at` ON `jobs` (`created_at`);--> statement-breakpoint
ALTER TABLE `log_lines` ADD `attempt` integer DEFAULT 1 NOT NULL;