/** Runtime schemas and response shapes of the REST API under /api/v1. */
import * as v from 'valibot';
import type { Agent, Conversation, Message, Site, SiteSecurity, WidgetConfig } from './models';
import type { MessageAttachment } from './attachments';
import type { Note } from './console';
import { normalizeOrigin } from './origins';
import { id, limitParam, seq, seqParam, siteId } from './primitives';

export const LoginSchema = v.strictObject({
  email: v.pipe(v.string(), v.trim(), v.email('Enter a valid e-mail address'), v.maxLength(254)),
  password: v.pipe(v.string(), v.minLength(1, 'Password is required'), v.maxLength(256)),
});
export type LoginInput = v.InferOutput<typeof LoginSchema>;

/** GET /conversations/:id/messages?after=&limit= */
export const MessageListQuerySchema = v.strictObject({
  /** Return messages with seq greater than this. */
  after: v.optional(seqParam),
  limit: limitParam(500),
});

/** POST /conversations/:id/read: the agent has read up to `seq`. */
export const ReadBodySchema = v.strictObject({ seq });

/** `?site=` of the widget's public endpoints: GET /widget/config, /widget/loader, /widget/articles/:id and its vote. */
export const WidgetSiteQuerySchema = v.strictObject({ site: siteId });

/**
 * `?site=` as the widget's origin check reads it (every `/widget/*` request with an Origin), before
 * the route validates the rest of its query: not strict, the other keys are the route's.
 */
export const WidgetOriginQuerySchema = v.object({ site: siteId });

/**
 * The `:id` of every path that names a row (conversations, visitors, agents, sites, canned replies,
 * articles, attachments): a malformed id is a 400 like any bad input, an unknown one the route's
 * 404. Not strict: a path's other parameters (an attachment's `:key`) are the route's to check.
 */
export const IdParamSchema = v.object({ id });

/** The `:siteId` of /sites/:siteId/articles. */
export const SiteIdParamSchema = v.object({ siteId });

/** An uploaded file's name (the server keeps it, with the served type's extension). */
const fileName = v.pipe(v.string(), v.minLength(1, 'name is required'), v.maxLength(255));
/** POST /widget/attachments?site=&name= (a visitor's upload). */
export const VisitorUploadQuerySchema = v.strictObject({ site: siteId, name: fileName });
/** POST /attachments?conversation=&name= (an agent's upload). */
export const AgentUploadQuerySchema = v.strictObject({ conversation: id, name: fileName });

/** PUT /sites/:id/security (admins). Origins are normalized; a malformed one is a 400 naming it. */
export const SiteSecurityInputSchema = v.strictObject({
  allowedOrigins: v.pipe(
    v.array(
      v.pipe(
        v.string(),
        v.maxLength(200),
        v.check((s) => normalizeOrigin(s) !== null, 'Each origin must look like https://shop.example.com (scheme, host, optional port; no path, no wildcard)'),
        v.transform((s) => normalizeOrigin(s) as string),
      ),
    ),
    v.maxLength(50, 'At most 50 origins'),
    v.transform((list) => [...new Set(list)]),
  ),
  identityRequired: v.boolean(),
});
export type SiteSecurityInput = v.InferOutput<typeof SiteSecurityInputSchema>;

export interface SiteSecurityResponse {
  security: SiteSecurity;
}

/** GET /visitors/:id/export (admins): everything Atendo stores about one visitor (LGPD/GDPR). */
export interface VisitorExport {
  exportedAt: number;
  visitor: {
    id: string;
    siteId: string;
    name: string | null;
    email: string | null;
    externalId: string | null;
    verified: boolean;
    locale: string | null;
    lastPageUrl: string | null;
    lastPageTitle: string | null;
    referrer: string | null;
    userAgent: string | null;
    timezone: string | null;
    /** Pages of the current browsing session, as stored. */
    sessionPages: unknown;
    sessionStartedAt: number | null;
    /** Custom attributes the site set (plan, order id…), as stored. */
    attributes: Record<string, string>;
    createdAt: number;
    lastSeenAt: number;
  };
  /** Every conversation with its messages and the agents' internal notes about it. */
  conversations: (Conversation & { messages: Message[]; notes: Note[] })[];
  /** Files the visitor uploaded and never sent (deleted a day after upload). */
  unsentUploads: (MessageAttachment & { createdAt: number })[];
}

export interface AgentResponse {
  agent: Agent;
  /** GET /auth/me: the team requires two-factor sign-in and this agent must set it up before anything else. */
  twoFactorSetupRequired?: boolean;
}
export interface ConversationListResponse {
  items: Conversation[];
  nextCursor: string | null;
}
export interface ConversationResponse {
  conversation: Conversation;
}
export interface MessageListResponse {
  items: Message[];
}
export interface SiteListResponse {
  items: Site[];
}
export interface WidgetConfigResponse {
  config: WidgetConfig;
}
export interface HealthResponse {
  ok: true;
  version: string;
}

/**
 * GET /readyz: whether this instance should get traffic (a load balancer's health check). 503 with
 * the same body when not: the database does not answer, or it is draining after SIGTERM. Redis's
 * state (many instances) is said, for monitoring, but does not make it unready.
 */
export interface ReadinessResponse {
  ready: boolean;
  database: 'ok' | 'down';
  /** Absent on one instance without Redis. */
  redis?: 'ok' | 'down';
  draining: boolean;
}
