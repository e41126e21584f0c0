/** Every string the console shows, in each supported locale, and the current locale as a signal. */
import { computed, effect, signal } from '@preact/signals';
import { LOCALES, pickLocale, translator, type Locale, type Table } from '@atendo/shared';
import { consoleEn, consolePtBR, consoleRu } from './i18n-console';
import { securityEn, securityPtBR, securityRu } from './i18n-security';
import { attachmentsEn, attachmentsPtBR, attachmentsRu } from './i18n-attachments';
import { ratingsEn, ratingsPtBR, ratingsRu } from './i18n-ratings';
import { prechatEn, prechatPtBR, prechatRu } from './i18n-prechat';
import { articlesEn, articlesPtBR, articlesRu } from './i18n-articles';
import { proactiveEn, proactivePtBR, proactiveRu } from './i18n-proactive';

const en = {
  'app.name': 'Atendo',
  'app.loading': 'Loading Atendo…',
  'app.unreachable': 'Cannot reach the Atendo server.',
  'common.retry': 'Try again',
  'common.loading': 'Loading…',
  'common.dismiss': 'Dismiss',
  'error.network': 'Cannot reach the server. Check your connection and try again.',
  'error.unexpected': 'Something went wrong. Please try again.',
  'error.sessionEnded': 'Your session has ended. Please sign in again.',
  'nav.main': 'Main',
  'nav.inbox': 'Inbox',
  'nav.settings': 'Settings',
  'topbar.language': 'Language',
  'topbar.logout': 'Log out',
  'topbar.signedInAs': 'Signed in as {name}',
  'login.title': 'Sign in to Atendo',
  'login.subtitle': 'Answer your visitors in real time.',
  'login.email': 'E-mail',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.submitting': 'Signing in…',
  'login.form': 'Sign in',
  'login.missing': 'Enter your e-mail and password.',
  'login.wrong': 'Wrong e-mail or password.',
  'login.tooMany': 'Too many failed sign-ins. Try again in a few minutes.',
  'inbox.title': 'Conversations',
  'inbox.filter': 'Filter conversations',
  'inbox.tab.open': 'Open',
  'inbox.tab.resolved': 'Resolved',
  'inbox.tab.all': 'All',
  'inbox.empty.open': 'No open conversations. New chats will show up here.',
  'inbox.empty.resolved': 'No resolved conversations yet.',
  'inbox.empty.all': 'No conversations yet. Install the widget on your site to start chatting.',
  'inbox.loadMore': 'Load more',
  'inbox.you': 'You:',
  'inbox.noMessages': 'No messages yet',
  'inbox.unread': '{count} unread',
  'visitor.anonymous': 'Visitor {code}',
  'status.open': 'Open',
  'status.resolved': 'Resolved',
  'conversation.resolve': 'Resolve',
  'conversation.reopen': 'Reopen',
  'conversation.back': 'Back to conversations',
  'conversation.none': 'Select a conversation to start chatting.',
  'conversation.notFound': 'This conversation does not exist or was removed.',
  'conversation.resolvedNote': 'This conversation is resolved. You can still reply; the visitor writing again reopens it.',
  'transcript.label': 'Messages with {name}',
  'transcript.empty': 'No messages yet.',
  'day.today': 'Today',
  'day.yesterday': 'Yesterday',
  'message.sending': 'Sending…',
  'message.seen': 'Seen',
  'message.queued': 'Waiting for connection…',
  'message.failed': 'Not sent: {reason}',
  'message.retry': 'Retry',
  'message.discard': 'Discard',
  'message.system': 'System',
  'message.agent': 'Agent',
  'composer.label': 'Reply',
  'composer.placeholder': 'Type your reply…',
  'composer.hint': 'Enter to send, Shift+Enter for a new line',
  'composer.send': 'Send',
  'composer.tooLong': '{count} characters over the limit',
  'banner.reconnecting': 'Reconnecting…',
  'banner.queued': 'Messages you send now will go out when the connection is back.',
  'banner.retryNow': 'Retry now',
  'details.title': 'Details',
  'details.visitor': 'Visitor',
  'details.visitorId': 'Visitor ID',
  'details.status': 'Status',
  'details.started': 'Started',
  'details.lastActivity': 'Last activity',
  'details.messages': 'Messages',
  'settings.title': 'Settings',
  'settings.sections': 'Settings sections',
  'settings.install': 'Install',
  'install.intro': 'Paste this snippet into every page where the chat should appear, just before the closing </body> tag.',
  'install.snippetFor': 'Snippet for {site}',
  'install.copy': 'Copy',
  'install.copied': 'Copied',
  'install.copyFailed': 'Could not copy. Select the text and copy it by hand.',
  'install.noSites': 'No sites yet.',
  'install.siteId': 'Site ID: {id}',
  ...consoleEn,
  ...securityEn,
  ...attachmentsEn,
  ...ratingsEn,
  ...prechatEn,
  ...articlesEn,
  ...proactiveEn,
};

