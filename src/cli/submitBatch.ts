// colt-reactivate submit FILE... | FOLDER: several request files as one batch (README.md, "Bulk
// reactivation"). The decisions are core's (src/core/batchSubmission.ts), the sending is the same
// client as one file's; what is the command line's own is the journal, its memory between runs.
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  describeRecorded,
  newBatchId,
  sortBatchFiles,
  refusalReason,
  runBounded,
  summariseBatch,
  summaryLine,
  type BatchFile,
  type BatchItem,
  type BatchOutcome,
} from '../core/batchSubmission';
import type { ColtClient } from '../core/coltClient';
import { applySubmitOutcome, createDraft, isFinal, markSending, markUnknown, type OrderRecord } from '../core/orderRecord';
import { BatchJournal, JOURNAL_FILE_NAME, JournalError } from './batchJournal';
import type { CliIo } from './main';
import { EXIT, follow, type SubmitArgs } from './submitCommand';

const REQUEST_FILE_SUFFIX = '.reactivate.json';

export interface BatchArgs extends Omit<SubmitArgs, 'file'> {
  /** As given: files and folders. */
  files: string[];
}

/**
 * The request files named by the arguments: a folder stands for the `*.reactivate.json` files
 * directly in it, sorted by name. Returns an error sentence for a path that cannot be read or a
 * folder without request files.
 */
export async function expandRequestFiles(args: readonly string[]): Promise<{ files: string[]; folders: number } | { error: string }> {
  const files: string[] = [];
  let folders = 0;
  for (const arg of args) {
    let isFolder: boolean;
    try {
      isFolder = (await stat(arg)).isDirectory();
    } catch (error) {
      return { error: `cannot read ${arg}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.` };
    }
    if (!isFolder) {
      files.push(arg);
      continue;
    }
    folders++;
    const inside = (await readdir(arg, { withFileTypes: true }))
      .filter((e) => e.isFile() && e.name.endsWith(REQUEST_FILE_SUFFIX))
      .map((e) => e.name)
      .sort();
    if (!inside.length) return { error: `${arg} holds no ${REQUEST_FILE_SUFFIX} files.` };
    files.push(...inside.map((name) => join(arg, name)));
  }
  return { files, folders };
}

/** Where the journal goes: --state, else beside the files when they share a folder. */
export function journalPathFor(files: readonly string[], state: string | undefined): string | { error: string } {
  if (state) return state;
  const folders = new Set(files.map((f) => resolve(dirname(f))));
  if (folders.size !== 1) return { error: 'the files are in several folders: say where to keep the batch journal with --state FILE.' };
  return join(dirname(files[0]!), JOURNAL_FILE_NAME);
}

