/** Strings of Settings → Proactive messages (issue 6). */
export const proactiveEn = {
  'settings.proactive': 'Proactive messages',
  'proactive.intro':
    'Greet visitors with a message from your team when they linger on a page or come back. Each message shows at most once per visitor, as a bubble beside the chat button; their reply starts a conversation that tells you which message they answered.',
  'proactive.privacy':
    'While a message is enabled, the widget keeps a visit count and the ids of the messages it showed in the visitor’s browser (localStorage). Nothing else, and nothing on sites without enabled messages.',
  'proactive.empty': 'No proactive messages yet.',
  'proactive.list': 'Proactive messages of {site}',
  'proactive.add': 'Add message',
  'proactive.edit': 'Edit message',
  'proactive.name': 'Name (agents see it on the conversation)',
  'proactive.message': 'Message to the visitor',
  'proactive.time': 'Seconds on the page before it shows',
  'proactive.url': 'Page address (part of it, or with * as a wildcard; empty = every page)',
  'proactive.urlPlaceholder': '*/pricing*',
  'proactive.visits': 'From this visit on (1 = first visit)',
  'proactive.enabled': 'Enabled',
  'proactive.enabledFor': 'Enabled: {name}',
  'proactive.editFor': 'Edit {name}',
  'proactive.deleteFor': 'Delete {name}',
  'proactive.after': 'after {time}',
  'proactive.onUrl': 'on {url}',
  'proactive.anyPage': 'on every page',
  'proactive.fromVisit': 'from visit {n}',
  'proactive.off': 'off',
};

type Key = keyof typeof proactiveEn;

export const proactivePtBR: Record<Key, string> = {
  'settings.proactive': 'Mensagens proativas',
  'proactive.intro':
    'Receba os visitantes com uma mensagem da sua equipe quando ficarem um tempo numa página ou voltarem. Cada mensagem aparece no máximo uma vez por visitante, como um balão ao lado do botão do chat; a resposta abre uma conversa que diz qual mensagem foi respondida.',
  'proactive.privacy':
    'Enquanto houver uma mensagem ativa, o widget guarda no navegador do visitante (localStorage) uma contagem de visitas e os ids das mensagens já mostradas. Nada além disso, e nada em sites sem mensagens ativas.',
  'proactive.empty': 'Nenhuma mensagem proativa ainda.',
  'proactive.list': 'Mensagens proativas de {site}',
  'proactive.add': 'Adicionar mensagem',
  'proactive.edit': 'Editar mensagem',
  'proactive.name': 'Nome (os agentes o veem na conversa)',
  'proactive.message': 'Mensagem para o visitante',
  'proactive.time': 'Segundos na página antes de aparecer',
  'proactive.url': 'Endereço da página (uma parte, ou com * como curinga; vazio = todas as páginas)',
  'proactive.urlPlaceholder': '*/precos*',
  'proactive.visits': 'A partir desta visita (1 = primeira visita)',
  'proactive.enabled': 'Ativa',
  'proactive.enabledFor': 'Ativa: {name}',
  'proactive.editFor': 'Editar {name}',
  'proactive.deleteFor': 'Excluir {name}',
  'proactive.after': 'após {time}',
  'proactive.onUrl': 'em {url}',
  'proactive.anyPage': 'em todas as páginas',
  'proactive.fromVisit': 'a partir da visita {n}',
  'proactive.off': 'desativada',
};

export const proactiveRu: Record<Key, string> = {
  'settings.proactive': 'Проактивные сообщения',
  'proactive.intro':
    'Приветствуйте посетителей сообщением от команды, когда они задерживаются на странице или возвращаются. Каждое сообщение показывается посетителю не больше одного раза — облачком рядом с кнопкой чата; его ответ начинает разговор, где видно, на какое сообщение он ответил.',
  'proactive.privacy':
    'Пока включено хотя бы одно сообщение, виджет хранит в браузере посетителя (localStorage) счётчик визитов и id уже показанных сообщений. Больше ничего, а на сайтах без включённых сообщений — вообще ничего.',
  'proactive.empty': 'Проактивных сообщений пока нет.',
  'proactive.list': 'Проактивные сообщения сайта {site}',
  'proactive.add': 'Добавить сообщение',
  'proactive.edit': 'Изменить сообщение',
  'proactive.name': 'Название (агенты видят его в разговоре)',
  'proactive.message': 'Сообщение посетителю',
  'proactive.time': 'Секунд на странице до показа',
  'proactive.url': 'Адрес страницы (часть адреса или шаблон с *; пусто — любая страница)',
  'proactive.urlPlaceholder': '*/tarify*',
  'proactive.visits': 'Начиная с визита (1 — первый визит)',
  'proactive.enabled': 'Включено',
  'proactive.enabledFor': 'Включено: {name}',
  'proactive.editFor': 'Изменить {name}',
  'proactive.deleteFor': 'Удалить {name}',
  'proactive.after': 'через {time}',
  'proactive.onUrl': 'на {url}',
  'proactive.anyPage': 'на любой странице',
  'proactive.fromVisit': 'с визита {n}',
  'proactive.off': 'выключено',
};
