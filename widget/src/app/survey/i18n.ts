/** Strings of the end of conversation card, in the survey chunk with the card itself. */
import { translator, type Locale, type Table } from '@atendo/shared';

type Key =
  | 'survey'
  | 'csatTitle'
  | 'csat1'
  | 'csat2'
  | 'csat3'
  | 'csat4'
  | 'csat5'
  | 'csatOption'
  | 'comment'
  | 'npsTitle'
  | 'npsHint'
  | 'npsLow'
  | 'npsHigh'
  | 'submit'
  | 'sending'
  | 'failed'
  | 'thanks'
  | 'download'
  | 'transcriptTitle'
  | 'started'
  | 'you';

export const surveyStrings: Table<Key> = {
  en: {
    survey: 'Rate this conversation',
    csatTitle: 'How would you rate this conversation?',
    csat1: 'Terrible',
    csat2: 'Bad',
    csat3: 'OK',
    csat4: 'Good',
    csat5: 'Excellent',
    csatOption: '{n} of 5: {label}',
    comment: 'Add a comment (optional)',
    npsTitle: 'How likely are you to recommend us to a friend?',
    npsHint: '0 means not at all likely, 10 means extremely likely.',
    npsLow: 'Not likely',
    npsHigh: 'Very likely',
    submit: 'Send feedback',
    sending: 'Sending…',
    failed: 'Your feedback could not be sent. Please try again.',
    thanks: 'Thanks for your feedback!',
    download: 'Download transcript',
    transcriptTitle: 'Chat with {team}',
    started: 'Started {time}',
    you: 'You',
  },
  'pt-BR': {
    survey: 'Avalie esta conversa',
    csatTitle: 'Como você avalia esta conversa?',
    csat1: 'Péssima',
    csat2: 'Ruim',
    csat3: 'Regular',
    csat4: 'Boa',
    csat5: 'Excelente',
    csatOption: '{n} de 5: {label}',
    comment: 'Adicione um comentário (opcional)',
    npsTitle: 'Qual a probabilidade de você nos recomendar a um amigo?',
    npsHint: '0 significa nada provável, 10 significa extremamente provável.',
    npsLow: 'Pouco provável',
    npsHigh: 'Muito provável',
    submit: 'Enviar avaliação',
    sending: 'Enviando…',
    failed: 'Não foi possível enviar sua avaliação. Tente de novo.',
    thanks: 'Obrigado pela sua avaliação!',
    download: 'Baixar transcrição',
    transcriptTitle: 'Conversa com {team}',
    started: 'Iniciada em {time}',
    you: 'Você',
  },
  ru: {
    survey: 'Оцените разговор',
    csatTitle: 'Как вы оцениваете этот разговор?',
    csat1: 'Ужасно',
    csat2: 'Плохо',
    csat3: 'Нормально',
    csat4: 'Хорошо',
    csat5: 'Отлично',
    csatOption: '{n} из 5: {label}',
    comment: 'Комментарий (необязательно)',
    npsTitle: 'Насколько вероятно, что вы порекомендуете нас другу?',
    npsHint: '0 — совсем маловероятно, 10 — очень вероятно.',
    npsLow: 'Маловероятно',
    npsHigh: 'Очень вероятно',
    submit: 'Отправить отзыв',
    sending: 'Отправляется…',
    failed: 'Не удалось отправить отзыв. Попробуйте ещё раз.',
    thanks: 'Спасибо за отзыв!',
    download: 'Скачать переписку',
    transcriptTitle: 'Чат с {team}',
    started: 'Начат {time}',
    you: 'Вы',
  },
};

export type SurveyT = ReturnType<typeof translator<Key>>;

export const surveyT = (locale: Locale): SurveyT => translator(surveyStrings, locale);
