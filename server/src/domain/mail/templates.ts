/**
 * The continuity e-mail: subject, plain text and HTML, in the visitor's language (en, pt-BR, ru;
 * English otherwise). Every value put into the HTML is escaped; message bodies are text with line
 * breaks, and only http, https and mailto URLs in them become links (shared `linkify`).
 */
import { linkify, pickLocale, translator, type Table } from '@atendo/shared';

type Key = 'subject' | 'intro' | 'you' | 'teamMember' | 'recap' | 'continue' | 'replyHint' | 'why';

const strings: Table<Key> = {
  en: {
    subject: 'New reply from {team}',
    intro: '{team} replied to your conversation:',
    you: 'You',
    teamMember: 'Support',
    recap: 'Your last message:',
    continue: 'Continue the conversation',
    replyHint: 'You can also reply to this e-mail.',
    why: 'You get this e-mail because you left your address in our chat and had not seen this reply yet.',
  },
  'pt-BR': {
    subject: 'Nova resposta de {team}',
    intro: '{team} respondeu à sua conversa:',
    you: 'Você',
    teamMember: 'Atendimento',
    recap: 'Sua última mensagem:',
    continue: 'Continuar a conversa',
    replyHint: 'Você também pode responder a este e-mail.',
    why: 'Você recebeu este e-mail porque deixou seu endereço no nosso chat e ainda não tinha visto esta resposta.',
  },
  ru: {
    subject: 'Новый ответ от {team}',
    intro: '{team} ответили в вашем диалоге:',
    you: 'Вы',
    teamMember: 'Поддержка',
    recap: 'Ваше последнее сообщение:',
    continue: 'Продолжить диалог',
    replyHint: 'Вы также можете ответить на это письмо.',
    why: 'Вы получили это письмо, потому что оставили свой адрес в нашем чате и ещё не видели этот ответ.',
  },
};

export interface ContinuityContent {
  /** The visitor's stored locale (any tag; picked among en, pt-BR, ru). */
  locale: string | null;
  teamName: string;
  /** The agent messages of the window, oldest first. */
  replies: { authorName: string | null; body: string }[];
  /** The visitor's last message or two before them, oldest first. */
  recap: string[];
  /** Where the chat continues (http or https), or null. */
  link: string | null;
  /** Replying to the e-mail reaches the conversation (a Reply-To is set). */
  canReply: boolean;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A message body as HTML: escaped text, line breaks kept, safe URLs as links (with `links`). The
 * visitor's own words in the recap get no links: an address typed into the chat is not the team's
 * word, and an e-mail from the team should not make it look like one.
 */
export function bodyHtml(body: string, links = true): string {
  return body
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) =>
      (links ? linkify(line) : [{ kind: 'text' as const, text: line }])
        .map((p) => (p.kind === 'link' ? `<a href="${escapeHtml(p.href)}">${escapeHtml(p.text)}</a>` : escapeHtml(p.text)))
        .join(''),
    )
    .join('<br>\n');
}

const quote = (text: string) =>
  text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');

export function continuityEmail(c: ContinuityContent): { subject: string; text: string; html: string; locale: string } {
  const locale = pickLocale([c.locale]);
  const t = translator(strings, locale);
  const team = c.teamName.trim() || t('teamMember');
  const subject = t('subject', { team });
  const name = (r: ContinuityContent['replies'][number]) => r.authorName?.trim() || t('teamMember');

  const text = [
    t('intro', { team }),
    '',
    ...c.replies.flatMap((r) => [`${name(r)}:`, r.body, '']),
    ...(c.recap.length ? [t('recap'), ...c.recap.map(quote), ''] : []),
    ...(c.link ? [`${t('continue')}: ${c.link}`, ''] : []),
    ...(c.canReply ? [t('replyHint')] : []),
    '-- ',
    t('why'),
  ].join('\n');

  const p = 'margin:0 0 12px 0';
  const html = [
    `<!doctype html><html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#111">',
    `<p style="${p}">${escapeHtml(t('intro', { team }))}</p>`,
    ...c.replies.map(
      (r) =>
        `<div style="margin:0 0 12px 0;padding:10px 12px;background:#f3f4f6;border-radius:8px"><div style="font-weight:600;margin-bottom:4px">${escapeHtml(name(r))}</div><div>${bodyHtml(r.body)}</div></div>`,
    ),
    ...(c.recap.length
      ? [
          `<p style="${p};color:#555">${escapeHtml(t('recap'))}</p>`,
          ...c.recap.map(
            (m) => `<blockquote style="margin:0 0 12px 0;padding-left:10px;border-left:3px solid #ddd;color:#555">${bodyHtml(m, false)}</blockquote>`,
          ),
        ]
      : []),
    ...(c.link ? [`<p style="${p}"><a href="${escapeHtml(c.link)}">${escapeHtml(t('continue'))}</a></p>`] : []),
    ...(c.canReply ? [`<p style="${p}">${escapeHtml(t('replyHint'))}</p>`] : []),
    `<p style="margin:24px 0 0 0;font-size:12px;color:#777">${escapeHtml(t('why'))}</p>`,
    '</body></html>',
  ].join('\n');

  return { subject, text, html, locale };
}
