import * as assert from 'node:assert/strict';
import {
  alreadyRecorded,
  sortBatchFiles,
  requestKey,
  runBounded,
  summariseBatch,
  summaryLine,
  type BatchFile,
  type BatchOutcome,
  type BatchPlanOptions,
} from '../../src/core/batchSubmission';
import { applySubmitOutcome, createDraft, markInterrupted, markSending, parseRecords, serializeRecords, type OrderRecord } from '../../src/core/orderRecord';
import type { ReactivationRequest } from '../../src/core/schemas';

const BASE = 'http://127.0.0.1:4010';
const OPTIONS: BatchPlanOptions = { target: 'emulator', baseUrl: BASE };

function body(start: string, end = start, profile: string | null = 'ANH'): ReactivationRequest {
  return {
    numberRangeList: [{ numberRangeStart: start, numberRangeEnd: end }],
    productOffering: { name: 'Wholesale SIP' },
    relatedParty: { reseller: profile ? { serviceProfile: profile, country: 'GB' } : { country: 'GB' } },
  };
}

function file(path: string, b: ReactivationRequest | string): BatchFile {
  return { path, text: typeof b === 'string' ? b : JSON.stringify({ $schema: './reactivate.schema.json', ...b }, null, 2) };
}

function recordOf(b: ReactivationRequest, state: 'inProgress' | 'rejected' | 'unknown' | 'sending', baseUrl = BASE): OrderRecord {
  const sending = markSending(createDraft({ target: 'emulator', baseUrl, body: b, batchId: 'batch-1', sourceFile: 'x.reactivate.json' }));
  if (state === 'sending') return sending;
  if (state === 'unknown') return markInterrupted(sending);
  if (state === 'rejected')
    return applySubmitOutcome(sending, { kind: 'rejected', trackingId: sending.trackingId, httpStatus: 422, code: 'NOT_QUARANTINED', message: 'no' });
  return applySubmitOutcome(sending, { kind: 'accepted', trackingId: sending.trackingId, orderId: 'order-1' });
}

