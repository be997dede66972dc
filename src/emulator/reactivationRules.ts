// Colt's business rules for a reactivation order, as the seed states them
// (docs/colt-api.md, "Business rules").
// An order is all or nothing: every number of every range must qualify.
import { COUNTRIES, type CountryCode, portInSupport } from '../core/countries';
import { numbersInRange, rangeSize } from '../core/e164';
import { excerpt } from '../core/excerpt';
import type { ReactivationRequest } from '../core/schemas';
import type { InventoryNumber, InventoryStore } from './inventory';

export const MAX_NUMBERS_PER_ORDER = 100_000;
export const NL_RECLAIM_DAYS = 60;
const DAY_MS = 86_400_000;
/** How many offending numbers the message names; `details` carries a few more. */
const NAMED_IN_MESSAGE = 3;
const MAX_DETAILS = 20;

export type OrderType = 'Number Reactivation' | 'Reactivate Port In';

export type RefusalRule =
  | 'too-many-numbers'
  | 'service-profile-required'
  | 'duplicate-in-order'
  | 'not-in-inventory'
  | 'wrong-country'
  | 'order-in-progress'
  | 'not-quarantined'
  | 'port-in-not-allowed'
  | 'nl-reclaim-period-over'
  | 'service-profile-mismatch';

export interface Refusal {
  rule: RefusalRule;
  number?: string;
  message: string;
}

export type RuleVerdict = { ok: true; numbers: string[]; orderType: string } | { ok: false; message: string; details: Refusal[]; offending: number };

export interface RuleContext {
  inventory: InventoryStore;
  /** Numbers of orders still "In progress". */
  inProgress: ReadonlySet<string>;
  now: Date;
}

/**
 * Port-in reactivation: the seed's table (FR, NL, PT, ES, SE, CH, IT) and its text
 * (CH, FR, PT, NL, SE, IT, DE) disagree. The emulator accepts the union: refusing a number
 * that Colt may well accept would block users, while the extension warns about the disputed
 * countries (DE, ES) before sending.
 */
export function portInAllowed(country: CountryCode): boolean {
  return portInSupport(country) !== 'no';
}

function refuseNumber(entry: InventoryNumber, body: ReactivationRequest, ctx: RuleContext): Refusal | undefined {
  const { number } = entry;
  const reseller = body.relatedParty.reseller;
  if (entry.country !== reseller.country) {
    return { rule: 'wrong-country', number, message: `${number} belongs to ${entry.country}, not to the reseller country ${reseller.country}` };
  }
  if (ctx.inProgress.has(number)) {
    return { rule: 'order-in-progress', number, message: `${number} is already in an order in progress` };
  }
  if (entry.status === 'PortIn_Quarantined' && !portInAllowed(entry.country)) {
    return {
      rule: 'port-in-not-allowed',
      number,
      message: `${number} is PortIn_Quarantined, but port-in numbers cannot be reactivated in ${COUNTRIES[entry.country].name} (${entry.country})`,
    };
  }
  if (entry.status !== 'Quarantined' && entry.status !== 'PortIn_Quarantined') {
    return { rule: 'not-quarantined', number, message: `${number} is ${entry.status}, not Quarantined or PortIn_Quarantined` };
  }
  if (entry.country === 'NL' && entry.preActivatedOn) {
    const age = ctx.now.getTime() - Date.parse(entry.preActivatedOn);
    if (age > NL_RECLAIM_DAYS * DAY_MS) {
      return {
        rule: 'nl-reclaim-period-over',
        number,
        message: `${number} was pre-activated on ${entry.preActivatedOn.slice(0, 10)}, more than ${NL_RECLAIM_DAYS} days ago (NL pre-activated numbers can be reclaimed within ${NL_RECLAIM_DAYS} days only)`,
      };
    }
  }
  if (reseller.serviceProfile !== undefined && entry.serviceProfile !== undefined && entry.serviceProfile !== reseller.serviceProfile) {
    return {
      rule: 'service-profile-mismatch',
      number,
      message: `${number} has service profile ${entry.serviceProfile}, not ${excerpt(reseller.serviceProfile)}`,
    };
  }
  return undefined;
}

function refusalMessage(refusals: Refusal[], offending: number, total: number): string {
  const named = refusals
    .slice(0, NAMED_IN_MESSAGE)
    .map((r) => r.message)
    .join('; ');
  const rest = offending - Math.min(offending, NAMED_IN_MESSAGE);
  const more = rest > 0 ? `; and ${rest} more` : '';
  const scope = total === 1 ? 'The number' : `${offending} of the ${total} numbers`;
  return `Order refused: ${scope} cannot be reactivated: ${named}${more}. Nothing was reactivated; fix or remove these numbers and send the order again.`;
}

/** Checks a schema-valid body whose ranges are well formed (start <= end, same length). */
export function checkReactivation(body: ReactivationRequest, ctx: RuleContext): RuleVerdict {
  const total = body.numberRangeList.reduce((sum, r) => sum + rangeSize(r), 0n);
  if (total > BigInt(MAX_NUMBERS_PER_ORDER)) {
    const message = `Order refused: it holds ${total} numbers, and the emulator checks at most ${MAX_NUMBERS_PER_ORDER} per order. Split it into smaller orders.`;
    return { ok: false, message, details: [{ rule: 'too-many-numbers', message }], offending: 0 };
  }

  const { country, serviceProfile } = body.relatedParty.reseller;
  const profiles = ctx.inventory.profilesIn(country);
  if (serviceProfile === undefined && profiles.length > 1) {
    const message = `Order refused: serviceProfile is required, because your numbers in ${country} have ${profiles.length} service profiles (${profiles.join(', ')}). Add "serviceProfile" to relatedParty.reseller.`;
    return { ok: false, message, details: [{ rule: 'service-profile-required', message }], offending: 0 };
  }

  const refusals: Refusal[] = [];
  let offending = 0;
  const numbers: string[] = [];
  const seen = new Set<string>();
  const types = new Set<OrderType>();
  const refuse = (r: Refusal) => {
    offending++;
    if (refusals.length < MAX_DETAILS) refusals.push(r);
  };
  for (const range of body.numberRangeList) {
    for (const number of numbersInRange(range)) {
      if (seen.has(number)) {
        refuse({ rule: 'duplicate-in-order', number, message: `${number} appears more than once in this order` });
        continue;
      }
      seen.add(number);
      const entry = ctx.inventory.get(number);
      if (!entry) {
        refuse({ rule: 'not-in-inventory', number, message: `${number} is not one of your numbers` });
        continue;
      }
      const refusal = refuseNumber(entry, body, ctx);
      if (refusal) {
        refuse(refusal);
        continue;
      }
      numbers.push(number);
      types.add(entry.status === 'PortIn_Quarantined' ? 'Reactivate Port In' : 'Number Reactivation');
    }
  }
  if (offending > 0) return { ok: false, message: refusalMessage(refusals, offending, Number(total)), details: refusals, offending };
  // One order may mix both kinds (the seed's examples are titled "Quarantined/ PortIn_Quarantined").
  return { ok: true, numbers, orderType: [...types].join(', ') };
}

/** What a reactivated number becomes when its order completes. */
export function reactivatedStatus(status: InventoryNumber['status']): InventoryNumber['status'] {
  return status === 'PortIn_Quarantined' ? 'PortIn_Activated' : status === 'Quarantined' ? 'Activated' : status;
}
