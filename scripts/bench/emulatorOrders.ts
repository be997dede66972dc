// Benchmark (`emulator-orders`, README.md "Performance"): single-number orders per second through our client,
// 16 in flight, against the emulator, and against a bare node:http server answering the same
// JSON, measured in the same run so the ratio says what the emulator itself costs. Part of
// `npm run bench` (run.ts); alone: npx tsx scripts/bench/emulatorOrders.ts [--rounds 5] [--orders 3000]
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { ColtClient, newTrackingId } from '../../src/core/coltClient';
import type { ReactivationRequest } from '../../src/core/schemas';
import { TokenCache } from '../../src/core/tokenCache';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, numberBlock, startEmulator } from '../../src/emulator/emulator';

import { median, printFigures, type Figure } from './benchStats';

const IN_FLIGHT = 16;
const WARMUP = 500;
const FIRST = 442071830000n;

function body(n: bigint): ReactivationRequest {
  const number = `+${n}`;
  return {
    numberRangeList: [{ numberRangeStart: number, numberRangeEnd: number }],
    productOffering: { name: 'Wholesale SIP' },
    relatedParty: { reseller: { serviceProfile: 'ANH', country: 'GB' } },
  };
}

function client(baseUrl: string): ColtClient {
  return new ColtClient({
    target: 'emulator',
    baseUrl,
    credentials: async () => ({ clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET }),
    tokenCache: new TokenCache(),
  });
}

interface Sent {
  trackingId: string;
  number: bigint;
  orderId?: string;
  kind: string;
}

/** Sends `count` orders from number `from`, IN_FLIGHT at a time; returns orders/s and what was sent. */
async function round(c: ColtClient, from: bigint, count: number): Promise<{ rate: number; sent: Sent[] }> {
  const sent: Sent[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const number = from + BigInt(next++);
      const trackingId = newTrackingId();
      const outcome = await c.submitOrder(body(number), { trackingId });
      sent.push({ trackingId, number, kind: outcome.kind, orderId: outcome.kind === 'accepted' ? outcome.orderId : undefined });
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { rate: count / seconds, sent };
}

/** The peer: node:http answering the token and order calls with the emulator's JSON, nothing else. */
async function startBareServer(): Promise<{ url: string; server: Server }> {
  const token = JSON.stringify({ access_token: 'bare-token', token_type: 'Bearer', expires_in: 1800 });
  const server = createServer({ keepAlive: true }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const isToken = req.url === '/authentication/v1/oauth/token';
      const text = isToken ? token : JSON.stringify({ order: { id: randomUUID() } });
      res.writeHead(isToken ? 200 : 201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

export interface EmulatorOrdersOptions {
  rounds?: number;
  /** Orders per round. */
  orders?: number;
}

/** Fails (throws) if any order was lost, refused or stored twice: a fast wrong answer is no figure. */
export async function emulatorOrdersFigures(options: EmulatorOrdersOptions = {}): Promise<Figure[]> {
  const ROUNDS = options.rounds ?? 5;
  const ORDERS = options.orders ?? 3000;
  const total = WARMUP + ROUNDS * ORDERS;
  const inventorySize = Math.max(20_000, total);
  const emulator = await startEmulator({
    port: 0,
    inventory: { numbers: numberBlock(`+${FIRST}`, inventorySize, { country: 'GB', status: 'Quarantined', serviceProfile: 'ANH' }) },
    completeAfterMs: 60_000,
  });
  const bare = await startBareServer();
  const emuClient = client(emulator.url);
  const bareClient = client(bare.url);
  const emuRates: number[] = [];
  const bareRates: number[] = [];
  const allSent: Sent[] = [];
  try {
    let from = FIRST;
    allSent.push(...(await round(emuClient, from, WARMUP)).sent);
    await round(bareClient, FIRST, WARMUP);
    from += BigInt(WARMUP);
    for (let r = 0; r < ROUNDS; r++) {
      // Alternate, so that a slow spell of the machine hits both sides alike.
      const e = await round(emuClient, from, ORDERS);
      from += BigInt(ORDERS);
      allSent.push(...e.sent);
      emuRates.push(e.rate);
      bareRates.push((await round(bareClient, FIRST, ORDERS)).rate);
      console.error(`[bench] emulator-orders round ${r + 1}: emulator ${e.rate.toFixed(0)}/s, bare ${bareRates.at(-1)!.toFixed(0)}/s`);
    }
    const problems = await checkNoneLostNoneDuplicated(emulator.url, allSent);
    if (problems.length > 0) throw new Error(`emulator-orders FAILED: ${problems.join('; ')}`);
    return [
      {
        name: 'emulator-orders',
        value: median(emuRates),
        unit: 'orders/s',
        digits: 0,
        peer: { name: 'bare node:http', value: median(bareRates) },
        note: `single-number orders through ColtClient, ${IN_FLIGHT} in flight, ${ROUNDS} alternating rounds of ${ORDERS}, median; checked: ${allSent.length} orders sent, all accepted, each stored exactly once`,
      },
    ];
  } finally {
    await emuClient.close();
    await bareClient.close();
    await emulator.close();
    await new Promise((r) => bare.server.close(r));
  }
}

async function checkNoneLostNoneDuplicated(url: string, sent: Sent[]): Promise<string[]> {
  const problems: string[] = [];
  const notAccepted = sent.filter((s) => s.kind !== 'accepted');
  if (notAccepted.length > 0) problems.push(`${notAccepted.length} not accepted`);
  const res = await request(`${url}/__emulator/orders`);
  const { orders } = (await res.body.json()) as { orders: { id: string; trackingId: string; body: ReactivationRequest }[] };
  const byTracking = new Map<string, number>();
  const byNumber = new Map<string, number>();
  for (const o of orders) {
    byTracking.set(o.trackingId, (byTracking.get(o.trackingId) ?? 0) + 1);
    const n = o.body.numberRangeList[0]!.numberRangeStart;
    byNumber.set(n, (byNumber.get(n) ?? 0) + 1);
  }
  if (orders.length !== sent.length) problems.push(`${sent.length} sent but ${orders.length} stored`);
  const lost = sent.filter((s) => byTracking.get(s.trackingId) !== 1);
  if (lost.length > 0) problems.push(`${lost.length} tracking ids not stored exactly once`);
  const dup = [...byNumber.values()].filter((c) => c > 1).length;
  if (dup > 0) problems.push(`${dup} numbers in more than one order`);
  const idMismatch = sent.filter((s) => s.orderId && !orders.some((o) => o.id === s.orderId)).length;
  if (idMismatch > 0) problems.push(`${idMismatch} order ids unknown to the emulator`);
  return problems;
}

if (require.main === module) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  emulatorOrdersFigures({ rounds: arg('rounds'), orders: arg('orders') }).then(printFigures, (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  });
}
