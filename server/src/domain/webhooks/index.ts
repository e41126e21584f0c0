/**
 * Webhooks: endpoints (admins manage them; each has a `whsec_` secret, rotated with a day of
 * overlap), the enqueuer (a domain event raised on THIS instance becomes one delivery per active
 * endpoint that wants it, so with many instances it is enqueued once) and the outbox worker
 * (worker.ts). Active endpoints are kept in memory: an event nobody subscribed to writes nothing.
 */
import {
  WEBHOOK_LIMITS,
  type CreateWebhookInput,
  type UpdateWebhookInput,
  type WebhookDeliveriesResponse,
  type WebhookEndpoint,
  type WebhookEvent,
  type WebhookEventType,
  type WebhookPayload,
  type WebhookTestResponse,
  type WebhookWithSecret,
} from '@atendo/shared';
import type { AgentRow, MailOutboxRow, WebhookDeliveryRow, WebhookEndpointRow } from '../../storage/types';
import type { WebhookStore } from '../../storage/webhooks';
import type { Bus } from '../../state';
import { AppError, notFound } from '../errors';
import type { DomainEvent } from '../events';
import { newId } from '../ids';
import { webhookEvents } from './payloads';
import { newSecret } from './sign';
import { disabledEmail } from './templates';
import { resolveTarget, type Lookup } from './target';
import { Batcher } from './batch';
import { WebhookWorker, type WorkerOptions } from './worker';

/** How often every instance reads the endpoints again, whatever the bus said. */
const RELOAD_EVERY_MS = 30_000;

/** A failed enqueue (the database busy or away) is tried again after these waits before it is given up. */
const ENQUEUE_RETRIES_MS = [100, 1_000, 5_000, 15_000];

/** How long a rotated-out secret still signs (receivers switch over meanwhile). */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

export interface WebhookOptions extends WorkerOptions {
  publicUrl: string;
  allowPrivate: boolean;
  lookup?: Lookup;
  agentName: (agentId: string) => string | null;
  siteExists: (siteId: string) => Promise<boolean>;
  /** Admins to tell when an endpoint is disabled, and the outbox to tell them through (null: e-mail is off). */
  admins: () => Promise<AgentRow[]>;
  enqueueMail: ((row: MailOutboxRow) => Promise<boolean>) | null;
}

interface Cached {
  row: WebhookEndpointRow;
  events: Set<string>;
}

function parseEvents(text: string): WebhookEvent[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? (v.filter((e) => typeof e === 'string') as WebhookEvent[]) : [];
  } catch {
    return [];
  }
}