export async function submitBatch(client: ColtClient, a: BatchArgs & { journalPath: string }, io: CliIo): Promise<number> {
  let opened: Awaited<ReturnType<typeof BatchJournal.open>>;
  try {
    opened = await BatchJournal.open(a.journalPath);
  } catch (error) {
    if (!(error instanceof JournalError)) throw error;
    io.err(`colt-reactivate submit: ${error.message}. Nothing was sent.`);
    return EXIT.usage;
  }
  const { journal } = opened;
  if (opened.skipped) io.err(`warning: ${opened.skipped} record(s) in ${a.journalPath} could not be read and were skipped.`);
  // Left as they are in the file: another run may be sending them right now and will write their outcome.
  if (opened.interrupted)
    io.err(
      `warning: ${opened.interrupted} order(s) in ${a.journalPath} were being sent when a run stopped (or by a run still going); their outcome is unknown.`,
    );

  const files: BatchFile[] = [];
  for (const path of a.files) {
    try {
      files.push({ path, text: await readFile(path, 'utf8') });
    } catch (error) {
      io.err(`colt-reactivate submit: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}. Nothing was sent.`);
      return EXIT.usage;
    }
  }
  const plan = sortBatchFiles(files, journal.list(), { target: a.target, baseUrl: client.baseUrl });
  const invalid = plan.filter((i) => i.kind === 'invalid');
  if (invalid.length) {
    for (const item of invalid) {
      for (const e of item.errors) io.err(`${item.path}:${e.range.start.line + 1}:${e.range.start.character + 1}: ${e.severity} ${e.code} ${e.message}`);
    }
    io.err(
      `colt-reactivate submit: ${invalid.length} of ${plan.length} files have errors; fix them (colt-reactivate validate ${invalid.map((i) => quoteArg(i.path)).join(' ')}) and submit again. Nothing was sent.`,
    );
    return EXIT.refused;
  }

  const toSend = plan.filter((i) => i.kind === 'send' || (i.kind === 'unknown' && a.checkUnknown));
  // Resumed orders join the batch they were first sent in, so both runs read as one batch.
  const batchId = plan.map((i) => (i.kind === 'recorded' || i.kind === 'unknown' ? i.record.batchId : undefined)).find(Boolean) ?? newBatchId();
  io.out(`target: ${client.target} (${client.baseUrl})`);
  io.out(
    `batch: ${plan.length} files, ${toSend.length} to send, ${a.concurrency} at a time; journal ${a.journalPath}` +
      (toSend.length < plan.length ? ` (${plan.length - toSend.length} not sent again: see below)` : ''),
  );

  const outcomes: BatchOutcome[] = plan.map((item) => earlierOutcome(item, a, io)).filter((o): o is BatchOutcome => !!o);
  let journalBroken: string | undefined;
  const run = await runBounded(toSend, {
    concurrency: a.concurrency,
    cancelled: () => !!a.signal?.aborted || !!journalBroken,
    run: async (item) => {
      const { outcome, meanwhile } = await sendOne(client, journal, item as Extract<BatchItem, { kind: 'send' | 'unknown' }>, batchId);
      if (outcome.kind === 'notSent' && !journalBroken) journalBroken = outcome.reason;
      if (meanwhile) io.out(`${item.path}: ${describeRecorded(meanwhile)} by another run meanwhile (tracking id ${meanwhile.trackingId}); not sent again`);
      else printOutcome(outcome, io);
      return outcome;
    },
  });
  run.results.forEach((result, index) => {
    outcomes.push(
      result ?? { kind: 'notSent', path: toSend[index]!.path, reason: journalBroken ? 'the batch stopped: the journal could not be written' : 'cancelled' },
    );
  });
  if (run.cancelled) io.err(`cancelled: ${run.results.filter((r) => !r).length} order(s) were not sent; run the same command again to send them.`);

  let failedWhileWaiting = false;
  if (a.wait) failedWhileWaiting = await followAll(client, journal, outcomes, a, io);

  const summary = summariseBatch(outcomes);
  for (const r of summary.refused) io.err(`refused: ${r.path}: ${r.reason}`);
  for (const u of summary.unknown) io.err(`unknown: ${u.path} (tracking id ${u.trackingId})`);
  if (summary.unknown.length) io.err(`to check: ${checkCommand(a)}`);
  for (const n of summary.notSent) io.err(`not sent: ${n.path}: ${n.reason}`);
  io.out(`summary: ${summaryLine(summary, '--check-unknown')}`);

  if (summary.unknown.length) return EXIT.unknown;
  if (summary.refused.length || summary.notSent.some((n) => !/^the same order as /.test(n.reason)) || failedWhileWaiting) return EXIT.refused;
  return EXIT.ok;
}

/** What a file that is not sent this run says, printed now; undefined for one that will be sent. */
function earlierOutcome(item: BatchItem, a: BatchArgs, io: CliIo): BatchOutcome | undefined {
  switch (item.kind) {
    case 'send':
    case 'invalid':
      return undefined;
    case 'unknown':
      if (a.checkUnknown) return undefined;
      io.out(
        `${item.path}: outcome unknown since an earlier run (tracking id ${item.record.trackingId}): not resent; --check-unknown resends it with the same tracking id`,
      );
      return { kind: 'unknown', path: item.path, record: item.record, earlier: true };
    case 'recorded':
      io.out(`${item.path}: ${describeRecorded(item.record)}; not resent`);
      if (item.record.state === 'failed')
        return { kind: 'refused', path: item.path, reason: item.record.failure?.message ?? 'failed at Colt', record: item.record };
      return { kind: 'recorded', path: item.path, record: item.record };
    case 'duplicate':
      io.out(`${item.path}: the same order as ${item.sameAs}; sent once`);
      return { kind: 'duplicate', path: item.path, sameAs: item.sameAs };
  }
}

/**
 * One order: claimed in the journal (under its lock: no other run has sent the same request since
 * the plan was made) and journaled as sending, then the POST, then the outcome journaled. `meanwhile`
 * is the record of another run that sent it first; nothing was sent.
 */
