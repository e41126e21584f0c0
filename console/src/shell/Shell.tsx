import type { Agent } from '@atendo/shared';
import { t } from '../i18n';
import { route } from '../state/route';
import { Logo } from '../ui/Avatar';
import { ConnectionBanner } from './ConnectionBanner';
import { ConversationView } from '../conversation/ConversationView';
import { DetailsPane } from '../conversation/DetailsPane';
import { InboxPane } from '../inbox/InboxPane';
import { Notices } from './Notices';
import { ReportsPage } from '../reports/ReportsPage';
import { SearchPage } from '../inbox/SearchPage';
import { SettingsPage } from '../settings/SettingsPage';
import { Shortcuts } from './Shortcuts';
import { TopBar } from './TopBar';
import { VisitorsPage } from '../visitors/VisitorsPage';

/** The signed-in app: top bar, then the inbox workspace, live visitors, search or settings. */
export function Shell({ agent }: { agent: Agent }) {
  const r = route.value;
  return (
    <div class="shell">
      <TopBar agent={agent} />
      <ConnectionBanner />
      {r.page === 'settings' ? (
        <SettingsPage section={r.section} agent={agent} />
      ) : r.page === 'visitors' ? (
        <VisitorsPage />
      ) : r.page === 'reports' ? (
        <ReportsPage />
      ) : r.page === 'search' ? (
        <SearchPage q={r.q} />
      ) : (
        <Workspace conversationId={r.page === 'inbox' ? r.conversationId : null} agent={agent} />
      )}
      <Notices />
      <Shortcuts />
    </div>
  );
}

function Workspace({ conversationId, agent }: { conversationId: string | null; agent: Agent }) {
  return (
    <div class="workspace" data-view={conversationId ? 'conversation' : 'list'}>
      <InboxPane selectedId={conversationId} />
      <main class="conversation-pane">
        {conversationId ? (
          <ConversationView key={conversationId} id={conversationId} agent={agent} />
        ) : (
          <div class="empty-state">
            <Logo size={48} />
            <p>{t('conversation.none')}</p>
          </div>
        )}
      </main>
      {conversationId && <DetailsPane id={conversationId} />}
    </div>
  );
}
