-- Full-text search (console search, GET /api/v1/search). External-content FTS5 tables over the
-- messages and visitors tables, kept in step by triggers so no code path can forget to index.
-- rowid is the tables' implicit rowid; after a VACUUM run: INSERT INTO messages_fts(messages_fts) VALUES('rebuild').
CREATE VIRTUAL TABLE `messages_fts` USING fts5(body, content='messages', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
INSERT INTO `messages_fts`(`messages_fts`) VALUES('rebuild');
--> statement-breakpoint
CREATE TRIGGER `messages_fts_ai` AFTER INSERT ON `messages` BEGIN
  INSERT INTO `messages_fts`(rowid, body) VALUES (new.rowid, new.body);
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_ad` AFTER DELETE ON `messages` BEGIN
  INSERT INTO `messages_fts`(`messages_fts`, rowid, body) VALUES ('delete', old.rowid, old.body);
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_au` AFTER UPDATE OF body ON `messages` BEGIN
  INSERT INTO `messages_fts`(`messages_fts`, rowid, body) VALUES ('delete', old.rowid, old.body);
  INSERT INTO `messages_fts`(rowid, body) VALUES (new.rowid, new.body);
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `visitors_fts` USING fts5(name, email, content='visitors', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
INSERT INTO `visitors_fts`(`visitors_fts`) VALUES('rebuild');
--> statement-breakpoint
CREATE TRIGGER `visitors_fts_ai` AFTER INSERT ON `visitors` BEGIN
  INSERT INTO `visitors_fts`(rowid, name, email) VALUES (new.rowid, new.name, new.email);
END;
--> statement-breakpoint
CREATE TRIGGER `visitors_fts_ad` AFTER DELETE ON `visitors` BEGIN
  INSERT INTO `visitors_fts`(`visitors_fts`, rowid, name, email) VALUES ('delete', old.rowid, old.name, old.email);
END;
--> statement-breakpoint
CREATE TRIGGER `visitors_fts_au` AFTER UPDATE OF name, email ON `visitors` BEGIN
  INSERT INTO `visitors_fts`(`visitors_fts`, rowid, name, email) VALUES ('delete', old.rowid, old.name, old.email);
  INSERT INTO `visitors_fts`(rowid, name, email) VALUES (new.rowid, new.name, new.email);
END;
