// The emulator over real loopback HTTP: every endpoint, every status, every fault kind.
import { deadline } from '../deadline';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ColtEmulator } from '../../src/emulator/coltEmulator';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEMO_INVENTORY,
  EmulatorControl,
  type EmulatorOptions,
  ORDER_PATH,
  type RunningEmulator,
  startEmulator,
  TOKEN_PATH,
} from '../../src/emulator/emulator';
import { InventoryStore } from '../../src/emulator/inventory';

const SEED_1 = {
  numberRangeList: [{ numberRangeStart: '+442081324758', numberRangeEnd: '+442081324758' }],
  productOffering: { name: 'Wholesale SIP' },
  relatedParty: { reseller: { serviceProfile: 'ANH', country: 'GB' } },
};
const SEED_2 = {
  numberRangeList: [{ numberRangeStart: '+442081324759', numberRangeEnd: '+442081324759' }],
  productOffering: { name: 'Wholesale SIP' },
  relatedParty: { reseller: { country: 'GB' } },
};

let trackingCounter = 0;
const newTrackingId = () => `test-${process.pid}-${++trackingCounter}`;

function basic(id = DEFAULT_CLIENT_ID, secret = DEFAULT_CLIENT_SECRET): string {
  return 'Basic ' + Buffer.from(`${id}:${secret}`).toString('base64');
}

async function tokenRequest(url: string, headers: Record<string, string> = {}, body = 'grant_type=client_credentials'): Promise<Response> {
  return fetch(url + TOKEN_PATH, {
    method: 'POST',
    headers: { authorization: basic(), 'content-type': 'application/x-www-form-urlencoded', 'x-tracking-id': newTrackingId(), ...headers },
    body,
  });
}

async function getToken(url: string): Promise<string> {
  const res = await tokenRequest(url);
  assert.equal(res.status, 200);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function postOrder(url: string, token: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url + ORDER_PATH, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-tracking-id': newTrackingId(), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function getStatus(url: string, token: string, id: string): Promise<Response> {
  return fetch(`${url}${ORDER_PATH}/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${token}` } });
}

async function json(res: Response): Promise<any> {
  return res.json();
}

/** Polls until `check` holds; no fixed sleeps. */
async function waitFor<T>(what: string, probe: () => Promise<T>, check: (value: T) => boolean, timeoutMs = deadline(15_000)): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (check(value)) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setImmediate(r));
  }
}

async function waitCompleted(url: string, token: string, id: string): Promise<void> {
  await waitFor(
    'Completed',
    async () => (await json(await getStatus(url, token, id))).order.orderStatus,
    (s) => s === 'Completed',
  );
}

function assertColtError(body: any, status: number, code?: string): void {
  assert.equal(body.status, status);
  assert.equal(typeof body.code, 'string');
  assert.equal(typeof body.reason, 'string');
  assert.equal(typeof body.message, 'string');
  if (code) assert.equal(body.code, code);
}

