// The floor: a bare `ws` relay on one port that persists nothing. It speaks the same frames as
// Atendo (hello, message.send → ack to the sender, message to every agent), so the load generator
// is the same and any gap is what Atendo spends on validation, storage and fan-out bookkeeping.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const agents = new Set();
// Sockets written to in this turn of the event loop are corked and uncorked once after it, so the
// frames of one turn leave in one write per socket (what any relay does under load; Atendo does it too).
const corkedNow = new Set();
function corked(ws) {
  if (!corkedNow.size) setImmediate(uncorkAll);
  if (!corkedNow.has(ws)) {
    corkedNow.add(ws);
    ws._socket.cork();
  }
  return ws;
}
function uncorkAll() {
  for (const ws of corkedNow) ws._socket.uncork();
  corkedNow.clear();
}
let seq = 0;
const http = createServer((req, res) => {
  res.writeHead(req.url === '/healthz' ? 200 : 404, { 'content-type': 'application/json' });
  res.end('{"ok":true}');
});
const wss = new WebSocketServer({ server: http, path: '/ws' });
wss.on('connection', (ws) => {
  let role = null;
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    if (frame.type === 'hello') {
      role = frame.role;
      if (role === 'agent') agents.add(ws);
      ws.send(JSON.stringify({ type: 'welcome', v: 1, role }));
      return;
    }
    if (frame.type === 'message.send') {
      const message = {
        id: `m${++seq}`,
        conversationId: frame.conversationId ?? 'c',
        seq,
        clientId: frame.clientId,
        author: role,
        body: frame.body,
        createdAt: Date.now(),
      };
      ws.send(JSON.stringify({ type: 'ack', clientId: frame.clientId, message }));
      const out = JSON.stringify({ type: 'message', message });
      for (const a of agents) if (a !== ws) corked(a).send(out);
    }
  });
  ws.on('close', () => agents.delete(ws));
  ws.on('error', () => {});
});
http.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));
process.on('SIGTERM', () => process.exit(0));
