/**
 * Settings → Pre-chat & hours: the pre-chat form, business hours and the team avatar (the survey below them is in
 * settings-survey.ts).
 */
import { strings } from './define';

export const settingsPrechat = strings({
  en: {
    // The pre-chat form
    'prechat.intro': 'What the widget asks before a chat starts, when your team is open, and the picture in its header.',
    'prechat.formTitle': 'Pre-chat form',
    'prechat.enabled': 'Ask visitors a few questions before the chat starts',
    'prechat.fieldName': 'Name',
    'prechat.fieldEmail': 'E-mail',
    'prechat.fieldQuestion': 'Question (sent as the first message)',
    'prechat.off': 'Not asked',
    'prechat.optional': 'Optional',
    'prechat.required': 'Required',
    'prechat.noFields': 'Ask for at least one field, or turn the form off.',
    'prechat.fixErrors': 'Fix the highlighted fields first.',

    // Business hours
    'hours.title': 'Business hours',
    'hours.enabled': 'Use business hours (outside them the widget takes a message with an e-mail address)',
    'hours.offlineNote': 'When nobody is online, the widget always offers to leave a message.',
    'hours.timezone': 'Time zone',
    'hours.table': 'Opening hours per weekday',
    'hours.day': 'Day',
    'hours.open': 'Opens',
    'hours.close': 'Closes',
    'hours.closed': 'Closed',
    'hours.openOn': '{day} opens',
    'hours.closeOn': '{day} closes',
    'hours.closedOn': '{day} closed',
    'hours.order': '{day}: the closing time must be after the opening time.',
    'hours.none': 'Open at least one day, or turn business hours off.',

    // The team avatar
    'avatar.title': 'Team avatar',
    'avatar.url': 'Avatar image URL',
    'avatar.hint':
      'An https:// image shown in the widget header. Leave empty to show the team name’s initial. A site with its own Content-Security-Policy must allow it in img-src.',
    'avatar.invalid': 'Use an https:// address.',
  },
  'pt-BR': {
    'prechat.intro': 'O que o widget pergunta antes de a conversa começar, quando sua equipe atende e a imagem do cabeçalho.',
    'prechat.formTitle': 'Formulário pré-chat',
    'prechat.enabled': 'Fazer algumas perguntas antes de a conversa começar',
    'prechat.fieldName': 'Nome',
    'prechat.fieldEmail': 'E-mail',
    'prechat.fieldQuestion': 'Pergunta (enviada como primeira mensagem)',
    'prechat.off': 'Não perguntar',
    'prechat.optional': 'Opcional',
    'prechat.required': 'Obrigatório',
    'prechat.noFields': 'Pergunte pelo menos um campo ou desative o formulário.',
    'prechat.fixErrors': 'Corrija primeiro os campos destacados.',

    'hours.title': 'Horário de atendimento',
    'hours.enabled': 'Usar horário de atendimento (fora dele o widget recebe uma mensagem com e-mail)',
    'hours.offlineNote': 'Quando ninguém está online, o widget sempre oferece deixar uma mensagem.',
    'hours.timezone': 'Fuso horário',
    'hours.table': 'Horário por dia da semana',
    'hours.day': 'Dia',
    'hours.open': 'Abre',
    'hours.close': 'Fecha',
    'hours.closed': 'Fechado',
    'hours.openOn': '{day}: abre',
    'hours.closeOn': '{day}: fecha',
    'hours.closedOn': '{day}: fechado',
    'hours.order': '{day}: o horário de fechamento deve ser depois do de abertura.',
    'hours.none': 'Abra pelo menos um dia ou desative o horário de atendimento.',

    'avatar.title': 'Avatar da equipe',
    'avatar.url': 'URL da imagem do avatar',
    'avatar.hint':
      'Uma imagem https:// exibida no cabeçalho do widget. Deixe vazio para mostrar a inicial do nome da equipe. Um site com Content-Security-Policy própria precisa permiti-la em img-src.',
    'avatar.invalid': 'Use um endereço https://.',
  },
  ru: {
    'prechat.intro': 'Что виджет спрашивает перед началом чата, когда работает ваша команда и картинка в его заголовке.',
    'prechat.formTitle': 'Анкета перед чатом',
    'prechat.enabled': 'Задавать посетителям несколько вопросов перед началом чата',
    'prechat.fieldName': 'Имя',
    'prechat.fieldEmail': 'Эл. почта',
    'prechat.fieldQuestion': 'Вопрос (отправляется первым сообщением)',
    'prechat.off': 'Не спрашивать',
    'prechat.optional': 'Необязательно',
    'prechat.required': 'Обязательно',
    'prechat.noFields': 'Спросите хотя бы одно поле или выключите анкету.',
    'prechat.fixErrors': 'Сначала исправьте отмеченные поля.',

    'hours.title': 'Часы работы',
    'hours.enabled': 'Учитывать часы работы (вне их виджет принимает сообщение с адресом почты)',
    'hours.offlineNote': 'Когда никого нет в сети, виджет всегда предлагает оставить сообщение.',
    'hours.timezone': 'Часовой пояс',
    'hours.table': 'Часы работы по дням недели',
    'hours.day': 'День',
    'hours.open': 'Открытие',
    'hours.close': 'Закрытие',
    'hours.closed': 'Выходной',
    'hours.openOn': '{day}: открытие',
    'hours.closeOn': '{day}: закрытие',
    'hours.closedOn': '{day}: выходной',
    'hours.order': '{day}: время закрытия должно быть позже времени открытия.',
    'hours.none': 'Откройте хотя бы один день или выключите часы работы.',

    'avatar.title': 'Аватар команды',
    'avatar.url': 'Адрес изображения аватара',
    'avatar.hint':
      'Изображение https://, которое показывается в заголовке виджета. Оставьте пустым, чтобы показать первую букву названия команды. Сайту со своей Content-Security-Policy нужно разрешить его в img-src.',
    'avatar.invalid': 'Укажите адрес https://.',
  },
});