describe('batch submission: request keys and the plan', () => {
  it('the key ignores $schema, the order of ranges and the base URL path, but not the target, the host or the profile', () => {
    const a: ReactivationRequest = {
      ...body('+442071830001'),
      numberRangeList: [
        { numberRangeStart: '+442071830005', numberRangeEnd: '+442071830006' },
        { numberRangeStart: '+442071830001', numberRangeEnd: '+442071830001' },
      ],
    };
    const b: ReactivationRequest = { ...a, numberRangeList: [...a.numberRangeList].reverse() };
    assert.equal(requestKey(a, 'emulator', BASE), requestKey(b, 'emulator', `${BASE}/`));
    assert.equal(requestKey({ ...a, $schema: 'x' } as ReactivationRequest, 'emulator', BASE), requestKey(a, 'emulator', BASE));
    assert.notEqual(requestKey(a, 'emulator', BASE), requestKey(a, 'sandbox', BASE));
    assert.notEqual(requestKey(a, 'emulator', BASE), requestKey(a, 'emulator', 'http://127.0.0.1:4011'));
    assert.notEqual(requestKey(body('+442071830001'), 'emulator', BASE), requestKey(body('+442071830001', undefined, null), 'emulator', BASE));
  });

  it('sends files with no record or only a refusal; reports accepted and in-flight ones; unknown ones wait for Check Order', () => {
    const records = [
      recordOf(body('+442071830001'), 'inProgress'),
      recordOf(body('+442071830002'), 'rejected'),
      recordOf(body('+442071830003'), 'unknown'),
      recordOf(body('+442071830004'), 'sending'),
      // A refusal and then an acceptance of the same request: the acceptance speaks for it.
      recordOf(body('+442071830005'), 'rejected'),
      recordOf(body('+442071830005'), 'inProgress'),
      // The same body at another emulator is another order.
      recordOf(body('+442071830006'), 'inProgress', 'http://127.0.0.1:4999'),
    ];
    const files = ['1', '2', '3', '4', '5', '6', '7'].map((n) => file(`GB-${n}.reactivate.json`, body(`+44207183000${n}`)));
    const plan = sortBatchFiles(files, records, OPTIONS);
    assert.deepEqual(
      plan.map((i) => [i.path, i.kind]),
      [
        ['GB-1.reactivate.json', 'recorded'],
        ['GB-2.reactivate.json', 'send'],
        ['GB-3.reactivate.json', 'unknown'],
        ['GB-4.reactivate.json', 'recorded'],
        ['GB-5.reactivate.json', 'recorded'],
        ['GB-6.reactivate.json', 'send'],
        ['GB-7.reactivate.json', 'send'],
      ],
    );
    const five = plan[4]!;
    assert.ok(five.kind === 'recorded' && five.record.state === 'inProgress');
  });

  it('a file with errors is reported with its diagnostics; a repeat of an earlier file is sent once', () => {
    const plan = sortBatchFiles(
      [
        file('a.reactivate.json', body('+442071830001')),
        file('b.reactivate.json', '{ "numberRangeList": [ '),
        file('c.reactivate.json', { ...body('+442071830001'), numberRangeList: [{ numberRangeStart: '+442071830001', numberRangeEnd: '+442071830001' }] }),
        file('d.reactivate.json', body('+4412')),
      ],
      [],
      OPTIONS,
    );
    assert.equal(plan[0]!.kind, 'send');
    assert.equal(plan[1]!.kind, 'invalid');
    assert.ok(plan[1]!.kind === 'invalid' && plan[1]!.errors.some((e) => e.code === 'json-syntax'));
    assert.deepEqual(plan[2], { kind: 'duplicate', path: 'c.reactivate.json', sameAs: 'a.reactivate.json' });
    assert.equal(plan[3]!.kind, 'invalid');
  });

  it('just before a POST: another record of the same request forbids it unless it was refused; in-flight-only looks at sending ones alone', () => {
    const b = body('+442071838000');
    const mine = markSending(createDraft({ target: 'emulator', baseUrl: BASE, body: b }));
    assert.equal(alreadyRecorded(mine, [mine]), undefined, 'its own record does not count');
    assert.equal(alreadyRecorded(mine, [mine, recordOf(b, 'rejected')]), undefined, 'a refusal placed nothing');
    assert.equal(alreadyRecorded(mine, [mine, recordOf(body('+442071838001'), 'inProgress')]), undefined, 'another request');
    assert.equal(alreadyRecorded(mine, [mine, recordOf(b, 'inProgress', 'http://127.0.0.1:4011')]), undefined, 'another host');
    const accepted = recordOf(b, 'inProgress');
    const sending = recordOf(b, 'sending');
    const unknown = recordOf(b, 'unknown');
    assert.equal(alreadyRecorded(mine, [sending, mine, accepted, unknown]), accepted, 'the one furthest along');
    assert.equal(alreadyRecorded(mine, [unknown]), unknown);
    assert.equal(alreadyRecorded(mine, [accepted, unknown], { inFlightOnly: true }), undefined, "sending again later is the user's choice");
    assert.equal(alreadyRecorded(mine, [accepted, sending], { inFlightOnly: true }), sending, 'never twice at once');
    const reordered = markSending(createDraft({ target: 'emulator', baseUrl: BASE, body: { ...b, numberRangeList: [...b.numberRangeList] } }));
    assert.equal(alreadyRecorded(reordered, [accepted]), accepted, 'by what it asks for, not by object');
  });

  it('records with a batch and a source file survive serialisation; records without them serialise as before', () => {
    const withBatch = recordOf(body('+442071830001'), 'inProgress');
    const plain = markSending(createDraft({ target: 'emulator', baseUrl: BASE, body: body('+442071830002') }));
    assert.equal('batchId' in plain, false);
    const { records, skipped } = parseRecords(serializeRecords([withBatch, plain]));
    assert.equal(skipped, 0);
    assert.equal(records[0]!.batchId, 'batch-1');
    assert.equal(records[0]!.sourceFile, 'x.reactivate.json');
    assert.deepEqual(records[1], plain);
  });
});

/** A run whose orders finish when the test says so, to observe what is in flight. */
function gate() {
  const waiting: (() => void)[] = [];
  let inFlight = 0;
  let most = 0;
  const started: number[] = [];
  return {
    started,
    get inFlight() {
      return inFlight;
    },
    get most() {
      return most;
    },
    run: (_item: unknown, index: number) =>
      new Promise<number>((resolve) => {
        inFlight++;
        most = Math.max(most, inFlight);
        started.push(index);
        waiting.push(() => {
          inFlight--;
          resolve(index);
        });
      }),
    /** Lets the oldest order under way finish. */
    finishOne: async () => {
      waiting.shift()?.();
      // Let the worker pick its next item.
      for (let i = 0; i < 5; i++) await Promise.resolve();
    },
    get pending() {
      return waiting.length;
    },
  };
}

