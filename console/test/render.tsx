/** Render the whole console signed in, against a routed fake fetch and a fake socket. */
import { render } from '@testing-library/preact';
import { App } from '../src/shell/App';
import { navigate } from '../src/state/route';
import { boot } from '../src/state/session';
import { AGENT, FakeWebSocket, installFetch, type Route } from './fakes';

export async function renderSignedIn(routes: Record<string, Route> = {}, hash = '#/') {
  const fetch = installFetch({
    'GET /api/v1/auth/me': { body: { agent: AGENT } },
    'GET /api/v1/conversations': { body: { items: [], nextCursor: null } },
    ...routes,
  });
  navigate(hash);
  const view = render(<App />);
  await boot();
  const ws = FakeWebSocket.last();
  ws.connect();
  return { ...view, ws, fetch };
}
