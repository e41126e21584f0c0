-- Search indexing in batches instead of a trigger per message (`pnpm bench`, issue 7). The insert
-- trigger made FTS5 flush its pending index on the statement savepoint of every message: about half
-- the cost of storing one. Now new messages are indexed with one statement per write transaction
-- (SearchIndexer, server/src/domain/search-index.ts): every message with a rowid above
-- `search_progress.last_rowid` for 'messages', then the mark moves up. The send path runs it inside its
-- own transaction, so a message is searchable once acked, and the server runs it at start, so rows
-- written any other way (a seed, a restore) are indexed too.
-- Invariant: a message is in messages_fts exactly when its rowid <= last_rowid.
-- After an FTS 'rebuild' (e.g. after VACUUM) set last_rowid to (SELECT max(rowid) FROM messages).
CREATE TABLE `search_progress` (
  `name` text PRIMARY KEY NOT NULL,
  `last_rowid` integer NOT NULL
);
--> statement-breakpoint
-- Everything stored so far was indexed by the old trigger.
INSERT INTO `search_progress` (`name`, `last_rowid`) VALUES ('messages', (SELECT coalesce(max(rowid), 0) FROM `messages`));
--> statement-breakpoint
DROP TRIGGER `messages_fts_ai`;
--> statement-breakpoint
DROP TRIGGER `messages_fts_ad`;
--> statement-breakpoint
DROP TRIGGER `messages_fts_au`;
--> statement-breakpoint
-- Only an indexed row has index entries to remove. Deleting the newest rows lowers the mark to the
-- new max(rowid): SQLite reuses a freed top rowid, and the next row there must still be indexed.
CREATE TRIGGER `messages_fts_ad` AFTER DELETE ON `messages` BEGIN
  INSERT INTO `messages_fts`(`messages_fts`, rowid, body)
    SELECT 'delete', old.rowid, old.body FROM `search_progress` WHERE `name` = 'messages' AND old.rowid <= `last_rowid`;
  UPDATE `search_progress` SET `last_rowid` = (SELECT coalesce(max(rowid), 0) FROM `messages`)
    WHERE `name` = 'messages' AND `last_rowid` > (SELECT coalesce(max(rowid), 0) FROM `messages`);
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_au` AFTER UPDATE OF body ON `messages`
  WHEN old.rowid <= (SELECT `last_rowid` FROM `search_progress` WHERE `name` = 'messages') BEGIN
  INSERT INTO `messages_fts`(`messages_fts`, rowid, body) VALUES ('delete', old.rowid, old.body);
  INSERT INTO `messages_fts`(rowid, body) VALUES (new.rowid, new.body);
END;
