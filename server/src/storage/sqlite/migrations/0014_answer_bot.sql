CREATE TABLE `content_gaps` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`locale` text NOT NULL,
	`question` text NOT NULL,
	`norm` text NOT NULL,
	`conversation_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `content_gaps_site_norm_idx` ON `content_gaps` (`site_id`,`norm`);--> statement-breakpoint
CREATE INDEX `content_gaps_site_created_idx` ON `content_gaps` (`site_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `articles` ADD `bot_offered` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `articles` ADD `bot_helped` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `articles` ADD `bot_not_helped` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `conversations` ADD `reopened_at` integer;--> statement-breakpoint
ALTER TABLE `conversations` ADD `bot_state` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `handed_over_at` integer;--> statement-breakpoint
ALTER TABLE `messages` ADD `meta` text;--> statement-breakpoint
ALTER TABLE `sites` ADD `bot_mode` text DEFAULT 'off' NOT NULL;