// One record per submission, and the state machine it follows. Records are
// written to disk by the extension before the POST leaves, so that a crash or a lost answer still
// leaves the tracking id behind: with it, 'unknown' can be checked by resubmitting.
//
//   draft → sending → inProgress | rejected | unknown
//   inProgress → completed | failed
//   unknown → inProgress (an accepted resubmission, or a 409 with the existing order id)
//           | rejected   (only a 400 or 422: Colt read the body and refused it, as it would have the first time)
//           | unknown    (anything else: a 401/403/429/5xx or a 409 without an id says nothing about the first send)
//
// The 409 reconciliation is an assumption about Colt: if Colt already has the order it should answer
// 409 with its id, as the emulator does; Colt does not document this.
//
// Records hold the request body, ids, target, base URL and times: never a secret.
import * as z from 'zod/mini';
import type { StatusOutcome, SubmitOutcome } from './coltClient';
import { newTrackingId } from './trackingId';
import { requestBodySchema, type ReactivationRequest } from './schemas';
import { TARGET_NAMES, type TargetName } from './targets';

export type OrderState = 'draft' | 'sending' | 'inProgress' | 'completed' | 'failed' | 'rejected' | 'unknown';

export const ORDER_STATES = ['draft', 'sending', 'inProgress', 'completed', 'failed', 'rejected', 'unknown'] as const satisfies readonly OrderState[];

export interface OrderRecord {
  version: 1;
  trackingId: string;
  target: TargetName;
  baseUrl: string;
  body: ReactivationRequest;
  createdAt: string;
  submittedAt?: string;
  orderId?: string;
  state: OrderState;
  orderStatus?: string;
  failure?: { httpStatus?: number; code?: string; message: string };
  history: { at: string; state: OrderState; note?: string }[];
  /** The batch it was sent in (README.md, "Bulk reactivation"): the Orders view shows a batch's orders together. */
  batchId?: string;
  /** The request file it came from, as the user named it (a path, or a name in the batch's folder). */
  sourceFile?: string;
}

const ALLOWED: Record<OrderState, readonly OrderState[]> = {
  draft: ['sending'],
  sending: ['inProgress', 'rejected', 'unknown'],
  inProgress: ['completed', 'failed'],
  unknown: ['inProgress', 'rejected'],
  completed: [],
  failed: [],
  rejected: [],
};

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: OrderState,
    readonly to: OrderState,
    readonly trackingId: string,
  ) {
    super(`Order ${trackingId} cannot go from ${from} to ${to}.`);
    this.name = 'IllegalTransitionError';
  }
}

export function canTransition(from: OrderState, to: OrderState): boolean {
  return ALLOWED[from].includes(to);
}

/** Final states never change again; 'unknown' is not final, it waits for reconciliation. */
export function isFinal(record: Pick<OrderRecord, 'state'>): boolean {
  return ALLOWED[record.state].length === 0;
}

/** States whose order exists at Colt and has a status worth polling. */
export function isPollable(record: Pick<OrderRecord, 'state' | 'orderId'>): boolean {
  return record.state === 'inProgress' && !!record.orderId;
}

function nowIso(now?: Date): string {
  return (now ?? new Date()).toISOString();
}

function transition(record: OrderRecord, to: OrderState, at: string, note: string | undefined, changes: Partial<OrderRecord> = {}): OrderRecord {
  if (!canTransition(record.state, to)) throw new IllegalTransitionError(record.state, to, record.trackingId);
  return { ...record, ...changes, state: to, history: [...record.history, withNote({ at, state: to }, note)] };
}

/** Records an event that does not change the state (a new status text, a repeated 'unknown'). */
function note(record: OrderRecord, at: string, text: string, changes: Partial<OrderRecord> = {}): OrderRecord {
  return { ...record, ...changes, history: [...record.history, { at, state: record.state, note: text }] };
}

function withNote<T extends object>(entry: T, text: string | undefined): T & { note?: string } {
  return text === undefined ? entry : { ...entry, note: text };
}

export function createDraft(o: {
  target: TargetName;
  baseUrl: string;
  body: ReactivationRequest;
  trackingId?: string;
  now?: Date;
  batchId?: string;
  sourceFile?: string;
}): OrderRecord {
  const at = nowIso(o.now);
  const record: OrderRecord = {
    version: 1,
    trackingId: o.trackingId ?? newTrackingId(),
    target: o.target,
    baseUrl: o.baseUrl,
    // Parsing strips `$schema` and anything unknown, so nothing but the body is stored.
    body: requestBodySchema.parse(o.body),
    createdAt: at,
    state: 'draft',
    history: [{ at, state: 'draft' }],
  };
  // Only when given: a record without a batch serialises exactly as before.
  if (o.batchId !== undefined) record.batchId = o.batchId;
  if (o.sourceFile !== undefined) record.sourceFile = o.sourceFile;
  return record;
}

export function markSending(record: OrderRecord, now?: Date): OrderRecord {
  const at = nowIso(now);
  return transition(record, 'sending', at, undefined, { submittedAt: at });
}

