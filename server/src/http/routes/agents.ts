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
import { requireAdmin, requireAgent } from '../session';
import { route } from '../spec';

const tag = 'Team';
const list = route({ summary: 'List the team: status, role, load', tag, auth: 'session', scope: 'conversations:read', responses: { 200: '`{ items }`' } });
const setStatus = route({ summary: 'Set your own status (online, away)', tag, auth: 'session', body: AgentStatusSchema, responses: { 200: '`{ agent }`' } });
const getNotify = route({ summary: 'Your notification e-mails', tag, auth: 'session', responses: { 200: '`{ settings, emailOn }`' } });
const setNotify = route({
  summary: 'Choose your notification e-mails',
  tag,
  auth: 'session',
  body: AgentNotifySettingsSchema,
  responses: { 200: '`{ settings, emailOn }`' },
});
const invite = route({
  summary: 'Invite an agent',
  description: 'With e-mail on, the invitation is e-mailed; without, the answer carries a one-time password to hand over.',
  tag,
  auth: 'admin',
  body: InviteAgentSchema,
  responses: { 201: '`{ agent, password? }`', 409: 'That e-mail address is taken' },
});
const resend = route({
  summary: 'Send an invitation again',
  tag,
  auth: 'admin',
  params: IdParamSchema,
  body: ResendInvitationSchema,
  responses: { 200: '`{ agent }`', 404: 'No such agent' },
});
const update = route({
  summary: 'Change an agent’s role or capacity',
  tag,
  auth: 'admin',
  params: IdParamSchema,
  body: UpdateAgentSchema,
  responses: { 200: '`{ agent }`', 404: 'No such agent' },
});
const setActive = route({
  summary: 'Deactivate or reactivate an agent',
  tag,
  auth: 'admin',
  params: IdParamSchema,
  body: SetAgentActiveSchema,
  responses: { 200: '`{ agent }`', 404: 'No such agent', 409: 'The last active admin cannot be deactivated' },
});

/**
 * The team: everyone sees who is online and their load; each agent sets their own status; admins
 * invite, set roles and capacity, and deactivate or reactivate agents.
 */
export function agentRoutes({ services }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAgent(services))
    .get('/', list, async (c) => c.json<AgentListResponse>({ items: await services.team.list() }))
    .put('/me/status', setStatus, async (c) => {
      const { status } = await setStatus.body(c);
      return c.json<AgentSummaryResponse>({ agent: await services.team.setStatus(c.get('agent').id, status) });
    })
    .get('/me/notifications', getNotify, async (c) =>
      c.json<AgentNotifySettingsResponse>({ settings: await services.notifySettings.get(c.get('agent').id), emailOn: services.notifySettings.emailOn }),
    )
    .put('/me/notifications', setNotify, async (c) => {
      const settings = await setNotify.body(c);
      return c.json<AgentNotifySettingsResponse>({
        settings: await services.notifySettings.set(c.get('agent').id, settings),
        emailOn: services.notifySettings.emailOn,
      });
    })
    .post('/', requireAdmin(), invite, async (c) => {
      const input = await invite.body(c);
      return c.json<InviteAgentResponse>(await services.team.invite(input, c.get('agent').name), 201);
    })
    .post('/:id/invitation', requireAdmin(), resend, async (c) => {
      const { id } = resend.params(c);
      const { locale } = await resend.body(c);
      return c.json<AgentSummaryResponse>({ agent: await services.team.resendInvitation(id, c.get('agent').name, locale) });
    })
    .patch('/:id', requireAdmin(), update, async (c) => {
      const { id } = update.params(c);
      const input = await update.body(c);
      return c.json<AgentSummaryResponse>({ agent: await services.team.update(id, input) });
    })
    .put('/:id/active', requireAdmin(), setActive, async (c) => {
      const { id } = setActive.params(c);
      const { active } = await setActive.body(c);
      return c.json<AgentSummaryResponse>({ agent: await services.team.setActive(c.get('agent').id, id, active) });
    });
}
