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
  type WebhookWithSecret,
} from '@atendo/shared';
import { AppError } from '../../domain/errors';
import type { AppDeps, AppEnv } from '../context';
import { requireAdmin, requireAgent } from '../session';
import { route } from '../spec';

const manage = { tag: 'Integrations', auth: 'admin', scope: 'webhooks:manage' } as const;
const list = route({ summary: 'List webhook endpoints, with their state and last delivery', ...manage, responses: { 200: '`{ items }`' } });
const create = route({
  summary: 'Create a webhook endpoint',
  description:
    'Deliveries are signed as the Standard Webhooks spec says (`webhook-id`, `webhook-timestamp`, `webhook-signature`). The answer carries the `whsec_` secret. A URL on a loopback, private, link-local or metadata address is refused unless ATENDO_WEBHOOK_ALLOW_PRIVATE=1.',
  ...manage,
  body: CreateWebhookSchema,
  responses: { 201: 'The endpoint with its secret' },
});
const get = route({ summary: 'Get a webhook endpoint', ...manage, params: IdParamSchema, responses: { 200: 'The endpoint', 404: 'No such endpoint' } });
const secret = route({
  summary: 'A webhook endpoint’s signing secret',
  ...manage,
  params: IdParamSchema,
  responses: { 200: 'The endpoint with its secret', 404: 'No such endpoint' },
});
const update = route({
  summary: 'Change a webhook endpoint (URL, events, enabled)',
  description: 'Enabling a disabled endpoint starts its deliveries again.',
  ...manage,
  params: IdParamSchema,
  body: UpdateWebhookSchema,
  responses: { 200: 'The endpoint', 404: 'No such endpoint' },
});
const remove = route({
  summary: 'Delete a webhook endpoint and its delivery log',
  ...manage,
  params: IdParamSchema,
  responses: { 204: 'Deleted', 404: 'No such endpoint' },
});
const rotate = route({
  summary: 'Rotate a webhook endpoint’s secret',
  description: 'The old secret keeps signing beside the new one for 24 hours (two signatures in `webhook-signature`).',
  ...manage,
  params: IdParamSchema,
  responses: { 200: 'The endpoint with its new secret', 404: 'No such endpoint' },
});
const deliveries = route({
  summary: 'A webhook endpoint’s delivery log, newest first, with each attempt',
  ...manage,
  params: IdParamSchema,
  query: WebhookDeliveriesQuerySchema,
  responses: { 200: '`{ items, nextBefore }`', 404: 'No such endpoint' },
});
const resend = route({
  summary: 'Send a delivery again now (the same webhook-id)',
  ...manage,
  params: WebhookDeliveryParamSchema,
  responses: { 202: 'Queued', 404: 'No such delivery' },
});
const test = route({
  summary: 'Send a `webhook.test` event to this endpoint',
  ...manage,
  params: IdParamSchema,
  responses: { 202: 'Queued: the delivery', 404: 'No such endpoint' },
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
      return c.json(await hooks.test(id), 202);
    });
}
