import { describe, expect, it } from 'vitest';
import { attachmentProblem, formatBytes, isInlineImage, nameForType } from './attachments';
import type { Message } from './models';
import { transcriptText } from './transcript';

describe('attachments, shared rules', () => {
  it('tells a client why a file cannot be sent before it uploads', () => {
    expect(attachmentProblem({ name: 'photo.JPG', size: 1000 })).toBeNull();
    expect(attachmentProblem({ name: 'report.docx', size: 1000 })).toBeNull();
    expect(attachmentProblem({ name: 'page.html', size: 10 })).toBe('type');
    // Legacy office files can carry macros: refused before upload too.
    expect(attachmentProblem({ name: 'old.doc', size: 10 })).toBe('type');
    expect(attachmentProblem({ name: 'old.XLS', size: 10 })).toBe('type');
    expect(attachmentProblem({ name: 'noextension', size: 10 })).toBe('type');
    expect(attachmentProblem({ name: 'a.pdf', size: 0 })).toBe('empty');
    expect(attachmentProblem({ name: 'a.pdf', size: 11 * 1024 * 1024 })).toBe('size');
    expect(attachmentProblem({ name: 'a.pdf', size: 3000 }, 2000)).toBe('size');
  });

  it('names a file after its type: a wrong extension is replaced, a missing one appended', () => {
    const PDF = 'application/pdf';
    expect(nameForType('invoice.html', PDF)).toBe('invoice.pdf');
    expect(nameForType('invoice.pdf.cmd', PDF)).toBe('invoice.pdf');
    expect(nameForType('setup.exe', PDF)).toBe('setup.pdf');
    expect(nameForType('x.exe', 'image/png')).toBe('x.png');
    expect(nameForType('x.html', 'image/png')).toBe('x.png');
    expect(nameForType('x.js', 'image/gif')).toBe('x.gif');
    expect(nameForType('x.cmd. . ', PDF)).toBe('x.pdf');
    expect(nameForType('contract', PDF)).toBe('contract.pdf');
    expect(nameForType('Scan 12.03.2024', PDF)).toBe('Scan 12.03.2024.pdf');
    expect(nameForType('...', PDF)).toBe('file.pdf');
    // A name that already fits is kept as it is.
    expect(nameForType('Photo.JPEG', 'image/jpeg')).toBe('Photo.JPEG');
    expect(nameForType('photo.jpg', 'image/jpeg')).toBe('photo.jpg');
    expect(nameForType('photo.png', 'image/jpeg')).toBe('photo.jpg');
    expect(nameForType('Report.PDF', PDF)).toBe('Report.PDF');
    expect(nameForType('data.csv', 'text/csv')).toBe('data.csv');
    expect(nameForType('notes.txt', 'text/plain; charset=utf-8')).toBe('notes.txt');
    expect(nameForType('a.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe('a.docx');
    // A type Atendo does not know is never saved as something that runs.
    expect(nameForType('x.exe', 'application/x-msdownload')).toBe('x.bin');
    const long = nameForType('y'.repeat(199) + '.exe', PDF);
    expect(long).toHaveLength(200);
    expect(long.endsWith('y.pdf')).toBe(true);
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
      {
        ...base,
        id: '2',
        seq: 2,
        author: 'agent',
        body: 'Your invoice',
        attachment: { id: 'b', name: 'inv.pdf', mime: 'application/pdf', size: 100, url: '/v' },
      },
    ];
    const text = transcriptText({ title: 'T', messages, nameOf: (m) => m.author, time: () => '10:00' });
    expect(text).toContain('[10:00] visitor: 📎 cat.png (image/png, 2 KB)');
    expect(text).toContain('[10:00] agent: Your invoice\n    📎 inv.pdf (application/pdf, 100 B)');
  });
});
