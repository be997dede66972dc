import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isFinal, markInterrupted, parseRecords, serializeRecords, type OrderRecord, type RemovedEntry } from '../../core/orderRecord';
import { Disposable } from '../lifecycle';
import type { Log } from '../log';
import type { Prompter } from '../prompter';
import { ORDERS_FILE_NAME, readOrderFile, readOrderFileSync, removeLeftoverTempFiles, withFileLock, writeFileAtomically } from './orderFile';

/** Where versions before the file store kept the list in globalState: migrated once, then cleared. */
export const ORDERS_STATE_KEY = 'coltReactivate.orders';
/** The old globalState key of the removals (tracking id and when). */
export const REMOVED_ORDERS_STATE_KEY = 'coltReactivate.orders.removed';
/**
 * 10,000 orders are about 7 MB on disk and load in well under 100 ms (`orders-load-10k` in
 * `npm run bench`); beyond the cap, the oldest finished orders are pruned (README.md, "Orders").
 */
export const DEFAULT_ORDER_CAP = 10_000;

/** The Orders list's file for an extension's globalStorageUri. */
export function orderStoreFile(globalStorageUri: vscode.Uri): string {
  return path.join(globalStorageUri.fsPath, ORDERS_FILE_NAME);
}

export interface OrderStoreOptions {
  /** globalState as older versions wrote it: its orders are moved into the file, then its keys cleared. */
  legacyState?: vscode.Memento;
  /** Where a list that cannot be read is reported to the user (once per window). */
  notifications?: Pick<Prompter, 'showErrorMessage'>;
  cap?: number;
}

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
 * The order was not written, and must not be sent, because the list (as just read under the lock)
 * already holds the same request: `record` is that earlier one. Checked by name across bundles.
 */
export class OrderAlreadySentError extends Error {
  constructor(readonly record: OrderRecord) {
    super(`the same request was already sent (tracking id ${record.trackingId})`);
    this.name = 'OrderAlreadySentError';
  }
}

/** Given the record about to be saved and the whole list as just merged, the record that forbids sending it. */
export type SendGuard = (record: OrderRecord, records: Iterable<OrderRecord>) => OrderRecord | undefined;

/**
 * The submitted orders, in one JSON file under globalStorageUri (never a secret: records hold
 * bodies, ids and times). Not in globalState: VS Code reads all of an extension's globalState at
 * start-up and warns above 512 KB, which 1,000 orders exceed. Written before every POST, so a
 * reload or a crash leaves the tracking id behind.
 *
 * Several windows share the file, each with its own store. Every write takes the file's lock,
 * merges what is stored (see mergeIn()), and replaces the file atomically: records another window
 * wrote are adopted, and for a record both have, the one further along (later last history entry)
 * wins. Removal is recorded as a dated tombstone in the file so other windows drop the record too;
 * a record that changed after it was removed comes back (it is further along than the removal).
 * A record is never dropped for being absent from the stored list, so an `unknown` order's
 * tracking id is lost only by an explicit Remove from List.
 *
 * Other windows' changes are read before each write and when the window gains focus, not through
 * fs.watch: the file is replaced by a rename, which a watch on the file loses, and watching the
 * directory is unreliable on network and remote file systems. A window the user is not looking at
 * needs no fresher list, and focus is when one is looked at again.
 */
export class OrderStore extends Disposable {
  private records = new Map<string, OrderRecord>();
  /** Tracking id → when it was removed (ISO), ours and other windows'. */
  private removed = new Map<string, string>();
  /** The file's text as we last read or wrote it: unchanged means no other window wrote since. */
  private lastSeen: string | undefined;
  private readonly changed = this._register(new vscode.EventEmitter<OrderRecord | undefined>());
  /** The changed record, or undefined when several changed or one was removed. */
  readonly onDidChange = this.changed.event;
  private writing: Promise<void> = Promise.resolve();
  /** The write that has not started yet: later changes join it instead of queueing their own. */
  private queued: Promise<void> | undefined;
  /** Set when the saved list cannot be read: we never overwrite what we could not parse. */
  private readOnly = false;
  private reported = false;
  private tempFilesChecked = false;
  /** Orders taken from the old globalState keys, which are cleared once the file holds them. */
  private legacyToClear = false;
  private readonly legacyState: vscode.Memento | undefined;
  private readonly notifications: Pick<Prompter, 'showErrorMessage'> | undefined;
  private readonly cap: number;
  /** The list's size when it was last said to be over the cap with nothing prunable: said once per size, not on every write. */
  private overCapLogged: number | undefined;
  /**
   * Records saved before a POST with a guard: the first write that would store one asks its guard,
   * under the lock and after merging the file, and drops the record instead when the guard names another.
   */
  private readonly guarded = new Map<string, { guard: SendGuard; previous: OrderRecord | undefined; checked: boolean; conflict?: OrderRecord }>();

