/**
 * The chat controller: glues the connection to the store and keeps what the UI reads in one
 * snapshot. Components subscribe to it; they never touch the socket.
 */
import { LIMITS, RATING_LIMITS, newClientId, type Locale, type Message, type MessageAttachment, type ServerFrame, type WidgetConfig } from '@atendo/shared';
import { Connection, type ConnectionStatus, type SocketLike } from './connection';
import {
  addPending,
  emptyChat,
  markFailed,
  mergeConversations,
  openConversationId,
  receiveMessage,
  resumeMap,
  behind,
  holes,
  setRated,
  setStatus,
  type ChatState,
} from './store';
import { tokenStore, type TokenStore } from './token';

export type ConfigState =
  | { status: 'loading' }
  | { status: 'ready'; config: WidgetConfig }
  /** Could not load (network): the widget still works with default texts. */
  | { status: 'error' }
  /** The server does not know this site (404) or refuses this page's origin (403). */
  | { status: 'unavailable' };

export interface Snapshot {
  chat: ChatState;
  connection: ConnectionStatus;
  config: ConfigState;
  open: boolean;
  /** Agent messages that arrived while the panel was closed. */
  unread: number;
  /** An agent is typing (name may be null); hidden after LIMITS.typingExpiryMs without news. */
  typing: { name: string | null } | null;
  /** Read receipts: per conversation, the highest seq an agent has read ("Seen"). */
  agentRead: Readonly<Record<string, number>>;
  /** End of conversation survey: per conversation, a rating on its way or refused. */
  rating?: Readonly<Record<string, 'sending' | 'error'>>;
  /** The answer bot: per conversation, the visitor's answer on its way ('sent') or refused ('error'). */
  botReply?: Readonly<Record<string, BotReply>>;
  /** Some agent is online, as the socket last said (undefined before a welcome: the config's `available` holds). */
  available?: boolean;
  /** A welcome arrived on some socket: the conversations shown are the visitor's real ones. */
  welcomed?: boolean;
  /** The visitor filled in the pre-chat or leave-a-message form on this page. */
  contactGiven?: boolean;
  /** Proactive message: shown as from the team until the page reloads. */
  proactive?: Proactive | null;
  /** Its greeting bubble beside the launcher is showing (until the panel opens or it is dismissed). */
  greet?: boolean;
}

/** The visitor's answer to the bot's buttons. */
export interface BotReply {
  answer: 'answered' | 'person';
  state: 'sent' | 'error';
}

/** A trigger's message as the visitor sees it; not stored on the server until the visitor replies. */
export interface Proactive {
  triggerId: string;
  name: string;
  body: string;
  createdAt: number;
}

export interface ChatOptions {
  siteId: string;
  /** `https://host` of the Atendo server. */
  origin: string;
  locale: Locale;
  tokens?: TokenStore;
  createSocket?(url: string): SocketLike;
  now?(): number;
  /** A new message from the team arrived (the JS API's `message` event). */
  onAgentMessage?(message: Message): void;
}

export type Chat = ReturnType<typeof createChat>;

/** A rating with no answer after this long (the socket dropped meanwhile) can be sent again. */
const RATING_TIMEOUT_MS = 10_000;

/** `https://host` → `wss://host/ws`. */
export function socketUrl(origin: string): string {
  return origin.replace(/^http/, 'ws').replace(/\/$/, '') + '/ws';
}

/**
 * Create the controller. Nothing touches the network until `live()` (the loader mounts a returning
 * visitor at once and the app calls it), `setOpen(true)`, a proactive message or `send`.
 */
