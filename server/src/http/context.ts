import type { Agent } from '@atendo/shared';
import type { Config } from '../config';
import type { Services } from '../domain/services';

/** What every route can read from the Hono context. */
export type AppEnv = {
  Variables: {
    agent: Agent;
    sessionHash: string;
    /** The session may only set up two-factor sign-in (the team requires it; see requireAgent). */
    setupOnly: boolean;
    /**
     * Set by responses that other sites' pages fetch on every page view, where every header byte
     * counts against the loader's budget: the widget's files and the loader's proactive hint.
     * `securityHeaders` then adds nothing to a successful answer (page-level headers mean nothing on
     * a script or an empty 204); the route sends the few it needs.
     */
    minimalHeaders: boolean;
  };
};

/** Dependencies of `createApp`: tests pass in-memory ones. */
export interface AppDeps {
  services: Services;
  config: Config;
  /** For /readyz: whether Redis answers (null: no Redis, one instance) and whether this instance drains. */
  readiness?: { redisConnected: (() => boolean) | null; draining(): boolean };
}

export const SESSION_COOKIE = 'atendo_session';
