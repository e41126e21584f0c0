/**
 * Agent e-mails: which of the three batched notifications an agent wants (a new conversation while
 * no agent is online, a conversation assigned to them, a visitor's new message in their
 * conversation while they are offline). Each agent sets their own in the console.
 */
import * as v from 'valibot';

export interface AgentNotifySettings {
  /** A new conversation while no agent is online. */
  unattended: boolean;
  /** A conversation assigned to me by someone else or by auto-assignment. */
  assigned: boolean;
  /** A visitor's new message in my conversation while I have no console open. */
  visitorMessage: boolean;
}

/** What an agent who never chose gets: everything on. */
export const DEFAULT_NOTIFY_SETTINGS: AgentNotifySettings = { unattended: true, assigned: true, visitorMessage: true };

/** PUT /api/v1/agents/me/notifications: the whole choice (three booleans, nothing else). */
export const AgentNotifySettingsSchema = v.strictObject({
  unattended: v.boolean(),
  assigned: v.boolean(),
  visitorMessage: v.boolean(),
});

/** GET and PUT /api/v1/agents/me/notifications. */
export interface AgentNotifySettingsResponse {
  settings: AgentNotifySettings;
  /** False when the server sends no e-mail (no ATENDO_SMTP_URL): the choices are kept but nothing goes out. */
  emailOn: boolean;
}

/** Stored JSON (any shape, '{}' for a new agent) read as settings: missing or odd fields take the default. */
export function parseNotifySettings(json: string | null | undefined): AgentNotifySettings {
  let raw: unknown;
  try {
    raw = JSON.parse(json ?? '{}');
  } catch {
    raw = {};
  }
  const o = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const pick = (k: keyof AgentNotifySettings) => (typeof o[k] === 'boolean' ? (o[k] as boolean) : DEFAULT_NOTIFY_SETTINGS[k]);
  return { unattended: pick('unattended'), assigned: pick('assigned'), visitorMessage: pick('visitorMessage') };
}
