/** Settings → Widget appearance: colour, position, team name, greeting, launcher label, and the preview. */
import { strings } from './define';

export const settingsAppearance = strings({
  en: {
    'appearance.color': 'Colour',
    'appearance.position': 'Position',
    'appearance.right': 'Bottom right',
    'appearance.left': 'Bottom left',
    'appearance.teamName': 'Team name',
    'appearance.greeting': 'Greeting',
    'appearance.greetingHint': 'Leave it empty to greet each visitor in their own language.',
    'appearance.launcherLabel': 'Launcher label',
    'appearance.launcherPlaceholder': 'e.g. Chat with us (empty: icon only)',
    'appearance.preview': 'Preview',
    'appearance.previewInput': 'Type a message…',
  },
  'pt-BR': {
    'appearance.color': 'Cor',
    'appearance.position': 'Posição',
    'appearance.right': 'Canto inferior direito',
    'appearance.left': 'Canto inferior esquerdo',
    'appearance.teamName': 'Nome da equipe',
    'appearance.greeting': 'Saudação',
    'appearance.greetingHint': 'Deixe vazio para saudar cada visitante no idioma dele.',
    'appearance.launcherLabel': 'Texto do botão',
    'appearance.launcherPlaceholder': 'ex.: Fale conosco (vazio: só o ícone)',
    'appearance.preview': 'Pré-visualização',
    'appearance.previewInput': 'Digite uma mensagem…',
  },
  ru: {
    'appearance.color': 'Цвет',
    'appearance.position': 'Положение',
    'appearance.right': 'Справа внизу',
    'appearance.left': 'Слева внизу',
    'appearance.teamName': 'Название команды',
    'appearance.greeting': 'Приветствие',
    'appearance.greetingHint': 'Оставьте пустым, чтобы приветствовать каждого посетителя на его языке.',
    'appearance.launcherLabel': 'Надпись на кнопке',
    'appearance.launcherPlaceholder': 'напр. Напишите нам (пусто — только значок)',
    'appearance.preview': 'Предпросмотр',
    'appearance.previewInput': 'Введите сообщение…',
  },
});
