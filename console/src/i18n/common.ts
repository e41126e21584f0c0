/**
 * Strings every screen shares: the app starting, common buttons, what a failed request or a wrong form field says, a
 * conversation's status and an unnamed visitor's name.
 */
import { strings } from './define';

export const common = strings({
  en: {
    // The app while it starts
    'app.name': 'Atendo',
    'app.loading': 'Loading Atendo…',
    'app.unreachable': 'Cannot reach the Atendo server.',

    // Buttons and states many screens share
    'common.retry': 'Try again',
    'common.loading': 'Loading…',
    'common.dismiss': 'Dismiss',
    'common.cancel': 'Cancel',
    'common.close': 'Close',
    'common.delete': 'Delete',
    'common.edit': 'Edit',
    'common.save': 'Save',
    'common.saved': 'Saved',
    'common.saving': 'Saving…',

    // What a failed request says (errors.ts picks one by the server's error code)
    'error.network': 'Cannot reach the server. Check your connection and try again.',
    'error.unexpected': 'Something went wrong. Please try again.',
    'error.forbidden': 'Only an admin can do that.',
    'error.notFound': 'That no longer exists. Reload the page.',
    'error.conflict': 'That conflicts with what is already saved.',
    'error.tooLarge': 'That is too large.',
    'error.unsupportedType': 'That type of file is not allowed.',
    'error.rateLimited': 'Too many attempts. Wait a moment and try again.',
    'error.invalid': 'Some of what you entered is not valid.',
    'error.invalidField': 'Check the field “{field}”: its value is not valid.',
    'error.sessionEnded': 'Your session has ended. Please sign in again.',

    // The browser's own bubble on a field not filled in right, in the agent's language (validity.ts)
    'form.required': 'Please fill in this field.',
    'form.choose': 'Please choose an option.',
    'form.email': 'Enter an e-mail address like name@example.com.',
    'form.url': 'Enter a full address, such as https://shop.example.',
    'form.tooLong': 'Please use at most {max} characters.',
    'form.tooShort': 'Please use at least {min} characters.',
    'form.range': 'Enter a number from {min} to {max}.',
    'form.invalid': 'Please check this value.',

    // Wherever a conversation is listed or shown: its status, and the name of a visitor who gave none
    'status.open': 'Open',
    'status.pending': 'Pending',
    'status.resolved': 'Resolved',
    'visitor.anonymous': 'Visitor {code}',
  },
  'pt-BR': {
    'app.name': 'Atendo',
    'app.loading': 'Carregando o Atendo…',
    'app.unreachable': 'Não foi possível conectar ao servidor do Atendo.',

    'common.retry': 'Tentar de novo',
    'common.loading': 'Carregando…',
    'common.dismiss': 'Fechar',
    'common.cancel': 'Cancelar',
    'common.close': 'Fechar',
    'common.delete': 'Excluir',
    'common.edit': 'Editar',
    'common.save': 'Salvar',
    'common.saved': 'Salvo',
    'common.saving': 'Salvando…',

    'error.network': 'Não foi possível conectar ao servidor. Verifique sua conexão e tente de novo.',
    'error.unexpected': 'Algo deu errado. Tente de novo.',
    'error.forbidden': 'Só um administrador pode fazer isso.',
    'error.notFound': 'Isso não existe mais. Recarregue a página.',
    'error.conflict': 'Isso entra em conflito com o que já está salvo.',
    'error.tooLarge': 'Isso é grande demais.',
    'error.unsupportedType': 'Esse tipo de arquivo não é permitido.',
    'error.rateLimited': 'Tentativas demais. Aguarde um momento e tente de novo.',
    'error.invalid': 'Algo do que você digitou não é válido.',
    'error.invalidField': 'Confira o campo “{field}”: o valor não é válido.',
    'error.sessionEnded': 'Sua sessão terminou. Entre novamente.',

    'form.required': 'Preencha este campo.',
    'form.choose': 'Escolha uma opção.',
    'form.email': 'Digite um e-mail como nome@exemplo.com.',
    'form.url': 'Digite um endereço completo, como https://loja.exemplo.',
    'form.tooLong': 'Use no máximo {max} caracteres.',
    'form.tooShort': 'Use pelo menos {min} caracteres.',
    'form.range': 'Digite um número de {min} a {max}.',
    'form.invalid': 'Confira este valor.',

    'status.open': 'Aberta',
    'status.pending': 'Pendente',
    'status.resolved': 'Resolvida',
    'visitor.anonymous': 'Visitante {code}',
  },
  ru: {
    'app.name': 'Atendo',
    'app.loading': 'Загрузка Atendo…',
    'app.unreachable': 'Не удаётся связаться с сервером Atendo.',

    'common.retry': 'Повторить',
    'common.loading': 'Загрузка…',
    'common.dismiss': 'Закрыть',
    'common.cancel': 'Отмена',
    'common.close': 'Закрыть',
    'common.delete': 'Удалить',
    'common.edit': 'Изменить',
    'common.save': 'Сохранить',
    'common.saved': 'Сохранено',
    'common.saving': 'Сохранение…',

    'error.network': 'Не удаётся связаться с сервером. Проверьте подключение и повторите попытку.',
    'error.unexpected': 'Что-то пошло не так. Повторите попытку.',
    'error.forbidden': 'Это может сделать только администратор.',
    'error.notFound': 'Этого больше нет. Обновите страницу.',
    'error.conflict': 'Это противоречит уже сохранённым данным.',
    'error.tooLarge': 'Слишком большой размер.',
    'error.unsupportedType': 'Такой тип файла не разрешён.',
    'error.rateLimited': 'Слишком много попыток. Подождите немного и повторите.',
    'error.invalid': 'Часть введённых данных неверна.',
    'error.invalidField': 'Проверьте поле «{field}»: значение неверно.',
    'error.sessionEnded': 'Сеанс завершён. Войдите снова.',

    'form.required': 'Заполните это поле.',
    'form.choose': 'Выберите вариант.',
    'form.email': 'Введите адрес эл. почты, например name@example.com.',
    'form.url': 'Введите полный адрес, например https://shop.example.',
    'form.tooLong': 'Не больше {max} символов.',
    'form.tooShort': 'Не меньше {min} символов.',
    'form.range': 'Введите число от {min} до {max}.',
    'form.invalid': 'Проверьте это значение.',

    'status.open': 'Открыт',
    'status.pending': 'Ожидание',
    'status.resolved': 'Решён',
    'visitor.anonymous': 'Посетитель {code}',
  },
});
