// OAuth tokens cached per target, base URL and client id (docs/colt-api.md, "Authentication").
// Concurrent callers share one refresh, so a burst of 50 orders costs one token request, and a
// 401 drops only the token that was refused, so that many parallel 401s do not each trigger their
// own refresh.

export interface CachedToken {
  accessToken: string;
  /** Epoch milliseconds at which Colt stops accepting the token (a safe guess when the answer does not say). */
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
 * 60 s before expiry, so a token is never sent in its last seconds; a token that lives less than two minutes (only seen
 * with a test emulator) is refreshed at half its life instead, or it would never be reused.
 */
function refreshMarginMs(token: CachedToken): number {
  const lifetime = token.lifetimeMs;
  return lifetime !== undefined && lifetime < 2 * REFRESH_MARGIN_MS ? lifetime / 2 : REFRESH_MARGIN_MS;
}

/**
 * How long a token is kept when its answer tells nothing usable about its lifetime (RFC 6749
 * makes `expires_in` optional). Five minutes: long enough for a burst of orders to share one
 * token, short enough not to hold on to one that dies early. If it does die earlier, the order
 * endpoint's 401 already drops it and fetches another, once, and a 401 proves the order was not
 * taken: guessing too long cannot place an order twice.
 */
export const DEFAULT_TOKEN_LIFETIME_MS = 5 * 60_000;

/**
 * Longer than a day is more likely a mistake (milliseconds given as seconds, say) than a real
 * lifetime; Colt's tokens live 30 minutes.
 */
export const MAX_TOKEN_LIFETIME_MS = 24 * 3_600_000;

/**
 * Builds a cached token, remembering its lifetime for the margin. The lifetime is `expires_in`
 * when the answer has a believable one; else the access token's own `exp` when it is a JWT;
 * else the short default. An `expires_in` of 0 or less is no lifetime, so it falls through too.
 */
export function tokenFromAnswer(accessToken: string, expiresInSeconds: number | undefined, now: number): CachedToken {
  const expiresAt = jwtExpiry(accessToken);
  const lifetimeMs =
    believableLifetime(expiresInSeconds === undefined ? undefined : expiresInSeconds * 1000) ??
    believableLifetime(expiresAt === undefined ? undefined : expiresAt - now) ??
    DEFAULT_TOKEN_LIFETIME_MS;
  return { accessToken, expiresAt: now + lifetimeMs, lifetimeMs };
}

function believableLifetime(ms: number | undefined): number | undefined {
  return ms !== undefined && ms > 0 && ms <= MAX_TOKEN_LIFETIME_MS ? ms : undefined;
}

/**
 * The `exp` claim (RFC 7519) of a JWT access token, in epoch milliseconds, or undefined for any
 * other token. The signature is not checked: the claim only decides how long to keep the token,
 * and a wrong expiry ends, at worst, in the 401 refresh. An `exp` in the past (a clock apart from
 * the server's) or too far ahead is not believed by the caller.
 */
export function jwtExpiry(accessToken: string): number | undefined {
  const parts = accessToken.split('.');
  // A signed JWT has three parts; an encrypted one has five and keeps its claims from us.
  const payload = parts.length === 3 ? parts[1]! : '';
  if (!/^[A-Za-z0-9_-]+$/.test(payload)) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const exp = claims !== null && typeof claims === 'object' ? (claims as { exp?: unknown }).exp : undefined;
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
}

/** Shared by every client of the process unless a test injects its own. */
export const defaultTokenCache = new TokenCache();
