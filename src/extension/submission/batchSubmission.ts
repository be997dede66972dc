// Submitting several request files as one batch (README.md, "Bulk reactivation"): the files of a
// folder or a multi-selection, checked with the same diagnostics as one file, one confirmation for
// production, a few orders in flight, each through SubmissionService.sendBatchOrder (saved before its
// POST, as one file's is), a cancel that stops before the next order, and one summary. Which files
// are sent and which were sent before is core's decision (src/core/batchSubmission.ts).
import * as vscode from 'vscode';
import {
  DEFAULT_BATCH_CONCURRENCY,
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
  type BatchSummary,
} from '../../core/batchSubmission';
import { createDraft, markUnknown, type OrderRecord } from '../../core/orderRecord';
import { TARGETS } from '../../core/targets';
import { Commands } from '../constants';
import type { Services } from '../services';
import { countNumbers, countryLabel, describeRange, plural } from './requestSummary';

const REQUEST_FILE_SUFFIX = '.reactivate.json';
export const CONFIRM_BATCH_PRODUCTION = 'Submit the Batch to Production';
export const CHECK_ORDERS = 'Check Order...';

export interface BatchRun {
  batchId: string;
  outcomes: BatchOutcome[];
  summary: BatchSummary;
  cancelled: boolean;
}

/** One batch at a time per window: a second one would plan from a list the first is still changing. */
let running = false;

/**
 * Submits the request files among `uris` (a folder stands for the request files directly in it).
 * Returns what happened, or undefined when nothing was attempted (no files, errors, declined).
 */
export async function submitRequestBatch(
  s: Services,
  uris: readonly vscode.Uri[],
  o: { concurrency?: number; /** Besides the notification's Cancel (tests): asked before each order. */ cancelled?: () => boolean } = {},
): Promise<BatchRun | undefined> {
  if (running) {
    void s.prompter.showInformationMessage('A batch is already being submitted; wait for its summary, then run this one again.', {});
    return undefined;
  }
  running = true;
  try {
    return await runBatch(s, uris, o.concurrency ?? DEFAULT_BATCH_CONCURRENCY, o.cancelled ?? (() => false));
  } finally {
    running = false;
  }
}

