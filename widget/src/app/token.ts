/** The visitor token, kept in localStorage so a reload resumes the same conversations. */

export interface TokenStore {
  get(): string | null;
  set(token: string): void;
  clear(): void;
}

/** The localStorage key the token lives under (documented in docs/api.md). */
export const tokenKey = (siteId: string) => `atendo:${siteId}:token`;

/**
 * A token store over `storage`. Storage can be missing or throw (blocked third-party storage,
 * private modes): the widget then still works, it just cannot resume after a reload.
 */
export function tokenStore(siteId: string, storage: Storage | null = defaultStorage()): TokenStore {
  const key = tokenKey(siteId);
  let memory: string | null = null;
  return {
    get() {
      try {
        memory = storage?.getItem(key) ?? memory;
      } catch {
        /* keep the in-memory copy */
      }
      // The server only accepts 10–128 characters; anything else is not ours.
      return memory && memory.length >= 10 && memory.length <= 128 ? memory : null;
    },
    set(token) {
      memory = token;
      try {
        storage?.setItem(key, token);
      } catch {
        /* memory only */
      }
    },
    clear() {
      memory = null;
      try {
        storage?.removeItem(key);
      } catch {
        /* nothing to clear */
      }
    },
  };
}

function defaultStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
