import * as vscode from 'vscode';
import { isFinal, markInterrupted, parseRecords, serializeRecords, type OrderRecord } from '../../core/orderRecord';
import { Disposable } from '../lifecycle';
import type { Log } from '../log';

export const ORDERS_STATE_KEY = 'coltReactivate.orders';
/** Issue 6 lists 1,000 orders after a reload; the cap leaves room for twice that before pruning. */
export const DEFAULT_ORDER_CAP = 2000;

/**
 * The submitted orders, in globalState (never a secret: records hold bodies, ids and times).
 * Written before every POST, so a reload or a crash leaves the tracking id behind.
 */
export class OrderStore extends Disposable {
  private records = new Map<string, OrderRecord>();
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
    const raw = this.memento.get<string>(ORDERS_STATE_KEY);
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
        void this.persist();
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

  async upsert(record: OrderRecord): Promise<void> {
    this.records.set(record.trackingId, record);
    this.prune();
    await this.persist();
    this.changed.fire(record);
  }

  async remove(trackingId: string): Promise<boolean> {
    const removed = this.records.delete(trackingId);
    if (removed) {
      await this.persist();
      this.changed.fire(undefined);
    }
    return removed;
  }

  /** Oldest finished orders go first; unfinished ones only when nothing else is left to prune. */
  private prune(): void {
    const excess = this.records.size - this.cap;
    if (excess <= 0) return;
    const oldestFirst = [...this.records.values()].sort((a, b) => -newestFirst(a, b));
    const victims = [...oldestFirst.filter(isFinal), ...oldestFirst.filter((r) => !isFinal(r))].slice(0, excess);
    for (const v of victims) this.records.delete(v.trackingId);
    this.log.info(`Pruned ${victims.length} old order(s) from the list (cap ${this.cap}).`);
  }

  private persist(): Promise<void> {
    if (this.readOnly) {
      this.log.warn('Orders are not saved: the saved list could not be read (see above).');
      return Promise.resolve();
    }
    // Serialised writes: globalState.update calls must not interleave out of order. Changes made
    // while a write is running share the next one, which takes its snapshot when it starts and so
    // holds all of them: a burst of N changes costs two writes of the list, not N.
    if (!this.queued) {
      const write = this.writing.then(() => {
        this.queued = undefined;
        // As before: a record the schema refuses makes upsert() reject; a storage failure is logged.
        const value = serializeRecords(this.list());
        return Promise.resolve(this.memento.update(ORDERS_STATE_KEY, value)).catch((err) => {
          this.log.error(`Orders could not be saved: ${(err as Error).message}`);
        });
      });
      this.queued = write;
      this.writing = write.catch(() => undefined);
    }
    return this.queued;
  }
}

function newestFirst(a: OrderRecord, b: OrderRecord): number {
  const at = (r: OrderRecord) => r.submittedAt ?? r.createdAt;
  return at(b).localeCompare(at(a)) || b.trackingId.localeCompare(a.trackingId);
}
