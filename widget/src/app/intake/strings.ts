/** Strings of the pre-chat and leave-a-message forms (in this lazily loaded chunk, not the panel bundle). */
import { translator, type Locale, type Table } from '@atendo/shared';

type Key =
  | 'prechatTitle'
  | 'prechatIntro'
  | 'offlineTitle'
  | 'awayUntil'
  | 'awayEmail'
  | 'awayChat'
  | 'offlineIntro'
  | 'offlineIntroChat'
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
  | 'awayAskChat'
  | 'save'
  | 'emailSaved'
  | 'emailNoted';

const strings: Table<Key> = {
  en: {
    prechatTitle: 'Before we start',
    prechatIntro: 'Tell us a little about you so we can help faster.',
    offlineTitle: 'Leave a message',
    awayUntil: 'We’re away right now. We’ll be back {when}.',
    awayEmail: 'We’re away right now. We’ll reply by e-mail.',
    awayChat: 'We’re away right now. Our answer will be waiting in this chat.',
    offlineIntro: 'Leave your e-mail address and a message, and we’ll get back to you.',
    offlineIntroChat: 'Leave a message and your e-mail address, and come back to this site later to read our answer.',
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
    awayAskChat: 'Leave your e-mail address in case the team needs to contact you',
    save: 'Save',
    emailSaved: 'Thanks! We’ll reply to {email}.',
    emailNoted: 'Thanks! We’ve noted {email}.',
  },
  'pt-BR': {
    prechatTitle: 'Antes de começar',
    prechatIntro: 'Conte um pouco sobre você para podermos ajudar mais rápido.',
    offlineTitle: 'Deixe uma mensagem',
    awayUntil: 'Estamos ausentes agora. Voltamos {when}.',
    awayEmail: 'Estamos ausentes agora. Responderemos por e-mail.',
    awayChat: 'Estamos ausentes agora. Nossa resposta vai estar esperando neste chat.',
    offlineIntro: 'Deixe seu e-mail e uma mensagem, e entraremos em contato.',
    offlineIntroChat: 'Deixe uma mensagem e seu e-mail, e volte a este site mais tarde para ler nossa resposta.',
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
    awayAskChat: 'Deixe seu e-mail caso a equipe precise falar com você',
    save: 'Salvar',
    emailSaved: 'Obrigado! Responderemos para {email}.',
    emailNoted: 'Obrigado! Anotamos {email}.',
  },
  ru: {
    prechatTitle: 'Перед началом',
    prechatIntro: 'Расскажите немного о себе, чтобы мы помогли быстрее.',
    offlineTitle: 'Оставьте сообщение',
    awayUntil: 'Сейчас нас нет на месте. Вернёмся: {when}.',
    awayEmail: 'Сейчас нас нет на месте. Мы ответим по электронной почте.',
    awayChat: 'Сейчас нас нет на месте. Наш ответ будет ждать вас в этом чате.',
    offlineIntro: 'Оставьте адрес электронной почты и сообщение, и мы свяжемся с вами.',
    offlineIntroChat: 'Оставьте сообщение и адрес почты, а потом загляните на сайт, чтобы прочитать наш ответ.',
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
    awayAskChat: 'Оставьте адрес почты на случай, если нам понадобится связаться с вами',
    save: 'Сохранить',
    emailSaved: 'Спасибо! Мы ответим на {email}.',
    emailNoted: 'Спасибо! Мы записали {email}.',
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

/**
 * The away line: when the team is back, else where the answer will be: by e-mail when the server
 * sends it (`emailReplies`), otherwise waiting in this chat (never a promise the server cannot keep).
 */
export function awayText(t: IntakeT, until: number | null, locale: Locale, emailReplies: boolean, timeZone?: string): string {
  if (until !== null) return t('awayUntil', { when: formatWhen(until, locale, timeZone) });
  return t(emailReplies ? 'awayEmail' : 'awayChat');
}
