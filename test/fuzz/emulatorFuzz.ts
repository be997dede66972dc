// Fuzz properties of the emulator over real HTTP: random methods, paths, headers, content types and
// bodies (broken JSON, huge numbers, wrong types, deep nesting, near-valid orders), and broken HTTP on
// a raw socket. Every answer must be a well-formed HTTP response with a JSON body: Colt's error shape
// {code, reason, message, status} with status equal to the HTTP status, or a JSON success; never the
// 500 the emulator gives when a handler throws. Used by test/unit/fuzzEmulator.test.ts and by
// `npm run fuzz`.
import * as assert from 'node:assert/strict';
import { connect } from 'node:net';
import fc from 'fast-check';
import { request } from 'undici';
import { newTrackingId } from '../../src/core/coltClient';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '../../src/emulator/emulator';
import { EmulatorHarness } from '../unit/clientHelpers';
import type { FuzzGroup, FuzzOptions } from './fuzzOptions';

const TOKEN_PATH = '/authentication/v1/oauth/token';
const ORDER_PATH = '/numberManagement/v1/reactivate/order';
const BASIC = `Basic ${Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString('base64')}`;
/** Longer 400 messages would mean a value from the request is repeated whole. */
const MAX_MESSAGE_LENGTH = 300;

const anyPath = fc.oneof(
  fc.constantFrom(
    TOKEN_PATH,
    ORDER_PATH,
    `${ORDER_PATH}/`,
    `${ORDER_PATH}/%`,
    `${ORDER_PATH}/%E0%A4%A`,
    `${ORDER_PATH}/../../etc/passwd`,
    `${TOKEN_PATH}?grant_type=client_credentials`,
    '/',
    '/__emulator/orders',
    '/__emulator/stats',
    '/__emulator/faults',
    '/__emulator/nothing',
    '/numberManagement/v1',
    `${ORDER_PATH}?x=1&x=2`,
  ),
  fc.tuple(fc.constantFrom(`${ORDER_PATH}/`, '/', '/__emulator/'), fc.string({ maxLength: 30 })).map(([p, s]) => p + encodeURIComponent(s)),
);

const anyMethod = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'PROPFIND', 'X-COLT');
// Most runs aim at the two POST endpoints, so that bodies get past routing into validation.
const method = fc.oneof({ arbitrary: fc.constant('POST'), weight: 3 }, { arbitrary: anyMethod, weight: 1 });
const path = fc.oneof({ arbitrary: fc.constantFrom(ORDER_PATH, TOKEN_PATH), weight: 3 }, { arbitrary: anyPath, weight: 1 });

const contentType = fc.oneof(
  fc.constant('application/json'),
  fc.constant('application/x-www-form-urlencoded'),
  fc.option(
    fc.oneof(
      fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'application/x-www-form-urlencoded',
        'text/plain',
        'application/merge-patch+json',
        'multipart/form-data; boundary=x',
        'APPLICATION/JSON',
        ';',
        'application/',
        '*/*',
      ),
      fc.stringMatching(/^[a-z]{1,8}\/[a-z+.-]{1,12}$/),
    ),
    { nil: undefined },
  ),
);

const authorization = (token: () => string) =>
  fc
    .option(
      fc.oneof(
        fc.constant(BASIC),
        fc.constant('__BEARER__'),
        fc.constant('__BEARER__'),
        fc.constantFrom('Bearer', 'Bearer ', 'Basic', 'Basic !!!', 'Basic Og==', 'Digest x'),
        fc.stringMatching(/^(Bearer|Basic) [A-Za-z0-9+/=._-]{0,40}$/),
      ),
      { nil: undefined },
    )
    .map((a) => (a === '__BEARER__' ? `Bearer ${token()}` : a));

const trackingId = fc
  .option(
    fc.oneof(fc.constant('__FRESH__'), fc.constant('__FRESH__'), fc.stringMatching(/^[A-Za-z0-9_.~:@-]{0,300}$/), fc.constantFrom('', ' ', 'a b', '../x', 'é')),
    { nil: undefined },
  )
  .map((t) => (t === '__FRESH__' ? newTrackingId() : t));

