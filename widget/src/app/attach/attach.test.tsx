import type { Message, MessageAttachment } from '@atendo/shared';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { socketFactory, welcome } from '../../../test/fake-socket';
import { createChat } from '../chat';
import { Widget } from '../components/Widget';
import { makeT } from '../i18n';

/** An XMLHttpRequest stand-in: the test plays the server and the network. */
class FakeXhr {
  static last: FakeXhr | null = null;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown;
  status = 0;
  response: unknown = null;
  responseType = '';
  aborted = false;
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v;
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total });
  }
  answer(status: number, response: unknown) {
    this.status = status;
    this.response = response;
    this.onload?.();
  }
}

const ATT: MessageAttachment = { id: 'att1', name: 'cat.png', mime: 'image/png', size: 2048, url: '/api/v1/attachments/att1/k3y' };

function setup() {
  const factory = socketFactory();
  const chat = createChat({ siteId: 'site1', origin: 'https://chat.example', locale: 'en', createSocket: factory.create });
  chat.setConfig({ status: 'ready', config: { siteId: 'site1', teamName: 'Loja Azul', greeting: 'Hi', color: '#0a7', maxUploadBytes: 5000 } });
  chat.setOpen(true);
  render(<Widget chat={chat} t={makeT('en')} locale="en" onClose={() => undefined} />);
  /** Click the paperclip and choose `file` in the (detached) file input it opens. */
  const pick = (file: File) => {
    const click = vi.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(() => undefined);
    fireEvent.click(screen.getByRole('button', { name: 'Attach a file' }));
    const input = click.mock.contexts[0] as HTMLInputElement;
    click.mockRestore();
    expect(input.type).toBe('file');
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change'));
  };
  return { chat, factory, pick };
}

beforeEach(() => {
  FakeXhr.last = null;
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
});
afterEach(() => vi.unstubAllGlobals());

