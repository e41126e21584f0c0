import { describe, expect, it } from 'vitest';
import { agentNotifyEmail, shorten } from './agent-templates';

const item = (patch = {}) => ({
  kind: 'visitor_message' as const,
  visitorName: 'Ana <script>alert(1)</script>',
  visitorEmail: 'ana@example.com',
  preview: 'Is "this" <b>bold</b> & safe? https://evil.example/x',
  link: 'https://chat.example/#/conversations/abc',
  ...patch,
});

describe('agent notification e-mail', () => {
  it('escapes everything a visitor typed in the HTML and never links it; the console link is the only link', () => {
    const { html, text } = agentNotifyEmail({ locale: null, agentName: 'Rita & Co', items: [item()] });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>bold');
    expect(html).toContain('Ana &#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('Is &#34;this&#34; &#60;b&#62;bold&#60;/b&#62; &#38; safe?');
    expect(html).toContain('Rita &#38; Co');
    expect(html.match(/<a /g)).toHaveLength(1);
    expect(html).toContain('<a href="https://chat.example/#/conversations/abc">');
    // Plain text keeps the words as typed.
    expect(text).toContain('Is "this" <b>bold</b> & safe?');
    expect(text).toContain('https://chat.example/#/conversations/abc');
  });

  it('groups by kind, counts conversations once in the subject, and speaks pt-BR and ru', () => {
    const items = [item({ kind: 'assigned' }), item(), item({ kind: 'unattended', link: 'https://chat.example/#/conversations/def' })];
    const en = agentNotifyEmail({ locale: null, agentName: 'Rita', items });
    expect(en.subject).toBe('2 conversation(s) need you');
    expect(en.text.indexOf('New conversations while no agent was online')).toBeLessThan(en.text.indexOf('Conversations assigned to you'));
    expect(en.text.indexOf('Conversations assigned to you')).toBeLessThan(en.text.indexOf('New visitor messages'));
    expect(agentNotifyEmail({ locale: 'pt-PT', agentName: 'Rita', items }).subject).toBe('2 conversa(s) precisam de você');
    const ru = agentNotifyEmail({ locale: 'ru-RU', agentName: 'Rita', items });
    expect(ru.subject).toBe('Вас ждут диалоги: 2');
    expect(ru.html).toContain('lang="ru"');
  });

  it('shows the first words of a long message on one line', () => {
    const long = `${'word '.repeat(60)}\nend`;
    const s = shorten(long);
    expect(s.length).toBeLessThanOrEqual(141);
    expect(s.endsWith('…')).toBe(true);
    expect(s).not.toContain('\n');
    expect(shorten(' short\n text ')).toBe('short text');
  });
});
