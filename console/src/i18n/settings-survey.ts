/** Settings → Pre-chat & hours, the satisfaction survey the widget shows when a conversation is resolved. */
import { strings } from './define';

export const settingsSurvey = strings({
  en: {
    'survey.title': 'Satisfaction survey',
    'survey.intro': 'Asked in the widget when an agent resolves a conversation.',
    'survey.csat': 'Ask for a rating (CSAT, 1–5, with an optional comment)',
    'survey.nps': 'Ask NPS (“How likely are you to recommend us?”, 0–10)',
  },
  'pt-BR': {
    'survey.title': 'Pesquisa de satisfação',
    'survey.intro': 'Feita no widget quando um atendente encerra a conversa.',
    'survey.csat': 'Pedir uma avaliação (CSAT, 1–5, com comentário opcional)',
    'survey.nps': 'Perguntar o NPS (“Qual a probabilidade de nos recomendar?”, 0–10)',
  },
  ru: {
    'survey.title': 'Опрос удовлетворённости',
    'survey.intro': 'Показывается в виджете, когда оператор завершает разговор.',
    'survey.csat': 'Просить оценку (CSAT, 1–5, с необязательным комментарием)',
    'survey.nps': 'Спрашивать NPS («Насколько вероятно, что вы нас порекомендуете?», 0–10)',
  },
});
