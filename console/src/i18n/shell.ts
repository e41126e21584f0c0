/**
 * The frame around every screen: navigation and the top bar, sign-in, the connection banner, notifications and the
 * keyboard shortcuts window.
 */
import { strings } from './define';

export const shell = strings({
  en: {
    // Navigation and the top bar
    'nav.main': 'Main',
    'nav.inbox': 'Inbox',
    'nav.visitors': 'Visitors',
    'nav.reports': 'Reports',
    'nav.settings': 'Settings',
    'topbar.language': 'Language',
    'topbar.logout': 'Log out',
    'topbar.signedInAs': 'Signed in as {name}',

    // The search box in the top bar (its results page is in inbox.ts)
    'search.label': 'Search conversations',
    'search.placeholder': 'Search…',

    // An agent's presence: the top bar toggle, and beside agents in the conversation header and the agents table
    'presence.online': 'Online',
    'presence.away': 'Away',
    'presence.noConsole': 'Online (console closed)',
    'presence.toggleHint': 'Online agents get new conversations automatically',

    // Notifications: the top bar buttons and the alerts themselves
    'alert.enable': 'Enable notifications',
    'alert.soundOn': 'Turn sound on',
    'alert.soundOff': 'Turn sound off',
    'alert.newConversation': 'New conversation: {name}',
    'alert.newMessage': 'New message from {name}',
    'alert.assigned': 'Assigned to you: {name}',

    // Sign-in (the e-mail label also labels the invite form's e-mail field in the agents settings)
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
    'login.deactivated': 'This account has been deactivated. Ask an admin of your team to reactivate it.',

    // The banner while the connection is down
    'banner.reconnecting': 'Reconnecting…',
    'banner.queued': 'Messages you send now will go out when the connection is back.',
    'banner.retryNow': 'Retry now',

    // The keyboard shortcuts window (the list itself is in state/keyboard.ts)
    'keys.title': 'Keyboard shortcuts',
    'keys.next': 'Next conversation',
    'keys.prev': 'Previous conversation',
    'keys.reply': 'Focus the reply box',
    'keys.resolve': 'Resolve or reopen',
    'keys.search': 'Search',
    'keys.inbox': 'Go to the inbox',
    'keys.visitors': 'Go to live visitors',
    'keys.canned': 'Canned replies (in the reply box)',
    'keys.escape': 'Close menus and this window',
    'keys.help': 'Show this list',
  },
  'pt-BR': {
    'nav.main': 'Principal',
    'nav.inbox': 'Caixa de entrada',
    'nav.visitors': 'Visitantes',
    'nav.reports': 'Relatórios',
    'nav.settings': 'Configurações',
    'topbar.language': 'Idioma',
    'topbar.logout': 'Sair',
    'topbar.signedInAs': 'Conectado como {name}',

    'search.label': 'Buscar conversas',
    'search.placeholder': 'Buscar…',

    'presence.online': 'Online',
    'presence.away': 'Ausente',
    'presence.noConsole': 'Online (console fechado)',
    'presence.toggleHint': 'Agentes online recebem novas conversas automaticamente',

    'alert.enable': 'Ativar notificações',
    'alert.soundOn': 'Ligar o som',
    'alert.soundOff': 'Desligar o som',
    'alert.newConversation': 'Nova conversa: {name}',
    'alert.newMessage': 'Nova mensagem de {name}',
    'alert.assigned': 'Atribuída a você: {name}',

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
    'login.deactivated': 'Esta conta foi desativada. Peça a um administrador da sua equipe para reativá-la.',

    'banner.reconnecting': 'Reconectando…',
    'banner.queued': 'As mensagens enviadas agora sairão quando a conexão voltar.',
    'banner.retryNow': 'Tentar agora',

    'keys.title': 'Atalhos de teclado',
    'keys.next': 'Próxima conversa',
    'keys.prev': 'Conversa anterior',
    'keys.reply': 'Ir para a caixa de resposta',
    'keys.resolve': 'Resolver ou reabrir',
    'keys.search': 'Buscar',
    'keys.inbox': 'Ir para a caixa de entrada',
    'keys.visitors': 'Ir para visitantes ao vivo',
    'keys.canned': 'Respostas prontas (na caixa de resposta)',
    'keys.escape': 'Fechar menus e esta janela',
    'keys.help': 'Mostrar esta lista',
  },
  ru: {
    'nav.main': 'Основное меню',
    'nav.inbox': 'Входящие',
    'nav.visitors': 'Посетители',
    'nav.reports': 'Отчёты',
    'nav.settings': 'Настройки',
    'topbar.language': 'Язык',
    'topbar.logout': 'Выйти',
    'topbar.signedInAs': 'Вы вошли как {name}',

    'search.label': 'Поиск по диалогам',
    'search.placeholder': 'Поиск…',

    'presence.online': 'В сети',
    'presence.away': 'Отошёл',
    'presence.noConsole': 'В сети (консоль закрыта)',
    'presence.toggleHint': 'Агенты в сети автоматически получают новые диалоги',

    'alert.enable': 'Включить уведомления',
    'alert.soundOn': 'Включить звук',
    'alert.soundOff': 'Выключить звук',
    'alert.newConversation': 'Новый диалог: {name}',
    'alert.newMessage': 'Новое сообщение: {name}',
    'alert.assigned': 'Назначено вам: {name}',

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
    'login.deactivated': 'Эта учётная запись отключена. Попросите администратора вашей команды включить её.',

    'banner.reconnecting': 'Переподключение…',
    'banner.queued': 'Сообщения, отправленные сейчас, уйдут, когда связь восстановится.',
    'banner.retryNow': 'Повторить сейчас',

    'keys.title': 'Горячие клавиши',
    'keys.next': 'Следующий диалог',
    'keys.prev': 'Предыдущий диалог',
    'keys.reply': 'Перейти к полю ответа',
    'keys.resolve': 'Закрыть или открыть снова',
    'keys.search': 'Поиск',
    'keys.inbox': 'Перейти во входящие',
    'keys.visitors': 'Перейти к посетителям онлайн',
    'keys.canned': 'Шаблоны ответов (в поле ответа)',
    'keys.escape': 'Закрыть меню и это окно',
    'keys.help': 'Показать этот список',
  },
});