async function runBatch(s: Services, uris: readonly vscode.Uri[], concurrency: number, cancelled: () => boolean): Promise<BatchRun | undefined> {
  const { prompter, log, targets } = s;
  const found = await requestFiles(uris);
  if (!found.length) {
    void prompter.showErrorMessage(
      `Nothing was sent: no ${REQUEST_FILE_SUFFIX} files in ${uris.map((u) => vscode.workspace.asRelativePath(u, false)).join(', ')}. Select request files or a folder that holds them.`,
      {},
    );
    return undefined;
  }
  const files: (BatchFile & { uri: vscode.Uri })[] = [];
  for (const uri of found) files.push({ uri, path: vscode.workspace.asRelativePath(uri, false), text: await readText(uri) });

  const target = targets.target;
  const baseUrl = targets.baseUrl;
  if (!(await s.submission.canSubmit(target))) return undefined;
  // What other windows recorded since this one last looked; each order is asked again just before its POST.
  await s.orders.refresh();
  const plan = sortBatchFiles(files, s.orders.list(), {
    target,
    baseUrl,
    maxNumbersPerRange: s.settings.maxNumbersPerRange,
    maxNumbersPerOrder: s.settings.maxNumbersPerOrder,
  });

  const invalid = plan.filter((i) => i.kind === 'invalid');
  if (invalid.length) {
    const first = invalid[0]!;
    const error = first.errors[0]!;
    log.warn(`Batch not submitted: ${invalid.length} of ${plan.length} request files have errors (${invalid.map((i) => i.path).join(', ')}).`);
    void prompter
      .showErrorMessage(
        `Nothing was sent: ${invalid.length} of ${plural(plan.length, 'request file')} ${invalid.length === 1 ? 'has' : 'have'} errors. ` +
          `First: ${first.path}, line ${error.range.start.line + 1}: ${error.message} Fix them (see the Problems panel) and submit the batch again.`,
        {},
        'Open the File',
      )
      .then((choice) => {
        const uri = files.find((f) => f.path === first.path)?.uri;
        if (choice && uri) void vscode.window.showTextDocument(uri, { selection: new vscode.Range(error.range.start.line, 0, error.range.start.line, 0) });
      });
    return undefined;
  }

  const toSend = plan.filter((i): i is Extract<BatchItem, { kind: 'send' }> => i.kind === 'send');
  const earlier: BatchOutcome[] = plan.flatMap((item): BatchOutcome[] => {
    switch (item.kind) {
      case 'recorded':
      case 'unknown':
        return [recordedOutcome(item.path, item.record)];
      case 'duplicate':
        return [{ kind: 'duplicate', path: item.path, sameAs: item.sameAs }];
      default:
        return [];
    }
  });
  for (const item of plan) {
    if (item.kind === 'recorded' || item.kind === 'unknown') log.info(`Batch: ${item.path} not resent: ${describeRecorded(item.record)}.`);
  }
  // Resumed orders join the batch they were first sent in, so the Orders view shows one batch.
  const batchId = plan.map((i) => (i.kind === 'recorded' || i.kind === 'unknown' ? i.record.batchId : undefined)).find(Boolean) ?? newBatchId();

  if (toSend.length && target === 'production') {
    const { message, detail } = batchConfirmation(targets.host(target), toSend, plan.length - toSend.length);
    const answer = await prompter.showWarningMessage(message, { modal: true, detail }, CONFIRM_BATCH_PRODUCTION);
    if (answer !== CONFIRM_BATCH_PRODUCTION) {
      log.info(`Production batch declined by the user; nothing was sent (${plural(toSend.length, 'order')}).`);
      return undefined;
    }
  }

  log.info(`Batch ${batchId} to ${TARGETS[target].label} (${baseUrl}): ${plural(plan.length, 'file')}, ${toSend.length} to send, ${concurrency} at a time.`);
  const uriOf = new Map(files.map((f) => [f.path, f.uri]));
  let done = 0;
  /** An unexpected error in one order: no further order starts, the summary still comes. */
  let failure: Error | undefined;
  const run = toSend.length
    ? await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Submitting a batch to ${TARGETS[target].label}`, cancellable: true },
        async (progress, token) => {
          progress.report({ message: `0 of ${toSend.length}` });
          return runBounded(toSend, {
            concurrency,
            cancelled: () => token.isCancellationRequested || cancelled() || failure !== undefined,
            run: async (item): Promise<BatchOutcome> => {
              const draft = createDraft({ target, baseUrl, body: item.body, batchId, sourceFile: item.path });
              let outcome: BatchOutcome;
              try {
                outcome = outcomeOf(item.path, await s.submission.sendBatchOrder(draft, uriOf.get(item.path)));
              } catch (err) {
                failure ??= err instanceof Error ? err : new Error(String(err));
                log.error(`Batch: ${item.path} stopped by an unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
                outcome = await afterError(s, item.path, draft);
              }
              progress.report({ message: `${++done} of ${toSend.length}`, increment: 100 / toSend.length });
              return outcome;
            },
          });
        },
      )
    : { results: [], cancelled: false };

  const outcomes: BatchOutcome[] = [...earlier];
  const notStarted = failure ? 'not started after an unexpected error' : 'cancelled before it was sent';
  run.results.forEach((result, index) => outcomes.push(result ?? { kind: 'notSent', path: toSend[index]!.path, reason: notStarted }));
  const summary = summariseBatch(outcomes);
  const stopped = run.cancelled && !failure;
  report(s, target, summary, stopped, toSend.length === 0, failure);
  return { batchId, outcomes, summary, cancelled: stopped };
}

/** A record found for a file, before the batch or just before its POST: reported as the plan reports it, never resent. */
function recordedOutcome(path: string, record: OrderRecord): BatchOutcome {
  if (record.state === 'unknown') return { kind: 'unknown', path, record, earlier: true };
  if (record.state === 'failed') return { kind: 'refused', path, reason: refusalReason(record), record };
  return { kind: 'recorded', path, record };
}

/**
 * After an unexpected error in one order: what the Orders list says of it. Saved as sending, its
 * POST may have gone out, so it becomes unknown (Check Order, the same tracking id, settles it);
 * not saved, nothing was sent.
 */
