/** What a form says about a field that is not filled in right (the browser's own bubble, in the agent's language). */
export const formsEn = {
  'form.required': 'Please fill in this field.',
  'form.choose': 'Please choose an option.',
  'form.email': 'Enter an e-mail address like name@example.com.',
  'form.url': 'Enter a full address, such as https://shop.example.',
  'form.tooLong': 'Please use at most {max} characters.',
  'form.tooShort': 'Please use at least {min} characters.',
  'form.range': 'Enter a number from {min} to {max}.',
  'form.invalid': 'Please check this value.',
};

type Key = keyof typeof formsEn;

export const formsPtBR: Record<Key, string> = {
  'form.required': 'Preencha este campo.',
  'form.choose': 'Escolha uma opção.',
  'form.email': 'Digite um e-mail como nome@exemplo.com.',
  'form.url': 'Digite um endereço completo, como https://loja.exemplo.',
  'form.tooLong': 'Use no máximo {max} caracteres.',
  'form.tooShort': 'Use pelo menos {min} caracteres.',
  'form.range': 'Digite um número de {min} a {max}.',
  'form.invalid': 'Confira este valor.',
};

export const formsRu: Record<Key, string> = {
  'form.required': 'Заполните это поле.',
  'form.choose': 'Выберите вариант.',
  'form.email': 'Введите адрес эл. почты, например name@example.com.',
  'form.url': 'Введите полный адрес, например https://shop.example.',
  'form.tooLong': 'Не больше {max} символов.',
  'form.tooShort': 'Не меньше {min} символов.',
  'form.range': 'Введите число от {min} до {max}.',
  'form.invalid': 'Проверьте это значение.',
};
