/** API tokens: the team's hashed keys with their scopes (see api_tokens in sqlite/schema.ts). */
import type { ApiTokenRow } from './types';

/** A live token as lists show it, with its creator's name (null once that agent is gone). */
export interface ApiTokenListed extends ApiTokenRow {
  createdByName: string | null;
}

export interface ApiTokenStore {
  insert(row: ApiTokenRow): Promise<void>;
  /** Tokens not revoked, newest first. */
  list(): Promise<ApiTokenListed[]>;
  /** The token whose SHA-256 this is, unless revoked. */
  byHash(tokenHash: string): Promise<ApiTokenRow | undefined>;
  /** Revoke a live token: true when it was live (false: unknown or already revoked). */
  revoke(id: string, now: number): Promise<boolean>;
  /** Remember a use (callers write this at most once a minute per token). */
  touch(id: string, now: number): Promise<void>;
}