describe('batch submission: bounded, cancellable runs', () => {
  it('never has more than `concurrency` orders in flight, and starts each in order', async () => {
    const g = gate();
    const done = runBounded(
      Array.from({ length: 10 }, (_, i) => i),
      { concurrency: 4, run: g.run },
    );
    await Promise.resolve();
    assert.equal(g.inFlight, 4);
    while (g.pending) await g.finishOne();
    const { results, cancelled } = await done;
    assert.equal(g.most, 4);
    assert.deepEqual(g.started, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(results, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(cancelled, false);
  });

  it('a cancel stops before the next order: the ones under way finish, none starts after', async () => {
    const g = gate();
    let cancel = false;
    const settled: number[] = [];
    const done = runBounded(
      Array.from({ length: 10 }, (_, i) => i),
      { concurrency: 3, run: g.run, cancelled: () => cancel, settled: (r) => settled.push(r) },
    );
    await Promise.resolve();
    await g.finishOne(); // 0 done, 3 starts
    cancel = true;
    assert.equal(g.pending, 3, 'three under way when cancelled');
    while (g.pending) await g.finishOne();
    const { results, cancelled } = await done;
    assert.equal(cancelled, true);
    assert.deepEqual(g.started, [0, 1, 2, 3]);
    assert.deepEqual(settled, [0, 1, 2, 3], 'every order under way was finished, not abandoned');
    assert.deepEqual(results, [0, 1, 2, 3, undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('a cancel after the last order started is not a cancel', async () => {
    let cancel = false;
    const { cancelled } = await runBounded([1, 2], {
      concurrency: 2,
      run: async (n) => {
        if (n === 2) cancel = true;
        return n;
      },
      cancelled: () => cancel,
    });
    assert.equal(cancelled, false);
  });

  it('concurrency 1 is one at a time; a width larger than the batch is the batch', async () => {
    const one = gate();
    const a = runBounded([1, 2, 3], { concurrency: 1, run: one.run });
    while (one.pending || one.started.length < 3) await one.finishOne();
    await a;
    assert.equal(one.most, 1);
    const wide = gate();
    const b = runBounded([1, 2], { concurrency: 16, run: wide.run });
    await Promise.resolve();
    assert.equal(wide.inFlight, 2);
    while (wide.pending) await wide.finishOne();
    await b;
  });
});

describe('batch submission: the summary', () => {
  it('counts accepted, refused with reasons, unknown with tracking ids, earlier ones and what was not sent', () => {
    const accepted = recordOf(body('+442071830001'), 'inProgress');
    const unknown = recordOf(body('+442071830002'), 'unknown');
    const outcomes: BatchOutcome[] = [
      { kind: 'accepted', path: 'a', record: accepted },
      { kind: 'refused', path: 'b', reason: 'Local emulator refused the order (HTTP 422): not quarantined' },
      { kind: 'unknown', path: 'c', record: unknown, earlier: false },
      { kind: 'recorded', path: 'd', record: accepted },
      { kind: 'duplicate', path: 'e', sameAs: 'a' },
      { kind: 'notSent', path: 'f', reason: 'cancelled' },
    ];
    const summary = summariseBatch(outcomes);
    assert.equal(summary.accepted, 1);
    assert.deepEqual(summary.refused, [{ path: 'b', reason: 'Local emulator refused the order (HTTP 422): not quarantined' }]);
    assert.deepEqual(summary.unknown, [{ path: 'c', trackingId: unknown.trackingId }]);
    assert.equal(summary.alreadySent, 1);
    assert.deepEqual(summary.notSent, [
      { path: 'e', reason: 'the same order as a' },
      { path: 'f', reason: 'cancelled' },
    ]);
    assert.equal(summaryLine(summary), '6 orders: 1 accepted, 1 refused, 1 unknown (Check Order), 1 already sent before, 2 not sent.');
    assert.equal(summaryLine(summariseBatch([{ kind: 'accepted', path: 'a', record: accepted }])), '1 order: 1 accepted.');
  });
});
