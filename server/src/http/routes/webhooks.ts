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
import { jsonBody, params, query } from '../validate';

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

/** Webhook endpoints, their secrets and delivery logs: admins only. */
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
    .get('/', async (c) => c.json<WebhookListResponse>({ items: await hooks.list() }))
    .post('/', async (c) => c.json<WebhookWithSecret>(await hooks.create(await jsonBody(c, CreateWebhookSchema)), 201))
    .get('/:id', async (c) => c.json<WebhookEndpoint>(await hooks.get(params(c, IdParamSchema).id)))
    .get('/:id/secret', async (c) => c.json<WebhookWithSecret>(await hooks.withSecret(params(c, IdParamSchema).id)))
    .patch('/:id', async (c) => {
      const { id } = params(c, IdParamSchema);
      return c.json<WebhookEndpoint>(await hooks.update(id, await jsonBody(c, UpdateWebhookSchema)));
    })
    .delete('/:id', async (c) => {
      await hooks.remove(params(c, IdParamSchema).id);
      return c.body(null, 204);
    })
    .post('/:id/rotate-secret', async (c) => {
      const { id } = params(c, IdParamSchema);
      await noInput(c);
      return c.json<WebhookWithSecret>(await hooks.rotate(id));
    })
    .get('/:id/deliveries', async (c) => {
      const { id } = params(c, IdParamSchema);
      const { before, limit } = query(c, WebhookDeliveriesQuerySchema);
      return c.json<WebhookDeliveriesResponse>(await hooks.deliveries(id, before, limit));
    })
    .post('/:id/deliveries/:deliveryId/resend', async (c) => {
      const { id, deliveryId } = params(c, WebhookDeliveryParamSchema);
      await noInput(c);
      await hooks.resend(id, deliveryId);
      return c.body(null, 202);
    })
    .post('/:id/test', async (c) => {
      const { id } = params(c, IdParamSchema);
      await noInput(c);
      return c.json(await hooks.test(id), 202);
    });
}