describe('emulator', () => {
  let emu: RunningEmulator;
  let control: EmulatorControl;
  const started: RunningEmulator[] = [];

  async function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
    // Orders complete on cue (control.completeOrders()), never racing a short timer.
    const e = await startEmulator({ port: 0, completeAfterMs: 3_600_000, ...options });
    started.push(e);
    return e;
  }

  beforeEach(async () => {
    emu = await start();
    control = new EmulatorControl(emu.url);
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((e) => e.close()));
  });

  it('binds 127.0.0.1 on a free port', () => {
    assert.match(emu.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(emu.port > 0);
    assert.equal(emu.url, `http://127.0.0.1:${emu.port}`);
  });

  describe('token endpoint', () => {
    it('issues an opaque bearer token for the default credentials', async () => {
      const res = await tokenRequest(emu.url);
      assert.equal(res.status, 200);
      const body = await json(res);
      assert.equal(body.token_type, 'Bearer');
      assert.equal(body.expires_in, 1800);
      assert.ok(body.access_token.length >= 32);
      assert.notEqual(body.access_token, await getToken(emu.url));
    });

    it('answers 401 without Basic authentication, with a non-Basic scheme, or with a wrong secret', async () => {
      for (const authorization of ['', 'Bearer abc', basic(DEFAULT_CLIENT_ID, 'wrong'), basic('someone', DEFAULT_CLIENT_SECRET), 'Basic !!!']) {
        const res = await tokenRequest(emu.url, { authorization });
        assert.equal(res.status, 401, authorization);
        const body = await json(res);
        assertColtError(body, 401, 'UNAUTHORIZED');
        assert.ok(!JSON.stringify(body).includes(DEFAULT_CLIENT_SECRET));
      }
    });

    it('answers 415 for a body that is not form-encoded', async () => {
      const res = await tokenRequest(emu.url, { 'content-type': 'application/json' }, '{"grant_type":"client_credentials"}');
      assert.equal(res.status, 415);
      assertColtError(await json(res), 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('answers 400 without x-tracking-id, and for a wrong grant_type', async () => {
      const res = await fetch(emu.url + TOKEN_PATH, {
        method: 'POST',
        headers: { authorization: basic(), 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      });
      assert.equal(res.status, 400);
      assert.match((await json(res)).message, /^x-tracking-id: /);
      const wrongGrant = await tokenRequest(emu.url, {}, 'grant_type=password');
      assert.equal(wrongGrant.status, 400);
      assert.match((await json(wrongGrant)).message, /^grant_type: /);
    });

    it('accepts only the configured credential', async () => {
      const custom = await start({ clientId: 'my-id', clientSecret: 'my-secret', tokenTtlSeconds: 60 });
      assert.equal((await tokenRequest(custom.url)).status, 401);
      const res = await tokenRequest(custom.url, { authorization: basic('my-id', 'my-secret') });
      assert.equal(res.status, 200);
      assert.equal((await json(res)).expires_in, 60);
    });
  });

  describe('order endpoint', () => {
    it('accepts the seed examples with the demo inventory, and they turn Completed', async () => {
      const token = await getToken(emu.url);
      for (const body of [SEED_1, SEED_2]) {
        const res = await postOrder(emu.url, token, body);
        assert.equal(res.status, 201);
        const answer = await json(res);
        assert.deepEqual(Object.keys(answer), ['order']);
        assert.match(answer.order.id, /^[0-9a-f-]{36}$/);
        const status = await json(await getStatus(emu.url, token, answer.order.id));
        assert.deepEqual(status, { order: { id: answer.order.id, orderStatus: 'In progress', orderType: 'Number Reactivation' } });
        await control.completeOrders();
        await waitCompleted(emu.url, token, answer.order.id);
      }
    });

    it('answers 401 for a missing, unknown or expired token', async () => {
      const noAuth = await fetch(emu.url + ORDER_PATH, {
        method: 'POST',
        headers: { 'x-tracking-id': 'a1', 'content-type': 'application/json' },
        body: JSON.stringify(SEED_1),
      });
      assert.equal(noAuth.status, 401);
      assertColtError(await json(noAuth), 401);
      const unknown = await postOrder(emu.url, 'not-a-token', SEED_1);
      assert.equal(unknown.status, 401);
      assert.match((await json(unknown)).message, /not valid/);

      const token = await getToken(emu.url);
      await control.expireTokens();
      const expired = await postOrder(emu.url, token, SEED_1);
      assert.equal(expired.status, 401);
      assert.match((await json(expired)).message, /expired/);
      assert.equal((await getStatus(emu.url, token, 'x')).status, 401);
      // A fresh token works again.
      assert.equal((await postOrder(emu.url, await getToken(emu.url), SEED_1)).status, 201);
    });

    it('expires tokens after tokenTtlSeconds', async () => {
      const short = await start({ tokenTtlSeconds: 0.05 });
      const token = await getToken(short.url);
      await waitFor(
        'token expiry',
        async () => (await postOrder(short.url, token, { bad: true })).status,
        (s) => s === 401,
      );
    });

    it('answers 400 naming the field for a bad body', async () => {
      const token = await getToken(emu.url);
      const cases: [unknown, RegExp][] = [
        [{ ...SEED_1, numberRangeList: [{ numberRangeStart: '442081324758', numberRangeEnd: '+442081324758' }] }, /^numberRangeList\[0\]\.numberRangeStart: /],
        [{ ...SEED_1, numberRangeList: [] }, /^numberRangeList: /],
        [{ ...SEED_1, productOffering: { name: 'Voice' } }, /^productOffering\.name: /],
        [{ numberRangeList: SEED_1.numberRangeList, relatedParty: SEED_1.relatedParty }, /^productOffering: /],
        [{ ...SEED_1, relatedParty: { reseller: { country: 'US' } } }, /^relatedParty\.reseller\.country: /],
        [{ ...SEED_1, relatedParty: { reseller: { country: 'GB', serviceProfile: '' } } }, /^relatedParty\.reseller\.serviceProfile: /],
        [[], /^body: /],
        [
          { ...SEED_1, numberRangeList: [{ numberRangeStart: '+442081324759', numberRangeEnd: '+442081324758' }] },
          /^numberRangeList\[0\]\.numberRangeEnd: .*before/,
        ],
        [
          { ...SEED_1, numberRangeList: [{ numberRangeStart: '+442081324759', numberRangeEnd: '+4420813247590' }] },
          /^numberRangeList\[0\]\.numberRangeEnd: .*length/,
        ],
      ];
      for (const [body, message] of cases) {
        const res = await postOrder(emu.url, token, body);
        assert.equal(res.status, 400, JSON.stringify(body));
        const answer = await json(res);
        assertColtError(answer, 400, 'INVALID_REQUEST');
        assert.match(answer.message, message);
      }
      assert.deepEqual(await control.orders(), []);
    });

    it('answers 400, never 500, for malformed JSON', async () => {
      const token = await getToken(emu.url);
      for (const text of ['{"numberRangeList": [', '', 'null', 'not json']) {
        const res = await postOrder(emu.url, token, text);
        assert.equal(res.status, 400, text);
        assertColtError(await json(res), 400);
      }
    });

    it('answers 400 for a missing or malformed x-tracking-id', async () => {
      const token = await getToken(emu.url);
      const missing = await fetch(emu.url + ORDER_PATH, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(SEED_1),
      });
      assert.equal(missing.status, 400);
      assert.match((await json(missing)).message, /^x-tracking-id: .*required/);
      for (const bad of ['has space', 'a'.repeat(256), 'semi;colon']) {
        const res = await postOrder(emu.url, token, SEED_1, { 'x-tracking-id': bad });
        assert.equal(res.status, 400, bad);
        assert.match((await json(res)).message, /^x-tracking-id: /);
      }
    });

    it('answers 415 for a body that is not JSON', async () => {
      const res = await postOrder(emu.url, await getToken(emu.url), JSON.stringify(SEED_1), { 'content-type': 'text/plain' });
      assert.equal(res.status, 415);
    });

    it('answers 409 with the existing order id for a reused x-tracking-id', async () => {
      const token = await getToken(emu.url);
      const first = await json(await postOrder(emu.url, token, SEED_1, { 'x-tracking-id': 'reused-1' }));
      const again = await postOrder(emu.url, token, SEED_2, { 'x-tracking-id': 'reused-1' });
      assert.equal(again.status, 409);
      const body = await json(again);
      assertColtError(body, 409, 'DUPLICATE_TRACKING_ID');
      assert.equal(body.reason, 'Conflict');
      assert.deepEqual(body.order, { id: first.order.id });
      assert.equal((await control.orders()).length, 1);
    });

    it('answers 422 for a business-rule refusal', async () => {
      const res = await postOrder(emu.url, await getToken(emu.url), {
        ...SEED_2,
        numberRangeList: [{ numberRangeStart: '+442081324700', numberRangeEnd: '+442081324700' }],
      });
      assert.equal(res.status, 422);
      const body = await json(res);
      assertColtError(body, 422, 'REACTIVATION_NOT_ALLOWED');
      assert.equal(body.reason, 'Unprocessable Entity');
      assert.ok(Array.isArray(body.details));
    });
  });

  describe('status endpoint and misc routes', () => {
    it('answers 404 for an unknown order, 405 for a wrong method, 404 for an unknown path', async () => {
      const token = await getToken(emu.url);
      const unknown = await getStatus(emu.url, token, '34aaa520-fg16-3456-a45d-9fe6e060ed43');
      assert.equal(unknown.status, 404);
      assertColtError(await json(unknown), 404, 'NOT_FOUND');
      const wrongMethod = await fetch(emu.url + ORDER_PATH, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(wrongMethod.status, 405);
      assert.equal(wrongMethod.headers.get('allow'), 'POST');
      const nowhere = await fetch(emu.url + '/nowhere');
      assert.equal(nowhere.status, 404);
      assertColtError(await json(nowhere), 404);
    });

    it('lists received orders and counts requests', async () => {
      const token = await getToken(emu.url);
      const res = await postOrder(emu.url, token, { ...SEED_1, $schema: './x.json' }, { 'x-tracking-id': 'listed-1' });
      const id = (await json(res)).order.id;
      await getStatus(emu.url, token, id);
      const [order, ...rest] = await control.orders();
      assert.deepEqual(rest, []);
      assert.equal(order!.id, id);
      assert.equal(order!.trackingId, 'listed-1');
      assert.equal(order!.orderType, 'Number Reactivation');
      assert.ok(['In progress', 'Completed'].includes(order!.orderStatus));
      assert.ok(!Number.isNaN(Date.parse(order!.receivedAt)));
      assert.deepEqual(order!.body, { ...SEED_1, $schema: './x.json' });
      assert.deepEqual(await control.stats(), { tokenRequests: 1, orderRequests: 1, statusRequests: 1 });
    });

    it('logs one line per request without the token or the secret', async () => {
      const lines: string[] = [];
      const logged = await start({ log: (line) => lines.push(line) });
      const token = await getToken(logged.url);
      await postOrder(logged.url, token, SEED_1);
      await waitFor(
        'two log lines',
        async () => lines.length,
        (n) => n >= 2,
      );
      assert.match(lines[0]!, /^POST \/authentication\/v1\/oauth\/token 200 \d+(\.\d+)?ms$/);
      assert.match(lines[1]!, /^POST \/numberManagement\/v1\/reactivate\/order 201 \d+(\.\d+)?ms$/);
      const all = lines.join('\n');
      assert.ok(
        !all.includes(token) &&
          !all.includes(DEFAULT_CLIENT_SECRET) &&
          !all.includes(Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString('base64')),
      );
    });

    it('answers a Colt-shaped 500 for an unexpected exception and keeps serving', async () => {
      class BrokenInventory extends InventoryStore {
        broken = true;
        override get(number: string) {
          if (this.broken) throw new Error('disk on fire');
          return super.get(number);
        }
      }
      const inventory = new BrokenInventory(DEMO_INVENTORY);
      const lines: string[] = [];
      const emulator = new ColtEmulator({ clientId: 'a', clientSecret: 'b', completeAfterMs: 10, tokenTtlSeconds: 60, log: (l) => lines.push(l) }, inventory);
      const server: Server = createServer(emulator.handle);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      try {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const tokenRes = await tokenRequest(url, { authorization: basic('a', 'b') });
        const token = (await json(tokenRes)).access_token;
        const res = await postOrder(url, token, SEED_1);
        assert.equal(res.status, 500);
        const body = await json(res);
        assertColtError(body, 500, 'INTERNAL_ERROR');
        assert.ok(!body.message.includes('disk on fire') && !JSON.stringify(body).includes('at '));
        inventory.broken = false;
        assert.equal((await postOrder(url, token, SEED_1)).status, 201);
      } finally {
        emulator.close();
        server.closeAllConnections();
        await new Promise((r) => server.close(r));
      }
    });
  });

  describe('faults', () => {
    it('answers an injected 500 or 503 with a Colt-shaped body, once', async () => {
      const token = await getToken(emu.url);
      await control.queueFaults({ kind: 'status', status: 503 }, { kind: 'status', status: 500 });
      const first = await postOrder(emu.url, token, SEED_1);
      assert.equal(first.status, 503);
      assertColtError(await json(first), 503, 'SERVICE_UNAVAILABLE');
      const second = await postOrder(emu.url, token, SEED_1);
      assert.equal(second.status, 500);
      assertColtError(await json(second), 500, 'INTERNAL_ERROR');
      assert.deepEqual(await control.orders(), []);
      assert.equal((await postOrder(emu.url, token, SEED_1)).status, 201);
    });

    it('matches a fault to its endpoint only', async () => {
      await control.queueFaults({ on: 'token', kind: 'status', status: 503 }, { on: 'status', kind: 'status', status: 500 });
      assert.equal((await tokenRequest(emu.url)).status, 503, 'the first token call meets the 503');
      const good = await getToken(emu.url);
      const order = await postOrder(emu.url, good, SEED_1);
      assert.equal(order.status, 201, 'order calls are not affected by token or status faults');
      const id = (await json(order)).order.id;
      assert.equal((await getStatus(emu.url, good, id)).status, 500);
      assert.equal((await getStatus(emu.url, good, id)).status, 200);
    });

    it('delays before storing: the order is received but stored only after the delay', async () => {
      const token = await getToken(emu.url);
      // Held until released: what is stored meanwhile is read without racing the delay.
      await control.queueFaults({ kind: 'delay', ms: 600_000 });
      const pending = postOrder(emu.url, token, SEED_1);
      await waitFor(
        'the order request to arrive',
        () => control.stats(),
        (s) => s.orderRequests === 1,
      );
      assert.deepEqual(await control.orders(), [], 'nothing is stored while the request is held');
      assert.equal(await control.releaseDelays(), 1);
      // Held once (not once before and again after storing): released once, it is answered.
      const res = await pending;
      assert.equal(res.status, 201);
      assert.equal((await control.orders()).length, 1);
    });

    it('delays after storing: the order exists while the answer is held', async () => {
      const token = await getToken(emu.url);
      await control.queueFaults({ kind: 'delay', ms: 60_000, stage: 'afterStore' });
      const pending = postOrder(emu.url, token, SEED_1).catch((e: unknown) => e);
      const [stored] = await waitFor(
        'the stored order',
        () => control.orders(),
        (o) => o.length === 1,
      );
      assert.equal(stored!.orderStatus === 'In progress' || stored!.orderStatus === 'Completed', true);
      // close() must not wait for the held answer.
      await emu.close();
      assert.ok((await pending) instanceof Error);
    });

    it('resets the connection before storing: no order', async () => {
      const token = await getToken(emu.url);
      await control.queueFaults({ kind: 'reset' });
      await assert.rejects(postOrder(emu.url, token, SEED_1));
      assert.deepEqual(await control.orders(), []);
      assert.equal((await postOrder(emu.url, token, SEED_1)).status, 201, 'the server keeps serving');
    });

    it('resets the connection after storing: the order exists', async () => {
      const token = await getToken(emu.url);
      await control.queueFaults({ kind: 'reset', stage: 'afterStore' });
      await assert.rejects(postOrder(emu.url, token, SEED_1, { 'x-tracking-id': 'reset-after' }));
      const orders = await control.orders();
      assert.equal(orders.length, 1);
      assert.equal(orders[0]!.trackingId, 'reset-after');
      // Retrying with the same tracking id meets the 409 and learns the order id.
      const retry = await postOrder(emu.url, token, SEED_1, { 'x-tracking-id': 'reset-after' });
      assert.equal(retry.status, 409);
      assert.equal((await json(retry)).order.id, orders[0]!.id);
    });

    it('answers malformed JSON with a 2xx status, after storing the order', async () => {
      const token = await getToken(emu.url);
      await control.queueFaults({ kind: 'malformedJson' }, { on: 'token', kind: 'malformedJson' });
      const res = await postOrder(emu.url, token, SEED_1);
      assert.equal(res.status, 201);
      await assert.rejects(res.json());
      assert.equal((await control.orders()).length, 1);
      const tokenRes = await tokenRequest(emu.url);
      assert.equal(tokenRes.status, 200);
      await assert.rejects(tokenRes.json());
    });

    it('reshapes the next token answer (tokenAnswer): a JWT whose exp is its real expiry, no expires_in, a lower-case type, extra fields; once', async () => {
      await control.queueFaults({
        kind: 'tokenAnswer',
        accessToken: 'jwt',
        expiresIn: 'omit',
        tokenType: 'bearer',
        extraFields: { scope: 'numbers', refresh_token: 'r' },
      });
      const before = Date.now();
      const body = await json(await tokenRequest(emu.url));
      assert.deepEqual(Object.keys(body).sort(), ['access_token', 'refresh_token', 'scope', 'token_type']);
      assert.equal(body.token_type, 'bearer');
      const [header, claims, signature] = (body.access_token as string).split('.');
      assert.equal(JSON.parse(Buffer.from(header!, 'base64url').toString()).typ, 'JWT');
      assert.match(signature!, /^[A-Za-z0-9_-]{43}$/);
      const { exp } = JSON.parse(Buffer.from(claims!, 'base64url').toString()) as { exp: number };
      assert.ok(Number.isInteger(exp));
      assert.ok(exp * 1000 >= before + 1800_000 && exp * 1000 <= Date.now() + 1801_000, `exp ${exp} is 30 minutes away`);
      assert.equal((await postOrder(emu.url, body.access_token, SEED_1)).status, 201, 'the JWT is accepted as a bearer token');
      await control.expireTokens();
      assert.equal((await postOrder(emu.url, body.access_token, SEED_1)).status, 401, 'and expires like any other');
      const next = await json(await tokenRequest(emu.url));
      assert.deepEqual(Object.keys(next).sort(), ['access_token', 'expires_in', 'token_type'], 'the fault is used once');
      await control.queueFaults({ kind: 'tokenAnswer', expiresIn: '1800', tokenType: 'omit' });
      assert.deepEqual(Object.keys(await json(await tokenRequest(emu.url))).sort(), ['access_token', 'expires_in']);
    });

    it('refuses a tokenAnswer fault aimed at another endpoint', async () => {
      const res = await fetch(emu.url + '/__emulator/faults', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ faults: [{ on: 'order', kind: 'tokenAnswer' }] }),
      });
      assert.equal(res.status, 400);
      assert.match((await json(res)).message, /^faults\[0\]\.on: /);
    });

    it('answers exactly as an answer fault says: before storing nothing is stored, after storing the order exists', async () => {
      const token = await getToken(emu.url);
      await control.queueFaults(
        { kind: 'answer', status: 503, body: 'Service Unavailable', contentType: 'text/plain' },
        { kind: 'answer', status: 201, body: '{"order":{"id":" "}}', stage: 'afterStore' },
      );
      const plain = await postOrder(emu.url, token, SEED_1, { 'x-tracking-id': 'answer-before' });
      assert.equal(plain.status, 503);
      assert.equal(plain.headers.get('content-type'), 'text/plain');
      assert.equal(await plain.text(), 'Service Unavailable');
      const blank = await postOrder(emu.url, token, SEED_1, { 'x-tracking-id': 'answer-after' });
      assert.equal(blank.status, 201);
      assert.equal(blank.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.deepEqual(await json(blank), { order: { id: ' ' } });
      assert.deepEqual(
        (await control.orders()).map((o) => o.trackingId),
        ['answer-after'],
      );
    });

    it('rejects an invalid fault with 400 naming the field', async () => {
      const res = await fetch(emu.url + '/__emulator/faults', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ faults: [{ kind: 'delay', ms: -1 }] }),
      });
      assert.equal(res.status, 400);
      assert.match((await json(res)).message, /^faults\[0\]\.ms: /);
      const clear = await fetch(emu.url + '/__emulator/faults', { method: 'DELETE' });
      assert.equal(clear.status, 200);
    });
  });

  describe('concurrency', () => {
    it('handles 400 concurrent single-number orders from 16 clients: none lost, none duplicated', async () => {
      const token = await getToken(emu.url);
      const first = BigInt('442071830000');
      let next = 0;
      const ids: string[] = [];
      const worker = async () => {
        while (next < 400) {
          const n = `+${first + BigInt(next++)}`;
          const res = await postOrder(emu.url, token, { ...SEED_1, numberRangeList: [{ numberRangeStart: n, numberRangeEnd: n }] });
          assert.equal(res.status, 201);
          ids.push((await json(res)).order.id);
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
      assert.equal(ids.length, 400);
      assert.equal(new Set(ids).size, 400);
      assert.equal((await control.orders()).length, 400);
    });
  });
});