async function afterError(s: Services, path: string, draft: OrderRecord): Promise<BatchOutcome> {
  let record = s.orders.get(draft.trackingId);
  if (!record) return { kind: 'notSent', path, reason: 'an unexpected error stopped it before it was sent (see Colt: Show Log)' };
  if (record.state === 'sending') {
    record = markUnknown(record, 'an unexpected error in the batch: resubmit with the same tracking id to find out');
    await s.orders.upsert(record).catch(() => undefined); // logged by the store; the summary still says unknown
    return { kind: 'unknown', path, record, earlier: false };
  }
  return outcomeOf(path, { sent: true, record });
}

function outcomeOf(path: string, result: Awaited<ReturnType<Services['submission']['sendBatchOrder']>>): BatchOutcome {
  if (!result.sent) return result.reason === 'alreadySent' ? recordedOutcome(path, result.record) : { kind: 'notSent', path, reason: result.message };
  const record = result.record;
  switch (record.state) {
    case 'inProgress':
    case 'completed':
      return { kind: 'accepted', path, record };
    case 'unknown':
      return { kind: 'unknown', path, record, earlier: false };
    default:
      return { kind: 'refused', path, reason: refusalReason(record), record };
  }
}

/** The summary: counts in one sentence, the first refusals with their reasons, Check Order for unknown ones. */
function report(s: Services, target: keyof typeof TARGETS, summary: BatchSummary, cancelled: boolean, nothingToSend: boolean, failure?: Error): void {
  const { prompter, log } = s;
  const head = nothingToSend ? `Nothing to send: every order of this batch was sent before.` : `Batch to ${TARGETS[target].label}: ${summaryLine(summary)}`;
  for (const r of summary.refused) log.warn(`Batch: ${r.path} refused: ${r.reason}`);
  for (const u of summary.unknown) log.warn(`Batch: ${u.path} outcome unknown (tracking id ${u.trackingId}); use Check Order.`);
  for (const n of summary.notSent) log.info(`Batch: ${n.path} not sent: ${n.reason}`);
  log.info(head);
  const parts = [head];
  if (cancelled) parts.push('Cancelled: the orders not sent can be sent by submitting the same batch again; nothing is sent twice.');
  if (failure)
    parts.push(
      `Stopped by an unexpected error (${failure.message.replace(/\.$/, '')}): the orders not sent can be sent by submitting the same batch again; nothing is sent twice. Details in Colt: Show Log.`,
    );
  const shown = summary.refused.slice(0, 3).map((r) => `${r.path}: ${r.reason}`);
  if (shown.length)
    parts.push(
      `Refused: ${shown.join('; ')}${summary.refused.length > shown.length ? `; and ${summary.refused.length - shown.length} more (see Colt: Show Log)` : ''}.`,
    );
  if (summary.unknown.length)
    parts.push(`${plural(summary.unknown.length, 'order')} may or may not exist at Colt: Check Order resends each with its own tracking id.`);
  const message = parts.join(' ');
  const trouble = summary.refused.length || summary.unknown.length || summary.notSent.length || cancelled || failure;
  const items = summary.unknown.length ? [CHECK_ORDERS, 'Show Log'] : trouble ? ['Show Log'] : [];
  const shownMessage = trouble ? prompter.showWarningMessage(message, {}, ...items) : prompter.showInformationMessage(message, {}, ...items);
  void Promise.resolve(shownMessage).then(async (choice) => {
    if (choice === 'Show Log') void vscode.commands.executeCommand(Commands.showLog);
    if (choice === CHECK_ORDERS) {
      // One at a time: each check asks for its own confirmation.
      for (const u of summary.unknown) await vscode.commands.executeCommand(Commands.ordersCheckOrder, u.trackingId);
    }
  });
}