/** A record left in 'sending' (the editor closed mid-request) may or may not have reached Colt. */
export function markInterrupted(record: OrderRecord, now?: Date): OrderRecord {
  return markUnknown(record, 'interrupted while sending: resubmit with the same tracking id to find out', now);
}

/** A record in 'sending' whose tracking id may already have reached Colt (the CLI's re-run with --tracking-id). */
export function markUnknown(record: OrderRecord, why: string, now?: Date): OrderRecord {
  return transition(record, 'unknown', nowIso(now), why);
}

/** HTTP statuses that refuse the request itself: Colt read the body and said no, whichever send it was. */
const REFUSALS_OF_THE_REQUEST = new Set([400, 422]);

/**
 * Whether an answer to a resubmission (same tracking id) ends an 'unknown' record. Only an
 * acceptance, a 409 that names the existing order, or a refusal of the body itself (400, 422, which
 * the first send would have met too) do; a 401/403/429/5xx, a 409 without an id or a failure before
 * sending say nothing about whether the first send got through.
 */
export function settlesUnknown(outcome: SubmitOutcome): boolean {
  switch (outcome.kind) {
    case 'accepted':
      return true;
    case 'rejected':
      return (outcome.httpStatus === 409 && !!outcome.existingOrderId) || REFUSALS_OF_THE_REQUEST.has(outcome.httpStatus);
    case 'unknown':
      return false;
  }
}

export function applySubmitOutcome(record: OrderRecord, outcome: SubmitOutcome, now?: Date): OrderRecord {
  if (outcome.trackingId !== record.trackingId) {
    throw new Error(`The outcome for tracking id ${outcome.trackingId} does not belong to order ${record.trackingId}.`);
  }
  const at = nowIso(now);
  switch (outcome.kind) {
    case 'accepted':
      return transition(record, 'inProgress', at, record.state === 'unknown' ? 'reconciled: accepted on resubmission' : undefined, {
        orderId: outcome.orderId,
        failure: undefined,
      });
    case 'rejected':
      if (outcome.httpStatus === 409 && outcome.existingOrderId) {
        // Our tracking ids are fresh per record, so Colt already holding this one means our earlier send got through
        // (assuming Colt answers a reused tracking id as the emulator does: 409 with the order's id).
        return transition(record, 'inProgress', at, `reconciled: Colt already had this tracking id (order ${outcome.existingOrderId})`, {
          orderId: outcome.existingOrderId,
          failure: undefined,
        });
      }
      if (record.state === 'unknown') {
        if (!settlesUnknown(outcome)) return note(record, at, inconclusiveNote(outcome), { failure: failureOf(outcome) });
        return transition(record, 'rejected', at, `refused on resubmission (HTTP ${outcome.httpStatus}): the first send would have been refused the same way`, {
          failure: failureOf(outcome),
        });
      }
      return transition(record, 'rejected', at, undefined, { failure: failureOf(outcome) });
    case 'unknown':
      if (record.state === 'unknown') return note(record, at, `still unknown: ${outcome.message}`, { failure: { message: outcome.message } });
      return transition(record, 'unknown', at, undefined, { failure: { message: outcome.message } });
  }
}

/** The history note (and CLI text) for an answer that leaves an 'unknown' record unknown. */
export function inconclusiveNote(outcome: Extract<SubmitOutcome, { kind: 'rejected' }>): string {
  const answer =
    outcome.httpStatus === 0 ? 'the check was not sent' : `the check was answered HTTP ${outcome.httpStatus}${outcome.code ? ` [${outcome.code}]` : ''}`;
  return `still unknown: ${answer}, which does not say whether the first send got through`;
}

function failureOf(outcome: Extract<SubmitOutcome, { kind: 'rejected' }>): NonNullable<OrderRecord['failure']> {
  const failure: NonNullable<OrderRecord['failure']> = { message: outcome.message };
  if (outcome.httpStatus) failure.httpStatus = outcome.httpStatus;
  if (outcome.code) failure.code = outcome.code;
  return failure;
}

export interface StatusMapping {
  state: 'inProgress' | 'completed' | 'failed';
  note?: string;
}

/**
 * Colt's "In progress" / "Completed" / "Failed", and TM Forum's order states (docs/colt-api.md, "Status lookup").
 * An unexpected text keeps the order in progress: it is shown, never taken as an ending.
 */
export function mapOrderStatus(orderStatus: string): StatusMapping {
  const key = orderStatus.toLowerCase().replace(/[\s_-]+/g, '');
  switch (key) {
    case 'inprogress':
    case 'acknowledged':
    case 'pending':
    case 'held':
      return { state: 'inProgress' };
    case 'completed':
      return { state: 'completed' };
    case 'failed':
    case 'rejected':
    case 'cancelled':
    case 'canceled':
      return { state: 'failed' };
    case 'partial':
      return { state: 'failed', note: 'partially completed: some numbers may not be reactivated; check with Colt' };
    default:
      return { state: 'inProgress', note: `unrecognised status "${orderStatus}"` };
  }
}

