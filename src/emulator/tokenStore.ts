// Opaque bearer tokens with an expiry. Expiry runs on the real clock even when `now` is fixed:
// `now` is for the business rules, while token refresh must still be testable.
import { randomBytes } from 'node:crypto';

export type TokenState = 'valid' | 'expired' | 'unknown';

/** Expired tokens are remembered this long, so a 401 can say "expired" rather than "unknown". */
const FORGET_AFTER_MS = 3_600_000;
const PRUNE_ABOVE = 10_000;

export class TokenStore {
  private readonly expiries = new Map<string, number>();

  constructor(private readonly ttlSeconds: number) {}

  issue(): { token: string; expiresIn: number } {
    if (this.expiries.size > PRUNE_ABOVE) this.prune();
    const token = randomBytes(32).toString('base64url');
    this.expiries.set(token, Date.now() + this.ttlSeconds * 1000);
    return { token, expiresIn: this.ttlSeconds };
  }

  check(token: string): TokenState {
    const expiry = this.expiries.get(token);
    if (expiry === undefined) return 'unknown';
    return Date.now() < expiry ? 'valid' : 'expired';
  }

  /** Every token issued so far is expired from now on (POST /__emulator/expire-tokens). */
  expireAll(): void {
    const now = Date.now();
    for (const token of this.expiries.keys()) this.expiries.set(token, Math.min(this.expiries.get(token)!, now));
  }

  private prune(): void {
    const cutoff = Date.now() - FORGET_AFTER_MS;
    for (const [token, expiry] of this.expiries) if (expiry < cutoff) this.expiries.delete(token);
  }
}
