CREATE TABLE `canned_replies` (
	`id` text PRIMARY KEY NOT NULL,
	`shortcut` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `canned_replies_shortcut_unique` ON `canned_replies` (`shortcut`);--> statement-breakpoint
CREATE TABLE `notes` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`agent_id` text,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `notes_conversation_idx` ON `notes` (`conversation_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `tags` (
	`name` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `agents` ADD `status` text DEFAULT 'away' NOT NULL;--> statement-breakpoint
ALTER TABLE `agents` ADD `capacity` integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE `agents` ADD `last_assigned_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `conversations` ADD `assignee_id` text REFERENCES agents(id);--> statement-breakpoint
ALTER TABLE `conversations` ADD `tags` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
CREATE INDEX `conversations_assignee_status_activity_idx` ON `conversations` (`assignee_id`,`status`,`last_activity_at`,`id`);--> statement-breakpoint
CREATE INDEX `conversations_site_status_activity_idx` ON `conversations` (`site_id`,`status`,`last_activity_at`,`id`);--> statement-breakpoint
CREATE INDEX `conversations_unread_idx` ON `conversations` (`status`,`assignee_id`,`site_id`) WHERE unread_count > 0;--> statement-breakpoint
ALTER TABLE `sites` ADD `position` text DEFAULT 'right' NOT NULL;--> statement-breakpoint
ALTER TABLE `sites` ADD `launcher_label` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `visitors` ADD `last_page_title` text;--> statement-breakpoint
ALTER TABLE `visitors` ADD `referrer` text;--> statement-breakpoint
ALTER TABLE `visitors` ADD `user_agent` text;--> statement-breakpoint
ALTER TABLE `visitors` ADD `timezone` text;--> statement-breakpoint
ALTER TABLE `visitors` ADD `session_pages` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `visitors` ADD `session_started_at` integer;