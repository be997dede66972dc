// A typed client for the emulator's test-only /__emulator/ endpoints, for tests and scripts
// (the client's timeout and reset tests, load runs). Uses global fetch: no dependency.
import type { EmulatorStats } from './coltEmulator';
import type { FaultSpec } from './faultQueue';

export type { FaultSpec };

export interface EmulatorOrderView {
  id: string;
  trackingId: string;
  orderStatus: string;
  orderType: string;
  receivedAt: string;
  body: unknown;
}

async function call<T>(url: string, path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(new URL(path, url), init);
  const text = await res.text();
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${path}: HTTP ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

export class EmulatorControl {
  constructor(private readonly url: string) {}

  async queueFaults(...faults: FaultSpec[]): Promise<void> {
    await call(this.url, '/__emulator/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ faults }) });
  }

  async clearFaults(): Promise<void> {
    await call(this.url, '/__emulator/faults', { method: 'DELETE' });
  }

  async orders(): Promise<EmulatorOrderView[]> {
    return (await call<{ orders: EmulatorOrderView[] }>(this.url, '/__emulator/orders')).orders;
  }

  async stats(): Promise<EmulatorStats> {
    return call<EmulatorStats>(this.url, '/__emulator/stats');
  }

  /** Completes every order still in progress; returns how many. */
  async completeOrders(): Promise<number> {
    return (await call<{ completed: number }>(this.url, '/__emulator/complete-orders', { method: 'POST' })).completed;
  }

  /** Ends every pending delay fault now; returns how many. */
  async releaseDelays(): Promise<number> {
    return (await call<{ released: number }>(this.url, '/__emulator/release-delays', { method: 'POST' })).released;
  }

  async expireTokens(): Promise<void> {
    await call(this.url, '/__emulator/expire-tokens', { method: 'POST' });
  }
}
