import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from './i18n';
import { translateValidity, validityText } from './validity';

afterEach(() => {
  document.body.innerHTML = '';
  setLocale('en');
});

describe('form bubbles in the agent’s language', () => {
  it('names what is wrong', () => {
    document.body.innerHTML = '<input id="a" required><input id="b" type="email" value="nope"><select id="c" required><option value="">–</option></select>';
    const [a, b, c] = ['a', 'b', 'c'].map((id) => document.getElementById(id) as HTMLInputElement);
    expect(validityText(a!)).toBe('Please fill in this field.');
    expect(validityText(b!)).toBe('Enter an e-mail address like name@example.com.');
    expect(validityText(c!)).toBe('Please choose an option.');
    setLocale('ru');
    expect(validityText(a!)).toBe('Заполните это поле.');
    setLocale('pt-BR');
    expect(validityText(b!)).toBe('Digite um e-mail como nome@exemplo.com.');
  });

  it('puts the message on the field when the browser finds it invalid, and clears it on the next edit', () => {
    translateValidity(document);
    document.body.innerHTML = '<form><input id="name" required></form>';
    const input = document.getElementById('name') as HTMLInputElement;
    setLocale('ru');
    expect(input.checkValidity()).toBe(false);
    expect(input.validationMessage).toBe('Заполните это поле.');
    input.value = 'Ana';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    expect(input.checkValidity()).toBe(true);
    expect(input.validationMessage).toBe('');
  });
});
