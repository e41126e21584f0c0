import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from './api';
import { codeText, errorText } from './errors';
import { locale } from './i18n';

afterEach(() => {
  locale.value = 'en';
});

describe('errorText', () => {
  it("gives English-speaking agents the server's own words", () => {
    locale.value = 'en';
    expect(errorText(new ApiError('bad_request', 'capacity: Invalid value: Expected >=0 but received -3', 400))).toBe(
      'capacity: Invalid value: Expected >=0 but received -3',
    );
  });

  it('never shows English server text to a pt-BR or ru agent', () => {
    locale.value = 'pt-BR';
    expect(errorText(new ApiError('bad_request', 'capacity: Invalid value: Expected >=0 but received -3', 400))).toBe(
      'Confira o campo “capacity”: o valor não é válido.',
    );
    expect(errorText(new ApiError('forbidden', 'Admins only', 403))).toBe('Só um administrador pode fazer isso.');
    locale.value = 'ru';
    expect(errorText(new ApiError('rate_limited', 'Too many attempts', 429))).toBe('Слишком много попыток. Подождите немного и повторите.');
    expect(errorText(new ApiError('bad_request', 'Request body must be JSON', 400))).toBe('Часть введённых данных неверна.');
  });

  it('says a network failure and an unexpected error in the agent’s language', () => {
    locale.value = 'ru';
    expect(errorText(new ApiError('network', 'Failed to fetch', 0))).toBe('Не удаётся связаться с сервером. Проверьте подключение и повторите попытку.');
    expect(errorText(new Error('boom'))).toBe('Что-то пошло не так. Повторите попытку.');
  });

  it('says what the socket refused in the agent’s language too (a reply not sent, an error frame)', () => {
    locale.value = 'en';
    expect(codeText('rate_limited', 'Too many messages')).toBe('Too many messages');
    locale.value = 'pt-BR';
    expect(codeText('rate_limited', 'Too many messages')).toBe('Tentativas demais. Aguarde um momento e tente de novo.');
    locale.value = 'ru';
    expect(codeText('unknown_type', 'Unknown frame type: x')).toBe('Что-то пошло не так. Повторите попытку.');
    expect(codeText('bad_request', 'body: Invalid length')).toBe('Проверьте поле «body»: значение неверно.');
  });
});
