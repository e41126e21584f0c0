import { ErrorCode, errorStatus } from '@atendo/shared';

/** The one error class domain code throws; transports map `code` to a status or an error frame. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

export const notFound = (what: string) => new AppError(ErrorCode.NotFound, `${what} not found`);

/**
 * The one mapping from an error to what a client is told, for HTTP (status and body) and for a
 * socket (an `error` frame): an AppError says what it is; anything else is logged (with `where`)
 * and reported as `internal`, without details.
 */
export function errorReply(err: unknown, where: string): { status: number; code: ErrorCode; message: string } {
  if (err instanceof AppError) return { status: err.status, code: err.code, message: err.message };
  console.error(`${where} failed`, err);
  return { status: 500, code: ErrorCode.Internal, message: 'Something went wrong on our side' };
}
