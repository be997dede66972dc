// Opaque bearer tokens with an expiry. Expiry runs on the real clock even when `now` is fixed:
// `now` is for the business rules, while token refresh must still be testable.
import { createHmac, randomBytes } from 'node:crypto';

export type TokenState = 'valid' | 'expired' | 'unknown';
export type TokenFormat = 'opaque' | 'jwt';

/** Expired tokens are remembered this long, so a 401 can say "expired" rather than "unknown". */
const FORGET_AFTER_MS = 3_600_000;
const PRUNE_ABOVE = 10_000;

export class TokenStore {
  private readonly expiries = new Map<string, number>();
  /** Signs this emulator's JWTs; nobody checks the signature, but a JWT should carry a real one. */
  private readonly jwtKey = randomBytes(32);

  constructor(private readonly ttlSeconds: number) {}

  issue(format: TokenFormat = 'opaque'): { token: string; expiresIn: number } {
    if (this.expiries.size > PRUNE_ABOVE) this.prune();
    let expiresAt = Date.now() + this.ttlSeconds * 1000;
    let token = randomBytes(32).toString('base64url');
    if (format === 'jwt') {
      // Rounded up to a whole second, so that the JWT's `exp` is exactly when the token stops being accepted.
      expiresAt = Math.ceil(expiresAt / 1000) * 1000;
      token = this.jwt(expiresAt / 1000);
    }
    this.expiries.set(token, expiresAt);
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

  /** A signed JWT (RFC 7519) whose `exp` is the token's real expiry; `jti` keeps each one unique. */
  private jwt(expiresAtSeconds: number): string {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const header = part({ alg: 'HS256', typ: 'JWT' });
    const claims = part({ iss: 'colt-emulator', iat: Math.floor(Date.now() / 1000), exp: expiresAtSeconds, jti: randomBytes(16).toString('base64url') });
    const signature = createHmac('sha256', this.jwtKey).update(`${header}.${claims}`).digest('base64url');
    return `${header}.${claims}.${signature}`;
  }

  private prune(): void {
    const cutoff = Date.now() - FORGET_AFTER_MS;
    for (const [token, expiry] of this.expiries) if (expiry < cutoff) this.expiries.delete(token);
  }
}
