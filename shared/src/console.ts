/**
 * REST shapes and schemas of the agent console's resources: inbox views, assignment,
 * notes, tags, canned replies, agents and presence, visitor profiles, live visitors, search.
 */
import * as v from 'valibot';
import type { Agent, AgentStatus, Conversation, ConversationStatus } from './models';
import { body, clientId, id, limitParam, siteFilter, typedText } from './primitives';

/** Whose conversations a view shows. */
export type InboxScope = 'unassigned' | 'mine' | 'all';
export const INBOX_SCOPES = ['unassigned', 'mine', 'all'] as const;
export const CONVERSATION_STATUSES = ['open', 'pending', 'resolved'] as const;

/** GET /conversations: a view = scope × status (× site), newest activity first, keyset cursor. */
export const InboxQuerySchema = v.strictObject({
  status: v.optional(v.picklist(['open', 'pending', 'resolved', 'all']), 'open'),
  scope: v.optional(v.picklist(INBOX_SCOPES), 'all'),
  site: siteFilter,
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor: v.optional(v.pipe(v.string(), v.maxLength(200))),
  limit: limitParam(100),
});
export type InboxQuery = v.InferOutput<typeof InboxQuerySchema>;

/**
 * `?site=` of GET /conversations/counts (conversations with unread messages, per scope and status)
 * and GET /live/visitors: one site, or every site when absent or empty.
 */
export const SiteFilterQuerySchema = v.strictObject({ site: siteFilter });
export type ViewCounts = Record<InboxScope, Record<ConversationStatus, number>>;
export interface ViewCountsResponse {
  unread: ViewCounts;
}

export const SetStatusInputSchema = v.strictObject({ status: v.picklist(CONVERSATION_STATUSES) });

/** POST /conversations/:id/assign: an agent id, or null to unassign. */
export const AssignSchema = v.strictObject({ agentId: v.nullable(id) });

const tagName = v.pipe(
  v.string(),
  v.transform((s) => s.trim().toLowerCase()),
  v.minLength(1, 'Tag is empty'),
  v.maxLength(40, 'Tags are at most 40 characters'),
  v.regex(/^[\p{L}\p{N} _-]+$/u, 'Tags may hold letters, digits, spaces, - and _'),
);
/** PUT /conversations/:id/tags: the full list. */
export const TagsSchema = v.strictObject({
  tags: v.pipe(
    v.array(tagName),
    v.maxLength(20, 'At most 20 tags'),
    v.transform((l) => [...new Set(l)]),
  ),
});
export interface TagListResponse {
  items: string[];
}

/** An internal note: agents only, never sent to a visitor. */
export interface Note {
  id: string;
  conversationId: string;
  agentId: string | null;
  authorName: string | null;
  body: string;
  createdAt: number;
}
export const NoteInputSchema = v.strictObject({
  body: typedText('Note'),
});
export interface NoteListResponse {
  items: Note[];
}
export interface NoteResponse {
  note: Note;
}

export interface CannedReply {
  id: string;
  /** Typed after `/` in the composer, e.g. "refund". */
  shortcut: string;
  body: string;
  createdAt: number;
}
export const CannedReplyInputSchema = v.strictObject({
  shortcut: v.pipe(
    v.string(),
    v.transform((s) => s.trim().replace(/^\//, '').toLowerCase()),
    v.minLength(1, 'Shortcut is empty'),
    v.maxLength(40),
    v.regex(/^[\p{L}\p{N}_-]+$/u, 'Shortcuts may hold letters, digits, - and _ (no spaces)'),
  ),
  body: typedText('Text'),
});
export interface CannedReplyListResponse {
  items: CannedReply[];
}
export interface CannedReplyResponse {
  reply: CannedReply;
}

/** An agent as the team sees them: status, whether a console is open, load and capacity. */
export interface AgentSummary extends Agent {
  status: AgentStatus;
  /** Has at least one console socket open right now. */
  connected: boolean;
  capacity: number;
  /** Open and pending conversations assigned to them. */
  load: number;
  /** When an admin deactivated them: no sign-in, no sessions, no assignments. Null (or absent) when active. */
  deactivatedAt?: number | null;
  /** When an invitation e-mail was sent whose link has not been used yet; null (or absent) otherwise. */
  invitedAt?: number | null;
  /** Two-factor sign-in is on for them. */
  twoFactor?: boolean;
}
export interface AgentListResponse {
  items: AgentSummary[];
}
export const AgentStatusSchema = v.strictObject({ status: v.picklist(['online', 'away']) });
/**
 * POST /agents (admins): invite a teammate. With e-mail on, the invitation goes out with a link to
 * choose a password; with e-mail off, the answer carries a one-time password to hand over.
 */
export const InviteAgentSchema = v.strictObject({
  email: v.pipe(v.string(), v.trim(), v.email('Enter a valid e-mail address'), v.maxLength(254)),
  name: v.pipe(v.string(), v.trim(), v.minLength(1, 'Name is required'), v.maxLength(80)),
  role: v.picklist(['admin', 'agent']),
  /** The invitation's language (the inviter's console language). */
  locale: v.optional(v.pipe(v.string(), v.maxLength(35))),
});
export interface InviteAgentResponse {
  agent: AgentSummary;
  /** E-mail off: shown once, the invited agent signs in with it. E-mail on: null (the invitation has a link). */
  password: string | null;
  /** The invitation was e-mailed. */
  emailed: boolean;
}
/** POST /agents/:id/invitation (admins): send a pending invitation again. */
export const ResendInvitationSchema = v.strictObject({ locale: v.optional(v.pipe(v.string(), v.maxLength(35))) });
/** PATCH /agents/:id (admins). */
export const UpdateAgentSchema = v.strictObject({
  role: v.optional(v.picklist(['admin', 'agent'])),
  capacity: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100))),
});
export interface AgentSummaryResponse {
  agent: AgentSummary;
}

