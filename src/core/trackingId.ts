// Its own module, apart from the HTTP client, so that making an order record does not load undici.
import { randomUUID } from 'node:crypto';

/** A fresh `x-tracking-id`: the key that finds an order again after a lost answer. */
export function newTrackingId(): string {
  return randomUUID();
}
