// Faults, for the core client: every injected fault, followed through the
// order record the way every caller keeps it (draft → sending → outcome → serialised and read
// back), and the emulator's own list checked for duplicates. client.test.ts covers the client's
// outcomes one by one; this file adds what it does not: the record each fault leaves, the
// timeout before the order is stored, token-endpoint faults, a token that expires while the
// order is in flight, an injected 409, and reconciling every unknown outcome.
import { TokenCache } from '../../src/core/tokenCache';
import * as assert from 'node:assert/strict';
import { newTrackingId, type ColtClient, type SubmitOutcome } from '../../src/core/coltClient';
import { applySubmitOutcome, createDraft, markSending, parseRecords, serializeRecords, type OrderRecord } from '../../src/core/orderRecord';
import type { FaultSpec } from '../../src/emulator/emulator';
import { EmulatorHarness, waitFor } from './clientHelpers';

/** What a person can act on: one short paragraph, no stack trace, no internals. */
export function assertUserMessage(message: string, nextStep: RegExp): void {
  assert.ok(message.length > 20 && message.length < 700, `message length ${message.length}: ${message}`);
  assert.doesNotMatch(message, /\n\s+at |\bat [\w.<>]+ \(|TypeError|ReferenceError|\[object Object\]|undefined/, message);
  assert.match(message, nextStep, `says what to do next: ${message}`);
}

/** Submits as the CLI and the extension do: the record exists (sending) before the POST. */
async function submitWithRecord(emu: EmulatorHarness, client: ColtClient, body = emu.freshBody(), trackingId = newTrackingId()) {
  let record = markSending(createDraft({ target: 'emulator', baseUrl: emu.url, body, trackingId }));
  const outcome = await client.submitOrder(record.body, { trackingId: record.trackingId });
  record = applySubmitOutcome(record, outcome);
  // Whatever happened, the record survives a save and a load unchanged.
  const { records, skipped } = parseRecords(serializeRecords([record]));
  assert.equal(skipped, 0);
  assert.deepEqual(records[0], JSON.parse(JSON.stringify(record)));
  return { record, outcome };
}

/** Resubmits an unknown record with its own tracking id, as "Check Order" and the CLI's hint do. */
async function reconcile(client: ColtClient, record: OrderRecord): Promise<OrderRecord> {
  return applySubmitOutcome(record, await client.submitOrder(record.body, { trackingId: record.trackingId }));
}

/**
 * Two clients over one token cache: `hasty` has the short time limit that a timeout fault needs,
 * `patient` the usual one. With `warm`, the token is already cached, so the short limit covers
 * only the faulted request; checks and next attempts go through `patient`, so a busy machine's
 * slower loopback answer is never mistaken for the fault.
 */
async function hastyAndPatient(emu: EmulatorHarness, headersMs: number, warm: boolean) {
  const tokenCache = new TokenCache();
  const patient = emu.client({ tokenCache });
  if (warm) assert.equal((await patient.getOrderStatus('warm-up')).kind, 'unavailable');
  const hasty = emu.client({ tokenCache, timeouts: { headersMs } });
  return { hasty, patient, close: () => Promise.all([hasty.close(), patient.close()]) };
}

const RESUBMIT = /resubmit the same request with the same tracking id/;
const TRY_LATER = /try again later/;

describe('faults: core client and order records', function () {
  let emu: EmulatorHarness;

  beforeEach(async () => {
    emu = await EmulatorHarness.start();
  });
  afterEach(async () => {
    await emu.close();
  });

  for (const status of [500, 503]) {
    it(`HTTP ${status} on the order: record rejected with the status, nothing stored, a fresh submission goes through once`, async () => {
      const client = emu.client();
      await emu.fault({ kind: 'status', status });
      const body = emu.freshBody();
      const { record } = await submitWithRecord(emu, client, body);
      assert.equal(record.state, 'rejected');
      assert.equal(record.failure?.httpStatus, status);
      assert.equal(record.orderId, undefined);
      assertUserMessage(record.failure!.message, TRY_LATER);
      assert.equal((await emu.ordersWith(record.trackingId)).length, 0);
      const again = await submitWithRecord(emu, client, body);
      assert.equal(again.record.state, 'inProgress');
      assert.equal((await emu.control<{ orders: unknown[] }>('GET', 'orders')).orders.length, 1, 'one order in all');
      await client.close();
    });
  }

  const unknownCases: { name: string; fault: FaultSpec; storedByFault: boolean; headersMs?: number; says: RegExp }[] = [
    {
      name: 'a timeout before the order is stored',
      fault: { kind: 'delay', ms: 3000, stage: 'beforeStore' },
      storedByFault: false,
      headersMs: 200,
      says: /no answer before the time limit/,
    },
    {
      name: 'a timeout after the order is stored',
      fault: { kind: 'delay', ms: 3000, stage: 'afterStore' },
      storedByFault: true,
      headersMs: 200,
      says: /no answer before the time limit/,
    },
    { name: 'a reset before the order is stored', fault: { kind: 'reset', stage: 'beforeStore' }, storedByFault: false, says: /connection was closed/ },
    { name: 'a reset after the order is stored', fault: { kind: 'reset', stage: 'afterStore' }, storedByFault: true, says: /connection was closed/ },
    { name: 'malformed JSON in the 201', fault: { kind: 'malformedJson' }, storedByFault: true, says: /could not be read/ },
  ];
  for (const c of unknownCases) {
    it(`${c.name}: record unknown with the way to check; checking reconciles it to exactly one order`, async () => {
      const clients = await hastyAndPatient(emu, c.headersMs ?? 30_000, true);
      const tokens = (await emu.stats()).tokenRequests;
      await emu.fault(c.fault);
      const { record } = await submitWithRecord(emu, clients.hasty);
      assert.equal((await emu.stats()).tokenRequests, tokens, 'the token came from the cache');
      assert.equal(record.state, 'unknown');
      assert.equal(record.orderId, undefined);
      assertUserMessage(record.failure!.message, RESUBMIT);
      assert.match(record.failure!.message, c.says);
      assert.ok(record.failure!.message.includes(record.trackingId), 'names the tracking id to check with');
      assert.equal((await emu.stats()).orderRequests, 1, 'never retried on its own');
      assert.equal((await emu.ordersWith(record.trackingId)).length, c.storedByFault ? 1 : 0);

      // The check may even arrive while the first request is still held by the emulator.
      const checked = await reconcile(clients.patient, record);
      assert.equal(checked.state, 'inProgress', JSON.stringify(checked.failure));
      const stored = await emu.ordersWith(record.trackingId);
      assert.equal(stored.length, 1);
      assert.equal(checked.orderId, stored[0]!.id);
      assert.match(
        checked.history.at(-1)!.note ?? '',
        c.storedByFault ? /reconciled: Colt already had this tracking id/ : /reconciled: accepted on resubmission/,
      );
      await clients.close();
    });
  }

  it('checking an unknown record answered 503, then 409 without an id: it stays unknown each time; the next check finds the one order', async () => {
    const client = emu.client();
    await emu.fault({ kind: 'reset', stage: 'afterStore' });
    const { record } = await submitWithRecord(emu, client);
    assert.equal(record.state, 'unknown');
    await emu.fault({ kind: 'status', status: 503 });
    let checked = await reconcile(client, record);
    assert.equal(checked.state, 'unknown', 'a 503 says nothing about the first send');
    assert.equal(checked.failure?.httpStatus, 503);
    await emu.fault({ kind: 'status', status: 409 });
    checked = await reconcile(client, checked);
    assert.equal(checked.state, 'unknown', 'a 409 without an order id names no order');
    assert.deepEqual(
      checked.history.slice(-2).map((h) => [h.state, /^still unknown: the check was answered HTTP (503|409)/.test(h.note ?? '')]),
      [
        ['unknown', true],
        ['unknown', true],
      ],
    );
    checked = await reconcile(client, checked);
    const stored = await emu.ordersWith(record.trackingId);
    assert.deepEqual([checked.state, checked.orderId, stored.length], ['inProgress', stored[0]!.id, 1]);
    await client.close();
  });

  it('a timeout before storing, with the held request waking after the check placed the order: still one order', async () => {
    const lines: string[] = [];
    await emu.close();
    emu = await EmulatorHarness.start({ log: (line) => lines.push(line) });
    const clients = await hastyAndPatient(emu, 200, true);
    await emu.fault({ kind: 'delay', ms: 600_000, stage: 'beforeStore' });
    const { record } = await submitWithRecord(emu, clients.hasty);
    assert.equal(record.state, 'unknown');
    const checked = await reconcile(clients.patient, record);
    assert.equal(checked.state, 'inProgress');
    await emu.control('POST', 'release-delays');
    // The held request wakes to a closed connection (the emulator logs the aborted body read).
    await waitFor(
      async () => (lines.some((l) => /internal error on POST \/numberManagement\/v1\/reactivate\/order: aborted/.test(l)) ? true : undefined),
      'the held request to wake',
    );
    assert.equal((await emu.ordersWith(record.trackingId)).length, 1);
    assert.equal((await emu.control<{ orders: unknown[] }>('GET', 'orders')).orders.length, 1);
    await clients.close();
  });

  it('an injected 409 without an order id: record rejected with the code, nothing stored', async () => {
    const client = emu.client();
    await emu.fault({ kind: 'status', status: 409 });
    const { record, outcome } = await submitWithRecord(emu, client);
    assert.equal(outcome.kind, 'rejected');
    assert.equal(record.state, 'rejected');
    assert.deepEqual({ httpStatus: record.failure?.httpStatus, code: record.failure?.code }, { httpStatus: 409, code: 'DUPLICATE_TRACKING_ID' });
    assert.equal((await emu.ordersWith(record.trackingId)).length, 0);
    await client.close();
  });

  it('a real 409 (tracking id reused by a second record): that record becomes the existing order, no second order', async () => {
    const client = emu.client();
    const trackingId = newTrackingId();
    const first = await submitWithRecord(emu, client, emu.freshBody(), trackingId);
    const second = await submitWithRecord(emu, client, emu.freshBody(), trackingId);
    assert.equal(second.outcome.kind, 'rejected');
    assert.equal(second.record.state, 'inProgress');
    assert.equal(second.record.orderId, first.record.orderId);
    assert.equal((await emu.ordersWith(trackingId)).length, 1);
    await client.close();
  });

  it('a token that expires while the order is in flight: one 401, one refresh, the same tracking id, one order', async () => {
    const client = emu.client();
    assert.deepEqual(await client.checkCredentials(), { ok: true });
    // Warm the cache, then hold the next POST until every token under it has expired.
    assert.equal((await submitWithRecord(emu, client)).record.state, 'inProgress');
    await emu.fault({ kind: 'delay', ms: 600_000, stage: 'beforeStore' });
    const pending = submitWithRecord(emu, client);
    await waitFor(async () => ((await emu.stats()).orderRequests === 2 ? true : undefined), 'the held POST');
    await emu.control('POST', 'expire-tokens');
    await emu.control('POST', 'release-delays');
    const { record } = await pending;
    assert.equal(record.state, 'inProgress');
    const stats = await emu.stats();
    assert.equal(stats.orderRequests, 3, 'the held POST got a 401 and went once more');
    assert.equal((await emu.ordersWith(record.trackingId)).length, 1);
    await client.close();
  });

  it('a token that expires between submitting and following the status: the lookup refreshes and goes on', async () => {
    const client = emu.client();
    const { record } = await submitWithRecord(emu, client);
    const tokensBefore = (await emu.stats()).tokenRequests;
    await emu.control('POST', 'expire-tokens');
    const status = await client.getOrderStatus(record.orderId!);
    assert.equal(status.kind, 'status');
    assert.equal((await emu.stats()).tokenRequests, tokensBefore + 1);
    await client.close();
  });

  const tokenFaults: { name: string; fault: FaultSpec; says: RegExp; headersMs?: number }[] = [
    { name: 'HTTP 500', fault: { on: 'token', kind: 'status', status: 500 }, says: /did not issue a token \(HTTP 500/ },
    { name: 'a reset', fault: { on: 'token', kind: 'reset' }, says: /Could not reach Local emulator .* for a token: the connection was closed/ },
    { name: 'malformed JSON', fault: { on: 'token', kind: 'malformedJson' }, says: /something that is not a token/ },
    { name: 'a timeout', fault: { on: 'token', kind: 'delay', ms: 3000 }, says: /for a token: no answer before the time limit/, headersMs: 200 },
  ];
  for (const c of tokenFaults) {
    it(`${c.name} on the token endpoint: record rejected (nothing sent), no order request at all`, async () => {
      const clients = await hastyAndPatient(emu, c.headersMs ?? 30_000, false);
      await emu.fault(c.fault);
      const { record, outcome } = await submitWithRecord(emu, clients.hasty);
      assert.equal(outcome.kind, 'rejected');
      assert.equal((outcome as Extract<SubmitOutcome, { kind: 'rejected' }>).httpStatus, 0, 'status 0: never reached the order endpoint');
      assert.equal(record.state, 'rejected');
      assert.match(record.failure!.message, c.says);
      assertUserMessage(record.failure!.message, /try again/i);
      assert.equal((await emu.stats()).orderRequests, 0);
      // The next attempt fetches a token afresh: a failed refresh is not cached.
      assert.equal((await submitWithRecord(emu, clients.patient)).record.state, 'inProgress');
      await clients.close();
    });
  }
});
