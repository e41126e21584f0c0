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
