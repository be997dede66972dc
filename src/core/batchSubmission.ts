// A batch: several request files submitted as one (README.md, "Bulk reactivation"). This file holds
// the pure decisions, shared by the extension and the command line: which files are sent, which
// were sent before and are only reported, how many orders are in flight, when a cancel takes
// effect, and the words of the summary. Saving each record before its POST stays with the caller's
// existing submission path (the extension's SubmissionService, the CLI's journal).
import { createHash } from 'node:crypto';
import { computeDiagnostics, type DiagnosticOptions, type RequestDiagnostic } from './diagnostics';
import { compareE164 } from './e164';
import type { OrderRecord, OrderState } from './orderRecord';
import { RequestDocument } from './requestDocument';
import { requestBodySchema, type ReactivationRequest } from './schemas';
import type { TargetName } from './targets';

/** Orders in flight at once unless told otherwise: enough to hide round trips, few enough not to look like a flood to Colt. */
export const DEFAULT_BATCH_CONCURRENCY = 4;
export const MAX_BATCH_CONCURRENCY = 16;

export interface BatchFile {
  /** How the file is named to the user (a path, or a name relative to the batch's folder). */
  path: string;
  text: string;
}

/**
 * Identifies an order by what it asks for and where it goes, not by its file: the body with its
 * ranges in number order (the order of ranges does not change what Colt reactivates), the target
 * and the base URL's origin. Computed from a record's own body, so orders submitted before batches
 * existed, or one at a time, are recognised too.
 */
