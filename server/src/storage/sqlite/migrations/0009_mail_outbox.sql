CREATE TABLE `conversation_mail` (
	`conversation_id` text PRIMARY KEY NOT NULL,
	`mailed_seq` integer DEFAULT 0 NOT NULL,
	`pending_seq` integer DEFAULT 0 NOT NULL,
	`due_at` integer,
	`first_message_id` text,
	`last_message_id` text,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `conversation_mail_due_idx` ON `conversation_mail` (`due_at`) WHERE due_at IS NOT NULL;--> statement-breakpoint
CREATE TABLE `mail_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`dedupe_key` text NOT NULL,
	`kind` text NOT NULL,
	`recipient` text NOT NULL,
	`subject` text NOT NULL,
	`text` text NOT NULL,
	`html` text NOT NULL,
	`headers` text DEFAULT '{}' NOT NULL,
	`reply_to` text,
	`from_name` text,
	`conversation_id` text,
	`state` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_until` integer,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mail_outbox_dedupe_key_unique` ON `mail_outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `mail_outbox_due_idx` ON `mail_outbox` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `mail_outbox_lease_idx` ON `mail_outbox` (`state`,`lease_until`);--> statement-breakpoint
CREATE INDEX `mail_outbox_conversation_idx` ON `mail_outbox` (`conversation_id`);--> statement-breakpoint
CREATE TABLE `mail_reply_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `mail_reply_tokens_conversation_idx` ON `mail_reply_tokens` (`conversation_id`);