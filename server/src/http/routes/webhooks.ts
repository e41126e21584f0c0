import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import {
  CreateWebhookSchema,
  IdParamSchema,
  UpdateWebhookSchema,
  WebhookDeliveriesQuerySchema,
  WebhookDeliveryParamSchema,
  type WebhookDeliveriesResponse,
  type WebhookEndpoint,
  type WebhookListResponse,
  type WebhookTestResponse,
  type WebhookWithSecret,
} from '@atendo/shared';
import { AppError } from '../../domain/errors';
import type { AppDeps, AppEnv } from '../context';
import { requireAdmin, requireAgent } from '../session';
import { route } from '../spec';

const manage = { tag: 'Integrations', auth: 'admin', scope: 'webhooks:manage' } as const;
/** How a URL is checked, at every save and again at every delivery. */
const urlRule =
  'The URL (at most 2,048 characters) must be `http:` or `https:` without a user name or password, and every address its host resolves to must be public: ' +
  'loopback, private, link-local (the cloud metadata address), CGNAT, multicast, reserved and documentation ranges are refused (400 naming the address) ' +
  'unless `ATENDO_WEBHOOK_ALLOW_PRIVATE=1`.';
const list = route({
  summary: 'List webhook endpoints, with their state and last delivery',
  description:
    'Each endpoint’s `url`, `events`, `siteId`, `state` (`active` or `disabled`), `disabledReason`, `failingSince` (every attempt since then failed), ' +
    'the last attempt’s `lastAttemptAt`, `lastStatus` and `lastError`, and `previousSecretUntil` after a rotation; never the secret.',
  ...manage,
  responses: { 200: '`{ items: WebhookEndpoint[] }`' },
});
const create = route({
  summary: 'Create a webhook endpoint',
  description:
    'Deliveries are signed as the Standard Webhooks spec says (`webhook-id`, `webhook-timestamp`, `webhook-signature`; docs/api.md, “Webhooks”). ' +
    '`events`: at least one of `conversation.created`, `conversation.status_changed`, `conversation.assigned`, `message.created`, `conversation.rated`, `visitor.identified`, `visitor.erased`, each once. ' +
    '`siteId` limits the endpoint to one site’s events (absent or null: every site). A team has at most 50 endpoints.\n\n' +
    urlRule +
    '\n\nThe answer carries the secret: `whsec_` + base64 of 32 random bytes (also at `GET /webhooks/{id}/secret`).',
  ...manage,
  body: CreateWebhookSchema,
  responses: {
    201: 'The endpoint with its `secret`',
    400: 'A malformed body (at most 8 KB), an unknown event or site, or a refused URL: nothing is stored',
    409: 'The team has 50 endpoints already',
  },
});
const get = route({
  summary: 'Get a webhook endpoint',
  description: 'Never its secret.',
  ...manage,
  params: IdParamSchema,
  responses: { 200: 'The endpoint', 404: 'No such endpoint' },
});
const secret = route({
  summary: 'A webhook endpoint’s signing secret',
  description: 'For admins (and tokens with `webhooks:manage`): a receiver needs it to verify signatures.',
  ...manage,
  params: IdParamSchema,
  responses: { 200: 'The endpoint with its `secret`', 404: 'No such endpoint' },
});
const update = route({
  summary: 'Change a webhook endpoint (URL, events, enabled)',
  description:
    'At least one of `url` (checked again, as at creation), `events`, `enabled`. `enabled: true` re-enables a disabled endpoint: its reason and failing time are cleared, and its queued deliveries go out. ' +
    '`enabled: false` disables it (“Disabled by an admin”); its deliveries wait.',
  ...manage,
  params: IdParamSchema,
  body: UpdateWebhookSchema,
  responses: { 200: 'The endpoint', 400: 'Nothing to change, a malformed body, or a refused URL', 404: 'No such endpoint' },
});
const remove = route({
  summary: 'Delete a webhook endpoint and its delivery log',
  ...manage,
  params: IdParamSchema,
  responses: { 204: 'Deleted', 404: 'No such endpoint' },
});
const rotate = route({
  summary: 'Rotate a webhook endpoint’s secret',
  description: 'The old secret keeps signing beside the new one for 24 hours (two signatures in `webhook-signature`, new then old). Takes no body, or `{}`.',
  ...manage,
  params: IdParamSchema,
  responses: { 200: 'The endpoint with its new `secret`', 404: 'No such endpoint' },
});
const deliveries = route({
  summary: 'A webhook endpoint’s delivery log, newest first, with each attempt',
  description:
    '`limit` 1–100, default 20; for the next (older) page pass the answer’s `next` as `before`. Each delivery: `id` (the `webhook-id`), `type`, ' +
    '`state` (`queued`, `sending`, `delivered`, `failed`), `attempts`, `nextAttemptAt` (while queued), `createdAt`, `deliveredAt`, `payload` (the JSON body sent), ' +
    'and `attemptLog`, oldest first: `{ at, status (null: no answer), latencyMs, error, response (the first 1 KB of the answer) }`. ' +
    'Delivered and failed deliveries are kept 30 days.',
  ...manage,
  params: IdParamSchema,
  query: WebhookDeliveriesQuerySchema,
  responses: { 200: '`{ items: WebhookDelivery[], next }`; `next` is null on the last page', 404: 'No such endpoint' },
});
const resend = route({
  summary: 'Send a delivery again now (the same webhook-id)',
  description: 'Queued again, due now, with the same `webhook-id` and body; its attempts count from zero. Takes no body, or `{}`.',
  ...manage,
  params: WebhookDeliveryParamSchema,
  responses: { 202: 'Queued', 404: 'No such endpoint, or no such delivery of it', 409: 'The delivery is being sent right now' },
});
const test = route({
  summary: 'Send a `webhook.test` event to this endpoint',
  description: 'A `webhook.test` event (`data: { endpointId, message }`) to this endpoint only, through the outbox like any delivery. Takes no body, or `{}`.',
  ...manage,
  params: IdParamSchema,
  responses: { 202: '`{ deliveryId }`: find it in the delivery log', 404: 'No such endpoint', 409: 'The endpoint is disabled: enable it first' },
});

