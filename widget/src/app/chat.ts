/**
 * The chat controller: glues the connection to the store and keeps what the UI reads in one
 * snapshot. Components subscribe to it; they never touch the socket.
 */
import { LIMITS, newClientId, type Locale, type ServerFrame, type WidgetConfig } from '@atendo/shared';
import { Connection, type ConnectionStatus, type SocketLike } from './connection';
import {
  addPending,
  emptyChat,
  markFailed,
  mergeConversations,
  openConversationId,
  receiveMessage,
  resumeMap,
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
}

export interface ChatOptions {
  siteId: string;
  /** `https://host` of the Atendo server. */
  origin: string;
  locale: Locale;
  tokens?: TokenStore;
  createSocket?(url: string): SocketLike;
  now?(): number;
}

export type Chat = ReturnType<typeof createChat>;

/** `https://host` → `wss://host/ws`. */
export function socketUrl(origin: string): string {
  return origin.replace(/^http/, 'ws').replace(/\/$/, '') + '/ws';
}

/** Create the controller. Nothing touches the network until `setOpen(true)` or `send`. */
export function createChat(opts: ChatOptions) {
  const tokens = opts.tokens ?? tokenStore(opts.siteId);
  const now = opts.now ?? Date.now;
  let snap: Snapshot = { chat: emptyChat, connection: 'idle', config: { status: 'loading' }, open: false, unread: 0 };
  const listeners = new Set<() => void>();

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
        if (frame.role === 'visitor') setChat(mergeConversations(snap.chat, frame.conversations));
        break;
      case 'ack':
        setChat(receiveMessage(snap.chat, frame.message));
        break;
      case 'message': {
        const chat = receiveMessage(snap.chat, frame.message);
        const news = chat !== snap.chat && frame.message.author !== 'visitor' && !snap.open;
        if (chat !== snap.chat) update(news ? { chat, unread: snap.unread + 1 } : { chat });
        break;
      }
      case 'conversation.status':
        setChat(setStatus(snap.chat, frame.conversation.id, frame.conversation.status));
        break;
      case 'error':
        if (!frame.clientId) break;
        if (connection.pending.includes(frame.clientId)) {
          // conversation_closed: the message will be resent into a new conversation.
          const open = openConversationId(snap.chat);
          if (open) setChat(setStatus(snap.chat, open, 'resolved'));
        } else {
          setChat(markFailed(snap.chat, frame.clientId));
        }
        break;
    }
  }

  return {
    getSnapshot: (): Snapshot => snap,
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Queue a message; returns false when there is nothing to send. */
    send(text: string): boolean {
      const body = text.trim().slice(0, LIMITS.messageLength);
      if (!body || snap.config.status === 'unavailable' || snap.connection === 'failed') return false;
      const clientId = newClientId();
      setChat(addPending(snap.chat, { clientId, body, createdAt: now() }));
      connection.send(clientId, body);
      return true;
    },
    /** Send a failed message again, with its original clientId. */
    retry(clientId: string): void {
      const p = snap.chat.pending.find((x) => x.clientId === clientId);
      if (!p || !p.failed || snap.connection === 'failed') return;
      setChat(markFailed(snap.chat, clientId, false));
      connection.send(clientId, p.body);
    },
    /** Panel opened or closed. Opening resumes a saved session; the first send opens the socket otherwise. */
    setOpen(open: boolean): void {
      if (open === snap.open) return;
      update(open ? { open, unread: 0 } : { open });
      if (open && tokens.get()) connection.connect();
    },
    setConfig(config: ConfigState): void {
      update({ config });
    },
    destroy(): void {
      connection.stop();
      listeners.clear();
    },
  };
}
