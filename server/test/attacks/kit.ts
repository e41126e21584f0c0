/** Small helpers shared by the attack tests. */
import { PROTOCOL_VERSION, type ServerFrame } from '@atendo/shared';
import { TestClient } from '../helpers';

export const visitorHello = (siteId: string, extra: Record<string, unknown> = {}) => ({
  type: 'hello',
  v: PROTOCOL_VERSION,
  role: 'visitor',
  siteId,
  ...extra,
});

/** A visitor who has written once: its token and conversation id. */
export async function chattingVisitor(wsUrl: string, siteId: string, headers: Record<string, string> = {}, hello: Record<string, unknown> = {}) {
  const client = await TestClient.connect(wsUrl, headers);
  client.send(visitorHello(siteId, hello));
  await client.next('welcome');
  client.send({ type: 'message.send', clientId: 'first', body: 'Hello there' });
  const session = await client.next('session');
  const ack = await client.next('ack');
  return { client, token: session.token, visitorId: session.visitorId, conversationId: ack.message.conversationId };
}

/** Open an agent socket with a session cookie from Atendo's own origin. */
export async function agentSocket(wsUrl: string, cookie: string): Promise<TestClient> {
  const c = await TestClient.connect(wsUrl, { cookie });
  c.send({ type: 'hello', v: PROTOCOL_VERSION, role: 'agent' });
  await c.next('welcome');
  return c;
}

/** Try an upgrade and report the HTTP status when it is refused (or 101 when it opens). */
export function upgradeStatus(wsUrl: string, headers: Record<string, string>): Promise<number> {
  return TestClient.connect(wsUrl, headers).then(
    (c) => {
      c.close();
      return 101;
    },
    (err: Error) => {
      const m = /Unexpected server response: (\d+)/.exec(err.message);
      return m ? Number(m[1]) : -1;
    },
  );
}

/** The visitor `welcome` frame, typed as such. */
export type VisitorWelcome = Extract<ServerFrame, { type: 'welcome'; role: 'visitor' }>;
export async function visitorWelcome(c: TestClient): Promise<VisitorWelcome> {
  const w = await c.next('welcome');
  if (w.role !== 'visitor') throw new Error('expected a visitor welcome');
  return w;
}