  constructor(
    /** The list's file (orderStoreFile()); its directory is created on the first write. */
    readonly file: string,
    private readonly log: Log,
    options: OrderStoreOptions = {},
  ) {
    super();
    this.legacyState = options.legacyState;
    this.notifications = options.notifications;
    this.cap = options.cap ?? DEFAULT_ORDER_CAP;
    this.load();
    this._register(
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused) void this.refresh();
      }),
    );
  }

  private load(): void {
    // Synchronous: the tree and the poller need the list as soon as they exist, and reading 7 MB
    // costs a few ms; parsing it is the same work either way.
    let stored: ReturnType<typeof parseRecords> | undefined;
    try {
      const text = readOrderFileSync(this.file);
      this.lastSeen = text;
      if (text !== undefined) stored = parseRecords(text);
    } catch (err) {
      // Keep the unreadable file as it is (a newer version may have written it) and start empty.
      this.failedToRead(err);
      this.readOnly = true;
      return;
    }
    if (stored) {
      if (stored.skipped) this.log.warn(`${stored.skipped} saved order(s) could not be read and were skipped.`);
      for (const [id, at] of stored.removed) this.removed.set(id, at);
      for (const record of stored.records) this.records.set(record.trackingId, record);
    }
    const migrated = this.adoptLegacy();
    let interrupted = 0;
    for (const record of this.records.values()) {
      // Still 'sending' at start-up: the window closed mid-request, so Colt may have the order.
      // (Another window's send in flight is marked too; its outcome, a later step, wins over this.)
      if (record.state !== 'sending') continue;
      this.records.set(record.trackingId, markInterrupted(record));
      interrupted++;
    }
    if (interrupted) this.log.warn(`${interrupted} order(s) were interrupted while sending; they are shown as unknown.`);
    if (interrupted || migrated) this.persist().catch(() => undefined); // already logged
  }

  /**
   * Folds in what older versions kept in globalState, with the same rules as another window's
   * list. Returns whether there was anything; the keys are cleared after the file is written.
   */
  private adoptLegacy(): boolean {
    const memento = this.legacyState;
    if (!memento) return false;
    const raw = memento.get<unknown>(ORDERS_STATE_KEY);
    const removed = readLegacyRemoved(memento);
    if (raw === undefined && memento.get(REMOVED_ORDERS_STATE_KEY) === undefined) return false;
    let records: OrderRecord[] = [];
    if (typeof raw === 'string') {
      try {
        records = parseRecords(raw).records;
      } catch (err) {
        // Never cleared: a later version may read what this one cannot.
        this.log.error(`Orders saved by an older version were not moved to ${this.file}: ${(err as Error).message}`);
        return false;
      }
    }
    this.mergeIn(records, removed);
    this.legacyToClear = true;
    this.log.info(`Moving ${records.length} order(s) from globalState to ${this.file}.`);
    return true;
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

  /** Resolves when every write asked for so far has finished (whether or not it succeeded). */
  async flushed(): Promise<void> {
    for (let writing = this.writing; ; writing = this.writing) {
      await writing;
      if (writing === this.writing) return;
    }
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
   * the change is undone and this rejects with OrderNotSavedError, so nothing is sent. With a
   * guard, the list as merged under the lock is checked first: when the guard names a record (the
   * same request, sent by another window, batch or CodeLens since the caller looked), nothing is
   * stored and this rejects with OrderAlreadySentError.
   */
  async saveBeforeSend(record: OrderRecord, guard?: SendGuard): Promise<void> {
    const previous = this.records.get(record.trackingId);
    this.records.set(record.trackingId, record);
    if (guard) this.guarded.set(record.trackingId, { guard, previous, checked: false });
    let conflict: OrderRecord | undefined;
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
    } finally {
      conflict = this.guarded.get(record.trackingId)?.conflict;
      if (guard) this.guarded.delete(record.trackingId);
    }
    if (conflict) {
      this.changed.fire(undefined);
      throw new OrderAlreadySentError(conflict);
    }
    this.changed.fire(record);
  }

  /** Under the lock, after merging: each guarded record not yet written is checked once, and dropped if its guard objects. */
  private checkGuards(): void {
    for (const [trackingId, entry] of this.guarded) {
      if (entry.checked) continue;
      entry.checked = true;
      const mine = this.records.get(trackingId);
      if (!mine) continue;
      const conflict = entry.guard(mine, this.records.values());
      if (!conflict) continue;
      entry.conflict = conflict;
      if (entry.previous) this.records.set(trackingId, entry.previous);
      else this.records.delete(trackingId);
      this.log.info(`Not saved or sent: ${trackingId} asks for the same as ${conflict.trackingId} (${conflict.state}), saved meanwhile.`);
    }
  }

  async remove(trackingId: string): Promise<boolean> {
    const removed = this.records.delete(trackingId);
    if (removed) {
      this.removed.set(trackingId, new Date().toISOString());
      this.changed.fire(undefined);
      await this.persist().catch(() => undefined); // logged; removal is local first
    }
    return removed;
  }

  /**
   * Reads what other windows wrote since we last looked, without writing (on focus). Queued
   * behind the writes, so that it never takes an older text for the newest.
   */
  refresh(): Promise<void> {
    const run = this.writing.then(async () => {
      if (this.readOnly || this.isDisposed) return;
      try {
        const text = await readOrderFile(this.file);
        if (this.absorb(text)) this.changed.fire(undefined);
      } catch (err) {
        this.failedToRead(err);
      }
    });
    this.writing = run.catch(() => undefined);
    return this.writing;
  }

  /**
   * Oldest finished orders go first, and only finished ones: an unfinished order (unknown, in
   * progress) leaves the list only by Remove from List, so the cap is exceeded rather than lose
   * the tracking id a Check Order needs.
   */
  private prune(): boolean {
    const excess = this.records.size - this.cap;
    if (excess <= 0) return false;
    const victims = [...this.records.values()]
      .filter(isFinal)
      .sort((a, b) => -newestFirst(a, b))
      .slice(0, excess);
    for (const v of victims) this.records.delete(v.trackingId);
    if (victims.length) this.log.info(`Pruned ${victims.length} old order(s) from the list (cap ${this.cap}).`);
    if (victims.length < excess && this.overCapLogged !== this.records.size) {
      this.overCapLogged = this.records.size;
      this.log.warn(
        `The Orders list holds ${this.records.size} orders, over its cap of ${this.cap}: the ${excess - victims.length} beyond it are unfinished and are kept until they finish or are removed from the list.`,
      );
    }
    return victims.length > 0;
  }

  /**
   * Rejects with StorageError when the list is not saved (the saved list is unreadable, or the
   * file could not be written); the failure is logged here.
   */
  private persist(): Promise<void> {
    // Serialised writes within this window (the lock serialises windows). Changes made while a
    // write is running share the next one, which takes its snapshot when it starts and so holds
    // all of them: a burst of N changes costs two writes of the list, not N.
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
      this.log.warn(`Orders are not saved: ${this.file} could not be read (see above).`);
      throw new StorageError('the saved list could not be read');
    }
    let merged = false;
    let pruned = false;
    try {
      await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
      await withFileLock(this.file, async () => {
        if (!this.tempFilesChecked) {
          const leftovers = await removeLeftoverTempFiles(this.file);
          if (leftovers.length) this.log.info(`Removed ${leftovers.length} unfinished write(s) of the Orders list left by a window that closed mid-write.`);
          this.tempFilesChecked = true;
        }
        let text: string | undefined;
        try {
          text = await readOrderFile(this.file);
          merged = this.absorb(text);
        } catch (err) {
          // Another window (perhaps a newer version) wrote something we cannot read: never overwrite it.
          this.failedToRead(err);
          throw new StorageError((err as Error).message);
        }
        // Synchronous from here to the write's snapshot: nothing can slip in between check and save.
        this.checkGuards();
        pruned = this.prune();
        // A record the schema refuses throws here (a bug, not a storage failure).
        const value = serializeRecords(this.list(), removedToStore(this.removed, this.cap));
        await writeFileAtomically(this.file, value);
        this.lastSeen = value;
      });
    } catch (err) {
      if (err instanceof StorageError || !isFileSystemError(err)) throw err;
      this.log.error(`Orders could not be saved to ${this.file}: ${(err as Error).message}`);
      throw new StorageError((err as Error).message);
    } finally {
      if (merged || pruned) this.changed.fire(undefined);
    }
    if (this.legacyToClear) {
      this.legacyToClear = false;
      try {
        await this.legacyState?.update(ORDERS_STATE_KEY, undefined);
        await this.legacyState?.update(REMOVED_ORDERS_STATE_KEY, undefined);
        this.log.info(`Orders moved to ${this.file}; the copy in globalState is cleared.`);
      } catch (err) {
        // Harmless: the next start moves them again, and the merge keeps one copy of each.
        this.log.warn(`The old copy of the orders in globalState was not cleared: ${(err as Error).message}`);
      }
    }
  }

  /**
   * Merges the file's text if another window changed it since we last looked. Returns whether our
   * list changed; throws when the text cannot be read.
   */
  private absorb(text: string | undefined): boolean {
    // Parsing 10,000 records costs tens of ms: skipped when the file is still the one we wrote.
    if (text === undefined || text === this.lastSeen) return false;
    const stored = parseRecords(text);
    this.lastSeen = text;
    return this.mergeIn(stored.records, stored.removed);
  }

  /** Folds in another list (another window's, or the old globalState's). Returns whether ours changed. */
  private mergeIn(stored: readonly OrderRecord[], removed: Iterable<RemovedEntry>): boolean {
    let changed = false;
    for (const [id, at] of removed) {
      const ours = this.removed.get(id);
      if (!ours || ours < at) this.removed.set(id, at);
    }
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

  /** Logged every time; shown to the user once per window, saying what to do. */
  private failedToRead(err: unknown): void {
    const reason = (err as Error).message;
    this.log.error(`The Orders list ${this.file} could not be read: ${reason}`);
    if (this.reported || !this.notifications) return;
    this.reported = true;
    void this.notifications.showErrorMessage(
      `Colt: the Orders list could not be read, so no order can be sent until it can be saved (${reason.replace(/\.$/, '')}). ` +
        `The file was left untouched: ${this.file}. If a newer version of the extension wrote it, update this one; ` +
        `if it is damaged, move it elsewhere and reload the window (a new, empty list is started).`,
      {},
    );
  }
}

