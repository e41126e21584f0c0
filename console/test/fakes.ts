/** Test doubles: a scriptable WebSocket, a routed fetch, and wire-object factories. */
import { vi } from 'vitest';
import type { Agent, Conversation, Message, ServerFrame, Site } from '@atendo/shared';
import type { WebSocketLike } from '../src/socket';

/** A WebSocket the test drives: `open()`, `receive(frame)`, `serverClose(code)`; `sent` holds what the client wrote. */
export class FakeWebSocket implements WebSocketLike {
  static instances: FakeWebSocket[] = [];
  static last(): FakeWebSocket {
    const ws = FakeWebSocket.instances[FakeWebSocket.instances.length - 1];
    if (!ws) throw new Error('no socket was opened');
    return ws;
  }

  readyState = 0;
  readonly sent: string[] = [];
  closedWith: number | null = null;
  onopen: ((ev: Event) => unknown) | null = null;
  onmessage: ((ev: MessageEvent) => unknown) | null = null;
  onclose: ((ev: CloseEvent) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;

  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('socket is not open');
    this.sent.push(data);
  }

  close(code = 1000): void {
    this.readyState = 3;
    this.closedWith = code;
  }

  /** Frames the client sent, parsed. */
  frames(): Array<Record<string, unknown>> {
    return this.sent.map((s) => JSON.parse(s) as Record<string, unknown>);
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  receive(frame: ServerFrame): void {
    this.onmessage?.({ data: JSON.stringify(frame) } as MessageEvent);
  }

  serverClose(code = 1006): void {
    this.readyState = 3;
    this.onclose?.({ code } as CloseEvent);
  }

  /** Open and answer hello with welcome, as a server does. */
  connect(agent: Agent = AGENT): void {
    this.open();
    this.receive({ type: 'welcome', v: 1, role: 'agent', agent });
  }
}

export interface FetchCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Record<string, string>;
  credentials: RequestCredentials | undefined;
}

export type Reply = { status?: number; body?: unknown };
export type Route = Reply | ((call: FetchCall) => Reply | Promise<Reply>);

/**
 * Replace `fetch` with a router keyed by "METHOD /path" (no query). Unrouted requests answer 404,
 * so a test notices a request it did not expect.
 */
export function installFetch(routes: Record<string, Route>): { calls: FetchCall[]; routes: Record<string, Route> } {
  const calls: FetchCall[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost');
    const method = (init.method ?? 'GET').toUpperCase();
    const call: FetchCall = {
      method,
      path: url.pathname,
      query: url.searchParams,
      body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
      headers: { ...(init.headers as Record<string, string> | undefined) },
      credentials: init.credentials,
    };
    calls.push(call);
    const route = routes[`${method} ${url.pathname}`];
    const reply: Reply = !route
      ? { status: 404, body: { error: { code: 'not_found', message: `No route ${method} ${url.pathname}` } } }
      : typeof route === 'function'
        ? await route(call)
        : route;
    const status = reply.status ?? 200;
    return new Response(status === 204 ? null : JSON.stringify(reply.body ?? {}), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fn);
  return { calls, routes };
}

export const AGENT: Agent = { id: 'ag_1', email: 'ana@example.com', name: 'Ana Lima', role: 'admin' };

let seqTime = Date.UTC(2025, 4, 20, 12, 0, 0);

export function conversation(over: Partial<Conversation> = {}): Conversation {
  const id = over.id ?? `c_${Math.random().toString(36).slice(2, 8)}`;
  return {
    id,
    siteId: 'site_1',
    visitorId: `v_${id}`,
    visitorName: null,
    status: 'open',
    lastSeq: 1,
    lastMessagePreview: 'Hello',
    lastMessageAuthor: 'visitor',
    lastActivityAt: (seqTime += 1000),
    unreadCount: 0,
    createdAt: seqTime - 60_000,
    ...over,
  };
}

export function message(over: Partial<Message> & { seq: number; conversationId: string }): Message {
  return {
    id: `m_${over.conversationId}_${over.seq}`,
    clientId: `cl_${over.conversationId}_${over.seq}`,
    author: 'visitor',
    agentId: null,
    authorName: null,
    body: `message ${over.seq}`,
    createdAt: Date.UTC(2025, 4, 20, 12, 0, 0) + over.seq * 60_000,
    ...over,
  };
}

export function site(over: Partial<Site> = {}): Site {
  return {
    siteId: 'site_1',
    name: 'Demo shop',
    teamName: 'Demo team',
    greeting: 'Hi! How can we help?',
    color: '#2563eb',
    snippet: '<script src="http://localhost:3000/widget.js" data-site="site_1" async></script>',
    createdAt: 0,
    ...over,
  };
}
