// Colt's business rules in the emulator, one by one, over real HTTP (422 for every refusal).
import { deadline } from '../deadline';
import assert from 'node:assert/strict';
import type { CountryCode } from '../../src/core/countries';
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEMO_INVENTORY,
  type EmulatorOptions,
  MAX_NUMBERS_PER_ORDER,
  numberBlock,
  ORDER_PATH,
  type RunningEmulator,
  startEmulator,
  TOKEN_PATH,
} from '../../src/emulator/emulator';
import { EmulatorControl } from '../../src/emulator/emulatorControl';

let counter = 0;

class Session {
  private token?: string;
  constructor(readonly emu: RunningEmulator) {}

  async order(start: string, end: string, country: CountryCode, serviceProfile?: string): Promise<{ status: number; body: any }> {
    this.token ??= await this.getToken();
    const res = await fetch(this.emu.url + ORDER_PATH, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json', 'x-tracking-id': `rules-${++counter}` },
      body: JSON.stringify({
        numberRangeList: [{ numberRangeStart: start, numberRangeEnd: end }],
        productOffering: { name: 'Wholesale SIP' },
        relatedParty: { reseller: { country, ...(serviceProfile ? { serviceProfile } : {}) } },
      }),
    });
    return { status: res.status, body: await res.json() };
  }

  async orderStatus(id: string): Promise<any> {
    const res = await fetch(`${this.emu.url}${ORDER_PATH}/${id}`, { headers: { authorization: `Bearer ${this.token}` } });
    return (await res.json()).order;
  }

  /** Completes the emulator's orders on cue (see session()) and returns this one's status. */
  async complete(id: string): Promise<any> {
    await new EmulatorControl(this.emu.url).completeOrders();
    const order = await this.orderStatus(id);
    assert.equal(order.orderStatus, 'Completed');
    return order;
  }

  async getToken(): Promise<string> {
    const res = await fetch(this.emu.url + TOKEN_PATH, {
      method: 'POST',
      headers: {
        authorization: 'Basic ' + Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString('base64'),
        'content-type': 'application/x-www-form-urlencoded',
        'x-tracking-id': `token-${++counter}`,
      },
      body: 'grant_type=client_credentials',
    });
    return ((await res.json()) as { access_token: string }).access_token;
  }
}

function assertRefused(result: { status: number; body: any }, rule: string, number?: string): void {
  assert.equal(result.status, 422, JSON.stringify(result.body));
  assert.equal(result.body.code, 'REACTIVATION_NOT_ALLOWED');
  assert.equal(result.body.details[0].rule, rule);
  if (number) {
    assert.equal(result.body.details[0].number, number);
    assert.ok(result.body.message.includes(number));
  }
}

