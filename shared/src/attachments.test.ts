import { describe, expect, it } from 'vitest';
import { attachmentProblem, formatBytes, isInlineImage } from './attachments';
import type { Message } from './models';
import { transcriptText } from './transcript';

describe('attachments, shared rules', () => {
  it('tells a client why a file cannot be sent before it uploads', () => {
    expect(attachmentProblem({ name: 'photo.JPG', size: 1000 })).toBeNull();
    expect(attachmentProblem({ name: 'report.docx', size: 1000 })).toBeNull();
    expect(attachmentProblem({ name: 'page.html', size: 10 })).toBe('type');
    expect(attachmentProblem({ name: 'noextension', size: 10 })).toBe('type');
    expect(attachmentProblem({ name: 'a.pdf', size: 0 })).toBe('empty');
    expect(attachmentProblem({ name: 'a.pdf', size: 11 * 1024 * 1024 })).toBe('size');
    expect(attachmentProblem({ name: 'a.pdf', size: 3000 }, 2000)).toBe('size');
  });

  it('shows only the four image types inline', () => {
    expect(['image/png', 'image/jpeg', 'image/gif', 'image/webp'].every(isInlineImage)).toBe(true);
    expect(isInlineImage('image/svg+xml')).toBe(false);
    expect(isInlineImage('application/pdf')).toBe(false);
  });

  it('formats sizes for people', () => {
    expect(formatBytes(12, 'en')).toBe('12 B');
    expect(formatBytes(1536, 'en')).toBe('1.5 KB');
    expect(formatBytes(1536, 'pt-BR')).toBe('1,5 KB');
    expect(formatBytes(10 * 1024 * 1024, 'en')).toBe('10 MB');
  });

  it('puts files in the text transcript as name, type and size', () => {
    const base = { conversationId: 'c', clientId: 'x', agentId: null, authorName: null, createdAt: 0 } as const;
    const messages: Message[] = [
      { ...base, id: '1', seq: 1, author: 'visitor', body: 'cat.png', attachment: { id: 'a', name: 'cat.png', mime: 'image/png', size: 2048, url: '/u' } },
      { ...base, id: '2', seq: 2, author: 'agent', body: 'Your invoice', attachment: { id: 'b', name: 'inv.pdf', mime: 'application/pdf', size: 100, url: '/v' } },
    ];
    const text = transcriptText({ title: 'T', messages, nameOf: (m) => m.author, time: () => '10:00' });
    expect(text).toContain('[10:00] visitor: 📎 cat.png (image/png, 2 KB)');
    expect(text).toContain('[10:00] agent: Your invoice\n    📎 inv.pdf (application/pdf, 100 B)');
  });
});
