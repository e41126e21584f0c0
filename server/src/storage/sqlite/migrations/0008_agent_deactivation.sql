-- Taking an agent's access back (issue 21): an admin deactivates an agent instead of deleting the
-- row, which messages, notes and conversations reference. NULL means active; a deactivated agent
-- cannot sign in, has no sessions and is never assigned.
ALTER TABLE `agents` ADD `deactivated_at` integer;
