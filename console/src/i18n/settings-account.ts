/** Settings → Your account: the agent's own password and sessions. */
import { strings } from './define';

export const settingsAccount = strings({
  en: {
    // Password
    'account.signedInAs': 'Signed in as {name} ({email}).',
    'account.password': 'Change password',
    'account.current': 'Current password',
    'account.new': 'New password',
    'account.repeat': 'Repeat the new password',
    'account.rules': 'At least {min} characters. Your other devices and browsers will be logged out; this one stays.',
    'account.save': 'Change password',
    'account.changed': 'Password changed. Your other sessions were logged out.',
    'account.mismatch': 'The two new passwords are not the same.',
    'account.wrongCurrent': 'The current password is wrong.',
    'account.sameAsCurrent': 'Choose a new password that differs from the current one.',
    'account.tooShort': 'Use at least {min} characters.',

    // Sessions
    'account.sessions': 'Sessions',
    'account.everywhere': 'Log out everywhere',
    'account.everywhereHint':
      'Ends every session of yours, on every device and browser, this one included. Use it if you lost a device or signed in somewhere you should not have.',
    'account.everywhereConfirm': 'Log out on every device and browser, this one included?',
    'account.everywhereDone': 'You were logged out on every device.',
  },
  'pt-BR': {
    'account.signedInAs': 'Conectado como {name} ({email}).',
    'account.password': 'Alterar senha',
    'account.current': 'Senha atual',
    'account.new': 'Nova senha',
    'account.repeat': 'Repita a nova senha',
    'account.rules': 'Pelo menos {min} caracteres. Seus outros dispositivos e navegadores serão desconectados; este continua.',
    'account.save': 'Alterar senha',
    'account.changed': 'Senha alterada. Suas outras sessões foram encerradas.',
    'account.mismatch': 'As duas novas senhas não são iguais.',
    'account.wrongCurrent': 'A senha atual está errada.',
    'account.sameAsCurrent': 'Escolha uma nova senha diferente da atual.',
    'account.tooShort': 'Use pelo menos {min} caracteres.',

    'account.sessions': 'Sessões',
    'account.everywhere': 'Sair de todos os dispositivos',
    'account.everywhereHint':
      'Encerra todas as suas sessões, em todos os dispositivos e navegadores, inclusive esta. Use se perdeu um dispositivo ou entrou onde não deveria.',
    'account.everywhereConfirm': 'Sair de todos os dispositivos e navegadores, inclusive este?',
    'account.everywhereDone': 'Você saiu de todos os dispositivos.',
  },
  ru: {
    'account.signedInAs': 'Вы вошли как {name} ({email}).',
    'account.password': 'Смена пароля',
    'account.current': 'Текущий пароль',
    'account.new': 'Новый пароль',
    'account.repeat': 'Повторите новый пароль',
    'account.rules': 'Не меньше {min} символов. На других устройствах и в других браузерах вы выйдете из системы; здесь останетесь.',
    'account.save': 'Сменить пароль',
    'account.changed': 'Пароль изменён. Остальные ваши сеансы завершены.',
    'account.mismatch': 'Новые пароли не совпадают.',
    'account.wrongCurrent': 'Текущий пароль неверен.',
    'account.sameAsCurrent': 'Новый пароль должен отличаться от текущего.',
    'account.tooShort': 'Не меньше {min} символов.',

    'account.sessions': 'Сеансы',
    'account.everywhere': 'Выйти на всех устройствах',
    'account.everywhereHint':
      'Завершает все ваши сеансы на всех устройствах и в браузерах, включая этот. Пригодится, если устройство потеряно или вы вошли там, где не следовало.',
    'account.everywhereConfirm': 'Выйти на всех устройствах и в браузерах, включая этот?',
    'account.everywhereDone': 'Вы вышли на всех устройствах.',
  },
});
