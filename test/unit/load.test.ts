// Load: 1,000 orders submitted concurrently, 16 in flight, through the real
// client to the real emulator over loopback. Every order is placed exactly once, every record
// is kept (built with orderRecord.ts, serialised and read back), and the tracking ids at the
// emulator are exactly ours. The extension-side half (the orders tree after a reload) is in
// test/integration/load.test.ts.
import { deadline } from '../deadline';
import * as assert from 'node:assert/strict';
import { applySubmitOutcome, createDraft, markSending, parseRecords, serializeRecords, type OrderRecord } from '../../src/core/orderRecord';
import { EmulatorControl } from '../../src/emulator/emulator';
import { EmulatorHarness } from './clientHelpers';

const ORDERS = 1000;
const IN_FLIGHT = 16;

/** Runs `work` over `items` with at most `limit` promises pending at any time. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<{ results: R[]; maxInFlight: number }> {
  const results: R[] = new Array(items.length);
  let nextIndex = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const worker = async () => {
    while (nextIndex < items.length) {
      const i = nextIndex++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        results[i] = await work(items[i]!);
      } finally {
        inFlight--;
      }
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return { results, maxInFlight };
}

describe('load: 1,000 concurrent orders through the client', function () {
  this.timeout(deadline(60_000));
  let emu: EmulatorHarness;

  before(async () => {
    // Completion far in the future: 1,000 timers firing mid-run would measure something else.
    emu = await EmulatorHarness.start({ completeAfterMs: 600_000 });
  });
  after(async () => {
    await emu?.close();
  });

  it('1,000 orders, 16 in flight: exactly 1,000 distinct tracking ids at the emulator, every record kept', async () => {
    const client = emu.client();
    const drafts = Array.from({ length: ORDERS }, () => createDraft({ target: 'emulator', baseUrl: emu.url, body: emu.freshBody() }));
    const started = performance.now();
    const { results: records, maxInFlight } = await pool(drafts, IN_FLIGHT, async (draft): Promise<OrderRecord> => {
      const sending = markSending(draft);
      return applySubmitOutcome(sending, await client.submitOrder(sending.body, { trackingId: sending.trackingId }));
    });
    const seconds = (performance.now() - started) / 1000;
    await client.close();

    assert.equal(maxInFlight, IN_FLIGHT);
    const notAccepted = records.filter((r) => r.state !== 'inProgress');
    assert.deepEqual(
      notAccepted.map((r) => `${r.state}: ${r.failure?.message}`),
      [],
    );

    // The emulator's own list: exactly our 1,000 tracking ids, each once, each with its order id.
    const orders = await new EmulatorControl(emu.url).orders();
    assert.equal(orders.length, ORDERS);
    const byTracking = new Map(orders.map((o) => [o.trackingId, o]));
    assert.equal(byTracking.size, ORDERS, 'distinct tracking ids');
    assert.equal(new Set(orders.map((o) => o.id)).size, ORDERS, 'distinct order ids');
    for (const r of records) assert.equal(byTracking.get(r.trackingId)?.id, r.orderId, `record ${r.trackingId}`);
    const numbers = orders.map((o) => (o.body as { numberRangeList: { numberRangeStart: string }[] }).numberRangeList[0]!.numberRangeStart);
    assert.equal(new Set(numbers).size, ORDERS, 'each number reactivated once');
    const stats = await emu.stats();
    assert.equal(stats.orderRequests, ORDERS, 'no order request repeated');
    assert.equal(stats.tokenRequests, 1, 'one token for all');

    // Every record survives a save and a load, in order, unchanged.
    const text = serializeRecords(records);
    const { records: back, skipped } = parseRecords(text);
    assert.equal(skipped, 0);
    assert.equal(back.length, ORDERS);
    assert.deepEqual(back, JSON.parse(JSON.stringify(records)));

    console.log(
      `      load: ${ORDERS} orders in ${seconds.toFixed(2)} s (${Math.round(ORDERS / seconds)} orders/s, ${IN_FLIGHT} in flight); records file ${(text.length / 1024).toFixed(0)} KiB`,
    );
  });
});
