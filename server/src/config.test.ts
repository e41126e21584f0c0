import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('ATENDO_WRITER', () => {
  it('is the writer thread unless told otherwise', () => {
    expect(loadConfig({}).writer).toBe('thread');
    expect(loadConfig({ ATENDO_WRITER: 'thread' }).writer).toBe('thread');
    expect(loadConfig({ ATENDO_WRITER: 'inline' }).writer).toBe('inline');
  });

  it('refuses anything else with a message that names the setting', () => {
    expect(() => loadConfig({ ATENDO_WRITER: 'threads' })).toThrow('ATENDO_WRITER must be "thread" or "inline", got "threads"');
  });
});

describe('e-mail settings', () => {
  it('are off without ATENDO_SMTP_URL, with defaults for the rest', () => {
    const { mail } = loadConfig({ ATENDO_PUBLIC_URL: 'https://chat.example.com/' });
    expect(mail).toEqual({
      smtpUrl: null,
      from: { name: 'Atendo', address: 'atendo@chat.example.com' },
      inboundDomain: null,
      delayMs: 120_000,
    });
  });

  it('read every variable', () => {
    const { mail } = loadConfig({
      ATENDO_SMTP_URL: 'smtps://user:pass@smtp.example.com:465',
      ATENDO_MAIL_FROM: '"Acme Support" <support@example.com>',
      ATENDO_INBOUND_DOMAIN: 'Reply.Example.com',
      ATENDO_EMAIL_DELAY_SECONDS: '30',
    });
    expect(mail).toEqual({
      smtpUrl: 'smtps://user:pass@smtp.example.com:465',
      from: { name: 'Acme Support', address: 'support@example.com' },
      inboundDomain: 'reply.example.com',
      delayMs: 30_000,
    });
    expect(loadConfig({ ATENDO_SMTP_URL: 'smtp://127.0.0.1:2525', ATENDO_MAIL_FROM: 'help@example.org' }).mail).toMatchObject({
      smtpUrl: 'smtp://127.0.0.1:2525',
      from: { name: '', address: 'help@example.org' },
    });
  });

  it('refuse bad values at start with a message that names the setting (and never repeats a password)', () => {
    expect(() => loadConfig({ ATENDO_SMTP_URL: 'smtp.example.com' })).toThrow(/^ATENDO_SMTP_URL must be a URL/);
    expect(() => loadConfig({ ATENDO_SMTP_URL: 'https://user:secret@smtp.example.com' })).toThrow(
      'ATENDO_SMTP_URL must start with smtp:// or smtps://, got "https://"',
    );
    expect(() => loadConfig({ ATENDO_SMTP_URL: 'https://user:secret@smtp.example.com' })).not.toThrow(/secret/);
    expect(() => loadConfig({ ATENDO_MAIL_FROM: 'Support' })).toThrow('ATENDO_MAIL_FROM must be an address or "Name <address>", got "Support"');
    expect(() => loadConfig({ ATENDO_MAIL_FROM: 'Support <support@>' })).toThrow(/ATENDO_MAIL_FROM/);
    expect(() => loadConfig({ ATENDO_INBOUND_DOMAIN: 'reply@example.com' })).toThrow(/ATENDO_INBOUND_DOMAIN must be a domain name/);
    expect(() => loadConfig({ ATENDO_EMAIL_DELAY_SECONDS: '-1' })).toThrow(/ATENDO_EMAIL_DELAY_SECONDS must be a non-negative integer/);
  });
});

describe('incoming e-mail settings', () => {
  it('are off by default; the size fits one file of the upload limit in base64 plus 1 MB', () => {
    expect(loadConfig({}).inbound).toEqual({ smtpPort: null, smtpHost: '0.0.0.0', secret: null, maxBytes: Math.ceil(10 * 1024 * 1024 * 1.4) + 1024 * 1024 });
    expect(loadConfig({ ATENDO_MAX_UPLOAD_MB: '1' }).inbound.maxBytes).toBe(Math.ceil(1024 * 1024 * 1.4) + 1024 * 1024);
  });

  it('read the listener, the webhook secret and the size', () => {
    const { inbound } = loadConfig({
      ATENDO_INBOUND_DOMAIN: 'reply.example.com',
      ATENDO_INBOUND_SMTP_PORT: '2525',
      ATENDO_INBOUND_SMTP_HOST: '127.0.0.1',
      ATENDO_INBOUND_SECRET: 's3cret-s3cret-s3cret',
      ATENDO_INBOUND_MAX_MB: '2.5',
    });
    expect(inbound).toEqual({ smtpPort: 2525, smtpHost: '127.0.0.1', secret: 's3cret-s3cret-s3cret', maxBytes: 2.5 * 1024 * 1024 });
  });

  it('need ATENDO_INBOUND_DOMAIN, and refuse what cannot work', () => {
    expect(() => loadConfig({ ATENDO_INBOUND_SMTP_PORT: '2525' })).toThrow('ATENDO_INBOUND_SMTP_PORT needs ATENDO_INBOUND_DOMAIN');
    expect(() => loadConfig({ ATENDO_INBOUND_SECRET: 's3cret-s3cret-s3cret' })).toThrow('ATENDO_INBOUND_SECRET needs ATENDO_INBOUND_DOMAIN');
    const domain = { ATENDO_INBOUND_DOMAIN: 'reply.example.com' };
    expect(() => loadConfig({ ...domain, ATENDO_INBOUND_SMTP_PORT: '70000' })).toThrow(/ATENDO_INBOUND_SMTP_PORT must be a port number/);
    expect(() => loadConfig({ ...domain, ATENDO_INBOUND_SMTP_PORT: 'smtp' })).toThrow(/ATENDO_INBOUND_SMTP_PORT must be a non-negative integer/);
    expect(() => loadConfig({ ...domain, ATENDO_INBOUND_SECRET: 'short' })).toThrow(/at least 16 characters/);
    expect(() => loadConfig({ ...domain, ATENDO_INBOUND_MAX_MB: '0' })).toThrow(/ATENDO_INBOUND_MAX_MB must be a positive number/);
  });
});
