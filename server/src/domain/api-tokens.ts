import { randomBytes } from 'node:crypto';
import { API_SCOPES, API_TOKEN_PREFIX, type ApiScope, type ApiToken, type CreateApiTokenInput, type CreatedApiTokenResponse } from '@atendo/shared';
import type { ApiTokenStore, ApiTokenListed } from '../storage/api-tokens';
import type { ApiTokenRow } from '../storage';
import type { RateLimits, SharedBucket } from '../state';
import { notFound } from './errors';
import { hashToken, newId } from './ids';

/** Who is calling with a token: what the routes need to know about it. */
export interface ApiCaller {
  id: string;
  name: string;
  scopes: ReadonlySet<ApiScope>;
}

/** A token's last use is written at most this often (a busy integration must not write per request). */
const TOUCH_EVERY_MS = 60_000;

const KNOWN = new Set<string>(API_SCOPES);

function scopesOf(row: ApiTokenRow): ApiScope[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.scopes);
  } catch {
    return [];
  }
  // A scope this version does not know (a row from a newer one) grants nothing.
  return Array.isArray(parsed) ? parsed.filter((s): s is ApiScope => typeof s === 'string' && KNOWN.has(s)) : [];
}

function toApiToken(row: ApiTokenListed): ApiToken {
  return {
    id: row.id,
    name: row.name,
    scopes: scopesOf(row),
    prefix: row.prefix,
    createdAt: row.createdAt,
    createdBy: row.createdBy && row.createdByName !== null ? { id: row.createdBy, name: row.createdByName } : null,
    lastUsedAt: row.lastUsedAt,
  };
}

/**
 * API tokens: created by admins, shown once, stored as SHA-256 (256 random bits need no slow hash:
 * nothing can be guessed), checked on every request (a revoked token stops at once, on every
 * instance, since the lookup is the database's).
 */
export class ApiTokenService {
  private touched = new Map<string, number>();
  /** Requests per token, shared by every instance (RateLimit-* headers, 429). */
  readonly requests: SharedBucket;

  constructor(
    private store: ApiTokenStore,
    rateLimits: RateLimits,
    perMinute: number,
    private now: () => number = Date.now,
  ) {
    this.requests = rateLimits.shared('api-token', perMinute, 60_000);
  }

  async create(input: CreateApiTokenInput, createdBy: { id: string; name: string }): Promise<CreatedApiTokenResponse> {
    const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const row: ApiTokenRow = {
      id: newId(),
      name: input.name,
      // In the order of API_SCOPES, whatever order they were asked in.
      scopes: JSON.stringify(API_SCOPES.filter((s) => input.scopes.includes(s))),
      tokenHash: hashToken(token),
      prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
      createdBy: createdBy.id,
      createdAt: this.now(),
      lastUsedAt: null,
      revokedAt: null,
    };
    await this.store.insert(row);
    return { ...toApiToken({ ...row, createdByName: createdBy.name }), token };
  }

  async list(): Promise<ApiToken[]> {
    return (await this.store.list()).map(toApiToken);
  }

  async revoke(id: string): Promise<void> {
    if (!(await this.store.revoke(id, this.now()))) throw notFound('API token');
    this.touched.delete(id);
  }

  /** The caller a bearer token names, or null when it is unknown or revoked. */
  async authenticate(token: string): Promise<ApiCaller | null> {
    // Not one of ours (wrong prefix, absurd length): no lookup at all.
    if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 100) return null;
    const row = await this.store.byHash(hashToken(token));
    if (!row) return null;
    const now = this.now();
    const last = this.touched.get(row.id) ?? row.lastUsedAt ?? 0;
    if (now - last >= TOUCH_EVERY_MS) {
      this.touched.set(row.id, now);
      // Best effort: a failed write of the last use must not fail the request it records.
      this.store.touch(row.id, now).catch((err: unknown) => console.error('recording an API token use failed', err));
    }
    return { id: row.id, name: row.name, scopes: new Set(scopesOf(row)) };
  }
}
