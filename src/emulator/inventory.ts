// The emulator's numbers: what only Colt's server knows about each number (status, profile,
// pre-activation date). Loaded from `--inventory FILE` and checked with zod so that a typo in
// a hand-written file is reported plainly instead of producing odd refusals later.
import { readFile } from 'node:fs/promises';
import * as z from 'zod/mini';
import type { CountryCode } from '../core/countries';
import { quotedList } from '../core/excerpt';
import { countrySchema, e164Schema } from '../core/schemas';

export const NUMBER_STATUSES = ['Quarantined', 'PortIn_Quarantined', 'Activated', 'PortIn_Activated', 'Free'] as const;
export type NumberStatus = (typeof NUMBER_STATUSES)[number];

export interface InventoryNumber {
  number: string;
  country: CountryCode;
  status: NumberStatus;
  serviceProfile?: string;
  preActivatedOn?: string;
}

export interface Inventory {
  numbers: InventoryNumber[];
}

const isoDate = z.string({ error: 'preActivatedOn must be a date as a string, such as "2026-10-01".' }).check(
  z.refine((s) => /^\d{4}-\d{2}-\d{2}/.test(s) && !Number.isNaN(Date.parse(s)), {
    error: 'preActivatedOn must be an ISO date, such as "2026-10-01".',
  }),
);

const inventoryNumberSchema = z.strictObject(
  {
    number: e164Schema,
    country: countrySchema,
    status: z.enum(NUMBER_STATUSES, { error: `status must be one of ${NUMBER_STATUSES.join(', ')}.` }),
    serviceProfile: z.optional(
      z
        .string({ error: 'serviceProfile must be a string, such as "ANH".' })
        .check(z.minLength(1, { error: 'serviceProfile must not be empty: remove it or set it.' })),
    ),
    preActivatedOn: z.optional(isoDate),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `Unknown field ${quotedList(issue.keys)}: the fields are number, country, status, serviceProfile and preActivatedOn (mind the case).`
        : 'Expected a number entry: {"number": "+442081324758", "country": "GB", "status": "Quarantined"}.',
  },
);

export const inventorySchema = z
  .strictObject(
    { numbers: z.array(inventoryNumberSchema, { error: 'numbers must be a list of number entries.' }) },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `Unknown field ${quotedList(issue.keys)}: an inventory holds only "numbers".`
          : 'Expected an object: {"numbers": [...]}.',
    },
  )
  .check(
    z.superRefine((inv, ctx) => {
      // A number listed twice would make its status ambiguous.
      const seen = new Map<string, number>();
      inv.numbers.forEach((n, i) => {
        const first = seen.get(n.number);
        if (first !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['numbers', i, 'number'], message: `${n.number} is listed twice (also at numbers[${first}]).` });
        } else {
          seen.set(n.number, i);
        }
      });
    }),
  );

/** A zod issue path as people write it: `numbers[3].status`, `numberRangeList[0].numberRangeStart`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(root)';
}

export function firstIssueMessage(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return `${formatPath(issue.path)}: ${issue.message}`;
}

export class InventoryError extends Error {}

/** Validates an inventory; throws InventoryError naming the first problem and where it is. */
export function parseInventory(value: unknown, source = 'inventory'): Inventory {
  const result = inventorySchema.safeParse(value);
  if (!result.success) {
    const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more problem(s))` : '';
    throw new InventoryError(`${source}: ${firstIssueMessage(result.error)}${more}`);
  }
  return result.data as Inventory;
}

export async function loadInventoryFile(file: string): Promise<Inventory> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InventoryError(`Cannot read the inventory file ${file}${code ? ` (${code})` : ''}: check the path.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InventoryError(`${file}: not valid JSON (${(error as Error).message}). Expected {"numbers": [...]}.`);
  }
  return parseInventory(value, file);
}

/**
 * The emulator's live copy of an inventory: a map for O(1) look-ups while checking big ranges,
 * and the service profiles per country, which decide whether serviceProfile is mandatory.
 */
export class InventoryStore {
  private readonly byNumber = new Map<string, InventoryNumber>();
  private readonly profilesByCountry = new Map<CountryCode, Set<string>>();

  constructor(inventory: Inventory) {
    for (const entry of inventory.numbers) {
      // A copy: completing orders changes statuses, and DEMO_INVENTORY must stay as it is.
      this.byNumber.set(entry.number, { ...entry });
      if (entry.serviceProfile) {
        let set = this.profilesByCountry.get(entry.country);
        if (!set) this.profilesByCountry.set(entry.country, (set = new Set()));
        set.add(entry.serviceProfile);
      }
    }
  }

  get(number: string): InventoryNumber | undefined {
    return this.byNumber.get(number);
  }

  profilesIn(country: CountryCode): readonly string[] {
    return [...(this.profilesByCountry.get(country) ?? [])].sort();
  }

  setStatus(number: string, status: NumberStatus): void {
    const entry = this.byNumber.get(number);
    if (entry) entry.status = status;
  }
}
