/** The live visitors page: who is on the site now, and starting a chat with one of them. */
import { strings } from './define';

export const visitors = strings({
  en: {
    'visitors.title': 'Visitors on your site now',
    'visitors.intro':
      'People with your site open right now who have chatted with you, opened the chat or seen a proactive message. Visitors who only read your pages are not listed.',
    'visitors.none': 'Nobody is on the site right now.',
    'visitors.who': 'Visitor',
    'visitors.page': 'Current page',
    'visitors.onSite': 'On site',
    'visitors.kind': 'Visit',
    'visitors.actions': 'Actions',
    'visitors.new': 'New',
    'visitors.returning': 'Returning',
    'visitors.start': 'Start chat',
    'visitors.message': 'First message to {name}',
    'visitors.messagePlaceholder': 'Hi! Can I help you with anything?',
  },
  'pt-BR': {
    'visitors.title': 'Visitantes no seu site agora',
    'visitors.intro':
      'Pessoas com o seu site aberto agora que já conversaram com você, abriram o chat ou viram uma mensagem proativa. Quem só lê as suas páginas não aparece aqui.',
    'visitors.none': 'Ninguém está no site agora.',
    'visitors.who': 'Visitante',
    'visitors.page': 'Página atual',
    'visitors.onSite': 'No site há',
    'visitors.kind': 'Visita',
    'visitors.actions': 'Ações',
    'visitors.new': 'Novo',
    'visitors.returning': 'Recorrente',
    'visitors.start': 'Iniciar conversa',
    'visitors.message': 'Primeira mensagem para {name}',
    'visitors.messagePlaceholder': 'Olá! Posso ajudar com alguma coisa?',
  },
  ru: {
    'visitors.title': 'Посетители на сайте сейчас',
    'visitors.intro':
      'Люди, у которых сейчас открыт ваш сайт и которые писали вам, открывали чат или видели проактивное сообщение. Тех, кто только читает страницы, здесь нет.',
    'visitors.none': 'Сейчас на сайте никого нет.',
    'visitors.who': 'Посетитель',
    'visitors.page': 'Текущая страница',
    'visitors.onSite': 'На сайте',
    'visitors.kind': 'Визит',
    'visitors.actions': 'Действия',
    'visitors.new': 'Новый',
    'visitors.returning': 'Вернувшийся',
    'visitors.start': 'Начать диалог',
    'visitors.message': 'Первое сообщение для {name}',
    'visitors.messagePlaceholder': 'Здравствуйте! Чем могу помочь?',
  },
});
