/** The inbox: the conversation list with its tabs and filters, its rows, and the search results page. */
import { strings } from './define';

export const inbox = strings({
  en: {
    // The list, its tabs and filters
    'inbox.title': 'Conversations',
    'inbox.filter': 'Filter conversations',
    'inbox.tab.open': 'Open',
    'inbox.tab.pending': 'Pending',
    'inbox.tab.resolved': 'Resolved',
    'inbox.tab.all': 'All',
    'inbox.scope': 'Whose conversations',
    'inbox.scope.unassigned': 'Unassigned',
    'inbox.scope.mine': 'Mine',
    'inbox.scope.all': 'Everyone',
    'inbox.site': 'Site',
    'inbox.allSites': 'All sites',

    // An empty list, and the next page
    'inbox.empty.open': 'No open conversations. New chats will show up here.',
    'inbox.empty.pending': 'Nothing waiting on visitors.',
    'inbox.empty.resolved': 'No resolved conversations yet.',
    'inbox.empty.all': 'No conversations yet. Install the widget on your site to start chatting.',
    'inbox.loadMore': 'Load more',

    // A row (the preview placeholder is also used for earlier conversations in the details pane)
    'inbox.you': 'You:',
    'inbox.noMessages': 'No messages yet',
    'inbox.unread': '{count} unread',
    'inbox.waiting': 'waiting {time}',
    'inbox.unassignedShort': 'Unassigned',

    // Search results (the search box is in the top bar, shell.ts)
    'search.resultsFor': 'Results for “{q}”',
    'search.results': 'Search results',
    'search.none': 'Nothing found.',
    'search.visitorMatch': 'Visitor',
  },
  'pt-BR': {
    'inbox.title': 'Conversas',
    'inbox.filter': 'Filtrar conversas',
    'inbox.tab.open': 'Abertas',
    'inbox.tab.pending': 'Pendentes',
    'inbox.tab.resolved': 'Resolvidas',
    'inbox.tab.all': 'Todas',
    'inbox.scope': 'De quem são as conversas',
    'inbox.scope.unassigned': 'Na fila',
    'inbox.scope.mine': 'Minhas',
    'inbox.scope.all': 'Todos',
    'inbox.site': 'Site',
    'inbox.allSites': 'Todos os sites',

    'inbox.empty.open': 'Nenhuma conversa aberta. Novos chats aparecerão aqui.',
    'inbox.empty.pending': 'Nada aguardando os visitantes.',
    'inbox.empty.resolved': 'Nenhuma conversa resolvida ainda.',
    'inbox.empty.all': 'Nenhuma conversa ainda. Instale o widget no seu site para começar.',
    'inbox.loadMore': 'Carregar mais',

    'inbox.you': 'Você:',
    'inbox.noMessages': 'Nenhuma mensagem ainda',
    'inbox.unread': '{count} não lidas',
    'inbox.waiting': 'aguarda há {time}',
    'inbox.unassignedShort': 'Sem responsável',

    'search.resultsFor': 'Resultados para “{q}”',
    'search.results': 'Resultados da busca',
    'search.none': 'Nada encontrado.',
    'search.visitorMatch': 'Visitante',
  },
  ru: {
    'inbox.title': 'Диалоги',
    'inbox.filter': 'Фильтр диалогов',
    'inbox.tab.open': 'Открытые',
    'inbox.tab.pending': 'Ожидание',
    'inbox.tab.resolved': 'Решённые',
    'inbox.tab.all': 'Все',
    'inbox.scope': 'Чьи диалоги',
    'inbox.scope.unassigned': 'В очереди',
    'inbox.scope.mine': 'Мои',
    'inbox.scope.all': 'Все агенты',
    'inbox.site': 'Сайт',
    'inbox.allSites': 'Все сайты',

    'inbox.empty.open': 'Открытых диалогов нет. Новые чаты появятся здесь.',
    'inbox.empty.pending': 'Нет диалогов, ожидающих ответа посетителя.',
    'inbox.empty.resolved': 'Решённых диалогов пока нет.',
    'inbox.empty.all': 'Диалогов пока нет. Установите виджет на сайт, чтобы начать общение.',
    'inbox.loadMore': 'Загрузить ещё',

    'inbox.you': 'Вы:',
    'inbox.noMessages': 'Сообщений пока нет',
    'inbox.unread': 'Непрочитанных: {count}',
    'inbox.waiting': 'ждёт {time}',
    'inbox.unassignedShort': 'Без ответственного',

    'search.resultsFor': 'Результаты по запросу «{q}»',
    'search.results': 'Результаты поиска',
    'search.none': 'Ничего не найдено.',
    'search.visitorMatch': 'Посетитель',
  },
});
