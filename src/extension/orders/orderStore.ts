import * as vscode from 'vscode';
import { isFinal, markInterrupted, parseRecords, serializeRecords, type OrderRecord } from '../../core/orderRecord';
import { Disposable } from '../lifecycle';
import type { Log } from '../log';

export const ORDERS_STATE_KEY = 'coltReactivate.orders';
/** Tracking ids removed from the list, with when: other windows drop them too instead of writing them back. */
export const REMOVED_ORDERS_STATE_KEY = 'coltReactivate.orders.removed';
/** The load tests list 1,000 orders after a reload; the cap leaves room for twice that before pruning. */
export const DEFAULT_ORDER_CAP = 2000;

/** The order was not written before its POST: the caller must not send it. The message is for the user. */
export class OrderNotSavedError extends Error {
  constructor() {
    super(
      'The order was not sent: it could not be saved to the Orders list first, and without the saved tracking id a lost answer could not be checked. Nothing left this machine. Try again; if it keeps failing, reload the window (see Colt: Show Log).',
    );
    this.name = 'OrderNotSavedError';
  }
}

/**
 * The submitted orders, in globalState (never a secret: records hold bodies, ids and times).
 * Written before every POST, so a reload or a crash leaves the tracking id behind.
 *
 * Several windows share globalState, each with its own store. Every write merges what is stored
 * first (see merge()): records another window wrote are adopted, and for a record both have, the
 * one further along (later last history entry) wins. Removal is recorded as a dated tombstone so
 * other windows drop the record too; a record that changed after it was removed comes back (it
 * is further along than the removal). A record is never dropped for being absent from the stored
 * list, so an `unknown` order's tracking id is lost only by an explicit Remove from List.
 */