/** The one production confirmation: every order (file, country, profile, numbers, ranges) and the total. */
export function batchConfirmation(
  host: string,
  toSend: readonly Extract<BatchItem, { kind: 'send' }>[],
  notResent: number,
): { message: string; detail: string } {
  const total = toSend.reduce((sum, i) => sum + countNumbers(i.body), 0n);
  const lines = toSend.map((i) => {
    const profile = i.body.relatedParty.reseller.serviceProfile;
    const ranges = i.body.numberRangeList;
    const shown = ranges.slice(0, 2).map(describeRange).join(', ');
    const more = ranges.length > 2 ? `, and ${plural(ranges.length - 2, 'more range')}` : '';
    return `${i.path}: ${countryLabel(i.body)}${profile ? `, profile ${profile}` : ''}, ${plural(countNumbers(i.body), 'number')}: ${shown}${more}`;
  });
  return {
    message: `Reactivate ${plural(total, 'number')} in ${plural(toSend.length, 'order')} in PRODUCTION at ${host}?`,
    detail: [
      `Target: Colt production, ${host}`,
      `Total: ${plural(toSend.length, 'order')}, ${plural(total, 'number')}`,
      ...(notResent ? [`Not sent again: ${plural(notResent, 'file')} already sent before or repeated (see Colt: Show Log).`] : []),
      '',
      ...lines,
      '',
      'Real numbers are reactivated and cannot be quarantined again from here. Each order gets its own tracking id, saved before it is sent.',
    ].join('\n'),
  };
}

/** The request files named by `uris`: a folder's own `*.reactivate.json` files (not its subfolders'), sorted by name. */
async function requestFiles(uris: readonly vscode.Uri[]): Promise<vscode.Uri[]> {
  const files: vscode.Uri[] = [];
  const seen = new Set<string>();
  const add = (uri: vscode.Uri) => {
    if (seen.has(uri.toString())) return;
    seen.add(uri.toString());
    files.push(uri);
  };
  for (const uri of uris) {
    let type: vscode.FileType;
    try {
      type = (await vscode.workspace.fs.stat(uri)).type;
    } catch {
      continue;
    }
    if (type & vscode.FileType.Directory) {
      const entries = await vscode.workspace.fs.readDirectory(uri);
      entries
        .filter(([name, t]) => t & vscode.FileType.File && name.endsWith(REQUEST_FILE_SUFFIX))
        .map(([name]) => name)
        .sort()
        .forEach((name) => add(vscode.Uri.joinPath(uri, name)));
    } else if (uri.path.endsWith(REQUEST_FILE_SUFFIX)) {
      add(uri);
    }
  }
  return files;
}

/** The text as the editor shows it when the file is open (unsaved edits included, as for one file), else as saved. */
async function readText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** For the palette: pick a folder of request files in the workspace, or browse for files or a folder. */
export async function askForBatch(s: Services): Promise<vscode.Uri[] | undefined> {
  const found = await vscode.workspace.findFiles(`**/*${REQUEST_FILE_SUFFIX}`, '**/node_modules/**', 5000);
  const byFolder = new Map<string, { uri: vscode.Uri; count: number }>();
  for (const file of found) {
    const folder = vscode.Uri.joinPath(file, '..');
    const entry = byFolder.get(folder.toString());
    if (entry) entry.count++;
    else byFolder.set(folder.toString(), { uri: folder, count: 1 });
  }
  const BROWSE = 'Choose Files or a Folder...';
  type Item = vscode.QuickPickItem & { uri?: vscode.Uri };
  const items: Item[] = [...byFolder.values()]
    .sort((a, b) => a.uri.path.localeCompare(b.uri.path))
    .map(({ uri, count }) => ({
      label: `$(folder) ${vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1) || uri.path}`,
      description: plural(count, 'request file'),
      uri,
    }));
  items.push({ label: BROWSE });
  const picked = await s.prompter.showQuickPick(items, {
    title: 'Submit Reactivation Batch',
    placeHolder: 'Which request files? Every file of the folder is one order.',
  });
  if (!picked) return undefined;
  if (picked.uri) return [picked.uri];
  const chosen = await vscode.window.showOpenDialog({
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: true,
    openLabel: 'Submit as a Batch',
    filters: { 'Reactivation requests': ['json'] },
  });
  return chosen?.length ? chosen : undefined;
}

/** For tests and the log: what an outcome says, one line. */
export function describeOutcome(o: BatchOutcome): string {
  switch (o.kind) {
    case 'accepted':
      return `${o.path}: accepted, order ${o.record.orderId}`;
    case 'refused':
      return `${o.path}: refused: ${o.reason}`;
    case 'unknown':
      return `${o.path}: outcome unknown (tracking id ${o.record.trackingId})`;
    case 'recorded':
      return `${o.path}: ${describeRecorded(o.record)}`;
    case 'duplicate':
      return `${o.path}: the same order as ${o.sameAs}`;
    case 'notSent':
      return `${o.path}: not sent: ${o.reason}`;
  }
}
