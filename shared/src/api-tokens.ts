/**
 * API tokens: the team's keys for its other systems (a CRM, a ticket tracker, a script). A token
 * carries scopes; `Authorization: Bearer <token>` works on every /api/v1 route one of them covers.
 */
import * as v from 'valibot';

/** What a token may do. Routes name the scope they need; the OpenAPI document lists it per route. */
export const API_SCOPES = [
  'conversations:read',
  'conversations:write',
  'visitors:read',
  'visitors:write',
  'reports:read',
  'articles:write',
  'settings:write',
  'webhooks:manage',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** Every token starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const API_TOKEN_PREFIX = 'atd_';

export const ApiScopeSchema = v.picklist(API_SCOPES, `Unknown scope; the scopes are ${API_SCOPES.join(', ')}`);

/** POST /api-tokens */
export const CreateApiTokenSchema = v.strictObject({
  name: v.pipe(v.string(), v.trim(), v.minLength(1, 'Name is required'), v.maxLength(80)),
  scopes: v.pipe(
    v.array(ApiScopeSchema),
    v.minLength(1, 'Choose at least one scope'),
    v.maxLength(API_SCOPES.length),
    v.check((s) => new Set(s).size === s.length, 'A scope is listed twice'),
  ),
});
export type CreateApiTokenInput = v.InferOutput<typeof CreateApiTokenSchema>;

/** A token as lists show it: never the token itself, which is shown once, when created. */
export interface ApiToken {
  id: string;
  name: string;
  scopes: ApiScope[];
  /** The token's first characters, to tell tokens apart. */
  prefix: string;
  createdAt: number;
  /** The admin who created it; null once that agent is gone. */
  createdBy: { id: string; name: string } | null;
  /** Last request made with it (to the minute); null: never used. */
  lastUsedAt: number | null;
}

export interface ApiTokenListResponse {
  items: ApiToken[];
}

/** 201 of POST /api-tokens: the only answer that carries the token. */
export interface CreatedApiTokenResponse extends ApiToken {
  token: string;
}
