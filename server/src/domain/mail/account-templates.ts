/**
 * E-mails about an agent's account: the invitation (choose a password) and the password link
 * ("Forgot password?"), in the console's language (en, pt-BR, ru; English otherwise). Every value
 * put into the HTML is escaped.
 */
import { pickLocale, translator, type Table } from '@atendo/shared';
import { escapeHtml } from './templates';

type Key =
  'inviteSubject' | 'inviteIntro' | 'inviteButton' | 'inviteExpires' | 'resetSubject' | 'resetIntro' | 'resetButton' | 'resetExpires' | 'resetIgnore' | 'hello';

const strings: Table<Key> = {
  en: {
    hello: 'Hello {name},',
    inviteSubject: '{inviter} invited you to {team} on Atendo',
    inviteIntro: '{inviter} invited you to answer chats for {team}. Choose a password to sign in:',
    inviteButton: 'Choose your password',
    inviteExpires: 'This link works once and expires in 7 days.',
    resetSubject: 'Choose a new password for Atendo',
    resetIntro: 'Someone (hopefully you) asked for a new password for {email}. Choose one here:',
    resetButton: 'Choose a new password',
    resetExpires: 'This link works once and expires in 1 hour.',
    resetIgnore: 'If you did not ask for it, ignore this e-mail: your password stays as it is.',
  },
  'pt-BR': {
    hello: 'Olá {name},',
    inviteSubject: '{inviter} convidou você para {team} no Atendo',
    inviteIntro: '{inviter} convidou você para atender os chats de {team}. Escolha uma senha para entrar:',
    inviteButton: 'Escolher sua senha',
    inviteExpires: 'Este link funciona uma vez e expira em 7 dias.',
    resetSubject: 'Escolha uma nova senha para o Atendo',
    resetIntro: 'Alguém (esperamos que você) pediu uma nova senha para {email}. Escolha-a aqui:',
    resetButton: 'Escolher uma nova senha',
    resetExpires: 'Este link funciona uma vez e expira em 1 hora.',
    resetIgnore: 'Se não foi você, ignore este e-mail: sua senha continua a mesma.',
  },
  ru: {
    hello: 'Здравствуйте, {name}!',
    inviteSubject: '{inviter} приглашает вас в {team} в Atendo',
    inviteIntro: '{inviter} приглашает вас отвечать в чатах {team}. Задайте пароль, чтобы войти:',
    inviteButton: 'Задать пароль',
    inviteExpires: 'Ссылка работает один раз и действует 7 дней.',
    resetSubject: 'Новый пароль для Atendo',
    resetIntro: 'Кто-то (надеемся, вы) запросил новый пароль для {email}. Задайте его здесь:',
    resetButton: 'Задать новый пароль',
    resetExpires: 'Ссылка работает один раз и действует 1 час.',
    resetIgnore: 'Если это были не вы, просто проигнорируйте письмо: пароль останется прежним.',
  },
};

export interface AccountEmail {
  kind: 'invite' | 'reset';
  locale: string | null | undefined;
  name: string;
  email: string;
  link: string;
  /** Invitations: who invited, and the team's name. */
  inviter?: string;
  team?: string;
}

export function accountEmail(e: AccountEmail): { subject: string; text: string; html: string } {
  const t = translator(strings, pickLocale([e.locale]));
  const vars = { name: e.name, email: e.email, inviter: e.inviter ?? 'Atendo', team: e.team ?? 'Atendo' };
  const invite = e.kind === 'invite';
  const subject = t(invite ? 'inviteSubject' : 'resetSubject', vars);
  const lines = invite
    ? [t('hello', vars), t('inviteIntro', vars), e.link, t('inviteExpires')]
    : [t('hello', vars), t('resetIntro', vars), e.link, t('resetExpires'), t('resetIgnore')];
  const text = `${lines.join('\n\n')}\n`;
  const p = 'margin:0 0 12px 0';
  const button = t(invite ? 'inviteButton' : 'resetButton');
  const html = [
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#111">',
    `<p style="${p}">${escapeHtml(t('hello', vars))}</p>`,
    `<p style="${p}">${escapeHtml(t(invite ? 'inviteIntro' : 'resetIntro', vars))}</p>`,
    `<p style="margin:16px 0"><a href="${escapeHtml(e.link)}" style="display:inline-block;padding:10px 16px;background:#2563eb;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(button)}</a></p>`,
    `<p style="${p};font-size:13px;color:#555">${escapeHtml(e.link)}</p>`,
    `<p style="${p};font-size:13px;color:#555">${escapeHtml(t(invite ? 'inviteExpires' : 'resetExpires'))}</p>`,
    ...(invite ? [] : [`<p style="${p};font-size:13px;color:#555">${escapeHtml(t('resetIgnore'))}</p>`]),
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
