/**
 * PostgreSQL errors the stores turn into the domain's AppErrors. On SQLite a check-then-insert is
 * atomic (one connection, one write lock); on PostgreSQL two instances may both pass the check, and
 * the unique constraint settles it: the loser gets SQLSTATE 23505, which the store maps to the same
 * AppError SQLite's check throws.
 */

/** SQLSTATE unique_violation. */
export const UNIQUE_VIOLATION = '23505';
/** SQLSTATE foreign_key_violation. */
export const FOREIGN_KEY_VIOLATION = '23503';

interface PgErrorLike {
  code?: unknown;
  constraint?: unknown;
  cause?: unknown;
}

/**
 * The pg error in `err`: node-postgres throws a DatabaseError; drizzle wraps it in a
 * DrizzleQueryError whose `cause` is that error, so the chain is followed.
 */
export function pgErrorOf(err: unknown): PgErrorLike | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as PgErrorLike).cause, depth++) {
    if (typeof (e as PgErrorLike).code === 'string' && /^[0-9A-Z]{5}$/.test((e as PgErrorLike).code as string)) return e as PgErrorLike;
  }
  return undefined;
}

/** `err` is a unique violation (23505), of `constraint` (its name, e.g. 'agents_email_unique') when given. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = pgErrorOf(err);
  return e?.code === UNIQUE_VIOLATION && (constraint === undefined || e.constraint === constraint);
}

/** `err` is a foreign key violation (23503): the referenced row is gone (deleted by another instance). */
export function isForeignKeyViolation(err: unknown, constraint?: string): boolean {
  const e = pgErrorOf(err);
  return e?.code === FOREIGN_KEY_VIOLATION && (constraint === undefined || e.constraint === constraint);
}
