/** The answer bot's strings (in the bot chunk, with its message). */
import { translator, type Locale, type Table } from '@atendo/shared';

type Key = 'name' | 'articles' | 'read' | 'question' | 'answered' | 'person' | 'glad' | 'handedOver' | 'failed';

export const botStrings: Table<Key> = {
  en: {
    name: 'Answer bot',
    articles: 'Suggested articles',
    read: 'Read article',
    question: 'Did this answer your question?',
    answered: 'That answered it',
    person: 'Talk to a person',
    glad: 'Glad it helped!',
    handedOver: 'A person from the team will reply here.',
    failed: 'Your answer could not be sent. Try again.',
  },
  'pt-BR': {
    name: 'Assistente automático',
    articles: 'Artigos sugeridos',
    read: 'Ler artigo',
    question: 'Isto respondeu à sua pergunta?',
    answered: 'Isso resolveu',
    person: 'Falar com uma pessoa',
    glad: 'Que bom que ajudou!',
    handedOver: 'Uma pessoa da equipe vai responder aqui.',
    failed: 'Não foi possível enviar sua resposta. Tente de novo.',
  },
  ru: {
    name: 'Бот-помощник',
    articles: 'Подходящие статьи',
    read: 'Читать статью',
    question: 'Это ответ на ваш вопрос?',
    answered: 'Это ответ на мой вопрос',
    person: 'Связаться с человеком',
    glad: 'Рады, что помогло!',
    handedOver: 'Сотрудник ответит вам здесь.',
    failed: 'Не удалось отправить ответ. Попробуйте ещё раз.',
  },
};

export type BotT = ReturnType<typeof translator<Key>>;
export const botT = (locale: Locale): BotT => translator(botStrings, locale);
