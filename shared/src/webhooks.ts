/**
 * Webhooks: HTTP POSTs to the team's own systems when something happens, signed as the Standard
 * Webhooks spec says (https://www.standardwebhooks.com). The console and `/api/v1/webhooks` manage
 * the endpoints; the payload shapes below are what a receiver gets in `data`.
 */
import * as v from 'valibot';
import type { Conversation, ConversationStatus, Message } from './models';
import type { Rating } from './ratings';
import { id, siteId } from './primitives';

/** Every event an endpoint may subscribe to (`webhook.test` is sent only by "Send test event"). */
export const WEBHOOK_EVENTS = [
  'conversation.created',
  'conversation.status_changed',
  'conversation.assigned',
  'message.created',
  'conversation.rated',
  'visitor.identified',
  'visitor.erased',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
/** What a delivery's `type` may be: a subscribed event, or the console's test. */
export type WebhookEventType = WebhookEvent | 'webhook.test';

export const WEBHOOK_LIMITS = {
  /** Characters of an endpoint's URL. */
  urlLength: 2048,
  /** Endpoints a team may have. */
  endpoints: 50,
  /** Deliveries per page of the delivery log. */
  pageSize: 100,
} as const;

const url = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, 'url is required'),
  v.maxLength(WEBHOOK_LIMITS.urlLength, `The URL is longer than ${WEBHOOK_LIMITS.urlLength} characters`),
);
const events = v.pipe(
  v.array(v.picklist(WEBHOOK_EVENTS, `Unknown event; the events are ${WEBHOOK_EVENTS.join(', ')}`)),
  v.minLength(1, 'Choose at least one event'),
  v.maxLength(WEBHOOK_EVENTS.length),
  v.check((e) => new Set(e).size === e.length, 'An event is listed twice'),
);

/** POST /webhooks: `siteId` limits the endpoint to one site's events (absent or null: every site). */
export const CreateWebhookSchema = v.strictObject({
  url,
  events,
  siteId: v.optional(v.nullable(siteId)),
});
export type CreateWebhookInput = v.InferOutput<typeof CreateWebhookSchema>;

/** PATCH /webhooks/:id: `enabled: true` re-enables a disabled endpoint (its failing days start over). */
export const UpdateWebhookSchema = v.pipe(
  v.strictObject({
    url: v.optional(url),
    events: v.optional(events),
    enabled: v.optional(v.boolean()),
  }),
  v.check((p) => p.url !== undefined || p.events !== undefined || p.enabled !== undefined, 'Nothing to change'),
);
export type UpdateWebhookInput = v.InferOutput<typeof UpdateWebhookSchema>;

/** 202 of POST /webhooks/:id/test: the test event's delivery (its webhook-id), to find in the log. */
export interface WebhookTestResponse {
  deliveryId: string;
}

/** `/webhooks/:id/deliveries/:deliveryId/resend` */
export const WebhookDeliveryParamSchema = v.object({ id, deliveryId: v.pipe(v.string(), v.regex(/^msg_[A-Za-z0-9]{1,60}$/, 'Not a delivery id')) });

/** GET /webhooks/:id/deliveries?before=&limit=: newest first; `before` is the last delivery id of the previous page. */
export const WebhookDeliveriesQuerySchema = v.strictObject({
  before: v.optional(v.pipe(v.string(), v.regex(/^msg_[A-Za-z0-9]{1,60}$/, 'Not a delivery id'))),
  limit: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,3}$/, 'Expected a number'), v.transform(Number), v.minValue(1), v.maxValue(WEBHOOK_LIMITS.pageSize)),
    '20',
  ),
});

/** An endpoint as the console lists it: never its secret (GET /webhooks/:id/secret gives it to admins). */
export interface WebhookEndpoint {
  id: string;
  url: string;
  events: WebhookEvent[];
  siteId: string | null;
  state: 'active' | 'disabled';
  /** Why it was disabled: the receiver answered 410, it failed for days, or an admin turned it off. */
  disabledReason: string | null;
  /** Every attempt since then failed (null: the last one succeeded, or none failed yet). */
  failingSince: number | null;
  /** The last attempt: when, and its HTTP status (null: no answer, see `lastError`). */
  lastAttemptAt: number | null;
  lastStatus: number | null;
  lastError: string | null;
  /** After a rotation the previous secret still signs (and verifies) until then. */
  previousSecretUntil: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface WebhookListResponse {
  items: WebhookEndpoint[];
}

/** 201 of POST /webhooks, GET /webhooks/:id/secret and POST /webhooks/:id/rotate-secret. */
export interface WebhookWithSecret extends WebhookEndpoint {
  /** `whsec_` + base64: what the receiver verifies signatures with. */
  secret: string;
}

export interface WebhookAttempt {
  at: number;
  /** The HTTP status; null when none came (refused address, timeout, connection error). */
  status: number | null;
  latencyMs: number;
  error: string | null;
  /** The start of the response body (at most 1 KB). */
  response: string | null;
}

export interface WebhookDelivery {
  /** The `webhook-id` header: the same on every retry and resend. */
  id: string;
  type: WebhookEventType;
  state: 'queued' | 'sending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: number | null;
  createdAt: number;
  deliveredAt: number | null;
  /** The JSON body sent. */
  payload: unknown;
  /** Oldest first. */
  attemptLog: WebhookAttempt[];
}

export interface WebhookDeliveriesResponse {
  items: WebhookDelivery[];
  /** Pass as `before` for the next (older) page; null at the end. */
  next: string | null;
}

/** A visitor as payloads carry it. */
export interface WebhookVisitor {
  id: string;
  siteId: string;
  name: string | null;
  email: string | null;
  /** The site's own user id, when the identity was signed (verified). */
  externalId: string | null;
  verified: boolean;
}

/** The `data` of each event type. */
export interface WebhookData {
  'conversation.created': { conversation: Conversation };
  'conversation.status_changed': { conversation: Conversation; previousStatus: ConversationStatus | null };
  'conversation.assigned': { conversation: Conversation; previousAssigneeId: string | null; assignee: { id: string; name: string } | null };
  'message.created': { message: Message; conversation: Conversation };
  'conversation.rated': { conversation: Conversation; rating: Rating };
  'visitor.identified': { visitor: WebhookVisitor };
  'visitor.erased': { visitor: { id: string; siteId: string | null } };
  'webhook.test': { endpointId: string; message: string };
}

/** The body of every webhook request. */
export interface WebhookPayload<T extends WebhookEventType = WebhookEventType> {
  type: T;
  /** ISO 8601, when the event happened. */
  timestamp: string;
  data: WebhookData[T];
}
