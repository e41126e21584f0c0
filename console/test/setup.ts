/** Runs around every console test: a clean DOM, clean state, real globals. */
import { afterEach, beforeEach, vi } from 'vitest';
import { cleanup } from '@testing-library/preact';
import { resetChat } from '../src/state/chat';
import { stopClock } from '../src/state/clock';
import { resetConversations } from '../src/state/conversations';
import { stopLive } from '../src/state/live';
import { resetNotices } from '../src/state/notices';
import { route, parseHash } from '../src/state/route';
import { session } from '../src/state/session';
import { resetSites } from '../src/state/sites';
import { resetThreads } from '../src/state/threads';
import { locale } from '../src/i18n';
import { FakeWebSocket } from './fakes';
import { cannedReplies } from '../src/state/canned';
import { resetCounts } from '../src/state/inbox';
import { showShortcuts } from '../src/state/keyboard';
import { resetNotes } from '../src/state/notes';
import { resetTyping } from '../src/state/typing';
import { resetTeam } from '../src/state/team';
import { resetVisitors } from '../src/state/visitors';

beforeEach(() => {
  FakeWebSocket.instances = [];
  vi.stubGlobal('WebSocket', FakeWebSocket);
  localStorage.clear();
  locale.value = 'en';
  location.hash = '';
  route.value = parseHash('');
});

afterEach(() => {
  cleanup();
  stopLive();
  stopClock();
  resetChat();
  resetThreads();
  resetConversations();
  resetSites();
  resetNotices();
  resetTeam();
  resetNotes();
  resetVisitors();
  cannedReplies.value = [];
  resetCounts();
  resetTyping();
  showShortcuts.value = false;
  session.value = { status: 'loading' };
  vi.unstubAllGlobals();
  vi.useRealTimers();
});
