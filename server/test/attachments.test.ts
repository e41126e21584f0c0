import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttachmentUploadResponse, Message, MessageAttachment, VisitorExport } from '@atendo/shared';
import { login, settle, startTestServer, TestClient } from './helpers';
import { agentSocket, chattingVisitor, visitorHello } from './attacks/kit';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

let srv: Awaited<ReturnType<typeof startTestServer>>;
let cookie: string;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'atendo-att-'));
  // 64 KB limit so "too big" is cheap to test; 6 uploads per uploader per hour.
  srv = await startTestServer({}, { ATENDO_DATA_DIR: dataDir, ATENDO_MAX_UPLOAD_MB: '0.0625', ATENDO_RATE_UPLOADS_PER_HOUR: '6' });
  cookie = await login(srv.url);
});
afterAll(() => srv.close());

const uploadsDir = () => join(dataDir, 'uploads');

function visitorUpload(token: string | null, name: string, body: BodyInit, opts: { type?: string; origin?: string; site?: string } = {}) {
  const q = new URLSearchParams({ site: opts.site ?? srv.siteId, name });
  return fetch(`${srv.url}/api/v1/widget/attachments?${q}`, {
    method: 'POST',
    headers: {
      origin: opts.origin ?? srv.url,
      'content-type': opts.type ?? 'application/octet-stream',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body,
  });
}

function agentUpload(conversationId: string, name: string, body: BodyInit, headers: Record<string, string> = {}) {
  const q = new URLSearchParams({ conversation: conversationId, name });
  return fetch(`${srv.url}/api/v1/attachments?${q}`, {
    method: 'POST',
    headers: { cookie, origin: srv.url, 'content-type': 'application/pdf', ...headers },
    body,
  });
}

async function uploaded(res: Response): Promise<MessageAttachment> {
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as AttachmentUploadResponse).attachment;
}

