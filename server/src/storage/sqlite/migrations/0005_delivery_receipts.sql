ALTER TABLE `conversations` ADD `visitor_read_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `conversations` ADD `agent_read_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `visitors` ADD `first_client_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `visitors_site_first_client_uq` ON `visitors` (`site_id`,`first_client_id`);