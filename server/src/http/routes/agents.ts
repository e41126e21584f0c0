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
const list = route({
  summary: 'List the team: status, role, load',
  description:
    'Every agent, deactivated ones too: role, `status` (online or away), `connected` (a console open now), `load` (open and pending conversations assigned) and `capacity`, ' +
    '`deactivatedAt` (null when active), `invitedAt` (an invitation whose link is not used yet) and `twoFactor`.',
  tag,
  auth: 'session',
  scope: 'conversations:read',
  responses: { 200: '`{ items: AgentSummary[] }`' },
});
const setStatus = route({
  summary: 'Set your own status (online, away)',
  description:
    'Online agents with a console open take conversations by auto-assignment and make the widget offer live chat; every console gets an `agent.presence` frame.',
  tag,
  auth: 'session',
  body: AgentStatusSchema,
  responses: { 200: '`{ agent }`' },
});
const getNotify = route({
  summary: 'Your notification e-mails',
  description:
    'The signed-in agent’s own choices, all `true` until set: `unattended` (a new conversation while nobody is online), `assigned` (a conversation assigned to you), ' +
    '`visitorMessage` (a visitor wrote in your conversation while your console is closed). `emailOn` is false when the server sends no e-mail (no `ATENDO_SMTP_URL`): the choices are kept, nothing goes out.',
  tag,
  auth: 'session',
  responses: { 200: '`{ settings: { unattended, assigned, visitorMessage }, emailOn }`' },
});
const setNotify = route({
  summary: 'Choose your notification e-mails',
  description: 'All three booleans, nothing else (else a 400).',
  tag,
  auth: 'session',
  body: AgentNotifySettingsSchema,
  responses: { 200: '`{ settings, emailOn }`' },
});
const invite = route({
  summary: 'Invite an agent',
  description:
    'With e-mail on, an invitation in `locale` (en, pt-BR or ru) is e-mailed with a link to choose a password, valid 7 days: `password` is null, `emailed` true, ' +
    'and `agent.invitedAt` is set until the link is used. With e-mail off, `password` is a generated one, shown this once, to hand over.',
  tag,
  auth: 'admin',
  body: InviteAgentSchema,
  responses: { 201: '`{ agent, password, emailed }`', 409: 'An agent has that e-mail address' },
});
const resend = route({
  summary: 'Send an invitation again',
  description: 'A new link, valid 7 days; the old one stops working.',
  tag,
  auth: 'admin',
  params: IdParamSchema,
  body: ResendInvitationSchema,
  responses: { 200: '`{ agent }`', 404: 'No such agent', 409: 'E-mail is off on this server, or the agent is deactivated' },
});
const update = route({
  summary: 'Change an agent’s role or capacity',
  description:
    '`capacity` (0–100, default 5) is how many open and pending conversations auto-assignment gives them. Every console gets an `agent.presence` frame.',
  tag,
  auth: 'admin',
  params: IdParamSchema,
  body: UpdateAgentSchema,
  responses: { 200: '`{ agent }`', 404: 'No such agent', 409: 'The last active admin cannot lose the admin role' },
});
const setActive = route({
  summary: 'Deactivate or reactivate an agent',
  description:
    'Deactivating: the agent cannot sign in, every session of theirs ends and their sockets close (`4401`), on every instance; ' +
    'their open and pending conversations are unassigned (every console gets the rows; webhook `conversation.assigned`); ' +
    'they are out of assignment (assigning them a conversation is a 409). Nothing they wrote is deleted. ' +
    'Reactivating lets them sign in again. Deactivating one already deactivated changes nothing.',
  tag,
  auth: 'admin',
  params: IdParamSchema,
  body: SetAgentActiveSchema,
  responses: {
    200: '`{ agent }` with `deactivatedAt` (null when active)',
    404: 'No such agent',
    409: 'You cannot deactivate yourself, nor the last active admin',
  },
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
