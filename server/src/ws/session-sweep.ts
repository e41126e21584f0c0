import { CloseCode } from '@atendo/shared';
import type { AgentService } from '../domain/agents';
import { send, type Connection } from './connection';

/**
 * Closes agent sockets whose session no longer authenticates (expired, deleted, agent deactivated)
 * without waiting for the socket to send a frame (security report, finding 8).
 *
 * Why a periodic sweep and not a timer per socket at its session's expiry: expiry is not the only
 * way a session ends. A session row deleted by anything but the events (another process on the same
 * file, an operator's SQL, a restore) must also close its sockets, and a per-socket timer only knows
 * the expiry it read at hello. The sweep is cheap: one indexed query for all agent sockets of the
 * process (their distinct session hashes, `IN (…)` on the primary key), every `intervalMs`, and
 * nothing at all while no agent is connected. The events (logout, deactivation, password change)
 * still close sockets at once; the sweep bounds everything else to `intervalMs`.
 */
export function startSessionSweep(agents: Pick<AgentService, 'liveSessions'>, sockets: () => Iterable<Connection>, intervalMs: number): () => void {
  let running = false;
  const timer = setInterval(async () => {
    // One sweep at a time: a slow read is not stacked on by the next tick.
    if (running) return;
    const byHash = new Map<string, Connection[]>();
    for (const c of sockets()) {
      if (c.state.kind !== 'agent') continue;
      const list = byHash.get(c.state.sessionHash);
      if (list) list.push(c);
      else byHash.set(c.state.sessionHash, [c]);
    }
    if (!byHash.size) return;
    let live: Set<string>;
    running = true;
    try {
      live = await agents.liveSessions([...byHash.keys()]);
    } catch (err) {
      // During shutdown the database closes before the sockets; the next sweep (if any) tries again.
      if (!String(err).includes('not open')) console.error('session sweep failed', err);
      return;
    } finally {
      running = false;
    }
    for (const [hash, list] of byHash) {
      if (live.has(hash)) continue;
      for (const c of list) {
        send(c, { type: 'error', code: 'unauthorized', message: 'Session ended' });
        c.ws.close(CloseCode.Unauthorized, 'session ended');
      }
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
