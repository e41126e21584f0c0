/**
 * The clients of the fault tests (faults.ts: one server restarted; cluster/faults.ts: three
 * instances killed in turn), as the widget and the console behave: an outbox that resends unacked
 * messages with the same clientId (to the conversation each was addressed to), `resume` with the
 * highest contiguous seq held, and `history.get` for any hole seen. Every message frame a client
 * receives is recorded; `checkRun` then compares storage with every ack and every client with
 * storage.
 */
import { WebSocket } from 'ws';
import { PROTOCOL_VERSION, type Message, type ServerFrame } from '@atendo/shared';

export interface Client {
  name: string;
  kind: 'visitor' | 'agent';
  token?: string;
  /** A visitor's own conversation; for an agent, the one it is writing to now. */
  conversationId?: string;
  ws?: WebSocket;
  ready: boolean;
  n: number;
  /** clientId → body and, for agents, the conversation it was addressed to. */
  outbox: Map<string, { body: string; conversationId?: string }>;
  acked: Map<string, { seq: number; conversationId: string }>;
  /** What the client holds: conversation → seq → clientId (from acks, live frames, replays, history). */
  held: Map<string, Map<number, string>>;
  /** Conversation → highest seq s such that 1..s are all held. */
  contiguous: Map<string, number>;
  /** Conversations with a `history.get` in flight on this socket. */
  healing: Set<string>;
  /** `conversation:seq` of every message frame the current socket received: a second one is a violation. */
  onSocket: Set<string>;
  repeats: string[];
  healed: number;
  /** Sockets this client opened (the first one included). */
  connects: number;
}

export interface Target {
  wsUrl: string;
}

export const makeClient = (name: string, kind: Client['kind']): Client => ({
  name,
  kind,
  ready: false,
  n: 0,
  outbox: new Map(),
  acked: new Map(),
  held: new Map(),
  contiguous: new Map(),
  healing: new Set(),
  onSocket: new Set(),
  repeats: [],
  healed: 0,
  connects: 0,
});

/** The clients of one run: the site they visit, the agents' cookie and Origin, the conversations seen. */
export class Fleet {
  readonly conversations = new Set<string>();

  constructor(
    public siteId: string,
    public cookie: string,
    public origin: string,
  ) {}

  hold(c: Client, m: Pick<Message, 'conversationId' | 'seq' | 'clientId'>): void {
    this.conversations.add(m.conversationId);
    let byseq = c.held.get(m.conversationId);
    if (!byseq) c.held.set(m.conversationId, (byseq = new Map()));
    byseq.set(m.seq, m.clientId);
    let k = c.contiguous.get(m.conversationId) ?? 0;
    while (byseq.has(k + 1)) k++;
    c.contiguous.set(m.conversationId, k);
  }

  /** Ask for what lies between the contiguous seq and the newest held or announced one. */
  heal(c: Client, conversationId: string, newest: number): void {
    const k = c.contiguous.get(conversationId) ?? 0;
    if (newest <= k || c.healing.has(conversationId) || !c.ready || c.ws?.readyState !== WebSocket.OPEN) return;
    c.healing.add(conversationId);
    c.healed++;
    c.ws.send(JSON.stringify({ type: 'history.get', conversationId, after: k }));
  }

  private newestHeld(c: Client, conversationId: string): number {
    let max = 0;
    for (const s of c.held.get(conversationId)?.keys() ?? []) max = Math.max(max, s);
    return max;
  }

  /** `resume`: per conversation, the highest contiguous seq (a visitor: its own; an agent: every one it knows). */
  private resumeOf(c: Client): Record<string, number> {
    const ids = c.kind === 'visitor' ? (c.conversationId ? [c.conversationId] : []) : [...this.conversations];
    return Object.fromEntries(ids.map((id) => [id, c.contiguous.get(id) ?? 0]));
  }

