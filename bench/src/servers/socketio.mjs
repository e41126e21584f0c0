// What a user would otherwise build on: a plain Socket.IO relay that persists nothing. Same
// conversation shape as Atendo: a send is acknowledged (Socket.IO's own ack callback) and
// broadcast to the agents' room.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

let seq = 0;
const http = createServer((req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  }
});
const io = new Server(http, { transports: ['websocket'], serveClient: false });
io.on('connection', (socket) => {
  const role = socket.handshake.auth?.role === 'agent' ? 'agent' : 'visitor';
  if (role === 'agent') void socket.join('agents');
  socket.on('message.send', (frame, ack) => {
    const message = {
      id: `m${++seq}`,
      conversationId: frame.conversationId ?? 'c',
      seq,
      clientId: frame.clientId,
      author: role,
      body: frame.body,
      createdAt: Date.now(),
    };
    if (typeof ack === 'function') ack({ clientId: frame.clientId, message });
    socket.to('agents').emit('message', { message });
  });
});
http.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));
process.on('SIGTERM', () => process.exit(0));
