import { asc, eq } from 'drizzle-orm';
import type { CannedReply } from '@atendo/shared';
import type { Db } from '../storage/sqlite/client';
import { cannedReplies } from '../storage/sqlite/schema';
import { AppError, notFound } from './errors';
import { newId } from './ids';

/** Canned replies: shared answers agents insert with `/shortcut`. */
export class CannedReplyService {
  constructor(private db: Db) {}

  list(): CannedReply[] {
    return this.db.select().from(cannedReplies).orderBy(asc(cannedReplies.shortcut)).all();
  }

  private taken(shortcut: string, except?: string): boolean {
    const row = this.db.select({ id: cannedReplies.id }).from(cannedReplies).where(eq(cannedReplies.shortcut, shortcut)).get();
    return Boolean(row && row.id !== except);
  }

  create(input: { shortcut: string; body: string }): CannedReply {
    if (this.taken(input.shortcut)) throw new AppError('conflict', `The shortcut /${input.shortcut} is already used`);
    const row: CannedReply = { id: newId(), shortcut: input.shortcut, body: input.body, createdAt: Date.now() };
    this.db.insert(cannedReplies).values(row).run();
    return row;
  }

  update(id: string, input: { shortcut: string; body: string }): CannedReply {
    if (this.taken(input.shortcut, id)) throw new AppError('conflict', `The shortcut /${input.shortcut} is already used`);
    const row = this.db.update(cannedReplies).set(input).where(eq(cannedReplies.id, id)).returning().get();
    if (!row) throw notFound('Canned reply');
    return row;
  }

  remove(id: string): void {
    if (!this.db.delete(cannedReplies).where(eq(cannedReplies.id, id)).run().changes) throw notFound('Canned reply');
  }
}
