// Shared by the client and CLI tests: the real emulator over loopback, and its test-only
// /__emulator/ endpoints. No fake server: every answer comes from the emulator itself.
import { deadline } from '../deadline';
import { request } from 'undici';
import { ColtClient, type ColtClientOptions } from '../../src/core/coltClient';
import type { ReactivationRequest } from '../../src/core/schemas';
import { TokenCache } from '../../src/core/tokenCache';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, numberBlock, startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/emulator';

export const FIRST_NUMBER = 442071830000n;
export const ACTIVATED_NUMBER = '+442081324999';

/** An inventory of `count` quarantined GB numbers from +442071830000, plus one activated number. */
export function testInventory(count: number) {
  return {
    numbers: [
      ...numberBlock(`+${FIRST_NUMBER}`, count, { country: 'GB', status: 'Quarantined', serviceProfile: 'ANH' }),
      { number: ACTIVATED_NUMBER, country: 'GB' as const, status: 'Activated' as const, serviceProfile: 'ANH' },
    ],
  };
}

export function singleNumberBody(n: bigint | string): ReactivationRequest {
  const number = typeof n === 'string' ? n : `+${n}`;
  return {
    numberRangeList: [{ numberRangeStart: number, numberRangeEnd: number }],
    productOffering: { name: 'Wholesale SIP' },
    relatedParty: { reseller: { serviceProfile: 'ANH', country: 'GB' } },
  };
}

export class EmulatorHarness {
  private next = FIRST_NUMBER;
  logLines: string[] = [];

  private constructor(readonly emulator: RunningEmulator) {}

  static async start(options: EmulatorOptions = {}): Promise<EmulatorHarness> {
    return new EmulatorHarness(await startEmulator({ port: 0, inventory: testInventory(2000), completeAfterMs: 50, ...options }));
  }

  get url(): string {
    return this.emulator.url;
  }

  /** A body with a number no earlier test has used. */
  freshBody(): ReactivationRequest {
    return singleNumberBody(this.next++);
  }

  client(overrides: Partial<ColtClientOptions> = {}): ColtClient {
    return new ColtClient({
      target: 'emulator',
      baseUrl: this.url,
      credentials: async () => ({ clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET }),
      tokenCache: new TokenCache(),
      log: (e) => this.logLines.push(e.message),
      ...overrides,
    });
  }

  async control<T>(method: 'GET' | 'POST', action: string, body?: unknown): Promise<T> {
    const res = await request(`${this.url}/__emulator/${action}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.body.json()) as T;
    if (res.statusCode !== 200) throw new Error(`/__emulator/${action}: HTTP ${res.statusCode} ${JSON.stringify(json)}`);
    return json;
  }

  fault(...faults: object[]): Promise<unknown> {
    return this.control('POST', 'faults', { faults });
  }

  stats(): Promise<{ tokenRequests: number; orderRequests: number; statusRequests: number }> {
    return this.control('GET', 'stats');
  }

  async ordersWith(trackingId: string): Promise<{ id: string; trackingId: string; orderStatus: string; body: unknown }[]> {
    const { orders } = await this.control<{ orders: { id: string; trackingId: string; orderStatus: string; body: unknown }[] }>('GET', 'orders');
    return orders.filter((o) => o.trackingId === trackingId);
  }

  close(): Promise<void> {
    return this.emulator.close();
  }
}

/** Polls `check` until it returns a value (not undefined) or the deadline passes; no fixed sleeps. */
export async function waitFor<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = deadline(15_000)): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, delay));
  }
}
