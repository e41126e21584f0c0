/** Strings of attachments in the console (issue 6), merged into the tables in i18n.ts. */
export const attachmentsEn = {
  'attach.button': 'Attach a file',
  'attach.notes': 'Files can be sent in replies, not in notes',
  'attach.uploading': 'Uploading {name}…',
  'attach.progress': 'Upload of {name}',
  'attach.cancel': 'Cancel',
  'attach.dismiss': 'Dismiss',
  'attach.tooBig': '“{name}” is too big: files can be up to {max}.',
  'attach.badType': '“{name}” cannot be sent. Images, PDF, text, CSV, ZIP and office documents can.',
  'attach.empty': '“{name}” is empty.',
  'attach.failed': '“{name}” could not be uploaded. Check your connection and try again.',
  'attach.failedWhy': '“{name}” could not be uploaded: {reason}',
  'attach.open': 'Open {name} full size',
};

type Key = keyof typeof attachmentsEn;

export const attachmentsPtBR: Record<Key, string> = {
  'attach.button': 'Anexar um arquivo',
  'attach.notes': 'Arquivos podem ir em respostas, não em notas',
  'attach.uploading': 'Enviando {name}…',
  'attach.progress': 'Envio de {name}',
  'attach.cancel': 'Cancelar',
  'attach.dismiss': 'Fechar',
  'attach.tooBig': '“{name}” é grande demais: o limite é {max}.',
  'attach.badType': '“{name}” não pode ser enviado. Imagens, PDF, texto, CSV, ZIP e documentos de escritório podem.',
  'attach.empty': '“{name}” está vazio.',
  'attach.failed': 'Não foi possível enviar “{name}”. Verifique sua conexão e tente de novo.',
  'attach.failedWhy': 'Não foi possível enviar “{name}”: {reason}',
  'attach.open': 'Abrir {name} em tamanho real',
};

export const attachmentsRu: Record<Key, string> = {
  'attach.button': 'Прикрепить файл',
  'attach.notes': 'Файлы можно отправлять в ответах, но не в заметках',
  'attach.uploading': 'Загружается {name}…',
  'attach.progress': 'Загрузка {name}',
  'attach.cancel': 'Отмена',
  'attach.dismiss': 'Закрыть',
  'attach.tooBig': 'Файл «{name}» слишком большой: можно до {max}.',
  'attach.badType': 'Файл «{name}» нельзя отправить. Можно изображения, PDF, текст, CSV, ZIP и офисные документы.',
  'attach.empty': 'Файл «{name}» пустой.',
  'attach.failed': 'Не удалось загрузить «{name}». Проверьте подключение и попробуйте снова.',
  'attach.failedWhy': 'Не удалось загрузить «{name}»: {reason}',
  'attach.open': 'Открыть {name} в полном размере',
};
