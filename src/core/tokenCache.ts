// OAuth tokens cached per target, base URL and client id (issue 2, point 4). Concurrent callers
// share one refresh, so a burst of 50 orders costs one token request, and a 401 drops only the
// token that was refused, so that many parallel 401s do not each trigger their own refresh.

export interface CachedToken {
  accessToken: string;
  /** Epoch milliseconds at which Colt stops accepting the token. */
  expiresAt: number;
  /** How long the token was issued for, which sets the refresh margin. */
  lifetimeMs?: number;
}

interface Entry {
  token?: CachedToken;
  inflight?: Promise<CachedToken>;
}

export const REFRESH_MARGIN_MS = 60_000;

export function tokenCacheKey(target: string, baseUrl: string, clientId: string): string {
  return JSON.stringify([target, baseUrl, clientId]);
}

export class TokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A token that stays valid for a while, fetching one (once, shared) when needed. */
  get(key: string, fetchToken: () => Promise<CachedToken>): Promise<CachedToken> {
    const entry = this.entryFor(key);
    if (entry.token && this.isFresh(entry.token)) return Promise.resolve(entry.token);
    if (entry.inflight) return entry.inflight;
    const inflight = fetchToken().then(
      (token) => {
        entry.token = token;
        entry.inflight = undefined;
        return token;
      },
      (error: unknown) => {
        entry.inflight = undefined;
        throw error;
      },
    );
    entry.inflight = inflight;
    return inflight;
  }

  /** Forgets `accessToken` if it is still the cached one (a newer token from a refresh is kept). */
  invalidate(key: string, accessToken: string): void {
    const entry = this.entries.get(key);
    if (entry?.token?.accessToken === accessToken) entry.token = undefined;
  }

  clear(): void {
    this.entries.clear();
  }

  private entryFor(key: string): Entry {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {};
      this.entries.set(key, entry);
    }
    return entry;
  }

  private isFresh(token: CachedToken): boolean {
    return this.now() < token.expiresAt - refreshMarginMs(token);
  }
}

/**
 * 60 s before expiry, as the issue asks; a token that lives less than two minutes (only seen
 * with a test emulator) is refreshed at half its life instead, or it would never be reused.
 */
function refreshMarginMs(token: CachedToken): number {
  const lifetime = token.lifetimeMs;
  return lifetime !== undefined && lifetime < 2 * REFRESH_MARGIN_MS ? lifetime / 2 : REFRESH_MARGIN_MS;
}

/** Builds a cached token from `expires_in` seconds, remembering its lifetime for the margin. */
export function tokenFromAnswer(accessToken: string, expiresInSeconds: number, now: number): CachedToken {
  const lifetimeMs = expiresInSeconds * 1000;
  return { accessToken, expiresAt: now + lifetimeMs, lifetimeMs };
}

/** Shared by every client of the process unless a test injects its own. */
export const defaultTokenCache = new TokenCache();
