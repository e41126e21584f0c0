/** The team: agents with status, connectedness and load; the signed-in agent's own status. */
import { computed, signal } from '@preact/signals';
import type { AgentRole, AgentStatus, AgentSummary } from '@atendo/shared';
import { api } from '../api';
import { errorText } from '../errors';
import { locale } from '../i18n';
import { myId } from './conversations';
import { notify } from './notices';

export const agentsById = signal<Readonly<Record<string, AgentSummary>>>({});

export const agentList = computed(() => Object.values(agentsById.value).sort((a, b) => a.name.localeCompare(b.name)));
export const me = computed(() => (myId.value ? agentsById.value[myId.value] : undefined));
/** Online = chose "online" and has a console open. */
export const isOnline = (a: AgentSummary) => a.status === 'online' && a.connected;
/** Not deactivated by an admin: may sign in and be assigned conversations. */
export const isActive = (a: AgentSummary) => a.deactivatedAt == null;

export function receiveAgent(a: AgentSummary): void {
  agentsById.value = { ...agentsById.value, [a.id]: a };
}

export async function loadTeam(): Promise<void> {
  try {
    const { items } = await api.listAgents();
    agentsById.value = Object.fromEntries(items.map((a) => [a.id, a]));
  } catch {
    // The team list is a convenience; the inbox works without it.
  }
}

/** Online / away for the signed-in agent. */
export async function setMyStatus(status: AgentStatus): Promise<void> {
  try {
    receiveAgent((await api.setMyStatus(status)).agent);
  } catch (err) {
    notify(errorText(err));
  }
}

/**
 * Invite a teammate in the console's language: with e-mail on the server e-mails the invitation
 * (null here), with e-mail off the answer is the password to hand over.
 */
export async function inviteAgent(input: { email: string; name: string; role: AgentRole }): Promise<string | null> {
  const res = await api.inviteAgent({ ...input, locale: locale.value });
  receiveAgent(res.agent);
  return res.password;
}

/** Send a pending invitation again; throws so the row can say what went wrong. */
export async function resendInvitation(id: string): Promise<void> {
  receiveAgent((await api.resendInvitation(id, locale.value)).agent);
}

export async function updateAgent(id: string, patch: { role?: AgentRole; capacity?: number }): Promise<void> {
  try {
    receiveAgent((await api.updateAgent(id, patch)).agent);
  } catch (err) {
    notify(errorText(err));
  }
}

/** Admins deactivate or reactivate a teammate; throws so the confirm can say what went wrong. */
export async function setAgentActive(id: string, active: boolean): Promise<void> {
  receiveAgent((await api.setAgentActive(id, active)).agent);
}

export function resetTeam(): void {
  agentsById.value = {};
}