  /** Open a socket to `target` and say hello; resolves at welcome, or when the socket fails or closes first. */
  connect(c: Client, target: Target, onClose?: (c: Client) => void): Promise<void> {
    if (c.ws && c.ws.readyState !== WebSocket.CLOSED) c.ws.terminate();
    c.connects++;
    return new Promise((resolve) => {
      const headers: Record<string, string> = { origin: this.origin, ...(c.kind === 'agent' ? { cookie: this.cookie } : {}) };
      const ws = new WebSocket(target.wsUrl, { headers });
      c.ws = ws;
      c.ready = false;
      c.healing = new Set();
      c.onSocket = new Set();
      ws.on('open', () => {
        const resume = this.resumeOf(c);
        ws.send(
          JSON.stringify(
            c.kind === 'agent'
              ? { type: 'hello', v: PROTOCOL_VERSION, role: 'agent', resume }
              : { type: 'hello', v: PROTOCOL_VERSION, role: 'visitor', siteId: this.siteId, ...(c.token ? { token: c.token } : {}), resume },
          ),
        );
      });
      ws.on('message', (data) => {
        if (c.ws !== ws) return;
        this.onFrame(c, JSON.parse(String(data)) as ServerFrame, resolve);
      });
      ws.on('error', () => resolve());
      ws.on('close', () => {
        if (c.ws === ws) {
          c.ready = false;
          onClose?.(c);
        }
        resolve();
      });
    });
  }

  private onFrame(c: Client, f: ServerFrame, welcomed: () => void): void {
    switch (f.type) {
      case 'welcome':
        c.ready = true;
        // Resend the outbox with the same clientIds, each to its own conversation (widget and console do the same).
        for (const [clientId, item] of c.outbox) this.sendItem(c, clientId, item);
        welcomed();
        break;
      case 'session':
        c.token = f.token;
        break;
      case 'ack':
        c.outbox.delete(f.clientId);
        c.conversationId ??= f.message.conversationId;
        c.acked.set(f.clientId, { seq: f.message.seq, conversationId: f.message.conversationId });
        this.hold(c, f.message);
        this.heal(c, f.message.conversationId, f.message.seq);
        break;
      case 'message': {
        const key = `${f.message.conversationId}:${f.message.seq}`;
        if (c.onSocket.has(key)) c.repeats.push(key);
        c.onSocket.add(key);
        this.hold(c, f.message);
        this.heal(c, f.message.conversationId, f.message.seq);
        if (f.conversation) this.heal(c, f.conversation.id, f.conversation.lastSeq);
        break;
      }
      case 'conversation':
        this.conversations.add(f.conversation.id);
        // A row can overtake its message within a commit (a new conversation's row goes out at once):
        // like the console, fetch only if the client is still behind a moment later.
        setTimeout(() => this.heal(c, f.conversation.id, f.conversation.lastSeq), 1000);
        break;
      case 'resync':
        this.heal(c, f.conversationId, f.lastSeq);
        break;
      case 'history': {
        for (const m of f.messages) this.hold(c, m);
        c.healing.delete(f.conversationId);
        const newest = this.newestHeld(c, f.conversationId);
        this.heal(c, f.conversationId, f.more ? newest + 1 : newest);
        break;
      }
    }
  }

  sendItem(c: Client, clientId: string, item: { body: string; conversationId?: string }): void {
    if (!c.ready || !c.ws || c.ws.readyState !== WebSocket.OPEN) return;
    let conversationId = item.conversationId;
    if (c.kind === 'visitor') {
      // A visitor's first message goes without a conversation; the rest wait for its ack.
      if (!c.conversationId && clientId !== [...c.outbox.keys()][0]) return;
      conversationId = c.conversationId;
    }
    c.ws.send(JSON.stringify({ type: 'message.send', ...(conversationId ? { conversationId } : {}), clientId, body: item.body }));
  }

  /** Everyone writes one message (agents to the visitor's conversation `pick` gives them), unless their outbox is full. */
  write(clients: Client[], run: string, pick: (agent: Client) => string | undefined): void {
    for (const c of clients) {
      if (c.kind === 'agent') c.conversationId = pick(c);
      if (c.kind === 'agent' && !c.conversationId) continue;
      if (c.outbox.size > 50) continue; // bounded: an offline client stops typing
      // Unguessable-length ids, like the widget's: a token-less retry of a first message claims its visitor.
      const clientId = `${c.name}-${c.n++}-${run}`;
      const item = { body: `${c.name} message ${c.n}`, ...(c.kind === 'agent' ? { conversationId: c.conversationId! } : {}) };
      c.outbox.set(clientId, item);
      this.sendItem(c, clientId, item);
    }
  }

