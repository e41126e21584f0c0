/** Settings → Your account: which notification e-mails this agent gets. */
import { strings } from './define';

export const settingsNotifications = strings({
  en: {
    'notify.title': 'E-mail notifications',
    'notify.intro': 'Batched: at most one e-mail a minute, listing the conversations that wait.',
    'notify.emailOff': 'E-mail is off on this server (no SMTP configured), so none are sent.',
    'notify.unattended': 'A new conversation while no agent is online',
    'notify.unattendedHint': 'Sent to every agent who has this on.',
    'notify.assigned': 'A conversation assigned to me',
    'notify.assignedHint': 'By someone else or by auto-assignment; not when you take one yourself.',
    'notify.visitorMessage': 'A visitor’s new message in my conversation while I am offline',
    'notify.visitorMessageHint': 'Only while you have no console open.',
  },
  'pt-BR': {
    'notify.title': 'Notificações por e-mail',
    'notify.intro': 'Agrupadas: no máximo um e-mail por minuto, com as conversas que aguardam.',
    'notify.emailOff': 'O e-mail está desativado neste servidor (sem SMTP configurado), então nenhum é enviado.',
    'notify.unattended': 'Uma nova conversa enquanto nenhum atendente está online',
    'notify.unattendedHint': 'Enviado a todos os atendentes que ativaram esta opção.',
    'notify.assigned': 'Uma conversa atribuída a mim',
    'notify.assignedHint': 'Por outra pessoa ou pela atribuição automática; não quando você mesmo assume.',
    'notify.visitorMessage': 'Uma nova mensagem de visitante na minha conversa enquanto estou offline',
    'notify.visitorMessageHint': 'Só enquanto você não tem o console aberto.',
  },
  ru: {
    'notify.title': 'Уведомления по e-mail',
    'notify.intro': 'Пакетами: не чаще одного письма в минуту, со списком ожидающих диалогов.',
    'notify.emailOff': 'На этом сервере e-mail выключен (SMTP не настроен), поэтому письма не отправляются.',
    'notify.unattended': 'Новый диалог, когда в сети нет ни одного оператора',
    'notify.unattendedHint': 'Отправляется всем операторам, у которых это включено.',
    'notify.assigned': 'Мне назначен диалог',
    'notify.assignedHint': 'Кем-то другим или автоназначением; не когда вы берёте диалог сами.',
    'notify.visitorMessage': 'Новое сообщение посетителя в моём диалоге, пока я не в сети',
    'notify.visitorMessageHint': 'Только пока у вас не открыта консоль.',
  },
});
