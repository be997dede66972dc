import * as assert from 'node:assert/strict';
import {
  applyStatus,
  applySubmitOutcome,
  canTransition,
  createDraft,
  IllegalTransitionError,
  isFinal,
  mapOrderStatus,
  markInterrupted,
  markSending,
  ORDER_STATES,
  parseRecords,
  RecordsFormatError,
  serializeRecords,
  settlesUnknown,
  type OrderRecord,
  type OrderState,
} from '../../src/core/orderRecord';
import type { SubmitOutcome } from '../../src/core/coltClient';
import type { ReactivationRequest } from '../../src/core/schemas';

const BODY: ReactivationRequest = {
  numberRangeList: [{ numberRangeStart: '+442081324758', numberRangeEnd: '+442081324758' }],
  productOffering: { name: 'Wholesale SIP' },
  relatedParty: { reseller: { serviceProfile: 'ANH', country: 'GB' } },
};
const T0 = new Date('2026-01-01T10:00:00.000Z');

function sent(trackingId = 'track-1'): OrderRecord {
  return markSending(createDraft({ target: 'emulator', baseUrl: 'http://127.0.0.1:4010', body: BODY, trackingId, now: T0 }), T0);
}

describe('order records: state machine', () => {
  it('a draft has a fresh UUID tracking id, the body without $schema, and one history entry', () => {
    const draft = createDraft({ target: 'sandbox', baseUrl: 'https://sandbox.apis.colt.net', body: { ...BODY, $schema: 'x' } as ReactivationRequest, now: T0 });
    assert.match(draft.trackingId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(draft.state, 'draft');
    assert.equal('$schema' in draft.body, false);
    assert.deepEqual(draft.history, [{ at: T0.toISOString(), state: 'draft' }]);
  });

  it('sending records the submitted time', () => {
    const r = sent();
    assert.equal(r.state, 'sending');
    assert.equal(r.submittedAt, T0.toISOString());
  });

  it('accepted → inProgress with the order id, then Completed', () => {
    let r = applySubmitOutcome(sent(), { kind: 'accepted', trackingId: 'track-1', orderId: 'o-1' });
    assert.equal(r.state, 'inProgress');
    assert.equal(r.orderId, 'o-1');
    assert.equal(isFinal(r), false);
    r = applyStatus(r, 'In progress');
    assert.equal(r.state, 'inProgress');
    assert.equal(r.orderStatus, 'In progress');
    r = applyStatus(r, 'Completed');
    assert.equal(r.state, 'completed');
    assert.equal(isFinal(r), true);
    assert.deepEqual(
      r.history.map((h) => h.state),
      ['draft', 'sending', 'inProgress', 'inProgress', 'completed'],
    );
  });

  it('a refusal is final and keeps status, code and message', () => {
    const r = applySubmitOutcome(sent(), { kind: 'rejected', trackingId: 'track-1', httpStatus: 422, code: 'REACTIVATION_NOT_ALLOWED', message: 'no' });
    assert.equal(r.state, 'rejected');
    assert.deepEqual(r.failure, { httpStatus: 422, code: 'REACTIVATION_NOT_ALLOWED', message: 'no' });
    assert.equal(isFinal(r), true);
  });

  it('a failure before sending (httpStatus 0) is rejected without an HTTP status', () => {
    const r = applySubmitOutcome(sent(), { kind: 'rejected', trackingId: 'track-1', httpStatus: 0, message: 'cancelled' });
    assert.equal(r.state, 'rejected');
    assert.deepEqual(r.failure, { message: 'cancelled' });
  });

  it('unknown is not final, and a 409 with the existing order id reconciles it', () => {
    let r = applySubmitOutcome(sent(), { kind: 'unknown', trackingId: 'track-1', message: 'timed out' });
    assert.equal(r.state, 'unknown');
    assert.equal(isFinal(r), false);
    r = applySubmitOutcome(r, { kind: 'unknown', trackingId: 'track-1', message: 'timed out again' });
    assert.equal(r.state, 'unknown');
    r = applySubmitOutcome(r, {
      kind: 'rejected',
      trackingId: 'track-1',
      httpStatus: 409,
      code: 'DUPLICATE_TRACKING_ID',
      message: 'dup',
      existingOrderId: 'o-9',
    });
    assert.equal(r.state, 'inProgress');
    assert.equal(r.orderId, 'o-9');
    assert.equal(r.failure, undefined);
    assert.match(r.history.at(-1)!.note!, /reconciled/);
  });

  describe('checking an unknown record (resent with the same tracking id)', () => {
    const unknown = () => applySubmitOutcome(sent(), { kind: 'unknown', trackingId: 'track-1', message: 'reset' });
    const refusal = (httpStatus: number, extra: { code?: string; existingOrderId?: string } = {}): SubmitOutcome => ({
      kind: 'rejected',
      trackingId: 'track-1',
      httpStatus,
      message: `refused (HTTP ${httpStatus})`,
      ...extra,
    });

    it('an accepted resubmission → inProgress with the order id', () => {
      const r = applySubmitOutcome(unknown(), { kind: 'accepted', trackingId: 'track-1', orderId: 'o-2' });
      assert.equal(r.state, 'inProgress');
      assert.equal(r.orderId, 'o-2');
      assert.match(r.history.at(-1)!.note!, /accepted on resubmission/);
    });

    it('a 409 with the order id → inProgress with that id', () => {
      const r = applySubmitOutcome(unknown(), refusal(409, { code: 'DUPLICATE_TRACKING_ID', existingOrderId: 'o-7' }));
      assert.deepEqual([r.state, r.orderId, r.failure], ['inProgress', 'o-7', undefined]);
    });

    for (const status of [400, 422]) {
      it(`a ${status} (Colt refused the body itself) → rejected, final, with a note that the first send met the same refusal`, () => {
        const r = applySubmitOutcome(unknown(), refusal(status, { code: 'X' }));
        assert.equal(r.state, 'rejected');
        assert.equal(isFinal(r), true);
        assert.deepEqual(r.failure, { httpStatus: status, code: 'X', message: `refused (HTTP ${status})` });
        assert.match(r.history.at(-1)!.note!, /first send would have been refused the same way/);
      });
    }

    const inconclusive: [string, SubmitOutcome[]][] = [
      ['a 503', [refusal(503)]],
      ['a 500', [refusal(500)]],
      ['a 401 twice (the client already retried once)', [refusal(401), refusal(401)]],
      ['a 403', [refusal(403)]],
      ['a 429', [refusal(429)]],
      ['a 409 without an order id', [refusal(409, { code: 'DUPLICATE_TRACKING_ID' })]],
      ['a failure before sending (status 0)', [refusal(0)]],
      ['no answer again', [{ kind: 'unknown', trackingId: 'track-1', message: 'reset again' }]],
    ];
    for (const [name, outcomes] of inconclusive) {
      it(`${name} → stays unknown, with a history note per answer`, () => {
        const start = unknown();
        let r = start;
        for (const o of outcomes) r = applySubmitOutcome(r, o);
        assert.equal(r.state, 'unknown');
        assert.equal(isFinal(r), false);
        assert.equal(r.orderId, undefined);
        const added = r.history.slice(start.history.length);
        assert.equal(added.length, outcomes.length);
        for (const h of added) {
          assert.equal(h.state, 'unknown');
          assert.match(h.note!, /^still unknown: /);
        }
        // Still open to a later, definite answer.
        assert.equal(applySubmitOutcome(r, refusal(409, { existingOrderId: 'o-8' })).orderId, 'o-8');
      });
    }

    it('settlesUnknown says which answers end it', () => {
      assert.equal(settlesUnknown({ kind: 'accepted', trackingId: 't', orderId: 'o' }), true);
      assert.deepEqual(
        [400, 401, 403, 409, 422, 429, 500, 502, 503, 0].map((s) => [s, settlesUnknown(refusal(s))]),
        [400, 401, 403, 409, 422, 429, 500, 502, 503, 0].map((s) => [s, s === 400 || s === 422]),
      );
      assert.equal(settlesUnknown(refusal(409, { existingOrderId: 'o' })), true);
      assert.equal(settlesUnknown({ kind: 'unknown', trackingId: 't', message: 'm' }), false);
    });

    it('a first send (state sending) answered 503 or 409 without an id is still rejected', () => {
      assert.equal(applySubmitOutcome(sent(), refusal(503)).state, 'rejected');
      assert.equal(applySubmitOutcome(sent(), refusal(409)).state, 'rejected');
    });
  });

  it('a record left in sending can be marked interrupted (unknown)', () => {
    assert.equal(markInterrupted(sent()).state, 'unknown');
  });

  it('illegal transitions throw a typed error', () => {
    const draft = createDraft({ target: 'emulator', baseUrl: 'http://x', body: BODY, trackingId: 't' });
    assert.throws(() => applySubmitOutcome(draft, { kind: 'accepted', trackingId: 't', orderId: 'o' }), IllegalTransitionError);
    assert.throws(() => applyStatus(draft, 'Completed'), IllegalTransitionError);
    const done = applyStatus(applySubmitOutcome(sent(), { kind: 'accepted', trackingId: 'track-1', orderId: 'o' }), 'Completed');
    assert.throws(
      () => applyStatus(done, 'Failed'),
      (e: unknown) => e instanceof IllegalTransitionError && e.from === 'completed' && e.to === 'failed',
    );
    assert.throws(() => markSending(done), IllegalTransitionError);
    assert.equal(applyStatus(done, 'Completed'), done, 'repeating the final status is a no-op');
    assert.throws(() => applySubmitOutcome(sent(), { kind: 'accepted', trackingId: 'other', orderId: 'o' }), /does not belong/);
  });

  it('the allowed transitions are exactly the documented ones', () => {
    const allowed = new Set([
      'draft>sending',
      'sending>inProgress',
      'sending>rejected',
      'sending>unknown',
      'inProgress>completed',
      'inProgress>failed',
      'unknown>inProgress',
      'unknown>rejected',
    ]);
    for (const from of ORDER_STATES) for (const to of ORDER_STATES) assert.equal(canTransition(from, to), allowed.has(`${from}>${to}`), `${from}>${to}`);
    const finals = ORDER_STATES.filter((s: OrderState) => isFinal({ state: s }));
    assert.deepEqual(finals, ['completed', 'failed', 'rejected']);
  });
});

describe('order records: status mapping', () => {
  const cases: [string, string, boolean][] = [
    ['In progress', 'inProgress', false],
    ['Completed', 'completed', false],
    ['Failed', 'failed', false],
    ['acknowledged', 'inProgress', false],
    ['pending', 'inProgress', false],
    ['held', 'inProgress', false],
    ['inProgress', 'inProgress', false],
    ['completed', 'completed', false],
    ['failed', 'failed', false],
    ['rejected', 'failed', false],
    ['cancelled', 'failed', false],
    ['partial', 'failed', true],
  ];
  for (const [status, state, hasNote] of cases) {
    it(`"${status}" → ${state}`, () => {
      const m = mapOrderStatus(status);
      assert.equal(m.state, state);
      assert.equal(m.note !== undefined, hasNote);
    });
  }

  it('an unknown status text is kept as orderStatus and is not final', () => {
    const r = applyStatus(applySubmitOutcome(sent(), { kind: 'accepted', trackingId: 'track-1', orderId: 'o' }), 'Awaiting porting window');
    assert.equal(r.state, 'inProgress');
    assert.equal(r.orderStatus, 'Awaiting porting window');
    assert.equal(isFinal(r), false);
    assert.match(r.history.at(-1)!.note!, /unrecognised/);
  });

  it('partial fails the order with a note saying so', () => {
    const r = applyStatus(applySubmitOutcome(sent(), { kind: 'accepted', trackingId: 'track-1', orderId: 'o' }), 'partial');
    assert.equal(r.state, 'failed');
    assert.match(r.failure!.message, /partially/);
  });
});

describe('order records: serialisation', () => {
  function sample(): OrderRecord[] {
    const a = applyStatus(applySubmitOutcome(sent('a'), { kind: 'accepted', trackingId: 'a', orderId: '34aaa520-fg16-3456-a45d-9fe6e060ed43' }), 'Completed');
    const b = applySubmitOutcome(sent('b'), { kind: 'rejected', trackingId: 'b', httpStatus: 422, code: 'X', message: 'no' });
    const c = applySubmitOutcome(sent('c'), { kind: 'unknown', trackingId: 'c', message: 'reset' });
    const d = createDraft({ target: 'production', baseUrl: 'https://apis.colt.net', body: BODY, trackingId: 'd', now: T0 });
    return [a, b, c, d];
  }

  it('round-trips every record', () => {
    const records = sample();
    const parsed = parseRecords(serializeRecords(records));
    assert.equal(parsed.skipped, 0);
    assert.deepEqual(parsed.records, JSON.parse(JSON.stringify(records)));
  });

  it('never writes a property that is not part of a record (such as a secret)', () => {
    const leaky = { ...sample()[0]!, clientSecret: 's3cret', body: { ...BODY, token: 'tok' } } as unknown as OrderRecord;
    const text = serializeRecords([leaky]);
    assert.doesNotMatch(text, /s3cret|tok"/);
  });

  it('skips and counts invalid entries', () => {
    const file = JSON.parse(serializeRecords(sample()));
    file.records.push({ version: 1, trackingId: 'broken' }, 42, { ...file.records[0], state: 'exploded' });
    const parsed = parseRecords(JSON.stringify(file));
    assert.equal(parsed.records.length, 4);
    assert.equal(parsed.skipped, 3);
  });

  it('a newer file version is a clear error, not a crash', () => {
    assert.throws(
      () => parseRecords(JSON.stringify({ version: 2, records: [] })),
      (e: unknown) => e instanceof RecordsFormatError && /newer version/.test(e.message),
    );
  });

  it('carries the dated removals beside the records; a list without them, or with broken ones, still reads', () => {
    const removed: [string, string][] = [['gone', '2026-01-02T00:00:00.000Z']];
    const parsed = parseRecords(serializeRecords(sample(), removed));
    assert.deepEqual(parsed.removed, removed);
    assert.deepEqual(parseRecords(serializeRecords(sample())).removed, []);
    const file = JSON.parse(serializeRecords([], removed));
    file.removed.push(['no date'], [1, 2], 'x');
    assert.deepEqual(parseRecords(JSON.stringify(file)).removed, removed);
  });

  it('a long list (checked by the compiled schema) reads exactly as a short one: same records, same skips, no stray property', () => {
    const many = Array.from({ length: 1200 }, (_, i) => sample()[i % 4]!).map((r, i) => ({ ...r, trackingId: `t-${i}` }));
    const file = JSON.parse(serializeRecords(many));
    file.records[5] = { ...file.records[5], state: 'exploded' };
    file.records[6] = { ...file.records[6], body: { ...BODY, numberRangeList: [{ numberRangeStart: '0207', numberRangeEnd: '0207' }] } };
    file.records[7] = { ...file.records[7], clientSecret: 's3cret' };
    const parsed = parseRecords(JSON.stringify(file));
    assert.equal(parsed.skipped, 2);
    assert.equal(parsed.records.length, 1198);
    assert.deepEqual(
      parsed.records,
      JSON.parse(JSON.stringify(many)).filter((_: unknown, i: number) => i !== 5 && i !== 6),
    );
    assert.doesNotMatch(serializeRecords(parsed.records), /s3cret/);
  });

  it('garbage is a clear error', () => {
    assert.throws(() => parseRecords('{nope'), RecordsFormatError);
    assert.throws(() => parseRecords('[1,2]'), RecordsFormatError);
  });
});
