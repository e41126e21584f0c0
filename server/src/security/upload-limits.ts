/** Attachment limits, from the environment (docs/operating.md, "Configuration"). */
export interface UploadLimits {
  /** Largest file, in bytes (ATENDO_MAX_UPLOAD_MB, default 10). */
  maxBytes: number;
  /** Uploads one visitor (or agent) may make per hour. */
  perUploaderPerHour: number;
  /** Uploads one client address may make per hour. */
  perIpPerHour: number;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${value}"`);
  return n;
}

export function loadUploadLimits(env: NodeJS.ProcessEnv): UploadLimits {
  return {
    maxBytes: Math.round(positive(env, 'ATENDO_MAX_UPLOAD_MB', 10) * 1024 * 1024),
    perUploaderPerHour: Math.round(positive(env, 'ATENDO_RATE_UPLOADS_PER_HOUR', 60)),
    perIpPerHour: Math.round(positive(env, 'ATENDO_RATE_UPLOADS_PER_IP_PER_HOUR', 200)),
  };
}
