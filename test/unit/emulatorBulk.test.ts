// A bulk reactivation against the emulator, as Colt would take it: the example CSV's plan is accepted
// order by order from the demo inventory, and an order mixing countries is refused whole.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { importNumbers } from '../../src/core/bulkImport';
import { planBatch } from '../../src/core/bulkPlan';
import type { ReactivationRequest } from '../../src/core/schemas';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEMO_INVENTORY,
  ORDER_PATH,
  type RunningEmulator,
  startEmulator,
  TOKEN_PATH,
} from '../../src/emulator/emulator';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'bulk-numbers.csv');
let counter = 0;

async function token(emu: RunningEmulator): Promise<string> {
  const res = await fetch(emu.url + TOKEN_PATH, {
    method: 'POST',
    headers: {
      authorization: 'Basic ' + Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString('base64'),
      'content-type': 'application/x-www-form-urlencoded',
      'x-tracking-id': `bulk-token-${++counter}`,
    },
    body: 'grant_type=client_credentials',
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

async function post(emu: RunningEmulator, bearer: string, body: ReactivationRequest): Promise<{ status: number; body: any }> {
  const res = await fetch(emu.url + ORDER_PATH, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', 'x-tracking-id': `bulk-${++counter}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

describe('emulator: bulk reactivation', () => {
  let emu: RunningEmulator;
  let bearer: string;
  beforeEach(async () => {
    emu = await startEmulator({ port: 0, completeAfterMs: 3_600_000 });
    bearer = await token(emu);
  });
  afterEach(() => emu.close());

  it('the demo inventory holds a realistic batch: hundreds of Quarantined numbers in several countries', () => {
    const perCountry = new Map<string, number>();
    for (const n of DEMO_INVENTORY.numbers) if (n.status === 'Quarantined') perCountry.set(n.country, (perCountry.get(n.country) ?? 0) + 1);
    const countriesWithHundred = [...perCountry].filter(([, count]) => count >= 100).map(([country]) => country);
    assert.ok(countriesWithHundred.length >= 5, countriesWithHundred.join(', '));
  });

  it('accepts every order planned from examples/bulk-numbers.csv, whose refused rows cover every kind of problem', async () => {
    const plan = planBatch(importNumbers(fs.readFileSync(EXAMPLE, 'utf8'), { fileName: 'bulk-numbers.csv' }));
    assert.deepEqual([...new Set(plan.problems.map((p) => p.code))].sort(), [
      'country-mismatch',
      'country-not-served',
      'duplicate',
      'missing-number',
      'not-a-number',
      'unknown-country',
      'unreadable-row',
    ]);
    assert.ok(plan.orders.length >= 5);
    for (const order of plan.orders) {
      const answer = await post(emu, bearer, order.body);
      assert.equal(answer.status, 201, `${order.fileName}: ${JSON.stringify(answer.body)}`);
    }
  });

  it('refuses an order mixing countries as a whole (one reseller country per order), and takes them as one order per country', async () => {
    const gb = { numberRangeStart: '+442079460100', numberRangeEnd: '+442079460104' };
    const de = { numberRangeStart: '+494012345100', numberRangeEnd: '+494012345101' };
    const mixed = await post(emu, bearer, {
      numberRangeList: [gb, de],
      productOffering: { name: 'Wholesale SIP' },
      relatedParty: { reseller: { serviceProfile: 'ANH', country: 'GB' } },
    });
    assert.equal(mixed.status, 422, JSON.stringify(mixed.body));
    assert.deepEqual(
      mixed.body.details.map((d: { rule: string; number: string }) => `${d.rule} ${d.number}`),
      ['wrong-country +494012345100', 'wrong-country +494012345101'],
    );
    assert.match(mixed.body.message, /Nothing was reactivated/);

    // Nothing of the refused order was taken: the same numbers, one order per country, are accepted.
    const plan = planBatch([
      ...['+442079460100', '+442079460101', '+442079460102', '+442079460103', '+442079460104'].map((number, i) => ({
        number,
        country: 'GB' as const,
        serviceProfile: 'ANH',
        line: i + 1,
      })),
      { number: '+494012345100', country: 'DE' as const, line: 6 },
      { number: '+494012345101', country: 'DE' as const, line: 7 },
    ]);
    assert.deepEqual(
      plan.orders.map((o) => o.fileName),
      ['GB-ANH-1.reactivate.json', 'DE-1.reactivate.json'],
    );
    for (const order of plan.orders) assert.equal((await post(emu, bearer, order.body)).status, 201, order.fileName);
  });
});