export function applyStatus(record: OrderRecord, orderStatus: string, now?: Date): OrderRecord {
  const at = nowIso(now);
  const mapped = mapOrderStatus(orderStatus);
  if (record.state === mapped.state) {
    if (record.orderStatus === orderStatus) return record;
    return note(record, at, mapped.note ?? `status ${orderStatus}`, { orderStatus });
  }
  if (isFinal(record)) throw new IllegalTransitionError(record.state, mapped.state, record.trackingId);
  const changes: Partial<OrderRecord> = { orderStatus };
  if (mapped.state === 'failed') changes.failure = { message: `Colt reports the order as ${orderStatus}${mapped.note ? `: ${mapped.note}` : ''}.` };
  return transition(record, mapped.state, at, mapped.note ?? `status ${orderStatus}`, changes);
}

/** Applies a status lookup; 'unavailable' and 'error' leave the record as it is. */
export function applyStatusOutcome(record: OrderRecord, outcome: StatusOutcome, now?: Date): OrderRecord {
  return outcome.kind === 'status' ? applyStatus(record, outcome.orderStatus, now) : record;
}

// --- Serialisation -------------------------------------------------------------------------

export const RECORDS_FILE_VERSION = 1;

const isoDate = z.string().check(z.minLength(1));

const failureSchema = z.object({ httpStatus: z.optional(z.int()), code: z.optional(z.string()), message: z.string() });

export const orderRecordSchema = z.object({
  version: z.literal(1),
  trackingId: z.string().check(z.minLength(1)),
  target: z.enum(TARGET_NAMES),
  baseUrl: z.string().check(z.minLength(1)),
  body: requestBodySchema,
  createdAt: isoDate,
  submittedAt: z.optional(isoDate),
  orderId: z.optional(z.string().check(z.minLength(1))),
  state: z.enum(ORDER_STATES),
  orderStatus: z.optional(z.string()),
  failure: z.optional(failureSchema),
  history: z.array(z.object({ at: isoDate, state: z.enum(ORDER_STATES), note: z.optional(z.string()) })),
  // Optional, so records written before batches existed still load.
  batchId: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  sourceFile: z.optional(z.string().check(z.minLength(1), z.maxLength(4096))),
});

const recordsFileSchema = z.object({ version: z.int().check(z.positive()), records: z.array(z.unknown()) });

export class RecordsFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordsFormatError';
  }
}

/** A removal from the list: the tracking id and when (ISO), kept so that other windows drop the record too. */
export type RemovedEntry = [trackingId: string, at: string];

let compiledRecordSchema: typeof orderRecordSchema | undefined;

/**
 * For long lists, the record schema compiled by zod into one function (the same results and
 * errors: a record it refuses is re-run by the plain schema). 10,000 records are checked in about
 * a third of the time, which is most of loading the Orders list; compiling costs a few ms, so a
 * short list keeps the plain schema.
 */
function recordSchema(count: number): typeof orderRecordSchema {
  if (!compiledRecordSchema && count < 1000) return orderRecordSchema;
  return (compiledRecordSchema ??= z.compile(orderRecordSchema));
}

export function serializeRecords(records: readonly OrderRecord[], removed?: readonly RemovedEntry[]): string {
  // Through the schema, so that a stray property (or anything secret) never reaches the disk.
  const schema = recordSchema(records.length);
  const clean = records.map((r) => schema.parse(r));
  // Compact: 10,000 records are about 7 MB, read whole at start-up.
  return JSON.stringify(removed ? { version: RECORDS_FILE_VERSION, records: clean, removed } : { version: RECORDS_FILE_VERSION, records: clean });
}

/** Invalid entries are skipped and counted (invalid removals are skipped too); an unreadable file or a newer version throws RecordsFormatError. */
export function parseRecords(json: string): { records: OrderRecord[]; skipped: number; removed: RemovedEntry[] } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new RecordsFormatError('The saved orders are not valid JSON; they were left untouched.');
  }
  const file = recordsFileSchema.safeParse(value);
  if (!file.success) throw new RecordsFormatError('The saved orders do not have the expected shape {"version", "records"}; they were left untouched.');
  if (file.data.version > RECORDS_FILE_VERSION) {
    throw new RecordsFormatError(
      `The saved orders were written by a newer version of the extension (format ${file.data.version}, this one reads ${RECORDS_FILE_VERSION}): update the extension to see them.`,
    );
  }
  const records: OrderRecord[] = [];
  let skipped = 0;
  const schema = recordSchema(file.data.records.length);
  for (const entry of file.data.records) {
    const parsed = schema.safeParse(entry);
    if (parsed.success) records.push(parsed.data as OrderRecord);
    else skipped++;
  }
  const removed = (value as { removed?: unknown }).removed;
  return { records, skipped, removed: Array.isArray(removed) ? removed.filter(isRemovedEntry) : [] };
}

function isRemovedEntry(entry: unknown): entry is RemovedEntry {
  return Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && typeof entry[1] === 'string';
}
