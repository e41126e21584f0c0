CREATE TABLE "article_stems" (
	"article_id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "article_stems" ADD CONSTRAINT "article_stems_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The answer bot's ranking over the stems (made in TypeScript with Snowball; the `simple`
-- configuration only splits and lower-cases them): the title weighs A, the text B, read by ts_rank.
ALTER TABLE "article_stems" ADD COLUMN "tsv" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('simple', "title"), 'A') || setweight(to_tsvector('simple', "body"), 'B')) STORED;--> statement-breakpoint
CREATE INDEX "article_stems_tsv_idx" ON "article_stems" USING gin ("tsv");
