/**
 * Settings → Security: the origins allowed to run a site's widget and identity verification (the page parameters below
 * them are in settings-page-params.ts).
 */
import { strings } from './define';

export const settingsSecurity = strings({
  en: {
    // Allowed origins
    'security.intro':
      'Only pages on these origins may run the chat widget of this site. One per line, exactly as the browser shows it: scheme, host and port, no path.',
    'security.origins': 'Allowed origins for {site}',
    'security.originsPlaceholder': 'https://shop.example.com',
    'security.originsInvalid': 'Not an origin: {list}. Write each as scheme://host or scheme://host:port, one per line: no path, no wildcard (*).',
    'security.originsEmpty': 'No origins yet: the widget works only on this server’s own pages (and on localhost in development mode).',

    // Identity verification
    'security.identityRequired': 'Require verified identity (refuse anonymous visitors)',
    'security.secret': 'Identity secret',
    'security.secretHint': 'Sign user ids with this on your backend (HMAC-SHA256). Never put it in page source.',
    'security.reveal': 'Show',
    'security.hide': 'Hide',
    'security.rotate': 'Rotate secret',
    'security.rotateConfirm':
      'Rotate? Hashes made with the old secret stop working at once, and signed-in visitors are disconnected until your pages send hashes made with the new one.',

    // Saving, and who may
    'security.save': 'Save',
    'security.saved': 'Saved',
    'security.adminsOnly': 'Only admins can see and change security settings.',
  },
  'pt-BR': {
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

    'security.save': 'Salvar',
    'security.saved': 'Salvo',
    'security.adminsOnly': 'Só administradores podem ver e alterar as configurações de segurança.',
  },
  ru: {
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

    'security.save': 'Сохранить',
    'security.saved': 'Сохранено',
    'security.adminsOnly': 'Смотреть и менять настройки безопасности могут только администраторы.',
  },
});