/** A near-valid order with one part replaced by something random. */
const mutatedOrder = fc
  .record({
    field: fc.constantFrom(
      'none',
      'numberRangeList',
      'productOffering',
      'relatedParty',
      'numberRangeStart',
      'numberRangeEnd',
      'country',
      'serviceProfile',
      'extra',
    ),
    value: fc.oneof(fc.jsonValue(), fc.constantFrom(1e308, -1, 0, 12345678901234567168, '', [], {}, null, '+4420713'.padEnd(40, '9'), '+442071839999')),
    // Numbers 1,000-1,999 of the test inventory (the unit test's last check uses the first ones).
    number: fc.integer({ min: 1000, max: 1999 }),
  })
  .map(({ field, value, number }) => {
    const n = `+${442071830000 + number}`;
    const order: Record<string, unknown> = {
      numberRangeList: [{ numberRangeStart: n, numberRangeEnd: n }],
      productOffering: { name: 'Wholesale SIP' },
      relatedParty: { reseller: { serviceProfile: 'ANH', country: 'GB' } },
    };
    const range = (order.numberRangeList as Record<string, unknown>[])[0]!;
    const reseller = (order.relatedParty as { reseller: Record<string, unknown> }).reseller;
    if (field === 'none') return JSON.stringify(order);
    if (field === 'numberRangeStart' || field === 'numberRangeEnd') range[field] = value;
    else if (field === 'country' || field === 'serviceProfile') reseller[field] = value;
    else order[field] = value;
    return JSON.stringify(order);
  });

/** A valid order for a number no other run uses, but for an unknown property nested 5,000 levels deep. */
const DEEP_ORDER =
  '{"numberRangeList":[{"numberRangeStart":"+442071830999","numberRangeEnd":"+442071830999"}],' +
  `"productOffering":{"name":"Wholesale SIP"},"relatedParty":{"reseller":{"country":"GB"}},"x":${'['.repeat(5000)}${']'.repeat(5000)}}`;

const body = fc.option(
  fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
    mutatedOrder,
    mutatedOrder.map((t) => t.slice(0, Math.floor(t.length / 2))), // broken JSON
    fc.constantFrom(
      'grant_type=client_credentials',
      'grant_type=password',
      'grant_type=',
      '%%%',
      '{"faults":"x"}',
      '{"faults":[{"kind":"explode"}]}',
      '9'.repeat(5000),
      '['.repeat(5000),
      '{"numberRangeList":' + '['.repeat(2000),
      '{"a":1e999999}',
      '\uFEFF{}',
      '{"__proto__":{"polluted":1}}',
      DEEP_ORDER,
      `grant_type=${'g'.repeat(50_000)}`,
      `{"faults":[],"${'k'.repeat(50_000)}":1}`,
      `{"numberRangeList":[{"numberRangeStart":"+44${'9'.repeat(100_000)}","numberRangeEnd":"+44"}]}`,
    ),
  ),
  { nil: undefined },
);

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

function assertColtShaped(a: Answer, what: string): void {
  assert.ok(a.status >= 200 && a.status <= 599, `${what}: status ${a.status}`);
  assert.notEqual(a.status, 500, `${what}: a 500 means a handler threw: ${a.text}`);
  assert.match(String(a.headers['content-type']), /^application\/json/, what);
  const json = JSON.parse(a.text) as Record<string, unknown>;
  assert.ok(json && typeof json === 'object' && !Array.isArray(json), `${what}: ${a.text}`);
  if (a.status >= 400) {
    assert.equal(typeof json.code, 'string', `${what}: ${a.text}`);
    assert.equal(typeof json.reason, 'string', `${what}: ${a.text}`);
    assert.equal(typeof json.message, 'string', `${what}: ${a.text}`);
    assert.ok((json.message as string).length > 0);
    assert.equal(json.status, a.status, `${what}: ${a.text}`);
  }
  if (a.status === 400) assert.ok((json.message as string).length < MAX_MESSAGE_LENGTH, `${what}: ${a.text.slice(0, 400)}`);
}

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

function headersOf(o: { type?: string; auth?: string; tracking?: string; accept?: boolean }): Record<string, string> {
  const headers: Record<string, string> = {};
  if (o.type !== undefined) headers['content-type'] = o.type;
  if (o.auth !== undefined) headers.authorization = o.auth;
  if (o.tracking !== undefined) headers['x-tracking-id'] = o.tracking;
  if (o.accept) headers.accept = 'application/json';
  return headers;
}

/** Anything at all, or aimed at an endpoint with the right credentials so the body gets read. */
function fuzzRequest(token: () => string): fc.Arbitrary<FuzzRequest> {
  const anything = fc
    .record({ method, path, type: contentType, auth: authorization(token), tracking: trackingId, body, accept: fc.boolean() })
    .map(({ method: m, path: p, body: b, ...h }) => ({ method: m, path: p, headers: headersOf(h), body: m === 'GET' || m === 'HEAD' ? undefined : b }));
  const order = fc
    .record({
      type: fc.oneof({ arbitrary: fc.constant('application/json'), weight: 4 }, { arbitrary: contentType, weight: 1 }),
      body,
      order: mutatedOrder,
      pickOrder: fc.boolean(),
    })
    .map(({ type, body: b, order: o, pickOrder }) => ({
      method: 'POST',
      path: ORDER_PATH,
      headers: headersOf({ type, auth: `Bearer ${token()}`, tracking: newTrackingId() }),
      body: pickOrder ? o : b,
    }));
  const tokenCall = fc.record({ type: contentType, body }).map(({ type, body: b }) => ({
    method: 'POST',
    path: TOKEN_PATH,
    headers: headersOf({ type, auth: BASIC, tracking: newTrackingId() }),
    body: b,
  }));
  return fc.oneof({ arbitrary: anything, weight: 2 }, { arbitrary: order, weight: 2 }, { arbitrary: tokenCall, weight: 1 });
}

