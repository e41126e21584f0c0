/**
 * The settings page: its sections' names, what the sections share, and the install section with each site's snippet.
 * Each section's own strings are in settings-<section>.ts.
 */
import { strings } from './define';

export const settings = strings({
  en: {
    // The page and its sections, in the order of its navigation
    'settings.title': 'Settings',
    'settings.sections': 'Settings sections',
    'settings.install': 'Install',
    'settings.appearance': 'Widget appearance',
    'settings.prechat': 'Pre-chat & hours',
    'settings.proactive': 'Proactive messages',
    'settings.articles': 'Help articles',
    'settings.canned': 'Canned replies',
    'settings.agents': 'Agents',
    'settings.security': 'Security',
    'settings.account': 'Your account',

    // Shared by the sections: the notice for agents who are not admins, and the label of the site picker
    'settings.adminsOnly': 'Only admins can change these settings.',
    'appearance.site': 'Site',

    // Install: the snippet for each site
    'install.intro': 'Paste this snippet into every page where the chat should appear, just before the closing </body> tag.',
    'install.snippetFor': 'Snippet for {site}',
    'install.copy': 'Copy',
    'install.copied': 'Copied',
    'install.copyFailed': 'Could not copy. Select the text and copy it by hand.',
    'install.noSites': 'No sites yet.',
    'install.siteId': 'Site ID: {id}',
  },
  'pt-BR': {
    'settings.title': 'Configurações',
    'settings.sections': 'Seções das configurações',
    'settings.install': 'Instalação',
    'settings.appearance': 'Aparência do widget',
    'settings.prechat': 'Pré-chat e horários',
    'settings.proactive': 'Mensagens proativas',
    'settings.articles': 'Artigos de ajuda',
    'settings.canned': 'Respostas prontas',
    'settings.agents': 'Agentes',
    'settings.security': 'Segurança',
    'settings.account': 'Sua conta',

    'settings.adminsOnly': 'Só administradores podem alterar estas configurações.',
    'appearance.site': 'Site',

    'install.intro': 'Cole este código em todas as páginas onde o chat deve aparecer, logo antes da tag </body>.',
    'install.snippetFor': 'Código para {site}',
    'install.copy': 'Copiar',
    'install.copied': 'Copiado',
    'install.copyFailed': 'Não foi possível copiar. Selecione o texto e copie manualmente.',
    'install.noSites': 'Nenhum site ainda.',
    'install.siteId': 'ID do site: {id}',
  },
  ru: {
    'settings.title': 'Настройки',
    'settings.sections': 'Разделы настроек',
    'settings.install': 'Установка',
    'settings.appearance': 'Вид виджета',
    'settings.prechat': 'Анкета и часы работы',
    'settings.proactive': 'Проактивные сообщения',
    'settings.articles': 'Справочные статьи',
    'settings.canned': 'Шаблоны ответов',
    'settings.agents': 'Агенты',
    'settings.security': 'Безопасность',
    'settings.account': 'Ваша учётная запись',

    'settings.adminsOnly': 'Менять эти настройки могут только администраторы.',
    'appearance.site': 'Сайт',

    'install.intro': 'Вставьте этот код на каждую страницу, где должен появиться чат, прямо перед закрывающим тегом </body>.',
    'install.snippetFor': 'Код для {site}',
    'install.copy': 'Копировать',
    'install.copied': 'Скопировано',
    'install.copyFailed': 'Не удалось скопировать. Выделите текст и скопируйте вручную.',
    'install.noSites': 'Сайтов пока нет.',
    'install.siteId': 'ID сайта: {id}',
  },
});
