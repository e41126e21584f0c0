CREATE TABLE `article_stems` (
	`article_id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- The answer bot's full-text index over the stems (made in TypeScript with Snowball, so SQLite's
-- English-only porter tokenizer is not used): ranked with bm25(articles_fts, 10.0, 1.0), the title
-- weighing ten times the text. External content: the words live once, in article_stems.
CREATE VIRTUAL TABLE `articles_fts` USING fts5(title, body, content='article_stems', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `article_stems_ai` AFTER INSERT ON `article_stems` BEGIN
  INSERT INTO `articles_fts`(rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `article_stems_ad` AFTER DELETE ON `article_stems` BEGIN
  INSERT INTO `articles_fts`(`articles_fts`, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
END;
--> statement-breakpoint
CREATE TRIGGER `article_stems_au` AFTER UPDATE ON `article_stems` BEGIN
  INSERT INTO `articles_fts`(`articles_fts`, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
  INSERT INTO `articles_fts`(rowid, title, body) VALUES (new.rowid, new.title, new.body);
END;
