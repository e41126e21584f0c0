/** Strings of the security settings and the visitor privacy actions (issue: secure by default). */
export const securityEn = {
  'settings.security': 'Security',
  'security.intro':
    'Only pages on these origins may run the chat widget of this site. One per line, exactly as the browser shows it: scheme, host and port, no path.',
  'security.origins': 'Allowed origins for {site}',
  'security.originsPlaceholder': 'https://shop.example.com',
  'security.originsInvalid': 'Not an origin: {list}. Write each as scheme://host or scheme://host:port, one per line: no path, no wildcard (*).',
  'security.originsEmpty': 'No origins yet: the widget works only on this server’s own pages (and on localhost in development mode).',
  'security.identityRequired': 'Require verified identity (refuse anonymous visitors)',
  'security.secret': 'Identity secret',
  'security.secretHint': 'Sign user ids with this on your backend (HMAC-SHA256). Never put it in page source.',
  'security.reveal': 'Show',
  'security.hide': 'Hide',
  'security.rotate': 'Rotate secret',
  'security.rotateConfirm':
    'Rotate? Hashes made with the old secret stop working at once, and signed-in visitors are disconnected until your pages send hashes made with the new one.',
  'security.pageParams': 'Query parameters to keep in page addresses',
  'security.pageParamsHint':
    'Agents see the pages a visitor opened. Addresses are stored without their #fragment and without any query parameter not listed here (reset links, login codes). One name per line.',
  'security.pageParamsInvalid': 'Not a parameter name: {list}. Use letters, digits and _ . - [ ] only.',
  'security.pageParamsSave': 'Save parameters',
  'security.save': 'Save',
  'security.saved': 'Saved',
  'security.adminsOnly': 'Only admins can see and change security settings.',
  'privacy.title': 'Privacy (LGPD/GDPR)',
  'privacy.export': 'Export visitor data',
  'privacy.delete': 'Delete visitor',
  'privacy.deleteConfirm': 'Delete this visitor and all their conversations for good?',
  'privacy.deleteYes': 'Yes, delete',
  'privacy.cancel': 'Cancel',
  'privacy.deleted': 'Visitor deleted.',
};

type Key = keyof typeof securityEn;

export const securityPtBR: Record<Key, string> = {
  'settings.security': 'Segurança',
  'security.intro':
    'Só páginas nestas origens podem usar o widget de chat deste site. Uma por linha, exatamente como o navegador mostra: esquema, host e porta, sem caminho.',
  'security.origins': 'Origens permitidas para {site}',
  'security.originsPlaceholder': 'https://loja.example.com',
  'security.originsInvalid':
    'Não é uma origem: {list}. Escreva cada uma como esquema://host ou esquema://host:porta, uma por linha: sem caminho, sem curinga (*).',
  'security.originsEmpty': 'Nenhuma origem ainda: o widget funciona só nas páginas deste servidor (e em localhost no modo de desenvolvimento).',
  'security.identityRequired': 'Exigir identidade verificada (recusar visitantes anônimos)',
  'security.secret': 'Segredo de identidade',
  'security.secretHint': 'Assine os ids de usuário com ele no seu backend (HMAC-SHA256). Nunca o coloque no código da página.',
  'security.reveal': 'Mostrar',
  'security.hide': 'Ocultar',
  'security.rotate': 'Trocar segredo',
  'security.rotateConfirm':
    'Trocar? Hashes feitos com o segredo antigo deixam de funcionar na hora, e visitantes identificados são desconectados até suas páginas enviarem hashes feitos com o novo.',
  'security.pageParams': 'Parâmetros de consulta mantidos nos endereços das páginas',
  'security.pageParamsHint':
    'Os agentes veem as páginas que o visitante abriu. Os endereços são guardados sem o #fragmento e sem os parâmetros de consulta que não estão nesta lista (links de redefinição, códigos de login). Um nome por linha.',
  'security.pageParamsInvalid': 'Não é um nome de parâmetro: {list}. Use só letras, dígitos e _ . - [ ].',
  'security.pageParamsSave': 'Salvar parâmetros',
  'security.save': 'Salvar',
  'security.saved': 'Salvo',
  'security.adminsOnly': 'Só administradores podem ver e alterar as configurações de segurança.',
  'privacy.title': 'Privacidade (LGPD/GDPR)',
  'privacy.export': 'Exportar dados do visitante',
  'privacy.delete': 'Excluir visitante',
  'privacy.deleteConfirm': 'Excluir este visitante e todas as conversas dele definitivamente?',
  'privacy.deleteYes': 'Sim, excluir',
  'privacy.cancel': 'Cancelar',
  'privacy.deleted': 'Visitante excluído.',
};

export const securityRu: Record<Key, string> = {
  'settings.security': 'Безопасность',
  'security.intro':
    'Виджет чата этого сайта работает только на страницах с этих источников. По одному в строке, как их показывает браузер: схема, хост и порт, без пути.',
  'security.origins': 'Разрешённые источники для {site}',
  'security.originsPlaceholder': 'https://magazin.example.com',
  'security.originsInvalid': 'Это не источник: {list}. Пишите каждый как схема://хост или схема://хост:порт, по одному в строке: без пути и без шаблона (*).',
  'security.originsEmpty': 'Источников пока нет: виджет работает только на страницах этого сервера (и на localhost в режиме разработки).',
  'security.identityRequired': 'Требовать подтверждённую личность (отклонять анонимных посетителей)',
  'security.secret': 'Секрет для личности',
  'security.secretHint': 'Подписывайте им id пользователей на своём сервере (HMAC-SHA256). Никогда не вставляйте его в код страницы.',
  'security.reveal': 'Показать',
  'security.hide': 'Скрыть',
  'security.rotate': 'Сменить секрет',
  'security.rotateConfirm':
    'Сменить? Хеши со старым секретом сразу перестанут работать, а вошедшие посетители будут отключены, пока ваши страницы не начнут присылать хеши с новым.',
  'security.pageParams': 'Параметры запроса, которые сохраняются в адресах страниц',
  'security.pageParamsHint':
    'Агенты видят страницы, которые открывал посетитель. Адреса сохраняются без #фрагмента и без параметров запроса, которых нет в этом списке (ссылки сброса пароля, коды входа). По одному имени в строке.',
  'security.pageParamsInvalid': 'Это не имя параметра: {list}. Только буквы, цифры и _ . - [ ].',
  'security.pageParamsSave': 'Сохранить параметры',
  'security.save': 'Сохранить',
  'security.saved': 'Сохранено',
  'security.adminsOnly': 'Смотреть и менять настройки безопасности могут только администраторы.',
  'privacy.title': 'Конфиденциальность (LGPD/GDPR)',
  'privacy.export': 'Выгрузить данные посетителя',
  'privacy.delete': 'Удалить посетителя',
  'privacy.deleteConfirm': 'Удалить этого посетителя и все его разговоры навсегда?',
  'privacy.deleteYes': 'Да, удалить',
  'privacy.cancel': 'Отмена',
  'privacy.deleted': 'Посетитель удалён.',
};