export function requestKey(body: ReactivationRequest, target: TargetName, baseUrl: string): string {
  const clean = requestBodySchema.parse(body);
  const ranges = [...clean.numberRangeList]
    .map((r) => [r.numberRangeStart, r.numberRangeEnd] as const)
    .sort((a, b) => compareE164(a[0], b[0]) || compareE164(a[1], b[1]));
  const reseller = clean.relatedParty.reseller;
  const canonical = JSON.stringify([target, originOf(baseUrl), clean.productOffering.name, reseller.country, reseller.serviceProfile ?? null, ranges]);
  return createHash('sha256').update(canonical).digest('hex');
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** What the batch does with one file. */
export type BatchItem =
  /** No record yet (or only a refusal, which placed nothing): it is sent. */
  | { kind: 'send'; path: string; body: ReactivationRequest; key: string }
  /** The file has errors: nothing of the batch is sent until they are fixed. */
  | { kind: 'invalid'; path: string; errors: RequestDiagnostic[] }
  /** Colt has (or had) this order: reported, never resent. */
  | { kind: 'recorded'; path: string; record: OrderRecord }
  /** Sent before with no answer: it may exist, so only Check Order (the same tracking id) may send it again. */
  | { kind: 'unknown'; path: string; record: OrderRecord }
  /** The same order as an earlier file of this batch: sent once, for the first file. */
  | { kind: 'duplicate'; path: string; sameAs: string };

export interface BatchPlanOptions extends DiagnosticOptions {
  target: TargetName;
  baseUrl: string;
}

/**
 * Sorts the files of a batch: invalid, already recorded, unknown, repeated, or to send. `records`
 * are every order known (the Orders list, the CLI's journal); a record of the same request key
 * decides, the one furthest along when there are several (a refusal followed by an acceptance).
 */
export function sortBatchFiles(files: readonly BatchFile[], records: readonly OrderRecord[], options: BatchPlanOptions): BatchItem[] {
  const byKey = new Map<string, OrderRecord>();
  for (const record of records) {
    let key: string;
    try {
      key = requestKey(record.body, record.target, record.baseUrl);
    } catch {
      continue; // a record whose body no longer parses cannot match a valid file
    }
    const held = byKey.get(key);
    if (!held || STANDING[record.state] > STANDING[held.state]) byKey.set(key, record);
  }
  const seen = new Map<string, string>();
  return files.map((file): BatchItem => {
    const errors = computeDiagnostics(file.text, options).filter((d) => d.severity === 'error');
    if (errors.length) return { kind: 'invalid', path: file.path, errors };
    // Through RequestDocument, as the diagnostics read it: a file saved with a byte-order mark is valid there too.
    const body = requestBodySchema.parse(new RequestDocument(file.text).value);
    const key = requestKey(body, options.target, options.baseUrl);
    const first = seen.get(key);
    if (first !== undefined) return { kind: 'duplicate', path: file.path, sameAs: first };
    seen.set(key, file.path);
    const record = byKey.get(key);
    if (record && record.state === 'unknown') return { kind: 'unknown', path: file.path, record };
    if (record && STANDING[record.state] > 0) return { kind: 'recorded', path: file.path, record };
    return { kind: 'send', path: file.path, body, key };
  });
}

/** Keys already computed, per record object (records are replaced, never changed in place). */
const keyOfRecord = new WeakMap<OrderRecord, string | null>();

function recordKey(record: OrderRecord): string | null {
  let key = keyOfRecord.get(record);
  if (key === undefined) {
    try {
      key = requestKey(record.body, record.target, record.baseUrl);
    } catch {
      key = null; // a body that no longer parses matches no request
    }
    keyOfRecord.set(record, key);
  }
  return key;
}

/**
 * The record, other than `mine`, that says the same request was placed or may have been: anything
 * but a refusal or a draft, the one furthest along. Asked again just before each POST (with the
 * list just read under the lock), because the plan was made from a list that other windows, the
 * same file's CodeLens or another batch may have changed since. `inFlightOnly` narrows it to
 * requests being sent at this moment (a single file may be sent again on purpose, never twice at once).
 */
export function alreadyRecorded(mine: OrderRecord, records: Iterable<OrderRecord>, o: { inFlightOnly?: boolean } = {}): OrderRecord | undefined {
  const key = recordKey(mine);
  if (key === null) return undefined;
  let found: OrderRecord | undefined;
  for (const record of records) {
    if (record.trackingId === mine.trackingId || STANDING[record.state] === 0) continue;
    if (o.inFlightOnly && record.state !== 'sending') continue;
    if (recordKey(record) !== key) continue;
    if (!found || STANDING[record.state] > STANDING[found.state]) found = record;
  }
  return found;
}

/**
 * Which record of a request speaks for it. 0: nothing was placed, send again (a refusal, or a draft
 * that was never stored). Anything else means the order exists or may exist.
 */
const STANDING: Record<OrderState, number> = {
  draft: 0,
  rejected: 0,
  unknown: 1,
  sending: 2,
  failed: 3,
  inProgress: 4,
  completed: 5,
};

export interface BoundedRun<R> {
  /** One per item, in the items' order; undefined for an item not started because of a cancel. */
  results: (R | undefined)[];
  cancelled: boolean;
}

/**
 * Runs `run` over the items with at most `concurrency` at once, in order. `cancelled` is asked
 * before each item starts: a cancel stops the next order, never one already under way (whose POST
 * may have reached Colt). A rejected `run` is the caller's bug: the others finish, then it throws.
 */
export async function runBounded<T, R>(
  items: readonly T[],
  o: { concurrency: number; run: (item: T, index: number) => Promise<R>; cancelled?: () => boolean; settled?: (result: R, index: number) => void },
): Promise<BoundedRun<R>> {
  const results: (R | undefined)[] = new Array<R | undefined>(items.length).fill(undefined);
  let next = 0;
  let stopped = false;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failure) {
      if (o.cancelled?.()) {
        stopped = true;
        return;
      }
      const index = next++;
      try {
        const result = await o.run(items[index]!, index);
        results[index] = result;
        o.settled?.(result, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const width = Math.max(1, Math.min(Math.floor(o.concurrency), items.length));
  await Promise.all(Array.from({ length: width }, worker));
  if (failure) throw failure.error;
  return { results, cancelled: stopped && next < items.length };
}

/** How one file of a batch ended, in this run or an earlier one. */
export type BatchOutcome =
  | { kind: 'accepted'; path: string; record: OrderRecord }
  | { kind: 'refused'; path: string; reason: string; record?: OrderRecord }
  | { kind: 'unknown'; path: string; record: OrderRecord; earlier: boolean }
  | { kind: 'recorded'; path: string; record: OrderRecord }
  | { kind: 'duplicate'; path: string; sameAs: string }
  | { kind: 'notSent'; path: string; reason: string };

export interface BatchSummary {
  /** Accepted in this run. */
  accepted: number;
  refused: { path: string; reason: string }[];
  /** Unknown outcomes, this run's and earlier ones: each needs Check Order. */
  unknown: { path: string; trackingId: string }[];
  /** Recorded before this run and not resent. */
  alreadySent: number;
  /** Not sent this run: cancelled, already being sent, not saved first, or a repeat of another file. */
  notSent: { path: string; reason: string }[];
}

export function summariseBatch(outcomes: readonly BatchOutcome[]): BatchSummary {
  const summary: BatchSummary = { accepted: 0, refused: [], unknown: [], alreadySent: 0, notSent: [] };
  for (const o of outcomes) {
    switch (o.kind) {
      case 'accepted':
        summary.accepted++;
        break;
      case 'refused':
        summary.refused.push({ path: o.path, reason: o.reason });
        break;
      case 'unknown':
        summary.unknown.push({ path: o.path, trackingId: o.record.trackingId });
        break;
      case 'recorded':
        summary.alreadySent++;
        break;
      case 'duplicate':
        summary.notSent.push({ path: o.path, reason: `the same order as ${o.sameAs}` });
        break;
      case 'notSent':
        summary.notSent.push({ path: o.path, reason: o.reason });
    }
  }
  return summary;
}

/** One sentence: `10 orders: 7 accepted, 1 refused, 1 unknown (Check Order), 1 already sent.` */
export function summaryLine(summary: BatchSummary, checkHint = 'Check Order'): string {
  const parts: string[] = [];
  parts.push(`${summary.accepted} accepted`);
  if (summary.refused.length) parts.push(`${summary.refused.length} refused`);
  if (summary.unknown.length) parts.push(`${summary.unknown.length} unknown (${checkHint})`);
  if (summary.alreadySent) parts.push(`${summary.alreadySent} already sent before`);
  if (summary.notSent.length) parts.push(`${summary.notSent.length} not sent`);
  const total = summary.accepted + summary.refused.length + summary.unknown.length + summary.alreadySent + summary.notSent.length;
  return `${total} ${total === 1 ? 'order' : 'orders'}: ${parts.join(', ')}.`;
}

/** Words for a record found from an earlier run. */
export function describeRecorded(record: OrderRecord): string {
  const id = record.orderId ? `order ${record.orderId}` : `tracking id ${record.trackingId}`;
  const state: Record<OrderState, string> = {
    draft: 'draft',
    sending: 'being sent',
    inProgress: 'in progress',
    completed: 'completed',
    failed: 'failed at Colt',
    rejected: 'refused',
    unknown: 'outcome unknown',
  };
  return `already sent: ${id}, ${state[record.state]}`;
}

/** A failure's words for a summary: the client's message already names the target and HTTP status. */
export function refusalReason(record: Pick<OrderRecord, 'failure'>): string {
  const f = record.failure;
  if (!f) return 'refused';
  return `${f.message}${f.code && !f.message.includes(f.code) ? ` [${f.code}]` : ''}`;
}

/** A batch id: sorts by time, unique enough for one user's list. */
export function newBatchId(now = new Date()): string {
  return `batch-${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${createHash('sha256').update(`${now.getTime()}${Math.random()}`).digest('hex').slice(0, 6)}`;
}