const GARBAGE = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
    'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    'GET /\u0000 HTTP/1.1\r\n\r\n',
    'GET / HTTP/9.9\r\n\r\n',
    `POST ${ORDER_PATH} HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n{`,
    '\r\n\r\n\r\n',
  ),
);

/** An emulator on a free port, with a token, for the fuzz properties. */
export class EmulatorFuzz {
  /** How many answers of each HTTP status the requests got, to see that the fuzzing reaches every branch. */
  readonly statuses = new Map<number, number>();

  private constructor(
    readonly emu: EmulatorHarness,
    private readonly token: string,
  ) {}

  static async start(): Promise<EmulatorFuzz> {
    const emu = await EmulatorHarness.start();
    const res = await request(`${emu.url}${TOKEN_PATH}`, {
      method: 'POST',
      headers: { authorization: BASIC, 'content-type': 'application/x-www-form-urlencoded', 'x-tracking-id': newTrackingId() },
      body: 'grant_type=client_credentials',
    });
    return new EmulatorFuzz(emu, ((await res.body.json()) as { access_token: string }).access_token);
  }

  close(): Promise<void> {
    return this.emu.close();
  }

  /** Random methods, paths, headers and bodies: always a Colt-shaped JSON answer, never a crash. */
  async httpRequests({ numRuns, seed }: FuzzOptions): Promise<void> {
    const url = this.emu.url;
    await fc.assert(
      fc.asyncProperty(
        fuzzRequest(() => this.token),
        async (r) => {
          const res = await request(`${url}${r.path}`, { method: r.method, headers: r.headers, body: r.body });
          const text = await res.body.text();
          this.statuses.set(res.statusCode, (this.statuses.get(res.statusCode) ?? 0) + 1);
          if (r.method === 'HEAD') {
            assert.notEqual(res.statusCode, 500);
          } else {
            assertColtShaped(
              { status: res.statusCode, headers: res.headers, text },
              `${r.method} ${r.path} ${JSON.stringify(r.headers)} ${String(r.body).slice(0, 80)}`,
            );
          }
          // A fuzzed body that happens to queue a fault must not leak into the next run.
          if (r.path.startsWith('/__emulator/')) await fetch(`${url}/__emulator/faults`, { method: 'DELETE' });
        },
      ),
      { numRuns, seed },
    );
  }

  /** Broken HTTP on a raw socket: a Colt-shaped answer (or none), never a crash. */
  async rawSocket({ numRuns, seed }: FuzzOptions): Promise<void> {
    const port = this.emu.emulator.port;
    await fc.assert(
      fc.asyncProperty(GARBAGE, async (raw) => {
        const answer = await new Promise<string>((resolve) => {
          const socket = connect(port, '127.0.0.1');
          let got = '';
          socket.on('data', (d) => (got += d.toString('latin1')));
          socket.on('error', () => resolve(got));
          socket.on('close', () => resolve(got));
          socket.end(raw, 'latin1');
        });
        // Either nothing (the server waited for more and saw the end) or a proper Colt-shaped answer.
        if (!answer) return;
        const head = /^HTTP\/1\.1 (\d{3}) [^\r\n]*\r\n([\s\S]*?)\r\n\r\n/.exec(answer);
        assert.ok(head, answer.slice(0, 120));
        const headers = Object.fromEntries(head[2]!.split('\r\n').map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
        const length = Number(headers['content-length']);
        const status = Number(head[1]);
        assert.notEqual(status, 500, answer);
        // A body that breaks after the request reached the handler is answered by Node itself
        // (a bare 400, before the emulator hears of it); everything else is the emulator's JSON.
        if (status === 400 && !headers['content-type']) return;
        const text = Buffer.from(answer.slice(head[0].length), 'latin1').subarray(0, length).toString('utf8');
        assertColtShaped({ status, headers, text }, JSON.stringify(raw).slice(0, 80));
      }),
      { numRuns, seed },
    );
  }
}

/** For `npm run fuzz`: one emulator for both targets, as the unit test has. */
export function emulatorFuzz(): FuzzGroup {
  let fuzz: EmulatorFuzz | undefined;
  const started = (): EmulatorFuzz => {
    if (!fuzz) throw new Error('the emulator is not started');
    return fuzz;
  };
  return {
    start: async () => {
      fuzz = await EmulatorFuzz.start();
    },
    stop: async () => fuzz?.close(),
    targets: [
      { name: 'emulator: HTTP requests', run: (o) => started().httpRequests(o) },
      { name: 'emulator: broken HTTP', run: (o) => started().rawSocket(o) },
    ],
  };
}
