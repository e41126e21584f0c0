/** The e-mail admins get when a webhook endpoint is disabled (en, pt-BR, ru; English otherwise). */
import { pickLocale, translator, type Table } from '@atendo/shared';
import { escapeHtml } from '../mail/templates';

type Key = 'subject' | 'hello' | 'intro' | 'reason' | 'after' | 'open';

const strings: Table<Key> = {
  en: {
    subject: 'A webhook endpoint was disabled',
    hello: 'Hi {name},',
    intro: 'Atendo stopped sending webhooks to {url}.',
    reason: 'Why: {reason}.',
    after: 'Deliveries wait until an admin enables the endpoint again; its delivery log shows every attempt.',
    open: 'Webhooks in the console',
  },
  'pt-BR': {
    subject: 'Um endpoint de webhook foi desativado',
    hello: 'Olá, {name},',
    intro: 'O Atendo parou de enviar webhooks para {url}.',
    reason: 'Motivo: {reason}.',
    after: 'As entregas aguardam até que um administrador reative o endpoint; o registro de entregas mostra cada tentativa.',
    open: 'Webhooks no console',
  },
  ru: {
    subject: 'Адрес вебхуков отключён',
    hello: 'Здравствуйте, {name}!',
    intro: 'Atendo больше не отправляет вебхуки на {url}.',
    reason: 'Причина: {reason}.',
    after: 'Доставки ждут, пока администратор снова не включит адрес; в журнале доставок видна каждая попытка.',
    open: 'Вебхуки в консоли',
  },
};

/** Subject and bodies of the e-mail to one admin. */
export function disabledEmail(e: { locale: string | null; name: string; url: string; reason: string; link: string }): {
  subject: string;
  text: string;
  html: string;
} {
  const t = translator(strings, pickLocale([e.locale]));
  const vars = { name: e.name, url: e.url, reason: e.reason };
  const lines = [t('hello', vars), t('intro', vars), t('reason', vars), t('after'), `${t('open')}: ${e.link}`];
  const p = 'margin:0 0 12px 0';
  const html = [
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(t('subject'))}</title></head>`,
    '<body style="font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#111">',
    ...lines.slice(0, 4).map((l) => `<p style="${p}">${escapeHtml(l)}</p>`),
    `<p style="${p}"><a href="${escapeHtml(e.link)}">${escapeHtml(t('open'))}</a></p>`,
    '</body></html>',
  ].join('\n');
  return { subject: t('subject'), text: `${lines.join('\n\n')}\n`, html };
}
