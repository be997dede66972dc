import * as assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ColtClient, newTrackingId, type SubmitOutcome } from '../../src/core/coltClient';
import type { ReactivationRequest } from '../../src/core/schemas';
import { TokenCache } from '../../src/core/tokenCache';
import { DEFAULT_CLIENT_SECRET } from '../../src/emulator/emulator';
import { ACTIVATED_NUMBER, EmulatorHarness, singleNumberBody, waitFor } from './clientHelpers';

function expectKind<K extends SubmitOutcome['kind']>(outcome: SubmitOutcome, kind: K): Extract<SubmitOutcome, { kind: K }> {
  assert.equal(outcome.kind, kind, `expected ${kind}, got ${JSON.stringify(outcome)}`);
  return outcome as Extract<SubmitOutcome, { kind: K }>;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('Colt client against the emulator', function () {
  let emu: EmulatorHarness;

  beforeEach(async () => {
    emu = await EmulatorHarness.start();
  });
  afterEach(async () => {
    await emu.close();
  });

  it('accepted: returns the order id, and the emulator holds exactly that order under our tracking id', async () => {
    const client = emu.client();
    const trackingId = newTrackingId();
    const body = { ...emu.freshBody(), $schema: './reactivate.schema.json' } as ReactivationRequest;
    const outcome = expectKind(await client.submitOrder(body, { trackingId }), 'accepted');
    assert.equal(outcome.trackingId, trackingId);
    const orders = await emu.ordersWith(trackingId);
    assert.equal(orders.length, 1);
    assert.equal(orders[0]!.id, outcome.orderId);
    assert.equal('$schema' in (orders[0]!.body as object), false, '$schema is never sent');
    await client.close();
  });

  it('400: a bad body is refused with the emulator message naming the field', async () => {
    const client = emu.client();
    const bad = singleNumberBody('+442071830000');
    bad.numberRangeList[0]!.numberRangeEnd = '+44207183000011';
    const outcome = expectKind(await client.submitOrder(bad, { trackingId: newTrackingId() }), 'rejected');
    assert.equal(outcome.httpStatus, 400);
    assert.match(outcome.message, /numberRangeList/);
    await client.close();
  });

  it('422: a business-rule refusal carries code and message', async () => {
    const client = emu.client();
    const outcome = expectKind(await client.submitOrder(singleNumberBody(ACTIVATED_NUMBER), { trackingId: newTrackingId() }), 'rejected');
    assert.equal(outcome.httpStatus, 422);
    assert.equal(outcome.code, 'REACTIVATION_NOT_ALLOWED');
    assert.ok(outcome.message.includes(ACTIVATED_NUMBER), outcome.message);
    await client.close();
  });

  it('409: a reused tracking id is refused with the existing order id', async () => {
    const client = emu.client();
    const trackingId = newTrackingId();
    const first = expectKind(await client.submitOrder(emu.freshBody(), { trackingId }), 'accepted');
    const again = expectKind(await client.submitOrder(emu.freshBody(), { trackingId }), 'rejected');
    assert.equal(again.httpStatus, 409);
    assert.equal(again.code, 'DUPLICATE_TRACKING_ID');
    assert.equal(again.existingOrderId, first.orderId);
    assert.equal((await emu.ordersWith(trackingId)).length, 1);
    await client.close();
  });

  it('401: drops the token, fetches a new one, and retries once with the same tracking id', async () => {
    const client = emu.client();
    expectKind(await client.submitOrder(emu.freshBody(), { trackingId: newTrackingId() }), 'accepted');
    assert.equal((await emu.stats()).tokenRequests, 1);
    await emu.control('POST', 'expire-tokens');
    const trackingId = newTrackingId();
    expectKind(await client.submitOrder(emu.freshBody(), { trackingId }), 'accepted');
    const stats = await emu.stats();
    assert.equal(stats.tokenRequests, 2, 'one refresh');
    assert.equal(stats.orderRequests, 3, 'the first order, then a 401 and its one retry');
    assert.equal((await emu.ordersWith(trackingId)).length, 1);
    await client.close();
  });

  it('a second 401 in a row is a refusal, not a loop', async () => {
    const client = emu.client();
    await emu.fault({ kind: 'status', status: 401 }, { kind: 'status', status: 401 });
    const outcome = expectKind(await client.submitOrder(emu.freshBody(), { trackingId: newTrackingId() }), 'rejected');
    assert.equal(outcome.httpStatus, 401);
    assert.equal((await emu.stats()).orderRequests, 2);
    await client.close();
  });

  it('timeout after sending: unknown, exactly one POST, and resubmitting the same tracking id finds the order (409)', async () => {
    // The short limit covers only the held POST: the token is cached first, the check goes
    // through a client with the usual limit (a busy machine's loopback can take 150 ms).
    const tokenCache = new TokenCache();
    const patient = emu.client({ tokenCache });
    assert.equal((await patient.getOrderStatus('warm-up')).kind, 'unavailable');
    const client = emu.client({ tokenCache, timeouts: { headersMs: 150 } });
    const trackingId = newTrackingId();
    await emu.fault({ kind: 'delay', ms: 600_000, stage: 'afterStore' });
    const outcome = expectKind(await client.submitOrder(emu.freshBody(), { trackingId }), 'unknown');
    assert.match(outcome.message, /may exist/);
    assert.ok(outcome.message.includes(trackingId), 'says which tracking id to resubmit with');
    assert.equal((await emu.stats()).orderRequests, 1, 'no second POST');
    const stored = await emu.ordersWith(trackingId);
    assert.equal(stored.length, 1);
    const check = expectKind(await patient.submitOrder(emu.freshBody(), { trackingId }), 'rejected');
    assert.equal(check.existingOrderId, stored[0]!.id);
    await Promise.all([client.close(), patient.close()]);
  });

  it('reset before the order is stored: unknown, one POST, nothing stored; resubmitting places it once', async () => {
    const client = emu.client();
    const trackingId = newTrackingId();
    const body = emu.freshBody();
    await emu.fault({ kind: 'reset', stage: 'beforeStore' });
    expectKind(await client.submitOrder(body, { trackingId }), 'unknown');
    assert.equal((await emu.stats()).orderRequests, 1, 'no second POST');
    assert.equal((await emu.ordersWith(trackingId)).length, 0);
    expectKind(await client.submitOrder(body, { trackingId }), 'accepted');
    assert.equal((await emu.ordersWith(trackingId)).length, 1);
    await client.close();
  });

  it('reset after the order is stored: unknown, one POST, the order exists', async () => {
    const client = emu.client();
    const trackingId = newTrackingId();
    await emu.fault({ kind: 'reset', stage: 'afterStore' });
    expectKind(await client.submitOrder(emu.freshBody(), { trackingId }), 'unknown');
    assert.equal((await emu.stats()).orderRequests, 1, 'no second POST');
    assert.equal((await emu.ordersWith(trackingId)).length, 1);
    await client.close();
  });

  for (const status of [500, 503]) {
    it(`${status}: rejected with the status, one POST`, async () => {
      const client = emu.client();
      await emu.fault({ kind: 'status', status });
      const outcome = expectKind(await client.submitOrder(emu.freshBody(), { trackingId: newTrackingId() }), 'rejected');
      assert.equal(outcome.httpStatus, status);
      assert.match(outcome.message, /try again later/);
      assert.equal((await emu.stats()).orderRequests, 1);
      await client.close();
    });
  }

  it('malformed JSON in a 2xx answer: unknown (the order most likely exists)', async () => {
    const client = emu.client();
    const trackingId = newTrackingId();
    await emu.fault({ kind: 'malformedJson' });
    const outcome = expectKind(await client.submitOrder(emu.freshBody(), { trackingId }), 'unknown');
    assert.match(outcome.message, /could not be read/);
    assert.equal((await emu.ordersWith(trackingId)).length, 1);
    await client.close();
  });

  it('50 concurrent submissions cause exactly one token request, and 50 orders', async () => {
    const client = emu.client();
    const ids = Array.from({ length: 50 }, () => newTrackingId());
    const outcomes = await Promise.all(ids.map((trackingId) => client.submitOrder(emu.freshBody(), { trackingId })));
    assert.deepEqual(new Set(outcomes.map((o) => o.kind)), new Set(['accepted']));
    const stats = await emu.stats();
    assert.equal(stats.tokenRequests, 1);
    assert.equal(stats.orderRequests, 50);
    await client.close();
  });

  it('50 concurrent submissions after the tokens expired cause exactly one refresh', async () => {
    const client = emu.client();
    expectKind(await client.submitOrder(emu.freshBody(), { trackingId: newTrackingId() }), 'accepted');
    await emu.control('POST', 'expire-tokens');
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => client.submitOrder(emu.freshBody(), { trackingId: newTrackingId() })));
    assert.deepEqual(new Set(outcomes.map((o) => o.kind)), new Set(['accepted']));
    assert.equal((await emu.stats()).tokenRequests, 2);
    await client.close();
  });

  it('a cancelled signal before sending: rejected "cancelled", nothing sent', async () => {
    const client = emu.client();
    const controller = new AbortController();
    controller.abort();
    const outcome = expectKind(await client.submitOrder(emu.freshBody(), { trackingId: newTrackingId(), signal: controller.signal }), 'rejected');
    assert.equal(outcome.httpStatus, 0);
    assert.equal(outcome.message, 'cancelled');
    assert.deepEqual(await emu.stats(), { tokenRequests: 0, orderRequests: 0, statusRequests: 0 });
    await client.close();
  });

  it('cancelling while the token is being fetched: rejected "cancelled" at once, no POST', async () => {
    const client = emu.client();
    const controller = new AbortController();
    await emu.fault({ on: 'token', kind: 'delay', ms: 5000 });
    const pending = client.submitOrder(emu.freshBody(), { trackingId: newTrackingId(), signal: controller.signal });
    await waitFor(async () => ((await emu.stats()).tokenRequests === 1 ? true : undefined), 'the token request to arrive');
    controller.abort();
    const outcome = expectKind(await pending, 'rejected');
    assert.equal(outcome.message, 'cancelled');
    assert.equal((await emu.stats()).orderRequests, 0);
    // The shared token request is still pending for other callers; closing would wait for it.
    void client.close();
  });

  it('cancelling while the POST is in flight: unknown, one POST', async () => {
    const client = emu.client();
    const controller = new AbortController();
    await emu.fault({ kind: 'delay', ms: 5000, stage: 'beforeStore' });
    const pending = client.submitOrder(emu.freshBody(), { trackingId: newTrackingId(), signal: controller.signal });
    await waitFor(async () => ((await emu.stats()).orderRequests === 1 ? true : undefined), 'the POST to arrive');
    controller.abort();
    const outcome = expectKind(await pending, 'unknown');
    assert.match(outcome.message, /cancelled/);
    assert.equal((await emu.stats()).orderRequests, 1);
    await client.close();
  });

  it('a refused secret: rejected with status 0, a clear message without the secret, no POST', async () => {
    const secret = 'wrong-secret-value';
    const client = emu.client({ credentials: async () => ({ clientId: 'emulator-client', clientSecret: secret }) });
    const outcome = expectKind(await client.submitOrder(emu.freshBody(), { trackingId: newTrackingId() }), 'rejected');
    assert.equal(outcome.httpStatus, 0);
    assert.equal(
      outcome.message,
      'Colt refused the client id or secret for Local emulator: check them (Colt: Set Credentials in VS Code; COLT_CLIENT_ID and COLT_CLIENT_SECRET for the command line).',
    );
    assert.equal((await emu.stats()).orderRequests, 0);
    const check = await client.checkCredentials();
    assert.deepEqual(check, { ok: false, message: outcome.message });
    assert.ok(!JSON.stringify(emu.logLines).includes(secret));
    await client.close();
  });

  it('missing credentials: rejected with status 0 before anything is sent', async () => {
    const client = emu.client({ credentials: async () => undefined });
    const outcome = expectKind(await client.submitOrder(emu.freshBody(), { trackingId: newTrackingId() }), 'rejected');
    assert.equal(outcome.httpStatus, 0);
    assert.match(outcome.message, /No client id and secret/);
    assert.equal((await emu.stats()).tokenRequests, 0);
    assert.equal((await client.checkCredentials()).ok, false);
  });

  it('a token endpoint failure (503) is a definite failure: nothing reached the order endpoint', async () => {
    const client = emu.client();
    await emu.fault({ on: 'token', kind: 'status', status: 503 });
    const outcome = expectKind(await client.submitOrder(emu.freshBody(), { trackingId: newTrackingId() }), 'rejected');
    assert.equal(outcome.httpStatus, 0);
    assert.match(outcome.message, /did not issue a token \(HTTP 503/);
    assert.equal((await emu.stats()).orderRequests, 0);
    await client.close();
  });

  it('checkCredentials: ok with the right secret', async () => {
    const client = emu.client();
    assert.deepEqual(await client.checkCredentials(), { ok: true });
    await client.close();
  });

  it('status: In progress, then Completed; an unknown id is "unavailable"; a 401 refreshes and retries', async () => {
    const client = emu.client();
    const accepted = expectKind(await client.submitOrder(emu.freshBody(), { trackingId: newTrackingId() }), 'accepted');
    const first = await client.getOrderStatus(accepted.orderId);
    assert.equal(first.kind, 'status');
    await emu.control('POST', 'expire-tokens');
    const done = await waitFor(async () => {
      const s = await client.getOrderStatus(accepted.orderId);
      return s.kind === 'status' && s.orderStatus === 'Completed' ? s : undefined;
    }, 'Completed');
    assert.deepEqual(done, { kind: 'status', orderStatus: 'Completed' });
    assert.equal((await emu.stats()).tokenRequests, 2, 'the 401 on a status lookup refreshed once');
    assert.deepEqual(await client.getOrderStatus('no-such-order'), { kind: 'unavailable', httpStatus: 404 });
    await emu.fault({ on: 'status', kind: 'status', status: 500 });
    const failed = await client.getOrderStatus(accepted.orderId);
    assert.equal(failed.kind, 'error');
    await client.close();
  });

  it('logs method, path, status and time, never a token, secret or Authorization header', async () => {
    const client = emu.client();
    expectKind(await client.submitOrder(emu.freshBody(), { trackingId: newTrackingId() }), 'accepted');
    await emu.control('POST', 'expire-tokens');
    expectKind(await client.submitOrder(emu.freshBody(), { trackingId: newTrackingId() }), 'accepted');
    const text = emu.logLines.join('\n');
    assert.match(text, /^POST \/authentication\/v1\/oauth\/token 200 \d+ ms$/m);
    assert.match(text, /^POST \/numberManagement\/v1\/reactivate\/order 201 \d+ ms/m);
    assert.match(text, /^POST \/numberManagement\/v1\/reactivate\/order 401 \d+ ms/m);
    assert.doesNotMatch(text, /Bearer|Basic|authorization|eyJ/i);
    assert.ok(!text.includes(DEFAULT_CLIENT_SECRET));
    await client.close();
  });
});

describe('Colt client: failures before anything is sent', () => {
  it('connection refused is a definite failure (status 0), not unknown', async () => {
    const port = await closedPort();
    const client = new ColtClient({
      target: 'emulator',
      baseUrl: `http://127.0.0.1:${port}`,
      credentials: async () => ({ clientId: 'a', clientSecret: 'b' }),
      tokenCache: new TokenCache(),
    });
    const outcome = expectKind(await client.submitOrder(singleNumberBody('+442071830000'), { trackingId: newTrackingId() }), 'rejected');
    assert.equal(outcome.httpStatus, 0);
    assert.match(outcome.message, /connection was refused/);
    const status = await client.getOrderStatus('x');
    assert.equal(status.kind, 'error');
    await client.close();
  });
});
