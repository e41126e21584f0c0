import type { CannedReply } from '@atendo/shared';
import type { CannedReplyStore } from '../storage/console';
import { AppError, notFound } from './errors';
import { newId } from './ids';

const taken = (shortcut: string) => new AppError('conflict', `The shortcut /${shortcut} is already used`);

/** Canned replies: shared answers agents insert with `/shortcut`. */
export class CannedReplyService {
  constructor(private store: CannedReplyStore) {}

  async list(): Promise<CannedReply[]> {
    return this.store.list();
  }

  async create(input: { shortcut: string; body: string }): Promise<CannedReply> {
    const row: CannedReply = { id: newId(), shortcut: input.shortcut, body: input.body, createdAt: Date.now() };
    // The store decides "taken" in its transaction: of two racing creates with one shortcut, one wins.
    if (!(await this.store.create(row))) throw taken(input.shortcut);
    return row;
  }

  async update(id: string, input: { shortcut: string; body: string }): Promise<CannedReply> {
    const row = await this.store.update(id, input);
    if (row === 'taken') throw taken(input.shortcut);
    if (!row) throw notFound('Canned reply');
    return row;
  }

  async remove(id: string): Promise<void> {
    if (!(await this.store.remove(id))) throw notFound('Canned reply');
  }
}