/** The file could not be written, or was not because the saved list is unreadable. */
class StorageError extends Error {}

/** A failure of the disk or the lock (as opposed to a bug, which the caller hears of as it is). */
function isFileSystemError(err: unknown): boolean {
  return err instanceof Error && (typeof (err as NodeJS.ErrnoException).code === 'string' || err.name === 'LockTimeoutError');
}

function lastChange(record: OrderRecord): string {
  return record.history.at(-1)?.at ?? record.submittedAt ?? record.createdAt;
}

function readLegacyRemoved(memento: vscode.Memento): RemovedEntry[] {
  const raw = memento.get<unknown>(REMOVED_ORDERS_STATE_KEY);
  if (!Array.isArray(raw)) return [];
  return raw.filter((e): e is RemovedEntry => Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'string');
}

/** The newest tombstones only: an older one matters only to a window that stayed open that long. */
function removedToStore(removed: Map<string, string>, cap: number): RemovedEntry[] {
  return [...removed].sort((a, b) => b[1].localeCompare(a[1])).slice(0, cap);
}

function newestFirst(a: OrderRecord, b: OrderRecord): number {
  const at = (r: OrderRecord) => r.submittedAt ?? r.createdAt;
  return at(b).localeCompare(at(a)) || b.trackingId.localeCompare(a.trackingId);
}
