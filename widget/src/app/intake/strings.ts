/** Strings of the pre-chat and leave-a-message forms (in this lazily loaded chunk, not the panel bundle). */
import { translator, type Locale, type Table } from '@atendo/shared';

type Key =
  | 'prechatTitle'
  | 'prechatIntro'
  | 'offlineTitle'
  | 'awayUntil'
  | 'awayEmail'
  | 'offlineIntro'
  | 'name'
  | 'email'
  | 'question'
  | 'message'
  | 'optional'
  | 'nameRequired'
  | 'emailRequired'
  | 'emailInvalid'
  | 'questionRequired'
  | 'messageRequired'
  | 'tooLong'
  | 'start'
  | 'leave'
  | 'loading'
  | 'awayAsk'
  | 'save'
  | 'emailSaved';

const strings: Table<Key> = {
  en: {
    prechatTitle: 'Before we start',
    prechatIntro: 'Tell us a little about you so we can help faster.',
    offlineTitle: 'Leave a message',
    awayUntil: 'We’re away right now. We’ll be back {when}.',
    awayEmail: 'We’re away right now. We’ll reply by e-mail.',
    offlineIntro: 'Leave your e-mail address and a message, and we’ll get back to you.',
    name: 'Name',
    email: 'E-mail',
    question: 'Your question',
    message: 'Message',
    optional: '(optional)',
    nameRequired: 'Please enter your name.',
    emailRequired: 'Please enter your e-mail address.',
    emailInvalid: 'Enter an e-mail address like name@example.com.',
    questionRequired: 'Please write your question.',
    messageRequired: 'Please write a message.',
    tooLong: 'Keep it under {n} characters.',
    start: 'Start chat',
    leave: 'Send message',
    loading: 'Loading…',
    awayAsk: 'Leave your e-mail address so we can reply there',
    save: 'Save',
    emailSaved: 'Thanks! We’ll reply to {email}.',
  },
  'pt-BR': {
    prechatTitle: 'Antes de começar',
    prechatIntro: 'Conte um pouco sobre você para podermos ajudar mais rápido.',
    offlineTitle: 'Deixe uma mensagem',
    awayUntil: 'Estamos ausentes agora. Voltamos {when}.',
    awayEmail: 'Estamos ausentes agora. Responderemos por e-mail.',
    offlineIntro: 'Deixe seu e-mail e uma mensagem, e entraremos em contato.',
    name: 'Nome',
    email: 'E-mail',
    question: 'Sua pergunta',
    message: 'Mensagem',
    optional: '(opcional)',
    nameRequired: 'Informe seu nome.',
    emailRequired: 'Informe seu e-mail.',
    emailInvalid: 'Informe um e-mail como nome@exemplo.com.',
    questionRequired: 'Escreva sua pergunta.',
    messageRequired: 'Escreva uma mensagem.',
    tooLong: 'Use no máximo {n} caracteres.',
    start: 'Iniciar conversa',
    leave: 'Enviar mensagem',
    loading: 'Carregando…',
    awayAsk: 'Deixe seu e-mail para respondermos por lá',
    save: 'Salvar',
    emailSaved: 'Obrigado! Responderemos para {email}.',
  },
  ru: {
    prechatTitle: 'Перед началом',
    prechatIntro: 'Расскажите немного о себе, чтобы мы помогли быстрее.',
    offlineTitle: 'Оставьте сообщение',
    awayUntil: 'Сейчас нас нет на месте. Вернёмся: {when}.',
    awayEmail: 'Сейчас нас нет на месте. Мы ответим по электронной почте.',
    offlineIntro: 'Оставьте адрес электронной почты и сообщение, и мы свяжемся с вами.',
    name: 'Имя',
    email: 'Эл. почта',
    question: 'Ваш вопрос',
    message: 'Сообщение',
    optional: '(необязательно)',
    nameRequired: 'Укажите ваше имя.',
    emailRequired: 'Укажите адрес электронной почты.',
    emailInvalid: 'Укажите адрес вида name@example.com.',
    questionRequired: 'Напишите ваш вопрос.',
    messageRequired: 'Напишите сообщение.',
    tooLong: 'Не больше {n} символов.',
    start: 'Начать чат',
    leave: 'Отправить сообщение',
    loading: 'Загрузка…',
    awayAsk: 'Оставьте адрес почты, чтобы мы ответили туда',
    save: 'Сохранить',
    emailSaved: 'Спасибо! Мы ответим на {email}.',
  },
};

export type IntakeT = ReturnType<typeof translator<Key>>;
export const intakeT = (locale: Locale): IntakeT => translator(strings, locale);

/**
 * "Monday 9:00 AM" / "segunda-feira 09:00" / "понедельник 09:00", in the visitor's language and
 * their own time zone (the browser's), so they need not convert from the team's.
 */
export function formatWhen(at: number, locale: Locale, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'long', hour: 'numeric', minute: '2-digit', ...(timeZone ? { timeZone } : {}) }).format(at);
}

/** The away line: when the team is back, or that the answer comes by e-mail. */
export function awayText(t: IntakeT, until: number | null, locale: Locale, timeZone?: string): string {
  return until === null ? t('awayEmail') : t('awayUntil', { when: formatWhen(until, locale, timeZone) });
}
