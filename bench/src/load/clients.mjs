import WebSocket from 'ws';
import { io } from 'socket.io-client';

/**
 * One client per protocol, behind the same small surface, so the three relays are driven by the
 * same code: `send(n)` sends message number n; the harness is told about acks and agent receipts
 * by number. Frames are scanned, not parsed, on the hot path: the load generator shares the
 * machine with the server under test and must stay cheap.
 */
const CLIENT_ID = Buffer.from('"clientId":"b');
const MESSAGE = Buffer.from('{"type":"message"');
const ACK = Buffer.from('{"type":"ack"');

/** The number in the first `"clientId":"b<n>"` of a frame, read from the bytes (no decode, no parse). */
function clientNum(buf) {
  const i = buf.indexOf(CLIENT_ID);
  if (i < 0) return -1;
  let n = 0;
  for (let j = i + CLIENT_ID.length; j < buf.length; j++) {
    const c = buf[j];
    if (c < 48 || c > 57) break;
    n = n * 10 + (c - 48);
  }
  return n;
}

const startsWith = (buf, prefix) => buf.length >= prefix.length && buf.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
/** The bench's own frames are well-formed UTF-8; skipping the check keeps the load generator cheap. */
const WS_OPTIONS = { perMessageDeflate: false, skipUTF8Validation: true };

const BODY = 'Hello, I have a question about my order, can you help me? ';

/** Atendo and the bare ws floor speak the same frames. */
export function wsVisitor({ url, siteId, origin }, h) {
  return new Promise((ok, fail) => {
    const ws = new WebSocket(url, { ...WS_OPTIONS, ...(origin ? { origin } : {}) });
    const v = { conversationId: undefined, ws };
    let greeted = false;
    let warm = null;
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', v: 1, role: 'visitor', siteId })));
    ws.on('error', fail);
    ws.on('close', (code, reason) => !greeted && fail(new Error(`closed ${code} ${reason}`)));
    ws.on('message', (data) => {
      if (!warm && greeted && startsWith(data, ACK)) {
        const n = clientNum(data);
        if (n >= 0) h.onAck(n);
        return;
      }
      const text = data.toString();
      if (!greeted) {
        greeted = true;
        if (!text.startsWith('{"type":"welcome"')) return fail(new Error(`visitor refused: ${text.slice(0, 200)}`));
        return ok(v);
      }
      if (warm && text.startsWith('{"type":"error"')) {
        const w = warm;
        warm = null;
        return w(new Error(`first message refused: ${text.slice(0, 200)}`));
      }
      if (text.startsWith('{"type":"ack"')) {
        if (warm) {
          const f = JSON.parse(text);
          v.conversationId = f.message.conversationId;
          const w = warm;
          warm = null;
          return w();
        }
      } else if (text.startsWith('{"type":"error"')) h.onError(text);
    });
    v.warm = (i) =>
      new Promise((done, refused) => {
        warm = (err) => (err ? refused(err) : done());
        ws.send(JSON.stringify({ type: 'message.send', clientId: `w${i}`, body: `${BODY}(first)` }));
      });
    v.send = (n) => ws.send(`{"type":"message.send","conversationId":"${v.conversationId}","clientId":"b${n}","body":"${BODY}${n}"}`);
    v.close = () => ws.terminate();
  });
}

export function wsAgent({ url, cookie, origin }, h) {
  return new Promise((ok, fail) => {
    const ws = new WebSocket(url, { ...WS_OPTIONS, headers: cookie ? { cookie } : {}, ...(origin ? { origin } : {}) });
    let greeted = false;
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', v: 1, role: 'agent' })));
    ws.on('error', fail);
    ws.on('close', (code, reason) => !greeted && fail(new Error(`agent closed ${code} ${reason}`)));
    ws.on('message', (data) => {
      if (!greeted) {
        greeted = true;
        const text = data.toString();
        if (!text.startsWith('{"type":"welcome"')) return fail(new Error(`agent refused: ${text.slice(0, 200)}`));
        return ok({ close: () => ws.terminate() });
      }
      if (startsWith(data, MESSAGE)) {
        const n = clientNum(data);
        if (n >= 0) h.onAgent(n);
      }
    });
  });
}

export function ioVisitor({ url }, h) {
  return new Promise((ok, fail) => {
    const s = io(url, { transports: ['websocket'], auth: { role: 'visitor' }, reconnection: false, forceNew: true });
    s.once('connect_error', fail);
    s.once('connect', () => {
      const v = {
        conversationId: 'c',
        warm: (i) => new Promise((done) => s.emit('message.send', { clientId: `w${i}`, body: `${BODY}(first)` }, () => done())),
        send: (n) => s.emit('message.send', { conversationId: v.conversationId, clientId: `b${n}`, body: `${BODY}${n}` }, () => h.onAck(n)),
        close: () => s.disconnect(),
      };
      ok(v);
    });
  });
}

export function ioAgent({ url }, h) {
  return new Promise((ok, fail) => {
    const s = io(url, { transports: ['websocket'], auth: { role: 'agent' }, reconnection: false, forceNew: true });
    s.once('connect_error', fail);
    s.on('message', ({ message }) => {
      const id = message.clientId;
      if (id.charCodeAt(0) === 98) h.onAgent(Number(id.slice(1)));
    });
    s.once('connect', () => ok({ close: () => s.disconnect() }));
  });
}
