import { Hono } from 'hono';
import {
  AgentNotifySettingsSchema,
  AgentStatusSchema,
  IdParamSchema,
  InviteAgentSchema,
  ResendInvitationSchema,
  SetAgentActiveSchema,
  UpdateAgentSchema,
  type AgentListResponse,
  type AgentNotifySettingsResponse,
  type AgentSummaryResponse,
  type InviteAgentResponse,
} from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAdmin, requireAgent, scope } from '../session';
import { jsonBody, params } from '../validate';

/**
 * The team: everyone sees who is online and their load; each agent sets their own status; admins
 * invite, set roles and capacity, and deactivate or reactivate agents.
 */
export function agentRoutes({ services }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAgent(services))
    .get('/', scope('conversations:read'), async (c) => c.json<AgentListResponse>({ items: await services.team.list() }))
    .put('/me/status', async (c) => {
      const { status } = await jsonBody(c, AgentStatusSchema);
      return c.json<AgentSummaryResponse>({ agent: await services.team.setStatus(c.get('agent').id, status) });
    })
    .get('/me/notifications', async (c) =>
      c.json<AgentNotifySettingsResponse>({ settings: await services.notifySettings.get(c.get('agent').id), emailOn: services.notifySettings.emailOn }),
    )
    .put('/me/notifications', async (c) => {
      const settings = await jsonBody(c, AgentNotifySettingsSchema);
      return c.json<AgentNotifySettingsResponse>({
        settings: await services.notifySettings.set(c.get('agent').id, settings),
        emailOn: services.notifySettings.emailOn,
      });
    })
    .post('/', requireAdmin(), async (c) => {
      const input = await jsonBody(c, InviteAgentSchema);
      return c.json<InviteAgentResponse>(await services.team.invite(input, c.get('agent').name), 201);
    })
    .post('/:id/invitation', requireAdmin(), async (c) => {
      const { id } = params(c, IdParamSchema);
      const { locale } = await jsonBody(c, ResendInvitationSchema);
      return c.json<AgentSummaryResponse>({ agent: await services.team.resendInvitation(id, c.get('agent').name, locale) });
    })
    .patch('/:id', requireAdmin(), async (c) => {
      const { id } = params(c, IdParamSchema);
      const input = await jsonBody(c, UpdateAgentSchema);
      return c.json<AgentSummaryResponse>({ agent: await services.team.update(id, input) });
    })
    .put('/:id/active', requireAdmin(), async (c) => {
      const { id } = params(c, IdParamSchema);
      const { active } = await jsonBody(c, SetAgentActiveSchema);
      return c.json<AgentSummaryResponse>({ agent: await services.team.setActive(c.get('agent').id, id, active) });
    });
}
