import type { Agent } from '@atendo/shared';
import type { Config } from '../config';
import type { Services } from '../domain/services';

/** What every route can read from the Hono context. */
export type AppEnv = {
  Variables: {
    agent: Agent;
    sessionHash: string;
    /**
     * Set by the routes of the widget's files: scripts that other sites' pages load, where every
     * header byte counts against the loader's budget. `securityHeaders` then adds nothing to a
     * successful answer (page-level headers mean nothing on a script); the route sends the few a
     * cross-origin script needs.
     */
    scriptForOtherSites: boolean;
  };
};

/** Dependencies of `createApp`: tests pass in-memory ones. */
export interface AppDeps {
  services: Services;
  config: Config;
}

export const SESSION_COOKIE = 'atendo_session';
