// The command line's memory of a batch (README.md, "Bulk reactivation"): the order records of
// every file it sent, in the same format as the extension's saved orders, so that running the same
// batch again after a crash, a Ctrl-C or a lost answer sends only what has no record yet. Each
// record is written here before its POST leaves, as the extension writes its Orders list.
import { open, readFile, rename } from 'node:fs/promises';
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
  private writing: Promise<void> = Promise.resolve();
  /** The write that has not started yet: saves made meanwhile share it (one write for a burst, not one each). */
  private queued: Promise<void> | undefined;

  private constructor(readonly path: string) {}

  /**
   * Reads the journal at `path` (none yet is an empty one). A record still `sending` is from a run
   * that stopped mid-request: it becomes unknown, since Colt may have the order. Throws JournalError
   * when the file cannot be read, so that a batch never runs without its memory.
   */
  static async open(path: string): Promise<{ journal: BatchJournal; interrupted: number; skipped: number }> {
    const journal = new BatchJournal(path);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { journal, interrupted: 0, skipped: 0 };
      throw new JournalError(`cannot read the journal ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    let parsed: ReturnType<typeof parseRecords>;
    try {
      parsed = parseRecords(text);
    } catch (error) {
      throw new JournalError(`the journal ${path} cannot be used: ${(error as Error).message}`);
    }
    let interrupted = 0;
    for (const record of parsed.records) {
      const fixed = record.state === 'sending' ? markInterrupted(record) : record;
      if (fixed !== record) interrupted++;
      journal.remember(fixed);
    }
    return { journal, interrupted, skipped: parsed.skipped };
  }

  list(): OrderRecord[] {
    return [...this.records.values()];
  }

  /** Resolves once the record is on disk (written whole, then renamed into place); rejects with JournalError if it is not. */
  save(record: OrderRecord): Promise<void> {
    this.remember(record);
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

  private remember(record: OrderRecord): void {
    // Through the schema, as the extension's list is: no stray property (nothing secret) reaches the disk.
    this.texts.set(record.trackingId, JSON.stringify(orderRecordSchema.parse(record)));
    this.records.set(record.trackingId, record);
  }

  private async write(): Promise<void> {
    // The same format as the extension's saved orders (serializeRecords), so parseRecords reads it.
    const text = `{"version":${RECORDS_FILE_VERSION},"records":[${[...this.texts.values()].join(',')}]}`;
    const temporary = `${this.path}.${process.pid}.tmp`;
    try {
      const handle = await open(temporary, 'w');
      try {
        await handle.writeFile(text);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, this.path);
    } catch (error) {
      throw new JournalError(`cannot write the journal ${this.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
}
