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
  type OrderRecord,
  type OrderState,
} from '../../src/core/orderRecord';
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
    r = applySubmitOutcome(r, { kind: 'rejected', trackingId: 'track-1', httpStatus: 409, code: 'DUPLICATE_TRACKING_ID', message: 'dup', existingOrderId: 'o-9' });
    assert.equal(r.state, 'inProgress');
    assert.equal(r.orderId, 'o-9');
    assert.equal(r.failure, undefined);
    assert.match(r.history.at(-1)!.note!, /reconciled/);
  });

  it('unknown then an accepted resubmission is inProgress; unknown then a refusal is rejected', () => {
    const unknown = applySubmitOutcome(sent(), { kind: 'unknown', trackingId: 'track-1', message: 'reset' });
    assert.equal(applySubmitOutcome(unknown, { kind: 'accepted', trackingId: 'track-1', orderId: 'o-2' }).state, 'inProgress');
    assert.equal(applySubmitOutcome(unknown, { kind: 'rejected', trackingId: 'track-1', httpStatus: 400, message: 'bad' }).state, 'rejected');
  });

  it('a record left in sending can be marked interrupted (unknown)', () => {
    assert.equal(markInterrupted(sent()).state, 'unknown');
  });

  it('illegal transitions throw a typed error', () => {
    const draft = createDraft({ target: 'emulator', baseUrl: 'http://x', body: BODY, trackingId: 't' });
    assert.throws(() => applySubmitOutcome(draft, { kind: 'accepted', trackingId: 't', orderId: 'o' }), IllegalTransitionError);
    assert.throws(() => applyStatus(draft, 'Completed'), IllegalTransitionError);
    const done = applyStatus(applySubmitOutcome(sent(), { kind: 'accepted', trackingId: 'track-1', orderId: 'o' }), 'Completed');
    assert.throws(() => applyStatus(done, 'Failed'), (e: unknown) => e instanceof IllegalTransitionError && e.from === 'completed' && e.to === 'failed');
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
    assert.throws(() => parseRecords(JSON.stringify({ version: 2, records: [] })), (e: unknown) => e instanceof RecordsFormatError && /newer version/.test(e.message));
  });

  it('garbage is a clear error', () => {
    assert.throws(() => parseRecords('{nope'), RecordsFormatError);
    assert.throws(() => parseRecords('[1,2]'), RecordsFormatError);
  });
});
