import { Hono } from 'hono';
import {
  AgentStatusSchema,
  InviteAgentSchema,
  SetAgentActiveSchema,
  UpdateAgentSchema,
  type AgentListResponse,
  type AgentSummaryResponse,
  type InviteAgentResponse,
} from '@atendo/shared';
import type { AppDeps, AppEnv } from '../context';
import { requireAdmin, requireAgent } from '../session';
import { jsonBody } from '../validate';

/**
 * The team: everyone sees who is online and their load; each agent sets their own status; admins
 * invite, set roles and capacity, and deactivate or reactivate agents (issue 21).
 */
export function agentRoutes({ services }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAgent(services))
    .get('/', (c) => c.json<AgentListResponse>({ items: services.team.list() }))
    .put('/me/status', async (c) => {
      const { status } = await jsonBody(c, AgentStatusSchema);
      return c.json<AgentSummaryResponse>({ agent: services.team.setStatus(c.get('agent').id, status) });
    })
    .post('/', requireAdmin(), async (c) => {
      const input = await jsonBody(c, InviteAgentSchema);
      return c.json<InviteAgentResponse>(await services.team.invite(input), 201);
    })
    .patch('/:id', requireAdmin(), async (c) => {
      const input = await jsonBody(c, UpdateAgentSchema);
      return c.json<AgentSummaryResponse>({ agent: services.team.update(c.req.param('id'), input) });
    })
    .put('/:id/active', requireAdmin(), async (c) => {
      const { active } = await jsonBody(c, SetAgentActiveSchema);
      return c.json<AgentSummaryResponse>({ agent: services.team.setActive(c.get('agent').id, c.req.param('id'), active) });
    });
}