export type MessageKey = keyof typeof en;

const ptBR: Record<MessageKey, string> = {
  'app.name': 'Atendo',
  'app.loading': 'Carregando o Atendo…',
  'app.unreachable': 'Não foi possível conectar ao servidor do Atendo.',
  'common.retry': 'Tentar de novo',
  'common.loading': 'Carregando…',
  'common.dismiss': 'Fechar',
  'error.network': 'Não foi possível conectar ao servidor. Verifique sua conexão e tente de novo.',
  'error.unexpected': 'Algo deu errado. Tente de novo.',
  'error.sessionEnded': 'Sua sessão terminou. Entre novamente.',
  'nav.main': 'Principal',
  'nav.inbox': 'Caixa de entrada',
  'nav.settings': 'Configurações',
  'topbar.language': 'Idioma',
  'topbar.logout': 'Sair',
  'topbar.signedInAs': 'Conectado como {name}',
  'login.title': 'Entrar no Atendo',
  'login.subtitle': 'Responda seus visitantes em tempo real.',
  'login.email': 'E-mail',
  'login.password': 'Senha',
  'login.submit': 'Entrar',
  'login.submitting': 'Entrando…',
  'login.form': 'Entrar',
  'login.missing': 'Informe seu e-mail e sua senha.',
  'login.wrong': 'E-mail ou senha incorretos.',
  'login.tooMany': 'Muitas tentativas sem sucesso. Tente de novo em alguns minutos.',
  'inbox.title': 'Conversas',
  'inbox.filter': 'Filtrar conversas',
  'inbox.tab.open': 'Abertas',
  'inbox.tab.resolved': 'Resolvidas',
  'inbox.tab.all': 'Todas',
  'inbox.empty.open': 'Nenhuma conversa aberta. Novos chats aparecerão aqui.',
  'inbox.empty.resolved': 'Nenhuma conversa resolvida ainda.',
  'inbox.empty.all': 'Nenhuma conversa ainda. Instale o widget no seu site para começar.',
  'inbox.loadMore': 'Carregar mais',
  'inbox.you': 'Você:',
  'inbox.noMessages': 'Nenhuma mensagem ainda',
  'inbox.unread': '{count} não lidas',
  'visitor.anonymous': 'Visitante {code}',
  'status.open': 'Aberta',
  'status.resolved': 'Resolvida',
  'conversation.resolve': 'Resolver',
  'conversation.reopen': 'Reabrir',
  'conversation.back': 'Voltar para as conversas',
  'conversation.none': 'Selecione uma conversa para começar.',
  'conversation.notFound': 'Esta conversa não existe ou foi removida.',
  'conversation.resolvedNote': 'Esta conversa está resolvida. Você ainda pode responder; se o visitante escrever de novo, ela é reaberta.',
  'transcript.label': 'Mensagens com {name}',
  'transcript.empty': 'Nenhuma mensagem ainda.',
  'day.today': 'Hoje',
  'day.yesterday': 'Ontem',
  'message.sending': 'Enviando…',
  'message.seen': 'Visto',
  'message.queued': 'Aguardando conexão…',
  'message.failed': 'Não enviada: {reason}',
  'message.retry': 'Tentar de novo',
  'message.discard': 'Descartar',
  'message.system': 'Sistema',
  'message.agent': 'Atendente',
  'composer.label': 'Resposta',
  'composer.placeholder': 'Digite sua resposta…',
  'composer.hint': 'Enter para enviar, Shift+Enter para nova linha',
  'composer.send': 'Enviar',
  'composer.tooLong': '{count} caracteres acima do limite',
  'banner.reconnecting': 'Reconectando…',
  'banner.queued': 'As mensagens enviadas agora sairão quando a conexão voltar.',
  'banner.retryNow': 'Tentar agora',
  'details.title': 'Detalhes',
  'details.visitor': 'Visitante',
  'details.visitorId': 'ID do visitante',
  'details.status': 'Status',
  'details.started': 'Início',
  'details.lastActivity': 'Última atividade',
  'details.messages': 'Mensagens',
  'settings.title': 'Configurações',
  'settings.sections': 'Seções das configurações',
  'settings.install': 'Instalação',
  'install.intro': 'Cole este código em todas as páginas onde o chat deve aparecer, logo antes da tag </body>.',
  'install.snippetFor': 'Código para {site}',
  'install.copy': 'Copiar',
  'install.copied': 'Copiado',
  'install.copyFailed': 'Não foi possível copiar. Selecione o texto e copie manualmente.',
  'install.noSites': 'Nenhum site ainda.',
  'install.siteId': 'ID do site: {id}',
  ...consolePtBR,
  ...securityPtBR,
  ...attachmentsPtBR,
  ...ratingsPtBR,
  ...prechatPtBR,
  ...articlesPtBR,
  ...proactivePtBR,
};

