import type { Agent } from '@atendo/shared';
import type { Config } from '../config';
import type { Services } from '../domain/services';

/** What every route can read from the Hono context. */
export type AppEnv = {
  Variables: {
    agent: Agent;
    sessionHash: string;
  };
};

/** Dependencies of `createApp`: tests pass in-memory ones. */
export interface AppDeps {
  services: Services;
  config: Config;
}

export const SESSION_COOKIE = 'atendo_session';
