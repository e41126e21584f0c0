/**
 * The OpenAPI 3.1 document of /api/v1, generated from the routes Hono holds and their specs
 * (spec.ts): paths and methods from the router, parameters and bodies from the shared valibot
 * schemas (converted by @valibot/to-json-schema), security from each route's auth and scope.
 */
import { toJsonSchema } from '@valibot/to-json-schema';
import type { Hono } from 'hono';
import type * as v from 'valibot';
import { API_SCOPES, ErrorBodySchema } from '@atendo/shared';
import { routeDocOf, type RouteDoc } from './spec';

const BASE = '/api/v1';

type Json = Record<string, unknown>;

/** A valibot schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), as clients send it. */
export function jsonSchema(schema: v.GenericSchema): Json {
  const out = toJsonSchema(schema, { target: 'draft-2020-12', typeMode: 'input', errorMode: 'ignore' }) as Json;
  delete out.$schema;
  return out;
}

/** `/conversations/:id` → `/conversations/{id}` (a `:name{regex}` loses its pattern). */
function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}');
}

const TAGS: { name: string; description: string }[] = [
  { name: 'Conversations', description: 'The inbox: conversations, their messages, notes, tags, assignment and status.' },
  { name: 'Visitors', description: 'Live visitors, profiles, and data-subject requests (export, erasure).' },
  { name: 'Team', description: 'Agents, their status and notification e-mails.' },
  { name: 'Sites', description: 'The websites served, their widget, appearance and security settings.' },
  { name: 'Articles', description: 'Help articles (level-1 self-service in the widget).' },
  {
    name: 'Answer bot',
    description: 'The bot that answers a new conversation’s first message with help articles, and the questions it had none for (content gaps).',
  },
  { name: 'Canned replies', description: 'Saved answers agents insert with a shortcut.' },
  { name: 'Reports', description: 'Volume, satisfaction and response times.' },
  { name: 'Integrations', description: 'API tokens and webhooks.' },
  { name: 'Account', description: 'Signing in, passwords, two-factor sign-in.' },
  { name: 'Widget', description: 'Public endpoints the chat widget calls from the site’s pages.' },
  { name: 'Files', description: 'Attachments in chat.' },
  { name: 'E-mail', description: 'Conversation e-mails and inbound e-mail.' },
];

function security(doc: RouteDoc): Json[] {
  switch (doc.auth) {
    case 'session':
    case 'admin':
      if (doc.scope === undefined) return [{ session: [] }];
      return [{ session: [] }, { apiToken: doc.scope === 'any' ? [] : [doc.scope] }];
    case 'visitor':
      return [{ visitorToken: [] }];
    case 'secret':
      return [{ inboundSecret: [] }];
    default:
      return [];
  }
}

function parameters(doc: RouteDoc, path: string): Json[] {
  const out: Json[] = [];
  const pathNames = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');
  const pathProps = (doc.params ? (jsonSchema(doc.params).properties as Json | undefined) : undefined) ?? {};
  for (const name of pathNames) out.push({ name, in: 'path', required: true, schema: pathProps[name] ?? { type: 'string' } });
  if (doc.query) {
    const q = jsonSchema(doc.query);
    const required = new Set((q.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries((q.properties as Json | undefined) ?? {})) {
      out.push({ name, in: 'query', required: required.has(name), schema });
    }
  }
  return out;
}

function operation(doc: RouteDoc, method: string, path: string): Json {
  const op: Json = {
    operationId: `${method}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, ch: string | undefined) => (ch ?? '').toUpperCase())}`,
    summary: doc.summary,
    tags: [doc.tag],
    security: security(doc),
  };
  if (doc.description) op.description = doc.description;
  if (doc.scope !== undefined) op['x-atendo-scope'] = doc.scope;
  const params = parameters(doc, path);
  if (params.length) op.parameters = params;
  if (doc.body) op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(doc.body) } } };
  else if (doc.rawBody) op.requestBody = { required: true, description: doc.rawBody.description, content: { [doc.rawBody.type]: { schema: {} } } };
  const responses: Json = {};
  for (const [status, description] of Object.entries(doc.responses)) {
    const ok = Number(status) < 300;
    responses[status] =
      ok || Number(status) < 400 ? { description } : { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  }
  // What every route may answer besides: a bad request, and for a signed-in route who may not.
  responses['400'] ??= { $ref: '#/components/responses/BadRequest' };
  if (doc.auth === 'session' || doc.auth === 'admin') {
    responses['401'] ??= { $ref: '#/components/responses/Unauthorized' };
    responses['403'] ??= { $ref: '#/components/responses/Forbidden' };
  }
  if (doc.scope !== undefined) responses['429'] ??= { $ref: '#/components/responses/RateLimited' };
  op.responses = responses;
  return op;
}

export interface ApiDocument {
  document: Json;
  /** `METHOD /path` of /api/v1 routes without a spec: the test requires none. */
  undocumented: string[];
}

/** Build the document from the app's routes (every route under /api/v1 must carry a spec). */
export function openApiDocument(app: Hono<any, any, any>, opts: { serverUrl: string; version: string }): ApiDocument {
  const paths: Record<string, Json> = {};
  const seen = new Map<string, boolean>();
  for (const r of app.routes) {
    if (!r.path.startsWith(`${BASE}/`) || r.method === 'ALL' || r.method === 'OPTIONS') continue;
    const key = `${r.method} ${r.path}`;
    const doc = routeDocOf(r.handler);
    if (!doc) {
      if (!seen.has(key)) seen.set(key, false);
      continue;
    }
    seen.set(key, true);
    const path = openApiPath(r.path.slice(BASE.length));
    const method = r.method.toLowerCase();
    paths[path] ??= {};
    paths[path][method] = operation(doc, method, path);
  }
  const undocumented = [...seen].filter(([, documented]) => !documented).map(([key]) => key);
  const document: Json = {
    openapi: '3.1.0',
    info: {
      title: 'Atendo API',
      version: opts.version,
      description:
        'The REST API of this Atendo server. The console signs in with a session cookie; other systems use an API token (Settings → Integrations) as `Authorization: Bearer atd_…`, on the routes its scopes open. Errors are `{ "error": { "code", "message" } }`.',
    },
    servers: [{ url: `${opts.serverUrl}${BASE}` }],
    tags: TAGS,
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components: {
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'atendo_session',
          description: 'The console’s session (state-changing requests must come from this server’s origin).',
        },
        apiToken: {
          type: 'http',
          scheme: 'bearer',
          description: `An API token created in Settings → Integrations. Scopes: ${API_SCOPES.join(', ')}. Each token may make a number of requests a minute (RateLimit-* headers; 429 with Retry-After beyond).`,
        },
        visitorToken: { type: 'http', scheme: 'bearer', description: 'The widget’s visitor token.' },
        inboundSecret: { type: 'http', scheme: 'bearer', description: 'ATENDO_INBOUND_SECRET, as a bearer token.' },
      },
      schemas: { Error: jsonSchema(ErrorBodySchema) },
      responses: {
        BadRequest: {
          description: 'Malformed input: the message names the first bad field.',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
        Unauthorized: {
          description: 'No session, or an unknown or revoked API token.',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
        Forbidden: {
          description: 'Not allowed: an agent on an admin route, an API token without the scope (named in the message), a cross-site request.',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
        RateLimited: {
          description: 'Too many requests with this token: wait Retry-After seconds.',
          headers: { 'Retry-After': { schema: { type: 'integer' } } },
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    },
  };
  return { document, undocumented };
}
