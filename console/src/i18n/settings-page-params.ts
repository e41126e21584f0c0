/** Settings → Security, the query parameters kept in the page addresses agents see. */
import { strings } from './define';

export const settingsPageParams = strings({
  en: {
    'security.pageParams': 'Query parameters to keep in page addresses',
    'security.pageParamsHint':
      'Agents see the pages a visitor opened. Addresses are stored without their #fragment and without any query parameter not listed here (reset links, login codes). One name per line.',
    'security.pageParamsInvalid': 'Not a parameter name: {list}. Use letters, digits and _ . - [ ] only.',
    'security.pageParamsSave': 'Save parameters',
  },
  'pt-BR': {
    'security.pageParams': 'Parâmetros de consulta mantidos nos endereços das páginas',
    'security.pageParamsHint':
      'Os agentes veem as páginas que o visitante abriu. Os endereços são guardados sem o #fragmento e sem os parâmetros de consulta que não estão nesta lista (links de redefinição, códigos de login). Um nome por linha.',
    'security.pageParamsInvalid': 'Não é um nome de parâmetro: {list}. Use só letras, dígitos e _ . - [ ].',
    'security.pageParamsSave': 'Salvar parâmetros',
  },
  ru: {
    'security.pageParams': 'Параметры запроса, которые сохраняются в адресах страниц',
    'security.pageParamsHint':
      'Агенты видят страницы, которые открывал посетитель. Адреса сохраняются без #фрагмента и без параметров запроса, которых нет в этом списке (ссылки сброса пароля, коды входа). По одному имени в строке.',
    'security.pageParamsInvalid': 'Это не имя параметра: {list}. Только буквы, цифры и _ . - [ ].',
    'security.pageParamsSave': 'Сохранить параметры',
  },
});
