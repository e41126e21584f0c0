/** The REST API under /api/v1: one fetch wrapper and a function per endpoint. */
import type {
  AgentResponse,
  ConversationListResponse,
  ConversationResponse,
  ConversationStatus,
  ErrorBody,
  ErrorCode,
  MessageListResponse,
  SiteListResponse,
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

async function request<T>(method: 'GET' | 'POST', path: string, opts: RequestOptions = {}): Promise<T> {
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

export const api = {
  login: (email: string, password: string) =>
    request<AgentResponse>('POST', '/auth/login', { body: { email, password }, expect401: true }),
  logout: () => request<void>('POST', '/auth/logout', { expect401: true }),
  me: () => request<AgentResponse>('GET', '/auth/me', { expect401: true }),
  listConversations: (status: ListFilter, cursor?: string | null, limit?: number) =>
    request<ConversationListResponse>('GET', `/conversations${query({ status, cursor, limit })}`),
  getConversation: (id: string) => request<ConversationResponse>('GET', `/conversations/${encodeURIComponent(id)}`),
  listMessages: (id: string, after = 0, limit?: number) =>
    request<MessageListResponse>('GET', `/conversations/${encodeURIComponent(id)}/messages${query({ after, limit })}`),
  setStatus: (id: string, status: ConversationStatus) =>
    request<ConversationResponse>('POST', `/conversations/${encodeURIComponent(id)}/status`, { body: { status } }),
  markRead: (id: string, seq: number) =>
    request<ConversationResponse>('POST', `/conversations/${encodeURIComponent(id)}/read`, { body: { seq } }),
  listSites: () => request<SiteListResponse>('GET', '/sites'),
};