/** An endpoint as the API shows it (never its secret). */
export function toEndpoint(row: WebhookEndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    events: parseEvents(row.events),
    siteId: row.siteId,
    state: row.state,
    disabledReason: row.disabledReason,
    failingSince: row.failingSince,
    lastAttemptAt: row.lastAttemptAt,
    lastStatus: row.lastStatus,
    lastError: row.lastError,
    previousSecretUntil: row.previousSecretUntil,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export class WebhookService {
  readonly worker: WebhookWorker;
  private active: Cached[] = [];
  private unsubscribe: (() => void) | null = null;
  private reloadTimer: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  /** Events' deliveries are written a few milliseconds' worth at a time, in one transaction (batch.ts). */
  private readonly enqueuer = new Batcher<WebhookDeliveryRow[], number>(
    async (batches) => {
      const stored = await this.store.enqueue(batches.flat());
      return batches.map(() => stored);
    },
    25,
    256,
  );

  constructor(
    private store: WebhookStore,
    private bus: Bus,
    private opts: WebhookOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.worker = new WebhookWorker(store, (endpoint, reason) => void this.disabled(endpoint, reason), {
      ...opts,
      allowPrivate: opts.allowPrivate,
      lookup: opts.lookup,
    });
  }

  /** Load the active endpoints; call once before start. */
  async init(): Promise<void> {
    await this.reload();
  }

  /** Read the endpoints again (this instance changed one, or another said it did). */
  async reload(): Promise<void> {
    const rows = await this.store.endpoints();
    this.active = rows.filter((r) => r.state === 'active').map((row) => ({ row, events: new Set(parseEvents(row.events)) }));
  }

  /** Listen to this instance's events and start delivering. */
  start(): void {
    const reload = () => void this.reload().catch((err: unknown) => this.log(`reloading the endpoints failed: ${String(err)}`));
    this.unsubscribe ??= this.bus.on((event, remote) => {
      if (remote) {
        if (event.type === 'cache.changed' && event.what === 'webhooks') reload();
        return;
      }
      // This instance missed events of the cluster's bus: a change of the endpoints may be one.
      if (event.type === 'bus.gap') reload();
      else if (this.active.length) this.onEvent(event);
    });
    // And read them again now and then: a lost bus message may delay a new endpoint's first
    // events by this much, never keep them from it for good.
    this.reloadTimer ??= setInterval(reload, RELOAD_EVERY_MS);
    this.reloadTimer.unref();
    this.worker.start();
  }

  /** Stop listening and delivering; requests in flight get `graceMs` (then are cut, and sent again after their lease). */
  async stop(graceMs?: number): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.reloadTimer) clearInterval(this.reloadTimer);
    this.reloadTimer = null;
    // What was gathered for the outbox is written before the storage closes.
    await this.enqueuer.flush().catch(() => undefined);
    await this.worker.stop(graceMs);
  }

  private log(message: string): void {
    (this.opts.log ?? ((m: string) => console.warn(m)))(`webhooks: ${message}`);
  }

  // --- enqueue -----------------------------------------------------------------------------------

  private onEvent(event: DomainEvent): void {
    const outgoing = webhookEvents(event, this.opts);
    if (!outgoing.length) return;
    const at = this.now();
    const rows: WebhookDeliveryRow[] = [];
    for (const out of outgoing) {
      const wanting = this.active.filter((c) => c.events.has(out.type) && (c.row.siteId === null || c.row.siteId === out.siteId));
      if (!wanting.length) continue;
      const body = this.body(out.type, out.data, at);
      for (const c of wanting) rows.push(this.delivery(c.row.id, out.type, body, at));
    }
    if (!rows.length) return;
    void this.enqueue(rows, outgoing.map((o) => o.type).join(', '));
  }

  /** Write the rows to the outbox, trying again when the database fails, for a while. */
  private async enqueue(rows: WebhookDeliveryRow[], what: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        if (await this.enqueuer.add(rows)) this.worker.kick();
        return;
      } catch (err) {
        const wait = ENQUEUE_RETRIES_MS[attempt];
        if (wait === undefined || !this.unsubscribe) {
          this.log(`could not enqueue ${what} (${rows.length} deliveries), given up: ${String(err)}`);
          return;
        }
        this.log(`could not enqueue ${what}, trying again in ${wait} ms: ${String(err)}`);
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  private body<T extends WebhookEventType>(type: T, data: WebhookPayload<T>['data'], at: number): string {
    return JSON.stringify({ type, timestamp: new Date(at).toISOString(), data } satisfies WebhookPayload<T>);
  }

  private delivery(endpointId: string, type: string, body: string, at: number): WebhookDeliveryRow {
    return {
      id: `msg_${newId()}`,
      endpointId,
      eventType: type,
      body,
      state: 'queued',
      attempts: 0,
      nextAttemptAt: at,
      leaseUntil: null,
      createdAt: at,
      deliveredAt: null,
    };
  }

  // --- endpoints ---------------------------------------------------------------------------------

  private changed(): Promise<void> {
    this.bus.emit({ type: 'cache.changed', what: 'webhooks' });
    return this.reload();
  }

  private async row(id: string): Promise<WebhookEndpointRow> {
    const row = await this.store.endpoint(id);
    if (!row) throw notFound('Webhook');
    return row;
  }

  private async checkUrl(url: string): Promise<string> {
    const target = await resolveTarget(url, { allowPrivate: this.opts.allowPrivate, lookup: this.opts.lookup });
    return target.url.toString();
  }

  async list(): Promise<WebhookEndpoint[]> {
    return (await this.store.endpoints()).map(toEndpoint);
  }

  async get(id: string): Promise<WebhookEndpoint> {
    return toEndpoint(await this.row(id));
  }

  /** The endpoint with its secret (admins: a receiver needs it to verify). */
  async withSecret(id: string): Promise<WebhookWithSecret> {
    const row = await this.row(id);
    return { ...toEndpoint(row), secret: row.secret };
  }

  async create(input: CreateWebhookInput): Promise<WebhookWithSecret> {
    const url = await this.checkUrl(input.url);
    if (input.siteId && !(await this.opts.siteExists(input.siteId))) throw new AppError('bad_request', 'siteId: no such site');
    if ((await this.store.endpoints()).length >= WEBHOOK_LIMITS.endpoints) {
      throw new AppError('conflict', `A team can have at most ${WEBHOOK_LIMITS.endpoints} webhook endpoints`);
    }
    const now = this.now();
    const row: WebhookEndpointRow = {
      id: newId(),
      url,
      events: JSON.stringify(input.events),
      siteId: input.siteId ?? null,
      secret: newSecret(),
      previousSecret: null,
      previousSecretUntil: null,
      state: 'active',
      disabledReason: null,
      failingSince: null,
      lastAttemptAt: null,
      lastStatus: null,
      lastError: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.store.insertEndpoint(row);
    await this.changed();
    return { ...toEndpoint(row), secret: row.secret };
  }

  /** Change the URL (checked again), the events, or enabled: enabling clears the failing days and the reason. */
  async update(id: string, input: UpdateWebhookInput): Promise<WebhookEndpoint> {
    const row = await this.row(id);
    const patch: Parameters<WebhookStore['updateEndpoint']>[1] = {};
    if (input.url !== undefined) patch.url = await this.checkUrl(input.url);
    if (input.events !== undefined) patch.events = JSON.stringify(input.events);
    if (input.enabled === true && row.state !== 'active') Object.assign(patch, { state: 'active', disabledReason: null, failingSince: null });
    if (input.enabled === false && row.state !== 'disabled') Object.assign(patch, { state: 'disabled', disabledReason: 'Disabled by an admin' });
    const after = await this.store.updateEndpoint(id, patch, this.now());
    if (!after) throw notFound('Webhook');
    await this.changed();
    if (input.enabled === true) this.worker.kick();
    return toEndpoint(after);
  }

  async remove(id: string): Promise<void> {
    if (!(await this.store.deleteEndpoint(id))) throw notFound('Webhook');
    await this.changed();
  }

  /** A new secret; the old one keeps signing (beside the new) for ROTATION_OVERLAP_MS. */
  async rotate(id: string): Promise<WebhookWithSecret> {
    const row = await this.row(id);
    const now = this.now();
    const after = await this.store.updateEndpoint(id, { secret: newSecret(), previousSecret: row.secret, previousSecretUntil: now + ROTATION_OVERLAP_MS }, now);
    if (!after) throw notFound('Webhook');
    await this.changed();
    return { ...toEndpoint(after), secret: after.secret };
  }

  // --- deliveries --------------------------------------------------------------------------------

  async deliveries(id: string, before: string | undefined, limit: number): Promise<WebhookDeliveriesResponse> {
    await this.row(id);
    const page = await this.store.deliveries(id, before, limit);
    return {
      items: page.items.map(({ delivery: d, attempts }) => ({
        id: d.id,
        type: d.eventType as WebhookEventType,
        state: d.state,
        attempts: d.attempts,
        nextAttemptAt: d.state === 'queued' ? d.nextAttemptAt : null,
        createdAt: d.createdAt,
        deliveredAt: d.deliveredAt,
        payload: JSON.parse(d.body) as unknown,
        attemptLog: attempts.map((a) => ({ at: a.at, status: a.status, latencyMs: a.latencyMs, error: a.error, response: a.response })),
      })),
      next: page.next,
    };
  }

  /** Queue a delivery again now, with the same webhook-id. */
  async resend(id: string, deliveryId: string): Promise<void> {
    await this.row(id);
    if (!(await this.store.resend(id, deliveryId, this.now()))) {
      if (await this.store.delivery(deliveryId).then((d) => d?.endpointId === id)) throw new AppError('conflict', 'This delivery is being sent right now');
      throw notFound('Delivery');
    }
    this.worker.kick();
  }

  /** A `webhook.test` event to this endpoint only, through the outbox; its delivery id. */
  async test(id: string): Promise<WebhookTestResponse> {
    const row = await this.row(id);
    if (row.state !== 'active') throw new AppError('conflict', 'The endpoint is disabled: enable it first');
    const at = this.now();
    const body = this.body('webhook.test', { endpointId: id, message: 'A test event from Atendo' }, at);
    const delivery = this.delivery(id, 'webhook.test', body, at);
    if (!(await this.store.enqueue([delivery]))) throw notFound('Webhook');
    this.worker.kick();
    return { deliveryId: delivery.id };
  }

  // --- disabling ---------------------------------------------------------------------------------

  /** An endpoint was disabled by an attempt: every instance reloads, and every admin is e-mailed once (when e-mail is on). */
  private async disabled(endpoint: WebhookEndpointRow, reason: string): Promise<void> {
    try {
      this.log(`endpoint ${endpoint.id} disabled: ${reason}`);
      await this.changed();
      const enqueue = this.opts.enqueueMail;
      if (!enqueue) return;
      const now = this.now();
      const link = `${this.opts.publicUrl}/#/settings/webhooks`;
      for (const admin of await this.opts.admins()) {
        const content = disabledEmail({ locale: null, name: admin.name, url: endpoint.url, reason, link });
        await enqueue({
          id: newId(),
          // Once per admin per disabling: the endpoint's last change before it is part of the key.
          dedupeKey: `webhook_disabled:${endpoint.id}:${endpoint.updatedAt}:${admin.id}`,
          kind: 'webhook_disabled',
          recipient: admin.email,
          ...content,
          headers: JSON.stringify({ 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' }),
          replyTo: null,
          fromName: null,
          conversationId: null,
          state: 'queued',
          attempts: 0,
          nextAttemptAt: now,
          leaseUntil: null,
          lastError: null,
          createdAt: now,
          sentAt: null,
        });
      }
    } catch (err) {
      this.log(`telling the admins about endpoint ${endpoint.id} failed: ${String(err)}`);
    }
  }
}
