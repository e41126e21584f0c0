/** The help view's strings (in the lazy chunk, with the view). */
import { translator, type Locale, type Table } from '@atendo/shared';

type Key =
  | 'region'
  | 'search'
  | 'placeholder'
  | 'results'
  | 'popular'
  | 'none'
  | 'noneYet'
  | 'error'
  | 'retry'
  | 'back'
  | 'backChat'
  | 'helped'
  | 'yes'
  | 'no'
  | 'thanks'
  | 'sorry'
  | 'still'
  | 'chat'
  | 'loading'
  | 'searching';

export const helpStrings: Table<Key> = {
  en: {
    region: 'Help articles',
    search: 'Search our help articles',
    placeholder: 'Search for an answer…',
    results: 'Articles',
    popular: 'Popular articles',
    none: 'No articles match “{q}”.',
    noneYet: 'No articles yet.',
    error: 'Articles could not be loaded.',
    retry: 'Try again',
    back: 'Back to articles',
    backChat: 'Back to the chat',
    helped: 'Did this help?',
    yes: 'Yes',
    no: 'No',
    thanks: 'Thanks for letting us know!',
    sorry: 'Thanks. Chat with us and we’ll sort it out.',
    still: 'Still need help?',
    chat: 'Chat with us',
    loading: 'Loading…',
    searching: 'Searching…',
  },
  'pt-BR': {
    region: 'Artigos de ajuda',
    search: 'Pesquise nos nossos artigos de ajuda',
    placeholder: 'Procure uma resposta…',
    results: 'Artigos',
    popular: 'Artigos populares',
    none: 'Nenhum artigo corresponde a “{q}”.',
    noneYet: 'Ainda não há artigos.',
    error: 'Não foi possível carregar os artigos.',
    retry: 'Tentar de novo',
    back: 'Voltar aos artigos',
    backChat: 'Voltar à conversa',
    helped: 'Isto ajudou?',
    yes: 'Sim',
    no: 'Não',
    thanks: 'Obrigado pelo retorno!',
    sorry: 'Obrigado. Fale conosco e resolvemos juntos.',
    still: 'Ainda precisa de ajuda?',
    chat: 'Fale conosco',
    loading: 'Carregando…',
    searching: 'Procurando…',
  },
  ru: {
    region: 'Справочные статьи',
    search: 'Поиск по справочным статьям',
    placeholder: 'Найдите ответ…',
    results: 'Статьи',
    popular: 'Популярные статьи',
    none: 'Нет статей по запросу «{q}».',
    noneYet: 'Статей пока нет.',
    error: 'Не удалось загрузить статьи.',
    retry: 'Повторить',
    back: 'Назад к статьям',
    backChat: 'Назад к чату',
    helped: 'Это помогло?',
    yes: 'Да',
    no: 'Нет',
    thanks: 'Спасибо за отзыв!',
    sorry: 'Спасибо. Напишите нам, и мы разберёмся.',
    still: 'Всё ещё нужна помощь?',
    chat: 'Написать нам',
    loading: 'Загрузка…',
    searching: 'Ищем…',
  },
};

export type HelpT = ReturnType<typeof translator<Key>>;
export const helpT = (locale: Locale): HelpT => translator(helpStrings, locale);
