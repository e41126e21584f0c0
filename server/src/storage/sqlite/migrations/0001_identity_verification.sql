ALTER TABLE `sites` ADD `identity_required` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `visitors` ADD `external_id` text;--> statement-breakpoint
ALTER TABLE `visitors` ADD `verified` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `visitors_site_external_uq` ON `visitors` (`site_id`,`external_id`);