/**
 * A file's name must not disguise what it is. Polyglots (a PDF that is also
 * HTML, a PNG named .exe, a GIF that is also JavaScript) were stored and served under the name the
 * visitor chose, and browsers saved them so. Now the stored and served name ends in the sniffed
 * type's extension; office files that can carry macros are refused.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttachmentUploadResponse, Message, MessageAttachment } from '@atendo/shared';
import { newId } from '../../src/domain/ids';
import { login, startTestServer } from '../helpers';
import { chattingVisitor } from './kit';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
const ZIP = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(30)]);

let srv: Awaited<ReturnType<typeof startTestServer>>;
let cookie: string;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'atendo-names-'));
  srv = await startTestServer({}, { ATENDO_DATA_DIR: dataDir, ATENDO_RATE_UPLOADS_PER_HOUR: '1000', ATENDO_RATE_UPLOADS_PER_IP_PER_HOUR: '1000' });
  cookie = await login(srv.url);
});
afterAll(async () => {
  await srv.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function upload(token: string, name: string, body: Buffer, type = 'application/octet-stream') {
  const q = new URLSearchParams({ site: srv.siteId, name });
  return fetch(`${srv.url}/api/v1/widget/attachments?${q}`, {
    method: 'POST',
    headers: { origin: srv.url, 'content-type': type, authorization: `Bearer ${token}` },
    body: new Uint8Array(body),
  });
}

/** The polyglots of the attack run, and the name each must end up with. */
const DISGUISES: { name: string; bytes: Buffer; mime: string; saved: string }[] = [
  { name: 'invoice.html', bytes: Buffer.from('%PDF-1.4\n<html><script>alert(document.domain)</script></html>'), mime: 'application/pdf', saved: 'invoice.pdf' },
  { name: 'invoice.pdf.cmd', bytes: Buffer.from('%PDF-1.4\r\n@echo off\r\ncalc.exe\r\n'), mime: 'application/pdf', saved: 'invoice.pdf' },
  { name: 'setup.exe', bytes: Buffer.from('%PDF-1.4\n%%EOF\n'), mime: 'application/pdf', saved: 'setup.pdf' },
  { name: 'x.exe', bytes: PNG, mime: 'image/png', saved: 'x.png' },
  { name: 'x.html', bytes: Buffer.concat([PNG, Buffer.from('<html><script>alert(1)</script>')]), mime: 'image/png', saved: 'x.png' },
  { name: 'x.js', bytes: Buffer.from('GIF89a/*\x00\x00*/=alert(1)//'), mime: 'image/gif', saved: 'x.gif' },
  { name: 'x.hta.', bytes: Buffer.from('%PDF-1.4\n'), mime: 'application/pdf', saved: 'x.pdf' },
];

describe('attachment names follow the sniffed type (finding 5)', () => {
  it('stores, sends and serves every disguised file under its real extension', async () => {
    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    for (const [i, d] of DISGUISES.entries()) {
      const res = await upload(v.token, d.name, d.bytes);
      expect(res.status, d.name).toBe(201);
      const att = ((await res.json()) as AttachmentUploadResponse).attachment;
      expect(att, d.name).toMatchObject({ name: d.saved, mime: d.mime });

      // Sent without a caption, the message body is the file's name: the safe one.
      v.client.send({ type: 'message.send', conversationId: v.conversationId, clientId: `disguise-${i}`, body: '', attachmentId: att.id });
      const ack = await v.client.next('ack', (f) => f.clientId === `disguise-${i}`);
      expect(ack.message.body, d.name).toBe(d.saved);
      expect(ack.message.attachment?.name, d.name).toBe(d.saved);

      const file = await fetch(srv.url + att.url);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe(d.mime);
      const disposition = file.headers.get('content-disposition') ?? '';
      expect(disposition, d.name).toMatch(new RegExp(`; filename="${d.saved.replace('.', '\\.')}"; filename\\*=UTF-8''${d.saved.replace('.', '\\.')}$`));
      expect(disposition).not.toMatch(/\.(html|cmd|exe|js|hta)\b/);
    }
    // The agent's history over REST carries the same names.
    const list = await fetch(`${srv.url}/api/v1/conversations/${v.conversationId}/messages`, { headers: { cookie } });
    const names = ((await list.json()) as { items: Message[] }).items.flatMap((m) => (m.attachment ? [m.attachment.name] : []));
    expect(names).toEqual(DISGUISES.map((d) => d.saved));
    v.client.close();
  });

  it('keeps a name whose extension already fits, in any case, .jpg and .jpeg alike', async () => {
    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]);
    const cases: [string, Buffer, string][] = [
      ['Foto da nota.JPEG', JPEG, 'Foto da nota.JPEG'],
      ['scan.jpg', JPEG, 'scan.jpg'],
      ['Report.PDF', Buffer.from('%PDF-1.7\n'), 'Report.PDF'],
      ['pedidos.csv', Buffer.from('a,b\n=1+1,2\n'), 'pedidos.csv'],
      ['contract', Buffer.from('%PDF-1.7\n'), 'contract.pdf'],
    ];
    for (const [name, bytes, saved] of cases) {
      const res = await upload(v.token, name, bytes);
      expect(res.status, name).toBe(201);
      expect(((await res.json()) as AttachmentUploadResponse).attachment.name, name).toBe(saved);
    }
    v.client.close();
  });

  it('refuses office files that can carry macros, saying why', async () => {
    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    for (const [name, bytes] of [
      ['old.doc', OLE],
      ['old.xls', OLE],
      ['deck.ppt', OLE],
      ['macro.docm', ZIP],
      ['macro.xlsm', ZIP],
      ['macro.pptm', ZIP],
    ] as const) {
      const res = await upload(v.token, name, bytes);
      expect(res.status, name).toBe(415);
      expect((await res.json()).error.message, name).toMatch(/macros/);
    }
    v.client.close();
  });

  it('serves a file stored under a disguised name before this rule with a name that fits its type', async () => {
    const v = await chattingVisitor(srv.wsUrl, srv.siteId);
    const res = await upload(v.token, 'legacy.pdf', Buffer.from('%PDF-1.4\n'));
    const uploaded = ((await res.json()) as AttachmentUploadResponse).attachment as MessageAttachment;
    // As an older version stored it: the uploader's name, whatever the bytes were. The ports never
    // rename a file, so the old row is a copy of this upload (same bytes and key) under that name.
    const row = (await srv.services.storage.attachments.get(uploaded.id))!;
    const legacy = { ...row, id: newId(), name: 'legacy.html' };
    await srv.services.storage.attachments.insert(legacy);
    copyFileSync(join(dataDir, 'uploads', row.id), join(dataDir, 'uploads', legacy.id));
    const att = (await srv.services.attachments.wireById(legacy.id))!;
    expect(att.url).toBe(uploaded.url.replace(uploaded.id, legacy.id));
    const file = await fetch(srv.url + att.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/filename="legacy\.pdf"/);
    expect(att.name).toBe('legacy.pdf');
    v.client.close();
  });
});