/** The largest body these routes take: a URL and the event list fit in far less. */
const MAX_BODY = 8 * 1024;

/** The actions (rotate, resend, test) take no input: nothing, or an empty JSON object; anything else is a 400. */
async function noInput(c: Context): Promise<void> {
  const text = (await c.req.text()).trim();
  if (!text) return;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new AppError('invalid_json', 'Request body is not valid JSON');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data) || Object.keys(data).length) {
    throw new AppError('bad_request', 'This action takes no input');
  }
}

/** Webhook endpoints, their secrets and delivery logs: admins, and API tokens with webhooks:manage. */
export function webhookRoutes({ services }: AppDeps) {
  const hooks = services.webhooks;
  return new Hono<AppEnv>()
    .use(requireAgent(services), requireAdmin())
    .use(
      bodyLimit({
        maxSize: MAX_BODY,
        onError: () => {
          throw new AppError('bad_request', `Request body is larger than ${MAX_BODY / 1024} KB`);
        },
      }),
    )
    .get('/', list, async (c) => c.json<WebhookListResponse>({ items: await hooks.list() }))
    .post('/', create, async (c) => c.json<WebhookWithSecret>(await hooks.create(await create.body(c)), 201))
    .get('/:id', get, async (c) => c.json<WebhookEndpoint>(await hooks.get(get.params(c).id)))
    .get('/:id/secret', secret, async (c) => c.json<WebhookWithSecret>(await hooks.withSecret(secret.params(c).id)))
    .patch('/:id', update, async (c) => {
      const { id } = update.params(c);
      return c.json<WebhookEndpoint>(await hooks.update(id, await update.body(c)));
    })
    .delete('/:id', remove, async (c) => {
      await hooks.remove(remove.params(c).id);
      return c.body(null, 204);
    })
    .post('/:id/rotate-secret', rotate, async (c) => {
      const { id } = rotate.params(c);
      await noInput(c);
      return c.json<WebhookWithSecret>(await hooks.rotate(id));
    })
    .get('/:id/deliveries', deliveries, async (c) => {
      const { id } = deliveries.params(c);
      const { before, limit } = deliveries.query(c);
      return c.json<WebhookDeliveriesResponse>(await hooks.deliveries(id, before, limit));
    })
    .post('/:id/deliveries/:deliveryId/resend', resend, async (c) => {
      const { id, deliveryId } = resend.params(c);
      await noInput(c);
      await hooks.resend(id, deliveryId);
      return c.body(null, 202);
    })
    .post('/:id/test', test, async (c) => {
      const { id } = test.params(c);
      await noInput(c);
      return c.json<WebhookTestResponse>(await hooks.test(id), 202);
    });
}
