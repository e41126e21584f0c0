/** Every string the chat app shows, in every supported locale. */
import { translator, type Locale, type Table } from '@atendo/shared';

type Key =
  | 'title'
  | 'greeting'
  | 'dialog'
  | 'close'
  | 'open'
  | 'openUnread'
  | 'log'
  | 'empty'
  | 'message'
  | 'placeholder'
  | 'send'
  | 'sending'
  | 'notSent'
  | 'retry'
  | 'discard'
  | 'seen'
  | 'typing'
  | 'you'
  | 'resolved'
  | 'reconnecting'
  | 'unavailable'
  | 'charsLeft'
  | 'attach'
  | 'openImage'
  | 'dismiss'
  | 'newMessage'
  | 'newMessages';

export const strings: Table<Key> = {
  en: {
    title: 'Chat with us',
    greeting: 'Hi there! How can we help?',
    dialog: 'Chat with {team}',
    close: 'Close chat',
    open: 'Open chat',
    openUnread: 'Open chat ({n} unread)',
    log: 'Messages',
    empty: 'Send us a message and we’ll reply right here.',
    message: 'Message',
    placeholder: 'Write a message…',
    send: 'Send',
    sending: 'Sending…',
    notSent: 'Not sent',
    retry: 'Retry',
    discard: 'Discard',
    seen: 'Seen',
    typing: '{name} is typing…',
    you: 'You',
    resolved: 'This conversation was resolved',
    reconnecting: 'Reconnecting…',
    unavailable: 'Chat is unavailable right now.',
    charsLeft: '{n} characters left',
    attach: 'Attach a file',
    openImage: 'Open {name} full size',
    dismiss: 'Dismiss',
    newMessage: 'New message',
    newMessages: 'New messages',
  },
  'pt-BR': {
    title: 'Fale conosco',
    greeting: 'Olá! Como podemos ajudar?',
    dialog: 'Conversa com {team}',
    close: 'Fechar chat',
    open: 'Abrir chat',
    openUnread: 'Abrir chat (não lidas: {n})',
    log: 'Mensagens',
    empty: 'Envie uma mensagem e responderemos aqui mesmo.',
    message: 'Mensagem',
    placeholder: 'Escreva uma mensagem…',
    send: 'Enviar',
    sending: 'Enviando…',
    notSent: 'Não enviada',
    retry: 'Tentar de novo',
    discard: 'Descartar',
    seen: 'Visto',
    typing: '{name} está digitando…',
    you: 'Você',
    resolved: 'Esta conversa foi encerrada',
    reconnecting: 'Reconectando…',
    unavailable: 'O chat está indisponível no momento.',
    charsLeft: 'Restam {n} caracteres',
    attach: 'Anexar um arquivo',
    openImage: 'Abrir {name} em tamanho real',
    dismiss: 'Dispensar',
    newMessage: 'Nova mensagem',
    newMessages: 'Novas mensagens',
  },
  ru: {
    title: 'Напишите нам',
    greeting: 'Здравствуйте! Чем можем помочь?',
    dialog: 'Чат с {team}',
    close: 'Закрыть чат',
    open: 'Открыть чат',
    openUnread: 'Открыть чат (непрочитанных: {n})',
    log: 'Сообщения',
    empty: 'Напишите нам, и мы ответим прямо здесь.',
    message: 'Сообщение',
    placeholder: 'Напишите сообщение…',
    send: 'Отправить',
    sending: 'Отправляется…',
    notSent: 'Не отправлено',
    retry: 'Повторить',
    discard: 'Удалить',
    seen: 'Прочитано',
    typing: '{name} печатает…',
    you: 'Вы',
    resolved: 'Этот разговор завершён',
    reconnecting: 'Переподключение…',
    unavailable: 'Чат сейчас недоступен.',
    charsLeft: 'Осталось символов: {n}',
    attach: 'Прикрепить файл',
    openImage: 'Открыть {name} в полном размере',
    dismiss: 'Скрыть',
    newMessage: 'Новое сообщение',
    newMessages: 'Новые сообщения',
  },
};

export type T = ReturnType<typeof translator<Key>>;

/** The translate function for a locale. */
export function makeT(locale: Locale): T {
  return translator(strings, locale);
}
