CREATE TABLE `schedule_misses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`schedule_id` integer NOT NULL,
	`detected_at` integer NOT NULL,
	`reason` text NOT NULL,
	`missed` integer NOT NULL,
	`caught_up` integer NOT NULL,
	`first_slot_at` integer NOT NULL,
	`last_slot_at` integer NOT NULL,
	FOREIGN KEY (`schedule_id`) REFERENCES `schedules`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `schedule_misses_schedule` ON `schedule_misses` (`schedule_id`,`id`);--> statement-breakpoint
CREATE TABLE `schedules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`bot_id` text,
	`params_json` text DEFAULT '{}' NOT NULL,
	`cron` text NOT NULL,
	`time_zone` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`missed_policy` text DEFAULT 'skip' NOT NULL,
	`missed_within_hours` integer,
	`overlap` text DEFAULT 'skip' NOT NULL,
	`settings_json` text DEFAULT '{}' NOT NULL,
	`last_slot_at` integer,
	`last_run_at` integer,
	`last_run_job_id` integer,
	`last_run_state` text,
	`last_run_message` text,
	`run_count` integer DEFAULT 0 NOT NULL,
	`ok_count` integer DEFAULT 0 NOT NULL,
	`fail_count` integer DEFAULT 0 NOT NULL,
	`skipped_overlap` integer DEFAULT 0 NOT NULL,
	`queued_runs` integer DEFAULT 0 NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `jobs` ADD `schedule_id` integer;--> statement-breakpoint
CREATE INDEX `jobs_schedule` ON `jobs` (`schedule_id`,`state`) WHERE schedule_id IS NOT NULL;