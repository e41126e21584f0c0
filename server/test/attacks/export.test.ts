/**
 * Found in an attack run: the visitor export left out custom attributes, the agents' notes and files
 * uploaded but never sent; and after an anonymous browser was merged into a verified contact, its
 * unsent upload kept the deleted anonymous id, so erasing the contact left the file on disk.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttachmentUploadResponse, MessageAttachment, VisitorExport } from '@atendo/shared';
import { identityHash } from '../../src/security/identity';
import { login, startTestServer, TestClient } from '../helpers';
import { chattingVisitor, visitorHello, visitorWelcome } from './kit';

const PDF = new TextEncoder().encode('%PDF-1.4\n%%EOF\n');

let srv: Awaited<ReturnType<typeof startTestServer>>;
let cookie: string;
let secret: string;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'atendo-export-'));
  srv = await startTestServer({}, { ATENDO_DATA_DIR: dataDir });
  cookie = await login(srv.url);
  secret = (await srv.services.sites.security(srv.siteId)).secret;
});
afterAll(async () => {
  await srv.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const api = (method: string, path: string, body?: unknown) =>
  fetch(`${srv.url}/api/v1${path}`, {
    method,
    headers: { cookie, origin: srv.url, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

async function upload(token: string, name: string): Promise<MessageAttachment> {
  const q = new URLSearchParams({ site: srv.siteId, name });
  const res = await fetch(`${srv.url}/api/v1/widget/attachments?${q}`, {
    method: 'POST',
    headers: { origin: srv.url, authorization: `Bearer ${token}` },
    body: PDF,
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as AttachmentUploadResponse).attachment;
}

const onDisk = (a: { id: string }) => existsSync(join(dataDir, 'uploads', a.id));

describe('the visitor export is complete (finding 11)', () => {
  it('holds custom attributes, the notes about each conversation and the files uploaded but never sent', async () => {
    const v = await chattingVisitor(srv.wsUrl, srv.siteId, {}, { attributes: { plan: 'pro', order: 'A-17' } });
    expect((await api('POST', `/conversations/${v.conversationId}/notes`, { body: 'Asked for a refund twice' })).status).toBe(201);
    const sent = await upload(v.token, 'sent.pdf');
    v.client.send({ type: 'message.send', conversationId: v.conversationId, clientId: 'with-file', body: '', attachmentId: sent.id });
    await v.client.next('ack', (f) => f.clientId === 'with-file');
    const unsent = await upload(v.token, 'draft.pdf');

    const res = await api('GET', `/visitors/${v.visitorId}/export`);
    expect(res.status).toBe(200);
    const data = (await res.json()) as VisitorExport;
    expect(data.visitor.attributes).toEqual({ plan: 'pro', order: 'A-17' });
    expect(data.conversations).toHaveLength(1);
    expect(data.conversations[0]!.notes.map((n) => n.body)).toEqual(['Asked for a refund twice']);
    expect(data.conversations[0]!.messages.find((m) => m.clientId === 'with-file')?.attachment?.id).toBe(sent.id);
    expect(data.unsentUploads).toEqual([expect.objectContaining({ id: unsent.id, name: 'draft.pdf', mime: 'application/pdf', url: unsent.url })]);
    expect(JSON.stringify(data)).not.toMatch(/tokenHash|token_hash|firstClientId/);
    v.client.close();
  });
});

describe('merged uploads are erased with the contact (finding 11)', () => {
  it('moves the anonymous browser unsent upload to the contact, exports it and deletes it on erasure', async () => {
    const identity = { userId: 'cust-merge-1', hash: identityHash(secret, 'cust-merge-1') };
    const contact = await chattingVisitor(srv.wsUrl, srv.siteId, {}, { identity });
    contact.client.close();
    // Another device: anonymous, picks a file and never sends it, then logs in on the host site.
    const anon = await chattingVisitor(srv.wsUrl, srv.siteId);
    const file = await upload(anon.token, 'passport.pdf');
    const c = await TestClient.connect(srv.wsUrl);
    c.send(visitorHello(srv.siteId, { token: anon.token, identity }));
    expect((await visitorWelcome(c)).visitorId).toBe(contact.visitorId);
    expect(await srv.services.visitors.get(anon.visitorId)).toBeUndefined();

    const row = await srv.services.attachments.byKey(file.id, file.url.split('/').pop()!);
    expect(row.uploaderId).toBe(contact.visitorId);
    const data = (await (await api('GET', `/visitors/${contact.visitorId}/export`)).json()) as VisitorExport;
    expect(data.unsentUploads.map((u) => u.id)).toEqual([file.id]);

    expect((await api('DELETE', `/visitors/${contact.visitorId}`)).status).toBe(204);
    expect(onDisk(file)).toBe(false);
    expect((await fetch(srv.url + file.url)).status).toBe(404);
    c.close();
  });

  it('also deletes unsent uploads left under an id that no longer exists (merged before uploads moved)', async () => {
    const keeper = await chattingVisitor(srv.wsUrl, srv.siteId);
    const kept = await upload(keeper.token, 'keep.pdf');
    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    // As an older version left it: an unsent upload of an anonymous visitor deleted by a merge.
    const orphan = { id: 'orphan-upload-1' };
    writeFileSync(join(dataDir, 'uploads', orphan.id), PDF);
    await srv.services.storage.attachments.insert({
      id: orphan.id,
      siteId: srv.siteId,
      uploaderKind: 'visitor',
      uploaderId: 'merged-away',
      conversationId: null,
      name: 'old.pdf',
      mime: 'application/pdf',
      size: PDF.length,
      key: 'k'.repeat(32),
      createdAt: Date.now(),
    });
    expect((await api('DELETE', `/visitors/${v.visitorId}`)).status).toBe(204);
    expect(onDisk(orphan)).toBe(false);
    expect(await srv.services.attachments.wireById(orphan.id)).toBeUndefined();
    // Someone else's unsent upload stays.
    expect(onDisk(kept)).toBe(true);
    expect((await fetch(srv.url + kept.url)).status).toBe(200);
    keeper.client.close();
  });
});
