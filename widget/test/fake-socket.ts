import type { ServerFrame, VisitorConversation } from '@atendo/shared';
import type { SocketLike } from '../src/app/connection';

/** A WebSocket stand-in: records what the client sends and lets a test play the server. */
export class FakeSocket implements SocketLike {
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  closedWith: number | undefined;
  onopen: ((ev: Event) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(code = 1000): void {
    this.closedWith = code;
    this.readyState = 3;
  }

  // Server side.
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  frame(frame: ServerFrame): void {
    this.onmessage?.({ data: JSON.stringify(frame) } as MessageEvent);
  }
  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.({ code } as CloseEvent);
  }
  /** Frames of one type the client sent. */
  ofType(type: string) {
    return this.sent.filter((f) => f.type === type);
  }
}

/** A socket factory that remembers every socket it made. */
export function socketFactory() {
  const sockets: FakeSocket[] = [];
  return {
    sockets,
    create: (url: string) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    get last(): FakeSocket {
      const s = sockets[sockets.length - 1];
      if (!s) throw new Error('no socket was opened');
      return s;
    },
  };
}

/** A visitor welcome. */
export function welcome(visitorId: string | null = null, conversations: VisitorConversation[] = []): ServerFrame {
  return { type: 'welcome', v: 1, role: 'visitor', visitorId, conversations };
}
