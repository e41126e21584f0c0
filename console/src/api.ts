/** The REST API under /api/v1: one fetch wrapper and a function per endpoint. */
import type {
  ApiTokenListResponse,
  BotSettings,
  ContentGapsResponse,
  CreateApiTokenInput,
  CreatedApiTokenResponse,
  AgentNotifySettings,
  AgentNotifySettingsResponse,
  AccountLinkResponse,
  LoginResponse,
  RecoveryCodesResponse,
  TeamSecurity,
  TwoFactorSetupResponse,
  TwoFactorStatus,
  AgentResponse,
  ConversationListResponse,
  ConversationResponse,
  ConversationStatus,
  ErrorBody,
  ErrorCode,
  MessageListResponse,
  SiteListResponse,
  SiteSecurityResponse,
  VisitorExport,
  AgentListResponse,
  AgentRole,
  AgentStatus,
  AgentSummaryResponse,
  AppearanceInput,
  CannedReplyListResponse,
  CannedReplyResponse,
  InboxScope,
  InviteAgentResponse,
  LiveVisitorListResponse,
  NoteListResponse,
  ConversationEmailsResponse,
  NoteResponse,
  SearchResponse,
  SiteResponse,
  TagListResponse,
  ViewCountsResponse,
  VisitorProfileResponse,
  ReportResponse,
  WidgetSettings,
  ArticleInput,
  ArticleListResponse,
  ArticleResponse,
  SiteDeletionResponse,
  CreateWebhookInput,
  UpdateWebhookInput,
  WebhookDeliveriesResponse,
  WebhookEndpoint,
  WebhookListResponse,
  WebhookTestResponse,
  WebhookWithSecret,
} from '@atendo/shared';

const BASE = '/api/v1';

/** An error answer from the server, or `network` when there was no answer at all. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | 'network',
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let onUnauthorized: (() => void) | null = null;

/** Called when any request other than login/me answers 401: the session has ended. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

function isErrorBody(value: unknown): value is ErrorBody {
  const error = (value as Partial<ErrorBody> | null)?.error;
  return typeof error === 'object' && error !== null && typeof error.code === 'string' && typeof error.message === 'string';
}

interface RequestOptions {
  body?: unknown;
  /** Do not treat a 401 as "session ended" (login and the session probe expect it). */
  expect401?: boolean;
}

async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, opts: RequestOptions = {}): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (method !== 'GET') {
    // The server's CSRF check wants JSON on every state-changing request, even an empty one.
    init.headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
    init.body = JSON.stringify(opts.body ?? {});
  }
  let res: Response;
  try {
    res = await fetch(BASE + path, init);
  } catch (err) {
    throw new ApiError('network', err instanceof Error ? err.message : String(err), 0);
  }
  if (res.status === 204) return undefined as T;
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    if (res.status === 401 && !opts.expect401) onUnauthorized?.();
    if (isErrorBody(data)) throw new ApiError(data.error.code, data.error.message, res.status);
    throw new ApiError(res.status === 401 ? 'unauthorized' : 'internal', `HTTP ${res.status}`, res.status);
  }
  return data as T;
}

function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export type ListFilter = ConversationStatus | 'all';

/** The inbox view being listed: scope × status (× site). */
export interface ViewQuery {
  scope: InboxScope;
  status: ListFilter;
  site: string | null;
}

const enc = encodeURIComponent;