export function createChat(opts: ChatOptions) {
  const saved = opts.tokens ?? tokenStore(opts.siteId);
  /**
   * A proactive message makes a first-time visitor live for this page only: the token it brings is
   * kept in memory until the visitor acts (opens the panel, writes), so a greeting they never
   * answered does not make every later page load the chat.
   */
  let unsaved: string | null = null;
  let acted = false;
  const tokens: TokenStore = {
    get: () => unsaved ?? saved.get(),
    set: (token) => (acted ? saved.set(token) : (unsaved = token)),
    clear: () => {
      unsaved = null;
      saved.clear();
    },
  };
  /** The visitor acted: a token held for this page only is kept from now on. */
  const act = () => {
    acted = true;
    if (unsaved) saved.set(unsaved);
    unsaved = null;
  };
  const now = opts.now ?? Date.now;
  let snap: Snapshot = { chat: emptyChat, connection: 'idle', config: { status: 'loading' }, open: false, unread: 0, typing: null, agentRead: {} };
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  let lastTypingSent = -Infinity;
  /** Highest seq this visitor has read, per conversation (in any tab: the server echoes reads to the others). */
  const readSeq: Record<string, number> = {};
  /** The panel is open and the page visible: tell the server (and the agents) what the visitor has seen. */
  const markSeen = () => {
    if (!snap.open || globalThis.document?.visibilityState === 'hidden') return;
    for (const c of snap.chat.conversations) {
      const last = c.messages[c.messages.length - 1];
      if (last && last.seq > (readSeq[c.id] ?? 0)) {
        if (connection.sendNow({ type: 'conversation.read', conversationId: c.id, seq: last.seq })) readSeq[c.id] = last.seq;
      }
    }
  };
  const listeners = new Set<() => void>();
  /** Per conversation, the seq up to which the server's unread count (welcome) already covers. */
  const counted: Record<string, number> = {};
  /** The panel was opened on this page: hellos replay what we miss (before, they are lazy). */
  let opened = false;
  /** Set by the site with `Atendo('setAttributes', …)`; agents see them in the visitor sidebar. */
  let attributes: Record<string, string> = {};
  /** Name / e-mail from the visitor's form, sent after each welcome until a visitor row holds it. */
  let contact: { name?: string; email?: string } | null = null;
  /** Attachments: waiting for a token to upload with (a visitor who has not written yet asks for one). */
  let tokenWaiters: ((token: string | null) => void)[] = [];
  const askSession = () => tokenWaiters.length > 0 && connection.sendNow({ type: 'session.start' });

  /** Answers to the bot on their way: clientId → conversation id. */
  const botClients = new Map<string, string>();
  const setBotReply = (conversationId: string, reply: BotReply) => update({ botReply: { ...snap.botReply, [conversationId]: reply } });

  /** Survey answers on their way: clientId → conversation id. */
  const ratingClients = new Map<string, string>();
  /** A rating was answered (state undefined) or failed ('error'). */
  const rated = (conversationId: string, state?: 'error') => {
    for (const [k, id] of ratingClients) if (id === conversationId) ratingClients.delete(k);
    const rating = { ...snap.rating };
    if (state) rating[conversationId] = state;
    else delete rating[conversationId];
    update({ rating });
  };

  const update = (patch: Partial<Snapshot>) => {
    snap = { ...snap, ...patch };
    for (const l of listeners) l();
  };
  const setChat = (chat: ChatState) => {
    if (chat !== snap.chat) update({ chat });
  };

  const connection = new Connection({
    url: socketUrl(opts.origin),
    siteId: opts.siteId,
    locale: opts.locale,
    tokens,
    getResume: () => resumeMap(snap.chat),
    // Until the panel opens, a live message with nothing below it is not a hole to fetch: the
    // hello was lazy (see `opened`).
    getHoles: () => (opened ? holes(snap.chat) : []),
    isLazy: () => !opened,
    getBehind: () => behind(snap.chat),
    getAttributes: () => attributes,
    getConversationId: () => openConversationId(snap.chat),
    onFrame,
    onStatus(status) {
      // A connection that cannot come back takes every unsent message with it.
      let chat = snap.chat;
      if (status === 'failed') for (const p of chat.pending) chat = markFailed(chat, p.clientId);
      update({ connection: status, chat });
    },
    onTokenRejected() {
      // Those conversations belong to a visitor the server no longer knows; keep only unsent text.
      update({ chat: { conversations: [], pending: snap.chat.pending } });
    },
    ...(opts.createSocket ? { createSocket: opts.createSocket } : {}),
  });

  function onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'welcome':
        if (frame.role === 'visitor') {
          setChat(mergeConversations(snap.chat, frame.conversations));
          const agentRead = { ...snap.agentRead };
          for (const c of frame.conversations) {
            if (c.agentReadSeq) agentRead[c.id] = c.agentReadSeq;
            if (c.visitorReadSeq) readSeq[c.id] = Math.max(readSeq[c.id] ?? 0, c.visitorReadSeq);
          }
          // The badge: the server counts the team's messages the visitor has not read (a lazy hello
          // replays none); replayed messages up to each lastSeq are in that count already. Never
          // below what this page counted (a greeting, messages before a reconnect).
          const unread = frame.conversations.reduce((n, c) => n + (c.unread ?? 0), 0);
          for (const c of frame.conversations) counted[c.id] = Math.max(counted[c.id] ?? 0, c.lastSeq);
          update({
            agentRead,
            welcomed: true,
            ...(snap.open ? {} : { unread: Math.max(unread, snap.unread) }),
            ...(frame.available !== undefined ? { available: frame.available } : {}),
          });
          // Sent before the outbox is flushed, so the first message creates the visitor with it.
          if (contact && connection.sendNow({ type: 'contact', ...contact }) && frame.visitorId) contact = null;
          askSession();
        }
        break;
      case 'availability':
        update({ available: frame.available });
        break;
      case 'session':
        // The visitor row now exists, created with the contact this socket sent before its first message.
        contact = null;
        for (const w of tokenWaiters.splice(0)) w(frame.token);
        break;
      case 'history':
        setChat(frame.messages.reduce(receiveMessage, snap.chat));
        markSeen();
        break;
      case 'typing':
        if (frame.author !== 'agent') break;
        clearTimeout(typingTimer);
        update({ typing: frame.active ? { name: frame.name ?? null } : null });
        if (frame.active) typingTimer = setTimeout(() => update({ typing: null }), LIMITS.typingExpiryMs);
        break;
      case 'read':
        if (frame.reader === 'agent')
          update({ agentRead: { ...snap.agentRead, [frame.conversationId]: Math.max(frame.seq, snap.agentRead[frame.conversationId] ?? 0) } });
        else {
          // Read in another tab: this tab's badge clears too.
          readSeq[frame.conversationId] = Math.max(frame.seq, readSeq[frame.conversationId] ?? 0);
          if (snap.unread) update({ unread: 0 });
        }
        break;
      case 'ack': {
        // A visitor's message reopens its conversation on the server (the agent may have resolved
        // it while the message was on its way): the newest message of a resolved one reopens it here too.
        const c = snap.chat.conversations.find((x) => x.id === frame.message.conversationId);
        const newest = !c || frame.message.seq > (c.messages[c.messages.length - 1]?.seq ?? 0);
        const chat = receiveMessage(snap.chat, frame.message);
        setChat(newest && c && c.status !== 'open' ? setStatus(chat, c.id, 'open') : chat);
        break;
      }
      case 'message': {
        const chat = receiveMessage(snap.chat, frame.message);
        const fromTeam = chat !== snap.chat && frame.message.author !== 'visitor';
        const news = fromTeam && !snap.open && frame.message.seq > (counted[frame.message.conversationId] ?? 0);
        // A message from the agent ends their typing indicator.
        const typing = frame.message.author === 'agent' ? null : snap.typing;
        if (chat !== snap.chat) update(news ? { chat, unread: snap.unread + 1, typing } : { chat, typing });
        if (fromTeam) opts.onAgentMessage?.(frame.message);
        markSeen();
        break;
      }
      case 'conversation.status':
        setChat(setStatus(snap.chat, frame.conversation.id, frame.conversation.status, frame.conversation.botState));
        // The bot's answer was handled (resolved, or handed over).
        if (frame.conversation.status === 'resolved' || (frame.conversation.botState && frame.conversation.botState !== 'answered'))
          for (const [k, id] of botClients) if (id === frame.conversation.id) botClients.delete(k);
        break;
      case 'conversation.rated':
        setChat(setRated(snap.chat, frame.conversationId));
        rated(frame.conversationId);
        break;
      case 'error':
        if (!frame.clientId) break;
        if (botClients.has(frame.clientId)) {
          const id = botClients.get(frame.clientId)!;
          botClients.delete(frame.clientId);
          const reply = snap.botReply?.[id];
          if (reply) setBotReply(id, { ...reply, state: 'error' });
          break;
        }
        if (ratingClients.has(frame.clientId)) {
          // Already rated (another tab, or a retry after a lost answer) counts as done.
          const id = ratingClients.get(frame.clientId)!;
          if (frame.code === 'conflict') setChat(setRated(snap.chat, id));
          rated(id, frame.code === 'conflict' ? undefined : 'error');
          break;
        }
        setChat(markFailed(snap.chat, frame.clientId));
        break;
    }
  }

  /**
   * Be on the agents' live list (docs/widget.md, "Live context"): a visitor with a token connects; a
   * first-time visitor (who opened the panel, or got a proactive message) asks for a session,
   * which creates them. A visitor who only reads the page is never created.
   */
  const live = () => {
    if (tokens.get()) connection.connect();
    else if (!tokenWaiters.length && snap.connection !== 'failed') {
      tokenWaiters.push(() => {});
      if (!askSession()) connection.connect();
    }
  };

  return {
    getSnapshot: (): Snapshot => snap,
    live,
    /** A returning visitor (a saved token) connects: replies, the badge and "Start chat" reach every page. */
    resume(): void {
      if (tokens.get()) connection.connect();
    },
    /** The page changed without a load (single-page app): agents see the new one. */
    page(): void {
      connection.page();
    },
    /** The Atendo server and site (the lazily loaded help view calls their endpoints). */
    origin: opts.origin,
    siteId: opts.siteId,
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Queue a message; returns false when there is nothing to send. */
    send(text: string): boolean {
      const body = text.trim().slice(0, LIMITS.messageLength);
      if (!body || snap.config.status === 'unavailable' || snap.connection === 'failed') return false;
      act();
      // A reply to a proactive message: agents see which trigger started it (attribute `trigger`).
      if (snap.proactive && attributes.trigger !== snap.proactive.name) {
        attributes = { ...attributes, trigger: snap.proactive.name };
        connection.sendNow({ type: 'attributes', attributes });
      }
      const clientId = newClientId();
      setChat(addPending(snap.chat, { clientId, body, createdAt: now() }));
      connection.send(clientId, body);
      return true;
    },
    /** Forget a failed message (the visitor chose "Discard"). */
    discard(clientId: string): void {
      const p = snap.chat.pending.find((x) => x.clientId === clientId);
      if (!p || !p.failed) return;
      connection.discard(clientId);
      setChat({ ...snap.chat, pending: snap.chat.pending.filter((x) => x.clientId !== clientId) });
    },
    /** The visitor typed: tell the agents, at most every LIMITS.typingThrottleMs. */
    typing(): void {
      const conversationId = openConversationId(snap.chat);
      const t = now();
      if (!conversationId || t - lastTypingSent < LIMITS.typingThrottleMs) return;
      if (connection.sendNow({ type: 'typing', conversationId })) lastTypingSent = t;
    },
    /** Send a failed message again, with its original clientId. */
    retry(clientId: string): void {
      const p = snap.chat.pending.find((x) => x.clientId === clientId);
      if (!p || !p.failed || snap.connection === 'failed') return;
      setChat(markFailed(snap.chat, clientId, false));
      connection.send(clientId, p.body, p.attachment?.id);
    },
    /**
     * Attachments: the visitor's token to upload with. A visitor who has not written yet gets one
     * from the server now (`session.start`); null when it cannot be had (offline for 15 s).
     */
    token(): Promise<string | null> {
      const saved = tokens.get();
      if (saved) return Promise.resolve(saved);
      // The chat cannot connect at all (unknown site, refused origin): no token is coming.
      if (snap.connection === 'failed' || snap.config.status === 'unavailable') return Promise.resolve(null);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          tokenWaiters = tokenWaiters.filter((w) => w !== done);
          resolve(null);
        }, 15_000);
        const done = (token: string | null) => {
          clearTimeout(timer);
          resolve(token);
        };
        tokenWaiters.push(done);
        if (!askSession()) connection.connect();
      });
    },
    /** Send an uploaded file as a message (its name is the body unless the visitor wrote a caption). */
    sendFile(attachment: MessageAttachment, caption = ''): boolean {
      if (snap.connection === 'failed') return false;
      const body = caption.trim().slice(0, LIMITS.messageLength) || attachment.name;
      const clientId = newClientId();
      setChat(addPending(snap.chat, { clientId, body, attachment, createdAt: now() }));
      connection.send(clientId, body, attachment.id);
      return true;
    },
    /** Panel opened or closed. Opening resumes a saved session; the first send opens the socket otherwise. */
    setOpen(open: boolean): void {
      if (open === snap.open) return;
      update(open ? { open, unread: 0, greet: false } : { open });
      if (open && !opened) {
        opened = true;
        act();
        connection.opened();
      }
      if (open) live();
      markSeen();
    },
    /** Merge custom attributes; sent now when connected, else with the next hello. */
    setAttributes(patch: Record<string, string>): void {
      attributes = { ...attributes, ...patch };
      if (Object.keys(attributes).length > 20) attributes = Object.fromEntries(Object.entries(attributes).slice(-20));
      connection.sendNow({ type: 'attributes', attributes });
    },
    /** The host page identified (or forgot) its user: say hello again so the server can verify it. */
    reidentify(): void {
      connection.restart();
    },
    /** Later hellos carry this locale (the UI is re-rendered by the caller). */
    setLocale(locale: Locale): void {
      connection.setLocale(locale);
    },
    /**
     * The pre-chat or leave-a-message form was sent: store name / e-mail on the visitor (the socket
     * opens for it) and send the question, if any, as the first message.
     */
    submitContact(input: { name?: string; email?: string }, message?: string): void {
      act();
      const c = { ...(input.name?.trim() ? { name: input.name.trim() } : {}), ...(input.email?.trim() ? { email: input.email.trim() } : {}) };
      update({ contactGiven: true });
      if (c.name || c.email) {
        contact = c;
        const known = snap.chat.conversations.length > 0;
        if (connection.sendNow({ type: 'contact', ...c })) {
          if (known) contact = null;
        } else connection.connect();
      }
      if (message?.trim()) this.send(message);
    },
    /** A saved session is being resumed and its welcome (which lists the conversations) has not come yet. */
    resuming(): boolean {
      return Boolean(tokens.get()) && !snap.welcomed;
    },
    setConfig(config: ConfigState): void {
      update({ config });
    },
    /** A trigger fired: its message shows as from the team, with a greeting bubble while the panel is closed. */
    showProactive(p: Proactive): void {
      update(snap.open ? { proactive: p } : { proactive: p, greet: true, unread: snap.unread + 1 });
      live();
    },
    /**
     * Send the end of conversation survey. The answer is `conversation.rated`; no answer
     * within RATING_TIMEOUT_MS (the socket dropped) shows the retry state.
     */
    rate(conversationId: string, answer: { csat?: number; nps?: number; comment?: string }): void {
      if (snap.rating?.[conversationId] === 'sending') return;
      const clientId = newClientId();
      const comment = answer.comment?.trim().slice(0, RATING_LIMITS.commentLength);
      const sent = connection.sendNow({
        type: 'conversation.rate',
        conversationId,
        clientId,
        ...(answer.csat ? { csat: answer.csat } : {}),
        ...(answer.nps !== undefined ? { nps: answer.nps } : {}),
        ...(comment ? { comment } : {}),
      });
      if (!sent) {
        connection.connect();
        return rated(conversationId, 'error');
      }
      ratingClients.set(clientId, conversationId);
      update({ rating: { ...snap.rating, [conversationId]: 'sending' } });
      setTimeout(() => {
        if (ratingClients.has(clientId)) rated(conversationId, 'error');
      }, RATING_TIMEOUT_MS);
    },
    /**
     * The visitor answered the bot: "That answered it" (`answered`: the server resolves the
     * conversation) or "Talk to a person" (`person`: handed over; its status frame follows). The
     * buttons go at once; an error frame (or no socket) brings them back with the error.
     */
    botReply(conversationId: string, answer: 'answered' | 'person'): void {
      if (snap.botReply?.[conversationId]?.state === 'sent') return;
      act();
      const clientId = newClientId();
      if (!connection.sendNow({ type: 'bot.reply', conversationId, answer, clientId })) {
        connection.connect();
        return setBotReply(conversationId, { answer, state: 'error' });
      }
      botClients.set(clientId, conversationId);
      setBotReply(conversationId, { answer, state: 'sent' });
      // No word within RATING_TIMEOUT_MS (the socket dropped meanwhile): the buttons come back.
      setTimeout(() => {
        if (botClients.delete(clientId)) setBotReply(conversationId, { answer, state: 'error' });
      }, RATING_TIMEOUT_MS);
    },
    /** The visitor closed the greeting bubble (the message stays in the panel). */
    dismissGreeting(): void {
      if (snap.greet) update({ greet: false, unread: Math.max(0, snap.unread - 1) });
    },
    destroy(): void {
      connection.stop();
      listeners.clear();
    },
  };
}
