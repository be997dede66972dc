// The built-in inventory: the seed's two examples succeed, and every business rule has a
// number to demonstrate it (README, "Emulator"). Dates are relative to when the emulator
// starts, so "recent" stays recent whatever day the demo runs.
import type { CountryCode } from '../core/countries';
import { addToE164 } from '../core/e164';
import type { Inventory, InventoryNumber, NumberStatus } from './inventory';

const DAY_MS = 86_400_000;

function daysAgo(days: number, from = Date.now()): string {
  return new Date(from - days * DAY_MS).toISOString().slice(0, 10);
}

/** `count` consecutive numbers from `first`, all alike: handy for inventories in tests and load runs. */
export function numberBlock(
  first: string,
  count: number,
  fields: { country: CountryCode; status: NumberStatus; serviceProfile?: string; preActivatedOn?: string },
): InventoryNumber[] {
  const out: InventoryNumber[] = [];
  for (let i = 0; i < count; i++) out.push({ number: addToE164(first, BigInt(i)), ...fields });
  return out;
}

function one(number: string, country: CountryCode, status: NumberStatus, extra: Partial<InventoryNumber> = {}): InventoryNumber {
  return { number, country, status, ...extra };
}

export function buildDemoInventory(now = Date.now()): Inventory {
  return {
    numbers: [
      // The seed's examples. Example 2 is titled "Reactivate Port In", but GB is on neither of
      // the seed's port-in lists, so +442081324759 is an ordinary Quarantined number.
      one('+442081324758', 'GB', 'Quarantined', { serviceProfile: 'ANH' }),
      one('+442081324759', 'GB', 'Quarantined', { serviceProfile: 'ANH' }),
      // A block for range orders.
      ...numberBlock('+442081324760', 40, { country: 'GB', status: 'Quarantined', serviceProfile: 'ANH' }),
      // Refusals in GB.
      one('+442081324700', 'GB', 'Activated', { serviceProfile: 'ANH' }),
      one('+442081324701', 'GB', 'Free', { serviceProfile: 'ANH' }),
      one('+442081324702', 'GB', 'PortIn_Quarantined', { serviceProfile: 'ANH' }), // GB allows no port-in reactivation
      one('+442081324703', 'GB', 'PortIn_Activated', { serviceProfile: 'ANH' }),
      // 10,000 numbers for load runs and big ranges.
      ...numberBlock('+442071830000', 10_000, { country: 'GB', status: 'Quarantined', serviceProfile: 'ANH' }),

      // Port-in reactivation in countries on both of the seed's lists.
      ...numberBlock('+33140000001', 5, { country: 'FR', status: 'PortIn_Quarantined' }),
      one('+33140000010', 'FR', 'Quarantined'),
      one('+33140000011', 'FR', 'PortIn_Activated'),
      one('+31201234501', 'NL', 'PortIn_Quarantined'),
      ...numberBlock('+390212345670', 5, { country: 'IT', status: 'PortIn_Quarantined' }),
      one('+351211234567', 'PT', 'PortIn_Quarantined'),
      one('+46812345678', 'SE', 'PortIn_Quarantined'),
      one('+41441234567', 'CH', 'PortIn_Quarantined'),
      // The disputed countries: DE only in the seed's text, ES only in its table.
      one('+493012345678', 'DE', 'PortIn_Quarantined'),
      one('+493012345670', 'DE', 'Quarantined'),
      one('+34911234567', 'ES', 'PortIn_Quarantined'),
      // A country on neither list.
      one('+35312345678', 'IE', 'Quarantined'),
      one('+35312345679', 'IE', 'PortIn_Quarantined'),

      // NL pre-activated numbers: reclaimable within their first 60 days only.
      one('+31201234510', 'NL', 'Quarantined', { preActivatedOn: daysAgo(10, now) }),
      one('+31201234511', 'NL', 'Quarantined', { preActivatedOn: daysAgo(90, now) }),

      // A realistic bulk reactivation (examples/bulk-numbers.csv): blocks of Quarantined numbers in ten
      // countries, apart from the numbers above so that the demo's other requests keep working.
      ...numberBlock('+442079460000', 300, { country: 'GB', status: 'Quarantined', serviceProfile: 'ANH' }),
      ...numberBlock('+494012345000', 200, { country: 'DE', status: 'Quarantined' }),
      ...numberBlock('+33145670000', 200, { country: 'FR', status: 'Quarantined' }),
      ...numberBlock('+34915550000', 200, { country: 'ES', status: 'Quarantined' }),
      ...numberBlock('+390245670000', 200, { country: 'IT', status: 'Quarantined' }),
      ...numberBlock('+31205550000', 200, { country: 'NL', status: 'Quarantined' }),
      ...numberBlock('+43151234000', 150, { country: 'AT', status: 'Quarantined' }),
      ...numberBlock('+46855500000', 150, { country: 'SE', status: 'Quarantined' }),
      ...numberBlock('+48225550000', 150, { country: 'PL', status: 'Quarantined' }),
      ...numberBlock('+3222345000', 100, { country: 'BE', status: 'Quarantined', serviceProfile: 'BRU' }),

      // Two service profiles in BE: serviceProfile is mandatory there, and must match.
      one('+3221234560', 'BE', 'Quarantined', { serviceProfile: 'BRU' }),
      one('+3221234561', 'BE', 'Quarantined', { serviceProfile: 'ANT' }),
      one('+3221234562', 'BE', 'Quarantined', { serviceProfile: 'BRU' }),
    ],
  };
}

export const DEMO_INVENTORY: Inventory = buildDemoInventory();