const ru: Record<MessageKey, string> = {
  'app.name': 'Atendo',
  'app.loading': 'Загрузка Atendo…',
  'app.unreachable': 'Не удаётся связаться с сервером Atendo.',
  'common.retry': 'Повторить',
  'common.loading': 'Загрузка…',
  'common.dismiss': 'Закрыть',
  'error.network': 'Не удаётся связаться с сервером. Проверьте подключение и повторите попытку.',
  'error.unexpected': 'Что-то пошло не так. Повторите попытку.',
  'error.sessionEnded': 'Сеанс завершён. Войдите снова.',
  'nav.main': 'Основное меню',
  'nav.inbox': 'Входящие',
  'nav.settings': 'Настройки',
  'topbar.language': 'Язык',
  'topbar.logout': 'Выйти',
  'topbar.signedInAs': 'Вы вошли как {name}',
  'login.title': 'Вход в Atendo',
  'login.subtitle': 'Отвечайте посетителям в реальном времени.',
  'login.email': 'Эл. почта',
  'login.password': 'Пароль',
  'login.submit': 'Войти',
  'login.submitting': 'Вход…',
  'login.form': 'Вход',
  'login.missing': 'Введите эл. почту и пароль.',
  'login.wrong': 'Неверная эл. почта или пароль.',
  'login.tooMany': 'Слишком много неудачных попыток. Повторите через несколько минут.',
  'inbox.title': 'Диалоги',
  'inbox.filter': 'Фильтр диалогов',
  'inbox.tab.open': 'Открытые',
  'inbox.tab.resolved': 'Решённые',
  'inbox.tab.all': 'Все',
  'inbox.empty.open': 'Открытых диалогов нет. Новые чаты появятся здесь.',
  'inbox.empty.resolved': 'Решённых диалогов пока нет.',
  'inbox.empty.all': 'Диалогов пока нет. Установите виджет на сайт, чтобы начать общение.',
  'inbox.loadMore': 'Загрузить ещё',
  'inbox.you': 'Вы:',
  'inbox.noMessages': 'Сообщений пока нет',
  'inbox.unread': 'Непрочитанных: {count}',
  'visitor.anonymous': 'Посетитель {code}',
  'status.open': 'Открыт',
  'status.resolved': 'Решён',
  'conversation.resolve': 'Решить',
  'conversation.reopen': 'Открыть снова',
  'conversation.back': 'Назад к диалогам',
  'conversation.none': 'Выберите диалог, чтобы начать общение.',
  'conversation.notFound': 'Этот диалог не существует или был удалён.',
  'conversation.resolvedNote': 'Диалог решён. Вы можете ответить; если посетитель напишет снова, диалог откроется.',
  'transcript.label': 'Сообщения с {name}',
  'transcript.empty': 'Сообщений пока нет.',
  'day.today': 'Сегодня',
  'day.yesterday': 'Вчера',
  'message.sending': 'Отправка…',
  'message.seen': 'Просмотрено',
  'message.queued': 'Ожидание подключения…',
  'message.failed': 'Не отправлено: {reason}',
  'message.retry': 'Повторить',
  'message.discard': 'Удалить',
  'message.system': 'Система',
  'message.agent': 'Оператор',
  'composer.label': 'Ответ',
  'composer.placeholder': 'Введите ответ…',
  'composer.hint': 'Enter — отправить, Shift+Enter — новая строка',
  'composer.send': 'Отправить',
  'composer.tooLong': 'Превышение лимита, символов: {count}',
  'banner.reconnecting': 'Переподключение…',
  'banner.queued': 'Сообщения, отправленные сейчас, уйдут, когда связь восстановится.',
  'banner.retryNow': 'Повторить сейчас',
  'details.title': 'Сведения',
  'details.visitor': 'Посетитель',
  'details.visitorId': 'ID посетителя',
  'details.status': 'Статус',
  'details.started': 'Начат',
  'details.lastActivity': 'Последняя активность',
  'details.messages': 'Сообщений',
  'settings.title': 'Настройки',
  'settings.sections': 'Разделы настроек',
  'settings.install': 'Установка',
  'install.intro': 'Вставьте этот код на каждую страницу, где должен появиться чат, прямо перед закрывающим тегом </body>.',
  'install.snippetFor': 'Код для {site}',
  'install.copy': 'Копировать',
  'install.copied': 'Скопировано',
  'install.copyFailed': 'Не удалось скопировать. Выделите текст и скопируйте вручную.',
  'install.noSites': 'Сайтов пока нет.',
  'install.siteId': 'ID сайта: {id}',
  ...consoleRu,
  ...securityRu,
  ...attachmentsRu,
  ...ratingsRu,
  ...prechatRu,
  ...articlesRu,
  ...proactiveRu,
};

/** The full table, exported for the completeness test. */
export const messages: Table<MessageKey> = { en, 'pt-BR': ptBR, ru };

/** Each language named in itself, for the switcher. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'pt-BR': 'Português (Brasil)', ru: 'Русский' };

const STORAGE_KEY = 'atendo:console:locale';

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLocale(saved)) return saved;
  } catch {
    // Storage can be blocked (privacy mode); the browser language is a fine default then.
  }
  return typeof navigator === 'undefined' ? 'en' : pickLocale(navigator.languages ?? [navigator.language]);
}

/** The console's current locale; components re-render when it changes. */
export const locale = signal<Locale>(initialLocale());

/** Switch language and remember the choice for the next visit. */
export function setLocale(next: Locale): void {
  locale.value = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not remembered, but still applied for this session.
  }
}

const translate = computed(() => translator(messages, locale.value));

/** Translate a key in the current locale, filling `{name}` placeholders. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  return translate.value(key, vars);
}

if (typeof document !== 'undefined') {
  effect(() => {
    document.documentElement.lang = locale.value;
  });
}
