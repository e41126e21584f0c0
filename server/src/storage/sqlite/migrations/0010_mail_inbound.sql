CREATE TABLE `mail_inbound` (
	`message_id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`received_at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `mail_inbound_conversation_idx` ON `mail_inbound` (`conversation_id`);--> statement-breakpoint
ALTER TABLE `messages` ADD `via` text;