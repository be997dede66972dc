// The Orders list the benches load: the same records in-process (ordersLoad10k.ts) and in the
// extension host (host/extensionHostBench.ts), so their figures are about one list.
import { applyStatus, applySubmitOutcome, createDraft, markSending, type OrderRecord } from '../../src/core/orderRecord';
import { TARGETS } from '../../src/core/targets';

/** Finished and running orders, one number each, a minute apart; a third still in progress. */
export function sampleOrderRecords(count: number): OrderRecord[] {
  const base = Date.UTC(2025, 0, 1);
  return Array.from({ length: count }, (_, i) => {
    const at = (s: number) => new Date(base + (i * 60 + s) * 1000);
    const number = `+4420${String(10_000_000 + i)}`;
    const draft = createDraft({
      target: 'sandbox',
      baseUrl: TARGETS.sandbox.baseUrl,
      body: {
        numberRangeList: [{ numberRangeStart: number, numberRangeEnd: number }],
        productOffering: { name: 'Wholesale SIP' },
        relatedParty: { reseller: { serviceProfile: 'ANH', country: 'GB' } },
      },
      now: at(0),
    });
    const sent = markSending(draft, at(1));
    const accepted = applySubmitOutcome(sent, { kind: 'accepted', trackingId: sent.trackingId, orderId: `ORD-${i}` }, at(2));
    return i % 3 === 0 ? accepted : applyStatus(accepted, 'Completed', at(30));
  });
}
