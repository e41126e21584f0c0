/**
 * Settings → Agents: the team table (role, capacity), taking an agent's access back or giving it again, and
 * inviting someone.
 */
import { strings } from './define';

export const settingsAgents = strings({
  en: {
    // The table
    'agents.name': 'Name',
    'agents.status': 'Status',
    'agents.role': 'Role',
    'agents.roleOf': 'Role of {name}',
    'agents.roleAgent': 'Agent',
    'agents.roleAdmin': 'Admin',
    'agents.load': 'Open chats / capacity',
    'agents.capacityOf': 'Capacity of {name}',
    'agents.capacityRange': 'Capacity is a whole number from 0 to 100.',

    // Access: deactivating and reactivating
    'agents.access': 'Access',
    'agents.active': 'Active',
    'agents.deactivated': 'Deactivated',
    'agents.deactivate': 'Deactivate',
    'agents.reactivate': 'Reactivate',
    'agents.deactivateOf': 'Deactivate {name}',
    'agents.reactivateOf': 'Reactivate {name}',
    'agents.confirmDeactivate':
      'Deactivate {name}? They are logged out everywhere at once and cannot sign in; their open conversations go back to Unassigned. Their messages and history stay.',
    'agents.confirmReactivate': 'Reactivate {name}? They can sign in again with their password.',
    'agents.you': 'You',

    // Inviting
    'agents.invite': 'Invite',
    'agents.invited': 'Invited {email}. Give them this password (shown once):',
  },
  'pt-BR': {
    'agents.name': 'Nome',
    'agents.status': 'Status',
    'agents.role': 'Papel',
    'agents.roleOf': 'Papel de {name}',
    'agents.roleAgent': 'Agente',
    'agents.roleAdmin': 'Administrador',
    'agents.load': 'Conversas abertas / capacidade',
    'agents.capacityOf': 'Capacidade de {name}',
    'agents.capacityRange': 'A capacidade é um número inteiro de 0 a 100.',

    'agents.access': 'Acesso',
    'agents.active': 'Ativo',
    'agents.deactivated': 'Desativado',
    'agents.deactivate': 'Desativar',
    'agents.reactivate': 'Reativar',
    'agents.deactivateOf': 'Desativar {name}',
    'agents.reactivateOf': 'Reativar {name}',
    'agents.confirmDeactivate':
      'Desativar {name}? A pessoa sai de todos os dispositivos na hora e não consegue entrar; as conversas abertas dela voltam para a fila, sem responsável. As mensagens e o histórico ficam.',
    'agents.confirmReactivate': 'Reativar {name}? A pessoa poderá entrar de novo com a senha dela.',
    'agents.you': 'Você',

    'agents.invite': 'Convidar',
    'agents.invited': '{email} convidado. Entregue esta senha (mostrada só uma vez):',
  },
  ru: {
    'agents.name': 'Имя',
    'agents.status': 'Статус',
    'agents.role': 'Роль',
    'agents.roleOf': 'Роль: {name}',
    'agents.roleAgent': 'Агент',
    'agents.roleAdmin': 'Администратор',
    'agents.load': 'Открытые диалоги / лимит',
    'agents.capacityOf': 'Лимит: {name}',
    'agents.capacityRange': 'Лимит — целое число от 0 до 100.',

    'agents.access': 'Доступ',
    'agents.active': 'Активен',
    'agents.deactivated': 'Отключён',
    'agents.deactivate': 'Отключить',
    'agents.reactivate': 'Включить',
    'agents.deactivateOf': 'Отключить: {name}',
    'agents.reactivateOf': 'Включить: {name}',
    'agents.confirmDeactivate':
      'Отключить {name}? Сотрудник сразу выйдет на всех устройствах и не сможет войти; его открытые диалоги вернутся в очередь без ответственного. Сообщения и история сохранятся.',
    'agents.confirmReactivate': 'Включить {name}? Сотрудник снова сможет войти со своим паролем.',
    'agents.you': 'Вы',

    'agents.invite': 'Пригласить',
    'agents.invited': '{email} приглашён(а). Передайте этот пароль (показан один раз):',
  },
});
