// The command line's memory of a batch (README.md, "Bulk reactivation"): the order records of
// every file it sent, in the same format as the extension's saved orders, so that running the same
// batch again after a crash, a Ctrl-C or a lost answer sends only what has no record yet. Each
// record is written here before its POST leaves, as the extension writes its Orders list. Two runs
// may share one journal (a retried CI job, two terminals): every write is a read-merge-write under
// the same lock as the Orders list's (src/core/fileLock.ts), and each order is claimed under that
// lock just before its POST, so that the second run sends nothing the first one sent.
import { readFile } from 'node:fs/promises';
import { alreadyRecorded } from '../core/batchSubmission';
import { removeLeftoverTempFiles, withFileLock, writeFileAtomically } from '../core/fileLock';
import { markInterrupted, orderRecordSchema, parseRecords, RECORDS_FILE_VERSION, type OrderRecord } from '../core/orderRecord';

/** Its default name, in the folder of the batch's files. Not `*.reactivate.json`: it is never taken for a request. */
export const JOURNAL_FILE_NAME = 'colt-reactivate.journal.json';

export class JournalError extends Error {}

export class BatchJournal {
  private readonly records = new Map<string, OrderRecord>();
  /**
   * Each record's JSON, made once per change: rewriting the whole journal for every save then costs
   * a string join, not a schema check of every record (100 orders are 200 saves).
   */
  private readonly texts = new Map<string, string>();
  /** Tracking ids this run has saved: its copy of them wins over the file's; every other record is the file's. */
  private readonly mine = new Set<string>();
  /** Writes and claims, one after another: each is a locked read-merge-write. */
  private chain: Promise<unknown> = Promise.resolve();
  /** The write that has not started yet: saves made meanwhile share it (one write for a burst, not one each). */
  private queued: Promise<void> | undefined;
  private leftoversRemoved = false;
  /** Each record's length of history as this run read it: a record another run has moved on since has a longer one. */
  private readonly seenAtOpen = new Map<string, number>();

  private constructor(readonly path: string) {}

  /**
   * Reads the journal at `path` (none yet is an empty one). A record still `sending` is from a run
   * that stopped mid-request, or from another run sending it right now: either way it is unknown to
   * this run, since Colt may have the order. Only this run's view changes; the file keeps what the
   * other run writes. Throws JournalError when the file cannot be read, so that a batch never runs
   * without its memory.
   */
  static async open(path: string): Promise<{ journal: BatchJournal; interrupted: number; skipped: number }> {
    const journal = new BatchJournal(path);
    const parsed = await journal.readFile();
    let interrupted = 0;
    for (const record of parsed.records) {
      journal.seenAtOpen.set(record.trackingId, record.history.length);
      const fixed = record.state === 'sending' ? markInterrupted(record) : record;
      if (fixed !== record) interrupted++;
      journal.remember(fixed);
    }
    return { journal, interrupted, skipped: parsed.skipped };
  }

  list(): OrderRecord[] {
    return [...this.records.values()];
  }

  /** Resolves once the record is on disk (merged with the file under the lock, written whole, then renamed into place); rejects with JournalError if it is not. */
  save(record: OrderRecord): Promise<void> {
    this.remember(record);
    this.mine.add(record.trackingId);
    if (!this.queued) {
      const write = this.enqueue(() => {
        this.queued = undefined;
        return this.locked(async () => {
          await this.merge();
          await this.write();
        });
      });
      this.queued = write;
    }
    return this.queued;
  }

  /**
   * Saves `record` (about to be sent) unless the journal on disk, read under the lock, already holds
   * the same request placed or maybe placed (anything but a refusal or a draft) under another
   * tracking id, or holds this tracking id moved on since this run read it (another run checking it). Returns
   * that record, and saves nothing, when there is one: the order must not be sent. Rejects with
   * JournalError when the journal cannot be read or written.
   */
  claim(record: OrderRecord): Promise<OrderRecord | undefined> {
    return this.enqueue(() =>
      this.locked(async () => {
        await this.merge();
        const same = this.records.get(record.trackingId);
        if (same && !this.mine.has(record.trackingId) && same.history.length !== this.seenAtOpen.get(record.trackingId)) return same;
        const other = alreadyRecorded(record, this.records.values());
        if (other) return other;
        this.remember(record);
        this.mine.add(record.trackingId);
        await this.write();
        return undefined;
      }),
    );
  }

  private enqueue<T>(step: () => Promise<T>): Promise<T> {
    const run = this.chain.then(step);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async locked<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await withFileLock(this.path, async () => {
        if (!this.leftoversRemoved) {
          // A run that crashed mid-write left its temporary file; only a lock holder writes one.
          await removeLeftoverTempFiles(this.path);
          this.leftoversRemoved = true;
        }
        return await work();
      });
    } catch (error) {
      if (error instanceof JournalError) throw error;
      throw new JournalError(`cannot write the journal ${this.path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }

  /** Takes in what other runs wrote since: their records, and theirs of ours that this run has not changed. */
  private async merge(): Promise<void> {
    for (const record of (await this.readFile()).records) {
      if (!this.mine.has(record.trackingId)) this.remember(record);
    }
  }

  private async readFile(): Promise<{ records: OrderRecord[]; skipped: number }> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], skipped: 0 };
      throw new JournalError(`cannot read the journal ${this.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    try {
      return parseRecords(text);
    } catch (error) {
      throw new JournalError(`the journal ${this.path} cannot be used: ${(error as Error).message}`);
    }
  }

  private remember(record: OrderRecord): void {
    // Through the schema, as the extension's list is: no stray property (nothing secret) reaches the disk.
    this.texts.set(record.trackingId, JSON.stringify(orderRecordSchema.parse(record)));
    this.records.set(record.trackingId, record);
  }

  private async write(): Promise<void> {
    // The same format as the extension's saved orders (serializeRecords), so parseRecords reads it.
    const text = `{"version":${RECORDS_FILE_VERSION},"records":[${[...this.texts.values()].join(',')}]}`;
    try {
      await writeFileAtomically(this.path, text);
    } catch (error) {
      throw new JournalError(`cannot write the journal ${this.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
}