describe('attaching a file in the widget', () => {
  it('gets a token, uploads with progress, then sends the file as a message with a thumbnail', async () => {
    const { factory, pick } = setup();
    expect(screen.getByRole('button', { name: 'Attach a file' })).toBeTruthy();
    pick(new File([new Uint8Array(1000)], 'cat.png', { type: 'image/png' }));
    // A visitor who has not written yet: the socket opens and asks for a token first.
    await waitFor(() => expect(factory.sockets).toHaveLength(1));
    act(() => {
      factory.last.open();
      factory.last.frame(welcome());
    });
    expect(factory.last.ofType('session.start')).toHaveLength(1);
    act(() => factory.last.frame({ type: 'session', visitorId: 'v1', token: 'tok_0123456789abcdef' }));
    await waitFor(() => expect(FakeXhr.last).not.toBeNull());
    const xhr = FakeXhr.last!;
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('https://chat.example/api/v1/widget/attachments?site=site1&name=cat.png');
    expect(xhr.headers.Authorization).toBe('Bearer tok_0123456789abcdef');

    act(() => xhr.progress(400, 1000));
    const bar = screen.getByRole('progressbar', { name: 'Upload of cat.png' });
    expect(bar.getAttribute('aria-valuenow')).toBe('40');
    expect(screen.getByText('40%')).toBeTruthy();

    act(() => xhr.answer(201, { attachment: ATT }));
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
    expect(factory.last.ofType('message.send')).toEqual([expect.objectContaining({ body: 'cat.png', attachmentId: 'att1' })]);
    const img = screen.getByRole('img', { name: 'cat.png' });
    expect(img.getAttribute('src')).toBe('https://chat.example/api/v1/attachments/att1/k3y');
    expect(img.closest('a')!.getAttribute('target')).toBe('_blank');
  });

  it('refuses a file that is too big or of another type before uploading, in words', async () => {
    const { pick } = setup();
    pick(new File([new Uint8Array(6000)], 'huge.pdf'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/“huge.pdf” is too big: files can be up to 4.9 KB/);
    fireEvent.click(screen.getByRole('button', { name: 'OK' }));
    expect(screen.queryByRole('alert')).toBeNull();
    pick(new File(['MZ'], 'setup.exe'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/“setup.exe” cannot be sent/);
    expect(FakeXhr.last).toBeNull();
  });

  it('cancels an upload in progress and shows a server refusal', async () => {
    localStorage.setItem('atendo:site1:token', 'tok_0123456789abcdef');
    const { pick, factory } = setup();
    pick(new File(['a,b'], 'data.csv'));
    await waitFor(() => expect(FakeXhr.last).not.toBeNull());
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(FakeXhr.last!.aborted).toBe(true);
    expect(screen.queryByRole('progressbar')).toBeNull();

    FakeXhr.last = null;
    pick(new File(['<html>'], 'page.txt'));
    await waitFor(() => expect(FakeXhr.last?.body).toBeInstanceOf(File));
    act(() => FakeXhr.last!.answer(415, { error: { code: 'unsupported_media_type', message: 'no' } }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/“page.txt” cannot be sent/);
    expect(factory.sockets.flatMap((s) => s.ofType('message.send'))).toEqual([]);
    localStorage.clear();
  });
});

describe('files in the message list', () => {
  it('shows an agent file as a download chip with its name and size', () => {
    const factory = socketFactory();
    const m: Message = {
      id: 'a1',
      conversationId: 'c1',
      seq: 1,
      clientId: 'x',
      author: 'agent',
      agentId: 'ag',
      authorName: 'Ana',
      createdAt: 1,
      body: 'Here is your invoice',
      attachment: { id: 'f1', name: 'invoice.pdf', mime: 'application/pdf', size: 123_456, url: '/api/v1/attachments/f1/key' },
    };
    const chat2 = createChat({ siteId: 'site2', origin: 'https://chat.example/', locale: 'en', createSocket: factory.create });
    localStorage.setItem('atendo:site2:token', 'tok_0123456789abcdef');
    chat2.setOpen(true);
    const { container } = render(<Widget chat={chat2} t={makeT('en')} locale="en" onClose={() => undefined} />);
    act(() => {
      factory.last.open();
      factory.last.frame(welcome('v1', [{ id: 'c1', status: 'open', lastSeq: 1 }]));
      factory.last.frame({ type: 'message', message: m });
    });
    const link = [...container.querySelectorAll('a')].find((a) => a.textContent?.includes('invoice.pdf'))!;
    expect(link.getAttribute('href')).toBe('https://chat.example/api/v1/attachments/f1/key');
    expect(link.hasAttribute('download')).toBe(true);
    expect(link.textContent).toContain('121 KB');
    expect(container.textContent).toContain('Here is your invoice');
    localStorage.clear();
  });

  it('names a file chip after the served type, not the name it was sent with', () => {
    const factory = socketFactory();
    const m: Message = {
      id: 'a2',
      conversationId: 'c1',
      seq: 1,
      clientId: 'y',
      author: 'agent',
      agentId: 'ag',
      authorName: 'Ana',
      createdAt: 1,
      body: 'see file',
      attachment: { id: 'f2', name: 'invoice.pdf.cmd', mime: 'application/pdf', size: 100, url: '/api/v1/attachments/f2/key' },
    };
    const chat3 = createChat({ siteId: 'site3', origin: 'https://chat.example/', locale: 'en', createSocket: factory.create });
    localStorage.setItem('atendo:site3:token', 'tok_0123456789abcdef');
    chat3.setOpen(true);
    const { container } = render(<Widget chat={chat3} t={makeT('en')} locale="en" onClose={() => undefined} />);
    act(() => {
      factory.last.open();
      factory.last.frame(welcome('v1', [{ id: 'c1', status: 'open', lastSeq: 1 }]));
      factory.last.frame({ type: 'message', message: m });
    });
    const link = container.querySelector<HTMLAnchorElement>('a.att-file')!;
    expect(link.getAttribute('download')).toBe('invoice.pdf');
    expect(link.textContent).toContain('invoice.pdf');
    expect(link.textContent).not.toContain('.cmd');
    localStorage.clear();
  });
});
