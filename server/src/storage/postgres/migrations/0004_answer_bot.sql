CREATE TABLE "content_gaps" (
	"id" text PRIMARY KEY NOT NULL,
	"site_id" text NOT NULL,
	"locale" text NOT NULL,
	"question" text NOT NULL,
	"norm" text NOT NULL,
	"conversation_id" text,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "bot_offered" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "bot_helped" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "bot_not_helped" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "reopened_at" bigint;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "bot_state" text;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "handed_over_at" bigint;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "meta" text;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "bot_mode" text DEFAULT 'off' NOT NULL;--> statement-breakpoint
ALTER TABLE "content_gaps" ADD CONSTRAINT "content_gaps_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "content_gaps_site_norm_idx" ON "content_gaps" USING btree ("site_id","norm");--> statement-breakpoint
CREATE INDEX "content_gaps_site_created_idx" ON "content_gaps" USING btree ("site_id","created_at");