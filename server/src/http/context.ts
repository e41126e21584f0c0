import type { Agent } from '@atendo/shared';
import type { Config } from '../config';
import type { Services } from '../domain/services';
import type { ApiCaller } from '../domain/api-tokens';

/** What every route can read from the Hono context. */
export type AppEnv = {
  Variables: {
    /** The signed-in agent (cookie requests only: a bearer request has `apiCaller` instead). */
    agent: Agent;
    sessionHash: string;
    /** The API token of a bearer request (`Authorization: Bearer atd_…`), with its scopes. */
    apiCaller: ApiCaller;
    /** This request's token has been counted against its rate limit (see `scope`). */
    apiCounted: boolean;
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
