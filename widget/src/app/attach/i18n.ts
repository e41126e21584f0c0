/** Strings of the attachments chunk (upload progress and errors), in en, pt-BR and ru. */
import { translator, type Locale, type Table } from '@atendo/shared';

type Key = 'uploading' | 'cancel' | 'dismiss' | 'tooBig' | 'badType' | 'empty' | 'tooMany' | 'failed' | 'progress';

export const attachStrings: Table<Key> = {
  en: {
    uploading: 'Sending {name}…',
    progress: 'Upload of {name}',
    cancel: 'Cancel',
    dismiss: 'OK',
    tooBig: '“{name}” is too big: files can be up to {max}.',
    badType: '“{name}” cannot be sent. Images, PDF, text, CSV, ZIP and office documents can.',
    empty: '“{name}” is empty.',
    tooMany: 'Too many files for now. Please try again later.',
    failed: '“{name}” could not be sent. Check your connection and try again.',
  },
  'pt-BR': {
    uploading: 'Enviando {name}…',
    progress: 'Envio de {name}',
    cancel: 'Cancelar',
    dismiss: 'OK',
    tooBig: '“{name}” é grande demais: o limite é {max}.',
    badType: '“{name}” não pode ser enviado. Imagens, PDF, texto, CSV, ZIP e documentos de escritório podem.',
    empty: '“{name}” está vazio.',
    tooMany: 'Arquivos demais por agora. Tente de novo mais tarde.',
    failed: 'Não foi possível enviar “{name}”. Verifique sua conexão e tente de novo.',
  },
  ru: {
    uploading: 'Отправляется {name}…',
    progress: 'Загрузка {name}',
    cancel: 'Отмена',
    dismiss: 'OK',
    tooBig: 'Файл «{name}» слишком большой: можно до {max}.',
    badType: 'Файл «{name}» нельзя отправить. Можно изображения, PDF, текст, CSV, ZIP и офисные документы.',
    empty: 'Файл «{name}» пустой.',
    tooMany: 'Слишком много файлов. Попробуйте позже.',
    failed: 'Не удалось отправить «{name}». Проверьте подключение и попробуйте снова.',
  },
};

export const attachT = (locale: Locale) => translator(attachStrings, locale);
