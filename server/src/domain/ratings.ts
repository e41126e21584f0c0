import { readWidgetSettings, type Conversation, type Rating } from '@atendo/shared';
import type { ReportStore } from '../storage/reports';
import { AppError, notFound } from './errors';
import type { Bus } from '../state';
import type { ConversationService } from './conversations';

export interface RateInput {
  conversationId: string;
  csat?: number | undefined;
  nps?: number | undefined;
  comment?: string | undefined;
}

/**
 * End of conversation feedback. A visitor rates a resolved conversation of theirs once:
 * a second rating is refused (`conflict`), never merged or replaced, so the report counts each
 * conversation once and a replayed frame cannot change an answer.
 */
export class RatingService {
  constructor(
    private store: ReportStore,
    private bus: Bus,
    private conversations: ConversationService,
  ) {}

  async rate(visitorId: string, input: RateInput): Promise<{ conversation: Conversation; rating: Rating }> {
    const row = await this.store.ratingTarget(input.conversationId);
    // Same answer for "absent" and "someone else's": ids must not be probeable.
    if (!row || row.visitorId !== visitorId) throw notFound('Conversation');
    if (row.ratedAt !== null) throw new AppError('conflict', 'This conversation was already rated');
    if (row.status !== 'resolved') throw new AppError('bad_request', 'Only a resolved conversation can be rated');
    const settings = readWidgetSettings(row.widgetSettings);
    if (input.csat !== undefined && !settings.csat) throw new AppError('bad_request', 'This site does not ask for a CSAT rating');
    if (input.nps !== undefined && !settings.nps) throw new AppError('bad_request', 'This site does not ask the NPS question');
    if (input.csat === undefined && settings.csat) throw new AppError('bad_request', 'csat: a rating from 1 to 5 is required');
    if (input.csat === undefined && input.nps === undefined) throw new AppError('bad_request', 'Give a CSAT (1–5) or an NPS (0–10) answer');

    // The store's write repeats the checks, so two racing frames (two tabs) store one rating.
    const stored = await this.store.rate(input.conversationId, visitorId, {
      csat: input.csat ?? null,
      nps: input.nps ?? null,
      comment: input.comment ? input.comment : null,
      ratedAt: Date.now(),
    });
    if (!stored) throw new AppError('conflict', 'This conversation was already rated');
    const conversation = await this.conversations.get(input.conversationId);
    const rating = conversation.rating!;
    this.bus.emit({ type: 'conversation.rated', conversation, rating });
    return { conversation, rating };
  }
}