/** PUT /sites/:id/appearance (admins): what the widget looks like. */
export const AppearanceSchema = v.strictObject({
  color: v.pipe(v.string(), v.regex(/^#[0-9a-fA-F]{6}$/, 'Colour must look like #4f46e5')),
  position: v.picklist(['right', 'left']),
  teamName: v.pipe(v.string(), v.trim(), v.minLength(1, 'Team name is required'), v.maxLength(60)),
  greeting: v.pipe(v.string(), v.trim(), v.maxLength(280)),
  launcherLabel: v.pipe(v.string(), v.trim(), v.maxLength(40)),
});
export type AppearanceInput = v.InferOutput<typeof AppearanceSchema>;

export interface PageView {
  url: string;
  title: string | null;
  at: number;
}

/** Everything the sidebar shows about a visitor. */
export interface VisitorProfile {
  id: string;
  siteId: string;
  name: string | null;
  email: string | null;
  verified: boolean;
  locale: string | null;
  timezone: string | null;
  referrer: string | null;
  userAgent: string | null;
  /** Custom attributes the site set through the widget. */
  attributes: Record<string, string>;
  currentPage: PageView | null;
  /** Pages of the current session, oldest first. */
  pages: PageView[];
  /** Has a widget socket open right now. */
  online: boolean;
  createdAt: number;
  lastSeenAt: number;
  /** Their conversations, newest first. */
  conversations: Pick<Conversation, 'id' | 'status' | 'lastMessagePreview' | 'lastActivityAt' | 'createdAt'>[];
}
export interface VisitorProfileResponse {
  visitor: VisitorProfile;
}

/** Someone on a site right now (they have chatted before and have the widget open). */
export interface LiveVisitor {
  visitorId: string;
  siteId: string;
  name: string | null;
  email: string | null;
  currentPage: PageView | null;
  /** When this browsing session started. */
  since: number;
  /** Visited before this session. */
  returning: boolean;
}
export interface LiveVisitorListResponse {
  items: LiveVisitor[];
}
/** POST /live/visitors/:id/conversations: the agent opens a chat with the visitor (proactive). */
export const ProactiveSchema = v.strictObject({
  clientId,
  body,
});

/** GET /search?q= */
export const SearchQuerySchema = v.strictObject({
  q: v.pipe(
    v.string(),
    v.transform((s) => s.trim()),
    v.minLength(1, 'Type something to search for'),
    v.maxLength(200),
  ),
  limit: limitParam(50),
});
export interface SearchHit {
  conversation: Conversation;
  /** Where it matched: a message (with its text) or the visitor's name / e-mail. */
  match: 'message' | 'visitor';
  /** The matching text, at most ~200 characters. */
  excerpt: string;
  messageSeq: number | null;
}
export interface SearchResponse {
  items: SearchHit[];
}

export interface SiteResponse {
  site: import('./models').Site;
}

/** One e-mail Atendo sent (or will send) for a conversation, as the console shows it. */
export interface ConversationEmail {
  id: string;
  /** `sending`: a worker holds it right now. */
  state: 'queued' | 'sending' | 'sent' | 'failed';
  subject: string;
  createdAt: number;
  /** When it went out; null until then. */
  sentAt: number | null;
  /** When a queued e-mail is tried next (epoch ms); null once sent or failed. */
  nextAttemptAt: number | null;
  /** Tries so far that failed. */
  attempts: number;
  /** The mail server's answer to the last failed try (why it is waiting, or why it failed). */
  lastError: string | null;
}

/** GET /conversations/:id/emails: whether e-mail is on (ATENDO_SMTP_URL), its delay, and this conversation's e-mails, oldest first. */
export interface ConversationEmailsResponse {
  enabled: boolean;
  /** ATENDO_EMAIL_DELAY_SECONDS: how long an agent's reply waits in the chat before it is e-mailed. */
  delaySeconds: number;
  emails: ConversationEmail[];
}
