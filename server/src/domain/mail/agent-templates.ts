/**
 * The agent notification e-mail: one per agent per batch, listing the conversations that wait
 * (grouped by why: unattended, assigned to them, new visitor messages), in the agent's language
 * when one is known (en, pt-BR, ru; English otherwise). Everything a visitor typed is escaped in
 * the HTML and never becomes a link: only the console's own link does.
 */
import type { AgentNotificationKind } from '../../storage/types';
import { pickLocale, translator, type Table } from '@atendo/shared';
import { escapeHtml } from './templates';

type Key = 'subject' | 'greeting' | 'unattended' | 'assigned' | 'visitor_message' | 'visitor' | 'open' | 'why';

const strings: Table<Key> = {
  en: {
    subject: '{count} conversation(s) need you',
    greeting: 'Hi {name},',
    unattended: 'New conversations while no agent was online',
    assigned: 'Conversations assigned to you',
    visitor_message: 'New visitor messages in your conversations',
    visitor: 'Visitor',
    open: 'Open in the console',
    why: 'You get these e-mails because they are on in your notification settings in the console.',
  },
  'pt-BR': {
    subject: '{count} conversa(s) precisam de você',
    greeting: 'Olá, {name},',
    unattended: 'Novas conversas enquanto nenhum atendente estava online',
    assigned: 'Conversas atribuídas a você',
    visitor_message: 'Novas mensagens de visitantes nas suas conversas',
    visitor: 'Visitante',
    open: 'Abrir no console',
    why: 'Você recebe estes e-mails porque eles estão ativados nas suas configurações de notificação no console.',
  },
  ru: {
    subject: 'Вас ждут диалоги: {count}',
    greeting: 'Здравствуйте, {name}!',
    unattended: 'Новые диалоги, пока в сети не было ни одного оператора',
    assigned: 'Диалоги, назначенные вам',
    visitor_message: 'Новые сообщения посетителей в ваших диалогах',
    visitor: 'Посетитель',
    open: 'Открыть в консоли',
    why: 'Вы получаете эти письма, потому что они включены в ваших настройках уведомлений в консоли.',
  },
};

/** How many characters of the latest visitor message an item shows. */
export const PREVIEW_CHARS = 140;

export interface AgentNotifyItem {
  kind: AgentNotificationKind;
  visitorName: string | null;
  visitorEmail: string | null;
  /** The latest visitor message (shortened here). */
  preview: string | null;
  /** The conversation in the console (http or https). */
  link: string;
}

export interface AgentNotifyContent {
  locale: string | null;
  agentName: string;
  items: AgentNotifyItem[];
}

const KINDS: readonly AgentNotificationKind[] = ['unattended', 'assigned', 'visitor_message'];

/** The first words of a message on one line, cut at `PREVIEW_CHARS` with an ellipsis. */
export function shorten(text: string, max = PREVIEW_CHARS): string {
  const one = text.replace(/\s+/g, ' ').trim();
  if (one.length <= max) return one;
  const cut = one.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export function agentNotifyEmail(c: AgentNotifyContent): { subject: string; text: string; html: string; locale: string } {
  const locale = pickLocale([c.locale]);
  const t = translator(strings, locale);
  const conversations = new Set(c.items.map((i) => i.link)).size;
  const subject = t('subject', { count: String(conversations) });
  const who = (i: AgentNotifyItem) => [i.visitorName?.trim() || t('visitor'), i.visitorEmail ? `<${i.visitorEmail}>` : ''].filter(Boolean).join(' ');
  const groups = KINDS.map((kind) => ({ kind, items: c.items.filter((i) => i.kind === kind) })).filter((g) => g.items.length);

  const text = [
    t('greeting', { name: c.agentName }),
    '',
    ...groups.flatMap((g) => [
      `${t(g.kind)}:`,
      ...g.items.flatMap((i) => [`- ${who(i)}`, ...(i.preview ? [`  "${shorten(i.preview)}"`] : []), `  ${i.link}`]),
      '',
    ]),
    '-- ',
    t('why'),
  ].join('\n');

  const p = 'margin:0 0 12px 0';
  const html = [
    `<!doctype html><html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#111">',
    `<p style="${p}">${escapeHtml(t('greeting', { name: c.agentName }))}</p>`,
    ...groups.flatMap((g) => [
      `<h3 style="margin:16px 0 8px 0;font-size:15px">${escapeHtml(t(g.kind))}</h3>`,
      ...g.items.map(
        (i) =>
          `<div style="margin:0 0 12px 0;padding:10px 12px;background:#f3f4f6;border-radius:8px"><div style="font-weight:600">${escapeHtml(who(i))}</div>` +
          (i.preview ? `<div style="color:#333">${escapeHtml(shorten(i.preview))}</div>` : '') +
          `<div><a href="${escapeHtml(i.link)}">${escapeHtml(t('open'))}</a></div></div>`,
      ),
    ]),
    `<p style="margin:24px 0 0 0;font-size:12px;color:#777">${escapeHtml(t('why'))}</p>`,
    '</body></html>',
  ].join('\n');

  return { subject, text, html, locale };
}
