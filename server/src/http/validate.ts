import type { Context } from 'hono';
import * as v from 'valibot';
import { AppError } from '../domain/errors';

function fail(issues: [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]]): never {
  const issue = issues[0];
  const where = issue.path?.map((p) => String(p.key)).join('.');
  throw new AppError('bad_request', where ? `${where}: ${issue.message}` : issue.message);
}

/** Validate a value against a shared schema or throw a `bad_request` naming the first bad field. */
export function check<S extends v.GenericSchema>(schema: S, value: unknown): v.InferOutput<S> {
  const r = v.safeParse(schema, value);
  if (!r.success) fail(r.issues);
  return r.output;
}

/** Parse a JSON request body (only `application/json` is accepted: a CSRF defence) and validate it. */
export async function jsonBody<S extends v.GenericSchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError('bad_request', 'Content-Type must be application/json');
  }
  let data: unknown;
  try {
    data = JSON.parse(await c.req.text());
  } catch {
    throw new AppError('invalid_json', 'Request body is not valid JSON');
  }
  return check(schema, data);
}

/** Validate the query string against a schema. */
export function query<S extends v.GenericSchema>(c: Context, schema: S): v.InferOutput<S> {
  return check(schema, c.req.query());
}

/** Validate the path parameters (`:id`…) against a shared schema: a malformed id is a 400 naming it, before any lookup. */
export function params<S extends v.GenericSchema>(c: Context, schema: S): v.InferOutput<S> {
  return check(schema, c.req.param());
}