async function sendOne(
  client: ColtClient,
  journal: BatchJournal,
  item: Extract<BatchItem, { kind: 'send' | 'unknown' }>,
  batchId: string,
): Promise<{ outcome: BatchOutcome; meanwhile?: OrderRecord }> {
  // An unknown one (--check-unknown) goes again under its own tracking id, as a check; a new one gets a fresh id.
  let record: OrderRecord =
    item.kind === 'unknown'
      ? item.record
      : markSending(createDraft({ target: client.target, baseUrl: client.baseUrl, body: item.body, batchId, sourceFile: item.path }));
  let meanwhile: OrderRecord | undefined;
  try {
    meanwhile = await journal.claim(record);
  } catch (error) {
    // Not saved, not sent: without the tracking id on disk, a lost answer could not be checked.
    return { outcome: { kind: 'notSent', path: item.path, reason: (error as Error).message } };
  }
  if (meanwhile) return { outcome: meanwhileOutcome(item.path, meanwhile), meanwhile };
  try {
    record = applySubmitOutcome(record, await client.submitOrder(record.body, { trackingId: record.trackingId }));
  } catch (error) {
    // A fault of ours, not an answer: the POST may have gone out, so the order is unknown (its
    // tracking id is in the journal) and the batch goes on to its summary rather than stopping.
    record = markUnknown(
      record,
      `unexpected error while sending: ${(error as Error).message ?? String(error)}; resubmit with the same tracking id to find out`,
    );
  }
  await journal.save(record).catch(() => undefined); // if this one fails, the next run finds the record 'sending' and reports it unknown
  switch (record.state) {
    case 'inProgress':
      return { outcome: { kind: 'accepted', path: item.path, record } };
    case 'unknown':
      return { outcome: { kind: 'unknown', path: item.path, record, earlier: false } };
    default:
      return { outcome: { kind: 'refused', path: item.path, reason: refusalReason(record), record } };
  }
}

/** What an order another run sent first counts as: as if this run had found its record at the start. */
function meanwhileOutcome(path: string, record: OrderRecord): BatchOutcome {
  switch (record.state) {
    case 'unknown':
    case 'sending':
      return { kind: 'unknown', path, record, earlier: true };
    case 'failed':
    case 'rejected':
      return { kind: 'refused', path, reason: record.failure?.message ?? 'failed at Colt', record };
    default:
      return { kind: 'recorded', path, record };
  }
}

function printOutcome(o: BatchOutcome, io: CliIo): void {
  switch (o.kind) {
    case 'accepted':
      io.out(`${o.path}: accepted, order id ${o.record.orderId} (tracking id ${o.record.trackingId})`);
      return;
    case 'refused':
      io.out(`${o.path}: refused: ${o.reason}`);
      return;
    case 'unknown':
      io.out(`${o.path}: outcome unknown (tracking id ${o.record.trackingId}): ${o.record.failure?.message ?? o.record.history.at(-1)?.note ?? 'no answer'}`);
      return;
    case 'notSent':
      io.out(`${o.path}: not sent: ${o.reason}`);
  }
}

/** --wait: follows every accepted order of the batch until final, a few at a time. True when one failed. */
async function followAll(client: ColtClient, journal: BatchJournal, outcomes: BatchOutcome[], a: BatchArgs, io: CliIo): Promise<boolean> {
  const open = outcomes.filter(
    (o): o is Extract<BatchOutcome, { kind: 'accepted' | 'recorded' }> => (o.kind === 'accepted' || o.kind === 'recorded') && !isFinal(o.record),
  );
  let failed = false;
  await runBounded(open, {
    concurrency: a.concurrency,
    run: async (o) => {
      const prefixed: CliIo = { ...io, out: (line) => io.out(`${o.path}: ${line}`), err: (line) => io.err(`${o.path}: ${line}`) };
      const { code, record } = await follow(client, o.record, prefixed);
      if (record !== o.record) await journal.save(record).catch(() => undefined);
      if (code !== EXIT.ok) failed = true;
    },
  });
  return failed;
}

function checkCommand(a: BatchArgs): string {
  const parts = ['colt-reactivate submit', ...a.files.map(quoteArg), '--target', a.target];
  if (a.baseUrl) parts.push('--base-url', quoteArg(a.baseUrl));
  if (a.yesProduction) parts.push('--yes-production');
  if (a.state) parts.push('--state', quoteArg(a.state));
  parts.push('--check-unknown');
  return parts.join(' ');
}

function quoteArg(value: string): string {
  return /^[\w./:@=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