describe('emulator business rules', () => {
  const running: RunningEmulator[] = [];
  async function session(options: EmulatorOptions = {}): Promise<Session> {
    // Orders stay in progress until a test completes them: "in progress" is then a state the
    // test controls, not a race against a short timer on a busy machine.
    const emu = await startEmulator({ port: 0, completeAfterMs: 3_600_000, ...options });
    running.push(emu);
    return new Session(emu);
  }
  afterEach(async () => {
    await Promise.all(running.splice(0).map((e) => e.close()));
  });

  it('Quarantined becomes Activated ("Number Reactivation"), only once the order completes', async () => {
    const s = await session();
    const accepted = await s.order('+442081324758', '+442081324758', 'GB', 'ANH');
    assert.equal(accepted.status, 201);
    // While in progress the number is refused as being in an order, not as Activated.
    assertRefused(await s.order('+442081324758', '+442081324758', 'GB'), 'order-in-progress', '+442081324758');
    const done = await s.complete(accepted.body.order.id);
    assert.equal(done.orderType, 'Number Reactivation');
    const again = await s.order('+442081324758', '+442081324758', 'GB');
    assertRefused(again, 'not-quarantined', '+442081324758');
    assert.match(again.body.message, /is Activated/);
  });

  it('demo mode (recycleNumbers): a completed order leaves its numbers Quarantined, so the same request succeeds again', async () => {
    const s = await session({ recycleNumbers: true });
    const first = await s.order('+442081324758', '+442081324758', 'GB', 'ANH');
    assert.equal(first.status, 201);
    // Still one order at a time per number, as without the demo mode.
    assertRefused(await s.order('+442081324758', '+442081324758', 'GB'), 'order-in-progress', '+442081324758');
    await s.complete(first.body.order.id);
    const second = await s.order('+442081324758', '+442081324758', 'GB', 'ANH');
    assert.equal(second.status, 201, JSON.stringify(second.body));
    assert.notEqual(second.body.order.id, first.body.order.id);
    assert.equal((await s.complete(second.body.order.id)).orderType, 'Number Reactivation');
  });

  it('PortIn_Quarantined becomes PortIn_Activated ("Reactivate Port In") in FR, NL, IT, PT, SE, CH', async () => {
    const s = await session();
    for (const [n, c] of [
      ['+33140000001', 'FR'],
      ['+31201234501', 'NL'],
      ['+390212345670', 'IT'],
      ['+351211234567', 'PT'],
      ['+46812345678', 'SE'],
      ['+41441234567', 'CH'],
    ] as const) {
      const accepted = await s.order(n, n, c);
      assert.equal(accepted.status, 201, `${n}: ${JSON.stringify(accepted.body)}`);
      assert.equal((await s.complete(accepted.body.order.id)).orderType, 'Reactivate Port In');
      const again = await s.order(n, n, c);
      assertRefused(again, 'not-quarantined', n);
      assert.match(again.body.message, /is PortIn_Activated/);
    }
  });

  it('accepts port-in reactivation in the disputed countries DE and ES (the union of the seed lists)', async () => {
    const s = await session();
    assert.equal((await s.order('+493012345678', '+493012345678', 'DE')).status, 201);
    assert.equal((await s.order('+34911234567', '+34911234567', 'ES')).status, 201);
  });

  it('refuses port-in reactivation in a country on neither list (GB, IE)', async () => {
    const s = await session();
    assertRefused(await s.order('+442081324702', '+442081324702', 'GB'), 'port-in-not-allowed', '+442081324702');
    const ie = await s.order('+35312345679', '+35312345679', 'IE');
    assertRefused(ie, 'port-in-not-allowed', '+35312345679');
    assert.match(ie.body.message, /Ireland \(IE\)/);
    // An ordinary Quarantined number in IE is fine.
    assert.equal((await s.order('+35312345678', '+35312345678', 'IE')).status, 201);
  });

  it('refuses Activated, PortIn_Activated and Free numbers', async () => {
    const s = await session();
    assertRefused(await s.order('+442081324700', '+442081324700', 'GB'), 'not-quarantined', '+442081324700');
    assertRefused(await s.order('+442081324703', '+442081324703', 'GB'), 'not-quarantined', '+442081324703');
    const free = await s.order('+442081324701', '+442081324701', 'GB');
    assertRefused(free, 'not-quarantined', '+442081324701');
    assert.match(free.body.message, /is Free/);
  });

  it('refuses numbers unknown to the inventory, and numbers of another country', async () => {
    const s = await session();
    assertRefused(await s.order('+442081320000', '+442081320000', 'GB'), 'not-in-inventory', '+442081320000');
    assertRefused(await s.order('+33140000010', '+33140000010', 'GB'), 'wrong-country', '+33140000010');
  });

  it('NL: reclaims a pre-activated number within 60 days, not after', async () => {
    const s = await session();
    assert.equal((await s.order('+31201234510', '+31201234510', 'NL')).status, 201);
    const old = await s.order('+31201234511', '+31201234511', 'NL');
    assertRefused(old, 'nl-reclaim-period-over', '+31201234511');
    assert.match(old.body.message, /60 days/);
  });

  it('NL: --now fixes the clock of the 60-day rule', async () => {
    const inventory = { numbers: [{ number: '+31201234570', country: 'NL' as const, status: 'Quarantined' as const, preActivatedOn: '2026-01-01' }] };
    const within = await session({ inventory, now: '2026-03-02T00:00:00Z' }); // day 60
    assert.equal((await within.order('+31201234570', '+31201234570', 'NL')).status, 201);
    const after = await session({ inventory, now: '2026-03-03T00:00:00Z' }); // day 61
    assertRefused(await after.order('+31201234570', '+31201234570', 'NL'), 'nl-reclaim-period-over', '+31201234570');
  });

  it('serviceProfile is required where the customer has two profiles in the country, and must match', async () => {
    const s = await session();
    const missing = await s.order('+3221234560', '+3221234560', 'BE');
    assertRefused(missing, 'service-profile-required');
    assert.match(missing.body.message, /serviceProfile is required.*ANT, BRU/);
    assertRefused(await s.order('+3221234560', '+3221234560', 'BE', 'ANT'), 'service-profile-mismatch', '+3221234560');
    assert.equal((await s.order('+3221234560', '+3221234560', 'BE', 'BRU')).status, 201);
    // GB has a single profile: optional (seed example 2), but it must match when given.
    assertRefused(await s.order('+442081324759', '+442081324759', 'GB', 'XYZ'), 'service-profile-mismatch', '+442081324759');
    assert.equal((await s.order('+442081324759', '+442081324759', 'GB')).status, 201);
  });

  it('refuses a number that appears twice in one order', async () => {
    const s = await session();
    const token = await s.getToken();
    const res = await fetch(s.emu.url + ORDER_PATH, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-tracking-id': 'dup-1' },
      body: JSON.stringify({
        numberRangeList: [
          { numberRangeStart: '+442081324760', numberRangeEnd: '+442081324765' },
          { numberRangeStart: '+442081324765', numberRangeEnd: '+442081324766' },
        ],
        productOffering: { name: 'Wholesale SIP' },
        relatedParty: { reseller: { country: 'GB' } },
      }),
    });
    assertRefused({ status: res.status, body: await res.json() }, 'duplicate-in-order', '+442081324765');
  });

  it('accepts a whole block of consecutive numbers and activates every one', async () => {
    const s = await session();
    const accepted = await s.order('+442081324760', '+442081324799', 'GB', 'ANH');
    assert.equal(accepted.status, 201);
    await s.complete(accepted.body.order.id);
    const again = await s.order('+442081324760', '+442081324799', 'GB');
    assertRefused(again, 'not-quarantined', '+442081324760');
    assert.match(again.body.message, /^Order refused: 40 of the 40 numbers/);
  });

  it('refuses the whole order when one number fails, naming the first three and counting the rest', async () => {
    const s = await session();
    // +442081324700..+442081324799: 700-703 are Activated/Free/PortIn, 704-757 unknown, 758-799 fine.
    const res = await s.order('+442081324700', '+442081324799', 'GB');
    assert.equal(res.status, 422);
    assert.match(
      res.body.message,
      /^Order refused: 58 of the 100 numbers cannot be reactivated: \+442081324700 is Activated, not Quarantined or PortIn_Quarantined; \+442081324701 is Free, .*; \+442081324702 is PortIn_Quarantined, .*; and 55 more\./,
    );
    assert.equal(res.body.details.length, 20);
    // Nothing was stored and nothing changed: the good numbers still go through alone.
    assert.equal((await s.order('+442081324758', '+442081324799', 'GB')).status, 201);
  });

  it(`refuses an order of more than ${MAX_NUMBERS_PER_ORDER} numbers without walking through it`, async () => {
    const s = await session();
    const t0 = Date.now();
    const res = await s.order('+442000000000', '+442999999999', 'GB');
    assertRefused(res, 'too-many-numbers');
    assert.match(res.body.message, /1000000000 numbers.*at most 100000/);
    assert.ok(Date.now() - t0 < deadline(2000), 'walking a billion numbers would take minutes');
  });

  it(`checks a range of ${MAX_NUMBERS_PER_ORDER} numbers, every one`, async () => {
    const s = await session();
    const res = await s.order('+442071800000', '+442071899999', 'GB');
    // The demo inventory holds +442071830000..+442071839999; the other 90,000 are unknown.
    assert.match(res.body.message, /^Order refused: 90000 of the 100000 numbers/);
  });

  it('one order may mix Quarantined and PortIn_Quarantined numbers', async () => {
    const s = await session({
      inventory: {
        numbers: [
          ...numberBlock('+33140000020', 2, { country: 'FR', status: 'Quarantined' }),
          ...numberBlock('+33140000022', 2, { country: 'FR', status: 'PortIn_Quarantined' }),
        ],
      },
    });
    const res = await s.order('+33140000020', '+33140000023', 'FR');
    assert.equal(res.status, 201);
    assert.equal((await s.orderStatus(res.body.order.id)).orderType, 'Number Reactivation, Reactivate Port In');
  });

  it('never changes DEMO_INVENTORY itself', async () => {
    const before = DEMO_INVENTORY.numbers.find((n) => n.number === '+442081324758')!.status;
    const s = await session();
    const res = await s.order('+442081324758', '+442081324758', 'GB');
    await s.complete(res.body.order.id);
    assert.equal(before, 'Quarantined');
    assert.equal(DEMO_INVENTORY.numbers.find((n) => n.number === '+442081324758')!.status, 'Quarantined');
  });
});