  /** Resend outboxes until they are empty (or `ms` passed); the number of messages left unacked. */
  async drain(clients: Client[], ms = 10_000): Promise<number> {
    const until = Date.now() + ms;
    while (clients.some((c) => c.outbox.size) && Date.now() < until) {
      for (const c of clients) for (const [id, item] of c.outbox) this.sendItem(c, id, item);
      await new Promise((r) => setTimeout(r, 300));
    }
    return clients.reduce((n, c) => n + c.outbox.size, 0);
  }
}

type Row = { seq: number; clientId: string; body: string };

/**
 * The checks: every acked message stored once at its acked seq, nothing stored twice, seqs 1..n;
 * every agent holds every seq of every conversation and every visitor every seq of its own (and
 * nothing of another's); no socket got a message twice. Logs each violation; returns the counts.
 */
export async function checkRun(
  clients: Client[],
  transcriptOf: (conversationId: string) => Promise<Row[]>,
  log: (line: string) => void,
): Promise<{ violations: number; acked: number; stored: number; conversations: number; complete: boolean }> {
  let violations = 0;
  const visitors = clients.filter((c) => c.kind === 'visitor');
  const convIds = [...new Set(visitors.map((v) => v.conversationId).filter((x): x is string => Boolean(x)))];
  let stored = 0;
  const lastSeq = new Map<string, number>();
  const rowsByClient = new Map<string, { seq: number; conversationId: string }[]>();
  for (const id of convIds) {
    const rows = await transcriptOf(id);
    stored += rows.length;
    lastSeq.set(id, rows.length);
    if (rows.some((r, i) => r.seq !== i + 1)) {
      log(`VIOLATION: conversation ${id} has seqs that are not 1..${rows.length}`);
      violations++;
    }
    for (const r of rows) rowsByClient.set(r.clientId, [...(rowsByClient.get(r.clientId) ?? []), { seq: r.seq, conversationId: id }]);
  }
  let acked = 0;
  for (const c of clients) {
    for (const [clientId, ack] of c.acked) {
      acked++;
      const rows = rowsByClient.get(clientId) ?? [];
      if (rows.length !== 1 || rows[0]!.seq !== ack.seq || rows[0]!.conversationId !== ack.conversationId) {
        log(
          `VIOLATION: ${clientId} acked as seq ${ack.seq} in ${ack.conversationId} but stored ${rows.length} time(s)${rows[0] ? ` as seq ${rows[0].seq} in ${rows[0].conversationId}` : ''}`,
        );
        violations++;
      }
    }
  }
  for (const [clientId, rows] of rowsByClient) {
    if (rows.length > 1) {
      log(`VIOLATION: ${clientId} stored ${rows.length} times`);
      violations++;
    }
  }
  const owed = (c: Client) => (c.kind === 'agent' ? convIds : c.conversationId ? [c.conversationId] : []);
  const complete = (c: Client) => owed(c).every((id) => (c.contiguous.get(id) ?? 0) >= lastSeq.get(id)!);
  const settleUntil = Date.now() + 5_000;
  while (!clients.every(complete) && Date.now() < settleUntil) await new Promise((r) => setTimeout(r, 100));
  for (const c of clients) {
    for (const id of owed(c)) {
      const held = c.held.get(id) ?? new Map<number, string>();
      const n = lastSeq.get(id)!;
      const missing = Array.from({ length: n }, (_, i) => i + 1).filter((s) => !held.has(s));
      const wrong = [...held].filter(([s, clientId]) => (rowsByClient.get(clientId)?.[0]?.seq ?? -1) !== s);
      if (missing.length || wrong.length) {
        log(`VIOLATION: ${c.name} is missing ${missing.length} of seqs 1..${n} of ${id}${wrong.length ? ` and holds ${wrong.length} at the wrong seq` : ''}`);
        violations++;
      }
    }
    // Privacy: a visitor holds messages of its own conversation only.
    if (c.kind === 'visitor') {
      const foreign = [...c.held.keys()].filter((id) => id !== c.conversationId);
      if (foreign.length) {
        log(`VIOLATION: ${c.name} holds messages of ${foreign.length} conversation(s) of other visitors`);
        violations++;
      }
    }
    if (c.repeats.length) {
      log(`VIOLATION: ${c.name} received ${c.repeats.length} message(s) twice on one socket, e.g. ${c.repeats.slice(0, 3).join(', ')}`);
      violations++;
    }
  }
  return { violations, acked, stored, conversations: convIds.length, complete: clients.every(complete) };
}