export class OrderStore extends Disposable {
  private records = new Map<string, OrderRecord>();
  /** Tracking id → when it was removed (ISO), ours and other windows'. */
  private removed = new Map<string, string>();
  private removedChanged = false;
  /** The stored list as we last read or wrote it: unchanged means no other window wrote since. */
  private lastSeen: string | undefined;
  private readonly changed = this._register(new vscode.EventEmitter<OrderRecord | undefined>());
  /** The changed record, or undefined when several changed or one was removed. */
  readonly onDidChange = this.changed.event;
  private writing: Promise<void> = Promise.resolve();
  /** The write that has not started yet: later changes join it instead of queueing their own. */
  private queued: Promise<void> | undefined;
  /** Set when the saved list cannot be read: we never overwrite what we could not parse. */
  private readOnly = false;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly log: Log,
    private readonly cap = DEFAULT_ORDER_CAP,
  ) {
    super();
    this.load();
  }

  private load(): void {
    this.removed = readRemoved(this.memento);
    const raw = this.memento.get<string>(ORDERS_STATE_KEY);
    this.lastSeen = raw;
    if (!raw) return;
    try {
      const { records, skipped } = parseRecords(raw);
      if (skipped) this.log.warn(`${skipped} saved order(s) could not be read and were skipped.`);
      let interrupted = 0;
      for (const record of records) {
        // Still 'sending' at start-up: the window closed mid-request, so Colt may have the order.
        const fixed = record.state === 'sending' ? markInterrupted(record) : record;
        if (fixed !== record) interrupted++;
        this.records.set(fixed.trackingId, fixed);
      }
      if (interrupted) {
        this.log.warn(`${interrupted} order(s) were interrupted while sending; they are shown as unknown.`);
        this.persist().catch(() => undefined); // already logged
      }
    } catch (err) {
      // Keep the unreadable value as it is (a newer version may have written it) and start empty.
      this.log.error(`Saved orders not loaded: ${(err as Error).message}`);
      this.readOnly = true;
    }
  }

  /** Newest first. */
  list(): OrderRecord[] {
    return [...this.records.values()].sort(newestFirst);
  }

  get(trackingId: string): OrderRecord | undefined {
    return this.records.get(trackingId);
  }

  get size(): number {
    return this.records.size;
  }

  /** Adds or replaces a record; a failed write is logged (the record stays listed in this window). */
  async upsert(record: OrderRecord): Promise<void> {
    this.records.set(record.trackingId, record);
    this.prune(); // again after merging; here too so an unsaved list stays capped
    try {
      await this.persist();
    } catch (err) {
      if (!(err instanceof StorageError)) throw err; // a record the schema refuses is a bug: the caller hears of it
    }
    this.changed.fire(record);
  }

  /**
   * Like upsert, but for the write that must happen before a POST: if the record is not stored,
   * the change is undone and this rejects with OrderNotSavedError, so nothing is sent.
   */
  async saveBeforeSend(record: OrderRecord): Promise<void> {
    const previous = this.records.get(record.trackingId);
    this.records.set(record.trackingId, record);
    try {
      await this.persist();
    } catch (err) {
      if (this.records.get(record.trackingId) === record) {
        if (previous) this.records.set(record.trackingId, previous);
        else this.records.delete(record.trackingId);
      }
      this.changed.fire(undefined);
      if (err instanceof StorageError) throw new OrderNotSavedError();
      throw err;
    }
    this.changed.fire(record);
  }

  async remove(trackingId: string): Promise<boolean> {
    const removed = this.records.delete(trackingId);
    if (removed) {
      this.removed.set(trackingId, new Date().toISOString());
      this.removedChanged = true;
      this.changed.fire(undefined);
      await this.persist().catch(() => undefined); // logged; removal is local first
    }
    return removed;
  }

  /** Oldest finished orders go first; unfinished ones only when nothing else is left to prune. */
  private prune(): boolean {
    const excess = this.records.size - this.cap;
    if (excess <= 0) return false;
    const oldestFirst = [...this.records.values()].sort((a, b) => -newestFirst(a, b));
    const victims = [...oldestFirst.filter(isFinal), ...oldestFirst.filter((r) => !isFinal(r))].slice(0, excess);
    for (const v of victims) this.records.delete(v.trackingId);
    this.log.info(`Pruned ${victims.length} old order(s) from the list (cap ${this.cap}).`);
    return true;
  }

  /**
   * Rejects with StorageError when the list is not saved (the saved list is unreadable, or
   * globalState refused the write); the failure is logged here.
   */
  private persist(): Promise<void> {
    // Serialised writes: globalState.update calls must not interleave out of order. Changes made
    // while a write is running share the next one, which takes its snapshot when it starts and so
    // holds all of them: a burst of N changes costs two writes of the list, not N.
    if (!this.queued) {
      const write = this.writing.then(() => {
        this.queued = undefined;
        return this.write();
      });
      this.queued = write;
      this.writing = write.catch(() => undefined);
    }
    return this.queued;
  }

  private async write(): Promise<void> {
    if (this.readOnly) {
      this.log.warn('Orders are not saved: the saved list could not be read (see above).');
      throw new StorageError('the saved list could not be read');
    }
    let merged: boolean;
    try {
      merged = this.merge();
    } catch (err) {
      // Another window (perhaps a newer version) wrote something we cannot read: never overwrite it.
      this.log.error(`Orders not saved: the saved list could not be read: ${(err as Error).message}`);
      throw new StorageError((err as Error).message);
    }
    const pruned = this.prune();
    // A record the schema refuses throws here (a bug, not a storage failure).
    const value = serializeRecords(this.list());
    try {
      await this.memento.update(ORDERS_STATE_KEY, value);
      this.lastSeen = value;
      if (this.removedChanged) {
        await this.memento.update(REMOVED_ORDERS_STATE_KEY, removedToStore(this.removed, this.cap));
        this.removedChanged = false;
      }
    } catch (err) {
      this.log.error(`Orders could not be saved: ${(err as Error).message}`);
      throw new StorageError((err as Error).message);
    } finally {
      if (merged || pruned) this.changed.fire(undefined);
    }
  }

  /**
   * Folds in what other windows stored since we last looked. Returns whether our list changed.
   * Throws when the stored list cannot be read.
   */
  private merge(): boolean {
    let changed = false;
    for (const [id, at] of readRemoved(this.memento)) {
      const ours = this.removed.get(id);
      if (!ours || ours < at) {
        this.removed.set(id, at);
        if (!ours) this.removedChanged = true;
      }
    }
    const raw = this.memento.get<string>(ORDERS_STATE_KEY);
    // Parsing 2,000 records costs about 10 ms: skipped when the list is still the one we wrote.
    const stored = raw && raw !== this.lastSeen ? parseRecords(raw).records : [];
    for (const theirs of stored) {
      const ours = this.records.get(theirs.trackingId);
      if (this.isRemoved(theirs)) continue;
      // Ties keep ours: equal last entries mean the same step.
      if (!ours || lastChange(theirs) > lastChange(ours)) {
        this.records.set(theirs.trackingId, theirs);
        changed = true;
      }
    }
    for (const ours of [...this.records.values()]) {
      if (this.isRemoved(ours)) {
        this.records.delete(ours.trackingId);
        changed = true;
      }
    }
    return changed;
  }

  /** Removed, and not changed since: a later step (say, a status that came in) brings it back. */
  private isRemoved(record: OrderRecord): boolean {
    const at = this.removed.get(record.trackingId);
    return at !== undefined && at >= lastChange(record);
  }
}

/** A write to globalState failed, or was not attempted because the saved list is unreadable. */
class StorageError extends Error {}

function lastChange(record: OrderRecord): string {
  return record.history.at(-1)?.at ?? record.submittedAt ?? record.createdAt;
}

function readRemoved(memento: vscode.Memento): Map<string, string> {
  const raw = memento.get<unknown>(REMOVED_ORDERS_STATE_KEY);
  const removed = new Map<string, string>();
  if (!Array.isArray(raw)) return removed;
  for (const entry of raw) {
    if (Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'string') removed.set(entry[0], entry[1]);
  }
  return removed;
}

/** The newest tombstones only: an older one matters only to a window that stayed open that long. */
function removedToStore(removed: Map<string, string>, cap: number): [string, string][] {
  return [...removed].sort((a, b) => b[1].localeCompare(a[1])).slice(0, cap);
}

function newestFirst(a: OrderRecord, b: OrderRecord): number {
  const at = (r: OrderRecord) => r.submittedAt ?? r.createdAt;
  return at(b).localeCompare(at(a)) || b.trackingId.localeCompare(a.trackingId);
}