describe('visitor uploads', () => {
  it('stores a PNG under a random name, sends it with an empty body, and the agent sees it', async () => {
    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    const agent = await agentSocket(srv.wsUrl, cookie);
    const att = await uploaded(await visitorUpload(v.token, 'my photo.png', PNG, { type: 'image/png' }));
    expect(att).toMatchObject({ name: 'my photo.png', mime: 'image/png', size: PNG.length });
    expect(att.url).toMatch(new RegExp(`^/api/v1/attachments/${att.id}/[A-Za-z0-9_-]{20,}$`));
    // On disk: never the user's file name.
    expect(readdirSync(uploadsDir())).toContain(att.id);
    expect(readdirSync(uploadsDir()).some((f) => f.includes('photo'))).toBe(false);

    v.client.send({ type: 'message.send', conversationId: v.conversationId, clientId: 'with-file-1', body: '', attachmentId: att.id });
    const ack = await v.client.next('ack', (f) => f.clientId === 'with-file-1');
    expect(ack.message.body).toBe('my photo.png');
    expect(ack.message.attachment).toEqual(att);
    const seen = await agent.next('message', (f) => f.message.clientId === 'with-file-1');
    expect(seen.message.attachment?.url).toBe(att.url);

    // History over REST carries it too.
    const list = await fetch(`${srv.url}/api/v1/conversations/${v.conversationId}/messages`, { headers: { cookie } });
    const items = ((await list.json()) as { items: Message[] }).items;
    expect(items.find((m) => m.clientId === 'with-file-1')?.attachment?.mime).toBe('image/png');
    agent.close();
    v.client.close();
  });

  it('serves images inline and every other file as a download, with locked-down headers', async () => {
    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    const img = await uploaded(await visitorUpload(v.token, 'a.png', PNG));
    const res = await fetch(srv.url + img.url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toMatch(/^inline; filename="a.png"/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    expect(res.headers.get('cache-control')).toMatch(/private, max-age=\d+, immutable/);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');

    const txt = await uploaded(await visitorUpload(v.token, 'notas çá.txt', Buffer.from('<html><script>alert(1)</script>'), { type: 'text/html' }));
    const t = await fetch(srv.url + txt.url);
    expect(t.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(t.headers.get('content-disposition')).toBe(`attachment; filename="notas __.txt"; filename*=UTF-8''${encodeURIComponent('notas çá.txt')}`);
    expect(t.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    v.client.close();
  });

  it('refuses too big (413), a type not on the list (415) and HTML disguised as an image (415)', async () => {
    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    const big = Buffer.concat([PNG, Buffer.alloc(70 * 1024)]);
    const tooBig = await visitorUpload(v.token, 'big.png', big, { type: 'image/png' });
    expect(tooBig.status).toBe(413);
    expect((await tooBig.json()).error.code).toBe('payload_too_large');
    // Without a Content-Length (chunked), the stream is cut at the limit.
    const chunked = new ReadableStream<Uint8Array>({
      start(ctl) {
        for (let i = 0; i < 10; i++) ctl.enqueue(new Uint8Array(16 * 1024));
        ctl.close();
      },
    });
    const q = new URLSearchParams({ site: srv.siteId, name: 'big.zip' });
    const streamed = await fetch(`${srv.url}/api/v1/widget/attachments?${q}`, {
      method: 'POST',
      headers: { origin: srv.url, authorization: `Bearer ${v.token}` },
      body: chunked,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);

    const exe = await visitorUpload(v.token, 'tool.exe', Buffer.from('MZ\x90\x00'));
    expect(exe.status).toBe(415);
    expect((await exe.json()).error.code).toBe('unsupported_media_type');
    const html = await visitorUpload(v.token, 'cat.png', Buffer.from('<html><body><script>alert(document.cookie)</script>'), { type: 'image/png' });
    expect(html.status).toBe(415);
    const svg = await visitorUpload(v.token, 'x.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), { type: 'image/svg+xml' });
    expect(svg.status).toBe(415);
    // Nothing of the refused uploads stays on disk.
    expect(readdirSync(uploadsDir()).filter((f) => f.startsWith('.part-'))).toEqual([]);
    v.client.close();
  });

  it('needs a valid token of this site (401) from an allowed origin (403)', async () => {
    expect((await visitorUpload(null, 'a.png', PNG)).status).toBe(401);
    const wrong = await visitorUpload('x'.repeat(43), 'a.png', PNG);
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.code).toBe('unauthorized');
    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    expect((await visitorUpload(v.token, 'a.png', PNG, { origin: 'https://evil.example' })).status).toBe(403);
    // The browser's preflight from an allowed page may send the token header.
    const pre = await fetch(`${srv.url}/api/v1/widget/attachments?site=${srv.siteId}&name=a.png`, {
      method: 'OPTIONS',
      headers: { origin: srv.url, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    v.client.close();
  });

  it('limits uploads per visitor (429 with Retry-After)', async () => {
    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    for (let i = 0; i < 6; i++) await uploaded(await visitorUpload(v.token, `p${i}.png`, PNG));
    const over = await visitorUpload(v.token, 'p7.png', PNG);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    v.client.close();
  });

  it('a token-less visitor gets a token with session.start, uploads, and opens a conversation with the file', async () => {
    const c = await TestClient.connect(srv.wsUrl);
    c.send(visitorHello(srv.siteId));
    await c.next('welcome');
    c.send({ type: 'session.start' });
    const session = await c.next('session');
    const att = await uploaded(await visitorUpload(session.token, 'first.png', PNG));
    c.send({ type: 'message.send', clientId: 'first-with-file-0001', body: '', attachmentId: att.id });
    const ack = await c.next('ack');
    expect(ack.message.attachment?.id).toBe(att.id);
    expect(ack.message.conversationId).toBeTruthy();
    c.close();
  });
});

describe('who may send and fetch an attachment', () => {
  it('another visitor can neither send my attachment nor fetch it without the key', async () => {
    const a = await chattingVisitor(srv.wsUrl, srv.siteId);
    const b = await chattingVisitor(srv.wsUrl, srv.siteId);
    const att = await uploaded(await visitorUpload(a.token, 'secret.png', PNG));
    b.client.send({ type: 'message.send', conversationId: b.conversationId, clientId: 'steal-1', body: 'look', attachmentId: att.id });
    const err = await b.client.next('error', (f) => f.clientId === 'steal-1');
    expect(err.code).toBe('not_found');
    // Nothing was stored for that message.
    await settle();
    expect(b.client.of('ack').some((f) => f.clientId === 'steal-1')).toBe(false);

    expect((await fetch(`${srv.url}/api/v1/attachments/${att.id}/wrong-key-wrong-key-wrong`)).status).toBe(404);
    expect((await fetch(`${srv.url}/api/v1/attachments/${att.id}`)).status).toBe(404);
    expect((await fetch(srv.url + att.url)).status).toBe(200);
    a.client.close();
    b.client.close();
  });

  it('an attachment in one conversation cannot be sent into another; a retry is stored once', async () => {
    const a = await chattingVisitor(srv.wsUrl, srv.siteId);
    const b = await chattingVisitor(srv.wsUrl, srv.siteId);
    const agent = await agentSocket(srv.wsUrl, cookie);
    const att = await uploaded(await agentUpload(a.conversationId, 'guide.pdf', PDF));
    agent.send({ type: 'message.send', conversationId: a.conversationId, clientId: 'guide-1', body: 'Here is the guide', attachmentId: att.id });
    const ack = await agent.next('ack', (f) => f.clientId === 'guide-1');
    expect(ack.message.attachment?.mime).toBe('application/pdf');
    agent.send({ type: 'message.send', conversationId: a.conversationId, clientId: 'guide-1', body: 'Here is the guide', attachmentId: att.id });
    await settle();
    expect(
      agent
        .of('ack')
        .filter((f) => f.clientId === 'guide-1')
        .map((f) => f.message.id),
    ).toEqual([ack.message.id, ack.message.id]);

    agent.send({ type: 'message.send', conversationId: b.conversationId, clientId: 'guide-2', body: 'again', attachmentId: att.id });
    expect((await agent.next('error', (f) => f.clientId === 'guide-2')).code).toBe('not_found');

    // The visitor sees the agent's file, served as a download.
    const got = await a.client.next('message', (f) => f.message.clientId === 'guide-1');
    const res = await fetch(srv.url + got.message.attachment!.url);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="guide.pdf"/);
    agent.close();
    a.client.close();
    b.client.close();
  });

  it('agent uploads need a session (401) from the console origin (403)', async () => {
    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    const q = new URLSearchParams({ conversation: v.conversationId, name: 'a.pdf' });
    expect((await fetch(`${srv.url}/api/v1/attachments?${q}`, { method: 'POST', headers: { origin: srv.url }, body: PDF })).status).toBe(401);
    expect((await agentUpload(v.conversationId, 'a.pdf', PDF, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await agentUpload('nope', 'a.pdf', PDF)).status).toBe(404);
    v.client.close();
  });
});

describe('erasure', () => {
  it('deleting a visitor deletes their files from disk', async () => {
    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    const mine = await uploaded(await visitorUpload(v.token, 'me.png', PNG));
    const unsent = await uploaded(await visitorUpload(v.token, 'draft.png', PNG));
    v.client.send({ type: 'message.send', conversationId: v.conversationId, clientId: 'me-1', body: '', attachmentId: mine.id });
    await v.client.next('ack');
    const theirs = await uploaded(await agentUpload(v.conversationId, 'reply.pdf', PDF));
    const agent = await agentSocket(srv.wsUrl, cookie);
    agent.send({ type: 'message.send', conversationId: v.conversationId, clientId: 'reply-1', body: 'ok', attachmentId: theirs.id });
    await agent.next('ack');
    for (const a of [mine, unsent, theirs]) expect(existsSync(join(uploadsDir(), a.id))).toBe(true);

    // The data-subject export lists each file with its messages.
    const exp = await fetch(`${srv.url}/api/v1/visitors/${v.visitorId}/export`, { headers: { cookie } });
    const files = ((await exp.json()) as VisitorExport).conversations.flatMap((c) => c.messages).flatMap((m) => (m.attachment ? [m.attachment] : []));
    expect(files.map((f) => [f.name, f.mime, f.size])).toEqual([
      ['me.png', 'image/png', PNG.length],
      ['reply.pdf', 'application/pdf', PDF.length],
    ]);

    const del = await fetch(`${srv.url}/api/v1/visitors/${v.visitorId}`, { method: 'DELETE', headers: { cookie, origin: srv.url } });
    expect(del.status).toBe(204);
    for (const a of [mine, unsent, theirs]) {
      expect(existsSync(join(uploadsDir(), a.id))).toBe(false);
      expect((await fetch(srv.url + a.url)).status).toBe(404);
    }
    agent.close();
  });
});
