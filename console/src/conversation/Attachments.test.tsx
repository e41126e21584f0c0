import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import type { Conversation, Message, MessageAttachment } from '@atendo/shared';
import { AGENT, conversation, message, type FakeWebSocket } from '../../test/fakes';
import { renderSignedIn } from '../../test/render';

/** An XMLHttpRequest stand-in: the test plays the server and the network. */
class FakeXhr {
  static last: FakeXhr | null = null;
  url = '';
  body: unknown;
  status = 0;
  response: unknown = null;
  responseType = '';
  aborted = false;
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(_method: string, url: string) {
    this.url = url;
  }
  setRequestHeader() {}
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
  }
  answer(status: number, response: unknown) {
    this.status = status;
    this.response = response;
    this.onload?.();
  }
}

const PDF: MessageAttachment = { id: 'f1', name: 'guide.pdf', mime: 'application/pdf', size: 20480, url: '/api/v1/attachments/f1/key1' };
const PNG: MessageAttachment = { id: 'f2', name: 'screenshot.png', mime: 'image/png', size: 5000, url: '/api/v1/attachments/f2/key2' };

function openWith(c: Conversation, messages: Message[]) {
  return renderSignedIn(
    {
      'GET /api/v1/conversations': { body: { items: [c], nextCursor: null } },
      [`GET /api/v1/conversations/${c.id}`]: { body: { conversation: c } },
      [`GET /api/v1/conversations/${c.id}/messages`]: (call) => ({ body: { items: messages.filter((m) => m.seq > Number(call.query.get('after') ?? 0)) } }),
      [`POST /api/v1/conversations/${c.id}/read`]: { body: { conversation: { ...c, unreadCount: 0 } } },
    },
    `#/conversations/${c.id}`,
  );
}

const pick = (file: File) => {
  const input = document.querySelector<HTMLInputElement>('.composer input[type=file]')!;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
};
const sends = (ws: FakeWebSocket) => ws.frames().filter((f) => f.type === 'message.send');

beforeEach(() => {
  FakeXhr.last = null;
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
});
afterEach(() => vi.unstubAllGlobals());

describe('attachments in the console', () => {
  it('shows a visitor image as a thumbnail that opens full size, and an agent file as a chip', async () => {
    const c = conversation({ id: 'c1', visitorName: 'Maria', lastSeq: 2 });
    await openWith(c, [
      message({ conversationId: 'c1', seq: 1, body: 'screenshot.png', attachment: PNG }),
      message({ conversationId: 'c1', seq: 2, author: 'agent', agentId: AGENT.id, authorName: 'Ana Lima', body: 'Here is the guide', attachment: PDF }),
    ]);
    const log = await screen.findByRole('log', { name: 'Messages with Maria' });
    const img = await within(log).findByRole('img', { name: 'screenshot.png' });
    expect(img.getAttribute('src')).toBe(PNG.url);
    expect(img.closest('a')?.getAttribute('target')).toBe('_blank');
    // The name-only body is not repeated under the image.
    expect(within(log).queryByText('screenshot.png')).toBeNull();
    const chip = within(log).getByRole('link', { name: /guide\.pdf/ });
    expect(chip.getAttribute('href')).toBe(PDF.url);
    expect(chip.textContent?.replace(/\s/g, ' ')).toContain('20 kB');
    expect(within(log).getByText('Here is the guide')).toBeTruthy();
  });

  it('saves a file under a name that ends in its served type, whatever it was sent as', async () => {
    const c = conversation({ id: 'c1', visitorName: 'Maria', lastSeq: 3 });
    const disguised = (id: string, name: string, mime: string): MessageAttachment => ({ id, name, mime, size: 100, url: `/api/v1/attachments/${id}/k` });
    await openWith(c, [
      message({ conversationId: 'c1', seq: 1, body: 'invoice', attachment: disguised('a', 'invoice.html', 'application/pdf') }),
      message({ conversationId: 'c1', seq: 2, body: 'order', attachment: disguised('b', 'order.pdf.cmd', 'application/pdf') }),
      message({ conversationId: 'c1', seq: 3, body: 'sheet', attachment: disguised('c', 'Sheet.CSV', 'text/csv') }),
    ]);
    const log = await screen.findByRole('log', { name: 'Messages with Maria' });
    const chips = await within(log).findAllByRole('link');
    expect(chips.map((a) => a.getAttribute('download'))).toEqual(['invoice.pdf', 'order.pdf', 'Sheet.CSV']);
    // What the agent reads is what the file will be called.
    expect(chips.map((a) => a.querySelector('.msg-file-name')?.textContent)).toEqual(['invoice.pdf', 'order.pdf', 'Sheet.CSV']);
  });

  it('uploads a file with progress, then sends it as a reply', async () => {
    const c = conversation({ id: 'c1', visitorName: 'Maria', lastSeq: 1 });
    const { ws } = await openWith(c, [message({ conversationId: 'c1', seq: 1, body: 'Can you send the guide?' })]);
    await screen.findByText('Can you send the guide?');
    expect(screen.getByRole('button', { name: 'Attach a file' })).toBeTruthy();
    pick(new File(['%PDF-1.4'], 'guide.pdf', { type: 'application/pdf' }));
    const xhr = FakeXhr.last!;
    expect(xhr.url).toBe('/api/v1/attachments?conversation=c1&name=guide.pdf');
    xhr.upload.onprogress?.({ lengthComputable: true, loaded: 3, total: 4 });
    const bar = await screen.findByRole('progressbar', { name: 'Upload of guide.pdf' });
    await waitFor(() => expect((bar as HTMLProgressElement).value).toBe(75));
    expect(screen.getByText('75%')).toBeTruthy();

    xhr.answer(201, { attachment: PDF });
    await waitFor(() => expect(sends(ws)).toEqual([expect.objectContaining({ conversationId: 'c1', body: 'guide.pdf', attachmentId: 'f1' })]));
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(await screen.findByRole('link', { name: /guide\.pdf/ })).toBeTruthy();
  });

  it('refuses a file type in words before uploading, and shows a server refusal', async () => {
    const c = conversation({ id: 'c1', visitorName: 'Maria', lastSeq: 1 });
    const { ws } = await openWith(c, [message({ conversationId: 'c1', seq: 1, body: 'Hi' })]);
    await screen.findByText('Hi');
    pick(new File(['<script>'], 'page.html'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/“page.html” cannot be sent/);
    expect(FakeXhr.last).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));

    pick(new File(['<html>'], 'fake.png'));
    FakeXhr.last!.answer(415, { error: { code: 'unsupported_media_type', message: 'nope' } });
    expect((await screen.findByRole('alert')).textContent).toMatch(/“fake.png” cannot be sent/);
    expect(sends(ws)).toEqual([]);
  });

  it('has no paperclip for internal notes', async () => {
    const c = conversation({ id: 'c1', visitorName: 'Maria', lastSeq: 1 });
    await openWith(c, [message({ conversationId: 'c1', seq: 1, body: 'Hi' })]);
    await screen.findByText('Hi');
    fireEvent.click(screen.getByRole('radio', { name: 'Internal note' }));
    expect((screen.getByRole('button', { name: 'Attach a file' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