export const api = {
  login: (email: string, password: string) => request<LoginResponse>('POST', '/auth/login', { body: { email, password }, expect401: true }),
  // Signing in's second step, "forgot password" and the links: no session yet, a 401 is a wrong code.
  loginTwoFactor: (ticket: string, code: string) => request<LoginResponse>('POST', '/auth/login/two-factor', { body: { ticket, code }, expect401: true }),
  forgotPassword: (email: string, locale: string) => request<void>('POST', '/auth/forgot', { body: { email, locale }, expect401: true }),
  accountLink: (token: string) => request<AccountLinkResponse>('GET', `/auth/links/${enc(token)}`, { expect401: true }),
  setPasswordWithLink: (token: string, password: string) => request<void>('POST', `/auth/links/${enc(token)}`, { body: { password }, expect401: true }),
  twoFactorStatus: () => request<TwoFactorStatus>('GET', '/auth/two-factor'),
  twoFactorSetup: () => request<TwoFactorSetupResponse>('POST', '/auth/two-factor/setup'),
  // A wrong code (or password) is a 401 that does not mean the session ended.
  enableTwoFactor: (setupToken: string, code: string) =>
    request<RecoveryCodesResponse>('POST', '/auth/two-factor/enable', { body: { setupToken, code }, expect401: true }),
  disableTwoFactor: (password: string, code: string) => request<void>('POST', '/auth/two-factor/disable', { body: { password, code }, expect401: true }),
  regenerateRecoveryCodes: (code: string) => request<RecoveryCodesResponse>('POST', '/auth/two-factor/recovery-codes', { body: { code }, expect401: true }),
  teamSecurity: () => request<TeamSecurity>('GET', '/auth/team-security'),
  setTeamSecurity: (input: TeamSecurity) => request<TeamSecurity>('PUT', '/auth/team-security', { body: input }),
  logout: () => request<void>('POST', '/auth/logout', { expect401: true }),
  me: () => request<AgentResponse>('GET', '/auth/me', { expect401: true }),
  // A wrong current password is a 401 too (invalid_credentials): the caller tells it from a
  // session that ended (unauthorized), so it is not taken as one here.
  changePassword: (currentPassword: string, newPassword: string) =>
    request<void>('POST', '/auth/password', { body: { currentPassword, newPassword }, expect401: true }),
  logoutEverywhere: () => request<void>('POST', '/auth/logout-everywhere'),
  listConversations: (status: ListFilter, cursor?: string | null, limit?: number, view?: Partial<ViewQuery>) =>
    request<ConversationListResponse>('GET', `/conversations${query({ status, scope: view?.scope, site: view?.site, cursor, limit })}`),
  viewCounts: (site: string | null) => request<ViewCountsResponse>('GET', `/conversations/counts${query({ site })}`),
  assign: (id: string, agentId: string | null) => request<ConversationResponse>('POST', `/conversations/${enc(id)}/assign`, { body: { agentId } }),
  setTags: (id: string, tags: string[]) => request<ConversationResponse>('PUT', `/conversations/${enc(id)}/tags`, { body: { tags } }),
  listNotes: (id: string) => request<NoteListResponse>('GET', `/conversations/${enc(id)}/notes`),
  conversationEmails: (id: string) => request<ConversationEmailsResponse>('GET', `/conversations/${enc(id)}/emails`),
  addNote: (id: string, body: string) => request<NoteResponse>('POST', `/conversations/${enc(id)}/notes`, { body: { body } }),
  tagCatalogue: () => request<TagListResponse>('GET', '/tags'),
  listAgents: () => request<AgentListResponse>('GET', '/agents'),
  notifySettings: () => request<AgentNotifySettingsResponse>('GET', '/agents/me/notifications'),
  setNotifySettings: (settings: AgentNotifySettings) => request<AgentNotifySettingsResponse>('PUT', '/agents/me/notifications', { body: settings }),
  setMyStatus: (status: AgentStatus) => request<AgentSummaryResponse>('PUT', '/agents/me/status', { body: { status } }),
  inviteAgent: (input: { email: string; name: string; role: AgentRole; locale: string }) => request<InviteAgentResponse>('POST', '/agents', { body: input }),
  resendInvitation: (id: string, locale: string) => request<AgentSummaryResponse>('POST', `/agents/${enc(id)}/invitation`, { body: { locale } }),
  updateAgent: (id: string, patch: { role?: AgentRole; capacity?: number }) => request<AgentSummaryResponse>('PATCH', `/agents/${enc(id)}`, { body: patch }),
  setAgentActive: (id: string, active: boolean) => request<AgentSummaryResponse>('PUT', `/agents/${enc(id)}/active`, { body: { active } }),
  listCanned: () => request<CannedReplyListResponse>('GET', '/canned-replies'),
  createCanned: (input: { shortcut: string; body: string }) => request<CannedReplyResponse>('POST', '/canned-replies', { body: input }),
  updateCanned: (id: string, input: { shortcut: string; body: string }) => request<CannedReplyResponse>('PUT', `/canned-replies/${enc(id)}`, { body: input }),
  deleteCanned: (id: string) => request<void>('DELETE', `/canned-replies/${enc(id)}`),
  // Help articles: agents read, admins write.
  listArticles: (siteId: string) => request<ArticleListResponse>('GET', `/sites/${enc(siteId)}/articles`),
  createArticle: (siteId: string, input: ArticleInput) => request<ArticleResponse>('POST', `/sites/${enc(siteId)}/articles`, { body: input }),
  updateArticle: (id: string, input: ArticleInput) => request<ArticleResponse>('PUT', `/articles/${enc(id)}`, { body: input }),
  deleteArticle: (id: string) => request<void>('DELETE', `/articles/${enc(id)}`),
  search: (q: string) => request<SearchResponse>('GET', `/search${query({ q })}`),
  // Reports: volume, CSAT, NPS, first response and resolution over a period.
  report: (q: { from: number; to: number; site?: string | null }) => request<ReportResponse>('GET', `/reports${query(q)}`),
  liveVisitors: () => request<LiveVisitorListResponse>('GET', '/live/visitors'),
  visitorProfile: (id: string) => request<VisitorProfileResponse>('GET', `/live/visitors/${enc(id)}`),
  startConversation: (visitorId: string, clientId: string, body: string) =>
    request<ConversationResponse>('POST', `/live/visitors/${enc(visitorId)}/conversations`, { body: { clientId, body } }),
  setAppearance: (siteId: string, input: AppearanceInput) => request<SiteResponse>('PUT', `/sites/${enc(siteId)}/appearance`, { body: input }),
  /** The whole widget-settings object (admins); read the current one from the sites list (`site.settings`). */
  setWidgetSettings: (siteId: string, settings: WidgetSettings) => request<SiteResponse>('PUT', `/sites/${enc(siteId)}/widget-settings`, { body: settings }),
  getConversation: (id: string) => request<ConversationResponse>('GET', `/conversations/${encodeURIComponent(id)}`),
  listMessages: (id: string, after = 0, limit?: number) =>
    request<MessageListResponse>('GET', `/conversations/${encodeURIComponent(id)}/messages${query({ after, limit })}`),
  setStatus: (id: string, status: ConversationStatus) =>
    request<ConversationResponse>('POST', `/conversations/${encodeURIComponent(id)}/status`, { body: { status } }),
  markRead: (id: string, seq: number) => request<ConversationResponse>('POST', `/conversations/${encodeURIComponent(id)}/read`, { body: { seq } }),
  listSites: () => request<SiteListResponse>('GET', '/sites'),
  // Admins: sites created, renamed and deleted (a deletion repeats the site's name as confirmation).
  createSite: (name: string) => request<SiteResponse>('POST', '/sites', { body: { name } }),
  renameSite: (siteId: string, name: string) => request<SiteResponse>('PATCH', `/sites/${enc(siteId)}`, { body: { name } }),
  siteDeletion: (siteId: string) => request<SiteDeletionResponse>('GET', `/sites/${enc(siteId)}/deletion`),
  deleteSite: (siteId: string, confirm: string) => request<void>('DELETE', `/sites/${enc(siteId)}`, { body: { confirm } }),
  // Admins: site security settings and data-subject requests (LGPD/GDPR).
  siteSecurity: (siteId: string) => request<SiteSecurityResponse>('GET', `/sites/${enc(siteId)}/security`),
  setSiteSecurity: (siteId: string, input: { allowedOrigins: string[]; identityRequired: boolean }) =>
    request<SiteSecurityResponse>('PUT', `/sites/${enc(siteId)}/security`, { body: input }),
  rotateSecret: (siteId: string) => request<SiteSecurityResponse>('POST', `/sites/${enc(siteId)}/secret`),
  exportVisitor: (visitorId: string) => request<VisitorExport>('GET', `/visitors/${enc(visitorId)}/export`),
  deleteVisitor: (visitorId: string) => request<void>('DELETE', `/visitors/${enc(visitorId)}`),
  // Admins: the team's API tokens (the token itself is in the creation's answer only).
  listApiTokens: () => request<ApiTokenListResponse>('GET', '/api-tokens'),
  createApiToken: (input: CreateApiTokenInput) => request<CreatedApiTokenResponse>('POST', '/api-tokens', { body: input }),
  revokeApiToken: (id: string) => request<void>('DELETE', `/api-tokens/${enc(id)}`),
  listWebhooks: () => request<WebhookListResponse>('GET', '/webhooks'),
  createWebhook: (input: CreateWebhookInput) => request<WebhookWithSecret>('POST', '/webhooks', { body: input }),
  webhookSecret: (id: string) => request<WebhookWithSecret>('GET', `/webhooks/${enc(id)}/secret`),
  updateWebhook: (id: string, input: UpdateWebhookInput) => request<WebhookEndpoint>('PATCH', `/webhooks/${enc(id)}`, { body: input }),
  deleteWebhook: (id: string) => request<void>('DELETE', `/webhooks/${enc(id)}`),
  rotateWebhookSecret: (id: string) => request<WebhookWithSecret>('POST', `/webhooks/${enc(id)}/rotate-secret`),
  webhookDeliveries: (id: string, before?: string | null) => request<WebhookDeliveriesResponse>('GET', `/webhooks/${enc(id)}/deliveries${query({ before })}`),
  resendWebhookDelivery: (id: string, deliveryId: string) => request<void>('POST', `/webhooks/${enc(id)}/deliveries/${enc(deliveryId)}/resend`),
  testWebhook: (id: string) => request<WebhookTestResponse>('POST', `/webhooks/${enc(id)}/test`),
  // The answer bot: its mode per site (admins change it) and the questions it had no article for.
  botSettings: (siteId: string) => request<BotSettings>('GET', `/sites/${enc(siteId)}/bot`),
  setBotSettings: (siteId: string, settings: BotSettings) => request<BotSettings>('PUT', `/sites/${enc(siteId)}/bot`, { body: settings }),
  contentGaps: (siteId: string, q: { from: number; to: number; locale?: string | null }) =>
    request<ContentGapsResponse>('GET', `/sites/${enc(siteId)}/content-gaps${query(q)}`),
  dismissContentGap: (siteId: string, norm: string) => request<void>('DELETE', `/sites/${enc(siteId)}/content-gaps${query({ norm })}`),
};
