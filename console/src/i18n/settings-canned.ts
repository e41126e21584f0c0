/** Settings → Canned replies: the list and the editor (picking one in the composer is in conversation.ts). */
import { strings } from './define';

export const settingsCanned = strings({
  en: {
    'canned.intro': 'Type / followed by a shortcut in the reply box (or press Ctrl+/) to insert one of these.',
    'canned.empty': 'No canned replies yet.',
    'canned.add': 'Add canned reply',
    'canned.edit': 'Edit canned reply',
    'canned.shortcut': 'Shortcut',
    'canned.body': 'Text',
    'canned.shortcutPlaceholder': 'refund',
  },
  'pt-BR': {
    'canned.intro': 'Digite / seguido de um atalho na caixa de resposta (ou Ctrl+/) para inserir uma destas.',
    'canned.empty': 'Ainda não há respostas prontas.',
    'canned.add': 'Adicionar resposta pronta',
    'canned.edit': 'Editar resposta pronta',
    'canned.shortcut': 'Atalho',
    'canned.body': 'Texto',
    'canned.shortcutPlaceholder': 'reembolso',
  },
  ru: {
    'canned.intro': 'Введите / и сокращение в поле ответа (или нажмите Ctrl+/), чтобы вставить шаблон.',
    'canned.empty': 'Шаблонов пока нет.',
    'canned.add': 'Добавить шаблон',
    'canned.edit': 'Изменить шаблон',
    'canned.shortcut': 'Сокращение',
    'canned.body': 'Текст',
    'canned.shortcutPlaceholder': 'возврат',
  },
});
