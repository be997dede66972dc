// colt-reactivate submit: the same files, the same client, from a CI pipeline.
// Exit codes: 0 accepted (and Completed with --wait), 1 refused or failed, 2 usage or I/O,
// 3 outcome unknown (the order may exist: the message says how to find out). Several files or a
// folder make a batch (submitBatch.ts), whose exit code is the worst of its orders'.
import { readFile } from 'node:fs/promises';
import { ColtClient, proxyDispatcherFromEnv, type SubmitOutcome } from '../core/coltClient';
import {
  applyStatusOutcome,
  applySubmitOutcome,
  createDraft,
  inconclusiveNote,
  isFinal,
  markSending,
  markUnknown,
  type OrderRecord,
} from '../core/orderRecord';
import { computeDiagnostics } from '../core/diagnostics';
import { excerpt, quoted } from '../core/excerpt';
import { RequestDocument } from '../core/requestDocument';
import { toRequestBody, trackingIdSchema } from '../core/schemas';
import { isLoopbackUrl, isProductionUrl, isTargetName, resolveBaseUrl, TARGETS, type TargetName } from '../core/targets';
import { DEFAULT_BATCH_CONCURRENCY, MAX_BATCH_CONCURRENCY } from '../core/batchSubmission';
import { TokenCache } from '../core/tokenCache';
import type { CliIo } from './main';
import { expandRequestFiles, journalPathFor, submitBatch } from './submitBatch';

export const EXIT = { ok: 0, refused: 1, usage: 2, unknown: 3 } as const;

export interface SubmitArgs {
  file: string;
  target: TargetName;
  baseUrl?: string;
  wait: boolean;
  yesProduction: boolean;
  trackingId?: string;
  /** --timeout: seconds to wait for each answer before the outcome is reported as unknown. */
  timeoutSeconds?: number;
  verbose: boolean;
  /** Every file or folder given; more than one, a folder, or --state make a batch. */
  files: string[];
  /** A batch's orders in flight at once. */
  concurrency: number;
  /** A batch's journal (default: colt-reactivate.journal.json beside the files). */
  state?: string;
  /** A batch resends its unknown orders with their own tracking ids. */
  checkUnknown: boolean;
  /** Aborted (Ctrl-C): a batch sends no further order. */
  signal?: AbortSignal;
}

const SUBMIT_USAGE =
  'Usage: colt-reactivate submit FILE... | FOLDER --target emulator|sandbox|production [--base-url URL] [--wait] [--yes-production] [--tracking-id ID] [--timeout SECONDS] [--concurrency N] [--state FILE] [--check-unknown] [--verbose]';

export async function runSubmitCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseSubmitArgs(args);
  if ('error' in parsed) {
    io.err(`colt-reactivate submit: ${parsed.error}\n${SUBMIT_USAGE}`);
    return EXIT.usage;
  }
  const a: SubmitArgs = { ...parsed, signal: io.signal };
  // The host decides, not the name: `--target sandbox --base-url https://apis.colt.net` is production too.
  const productionByUrl = a.target !== 'production' && isProductionUrl(resolveBaseUrl(a.target, a.baseUrl));
  if ((a.target === 'production' || productionByUrl) && !a.yesProduction) {
    const why = productionByUrl ? ` (--base-url ${a.baseUrl} is Colt's production host, whatever --target says)` : '';
    io.err(`colt-reactivate submit: refusing to send to Colt production${why} without --yes-production (real numbers change). Nothing was sent.`);
    return EXIT.usage;
  }
  const clientId = io.env.COLT_CLIENT_ID?.trim();
  const clientSecret = io.env.COLT_CLIENT_SECRET?.trim();
  if (!clientId || !clientSecret) {
    io.err(`colt-reactivate submit: set COLT_CLIENT_ID and COLT_CLIENT_SECRET to the client id and secret for ${TARGETS[a.target].label}. Nothing was sent.`);
    return EXIT.usage;
  }

  const expanded = await expandRequestFiles(a.files);
  if ('error' in expanded) {
    io.err(`colt-reactivate submit: ${expanded.error} Nothing was sent.`);
    return EXIT.usage;
  }
  const batch = expanded.files.length > 1 || expanded.folders > 0 || a.state !== undefined;
  let journalPath: string | undefined;
  if (batch) {
    const where = journalPathFor(expanded.files, a.state);
    if (typeof where !== 'string') {
      io.err(`colt-reactivate submit: ${where.error}\n${SUBMIT_USAGE}`);
      return EXIT.usage;
    }
    if (a.trackingId) {
      io.err(`colt-reactivate submit: --tracking-id is for one file; to check a batch's unknown orders, run it again with --check-unknown.`);
      return EXIT.usage;
    }
    journalPath = where;
  } else if (a.checkUnknown) {
    io.err(`colt-reactivate submit: --check-unknown is for a batch; to check one file's order, give its --tracking-id.`);
    return EXIT.usage;
  }

  let text = '';
  try {
    if (!batch) text = await readFile(a.file, 'utf8');
  } catch (error) {
    io.err(`colt-reactivate submit: cannot read ${a.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
    return EXIT.usage;
  }
  const problems = batch ? [] : fileProblems(text);
  for (const p of problems) io.err(`${a.file}:${p.line}:${p.column}: ${p.severity} ${p.code} ${p.message}`);
  if (problems.some((p) => p.severity === 'error')) {
    io.err(`colt-reactivate submit: ${a.file} has errors; fix them (colt-reactivate validate ${a.file}) and submit again. Nothing was sent.`);
    return EXIT.refused;
  }

  const baseUrl = resolveBaseUrl(a.target, a.baseUrl);
  const dispatcher = proxyDispatcherFromEnv(io.env, baseUrl, a.timeoutSeconds === undefined ? {} : { connectMs: a.timeoutSeconds * 1000 });
  const client = new ColtClient({
    target: a.target,
    baseUrl,
    credentials: async () => ({ clientId, clientSecret }),
    dispatcher,
    // One process, one run: a private cache keeps runs in the same process (tests) independent.
    tokenCache: new TokenCache(),
    timeouts:
      a.timeoutSeconds === undefined ? undefined : { connectMs: a.timeoutSeconds * 1000, headersMs: a.timeoutSeconds * 1000, bodyMs: a.timeoutSeconds * 1000 },
    log: a.verbose ? (e) => io.err(`[${e.level}] ${e.message}`) : undefined,
  });
  try {
    if (journalPath !== undefined)
      return await withInterrupt(a.signal, (signal) => submitBatch(client, { ...a, signal, files: expanded.files, journalPath }, io), io);
    return await submitAndFollow(client, a, toRequestBody(new RequestDocument(text).value), io);
  } finally {
    await client.close();
    await dispatcher.close();
  }
}

async function submitAndFollow(client: ColtClient, a: SubmitArgs, body: ReturnType<typeof toRequestBody>, io: CliIo): Promise<number> {
  let record = createDraft({ target: a.target, baseUrl: client.baseUrl, body, trackingId: a.trackingId });
  io.out(
    `target: ${TARGETS[a.target].label} (${client.baseUrl})${a.target !== 'production' && isProductionUrl(client.baseUrl) ? ": Colt's production host" : ''}`,
  );
  // Printed before anything leaves, so that the id survives whatever happens next.
  io.out(`tracking id: ${record.trackingId}`);
  record = markSending(record);
  // A given tracking id may already have reached Colt (that is what `to check:` re-runs are), so
  // only a definite answer may end it: a 503 on a check must not read as "rejected".
  if (a.trackingId) record = markUnknown(record, 'resent with a given tracking id: it may already have reached Colt');
  const outcome = await client.submitOrder(body, { trackingId: record.trackingId });
  record = applySubmitOutcome(record, outcome);
  const code = reportSubmit(outcome, record, a, io);
  if (code !== EXIT.ok || !a.wait) return code;
  return (await follow(client, record, io)).code;
}

function reportSubmit(outcome: SubmitOutcome, record: OrderRecord, a: SubmitArgs, io: CliIo): number {
  switch (outcome.kind) {
    case 'accepted':
      io.out(`order id: ${outcome.orderId}`);
      return EXIT.ok;
    case 'rejected':
      if (record.state === 'inProgress' && record.orderId) {
        io.out(`order id: ${record.orderId} (Colt already had tracking id ${record.trackingId}: this is that order, not a new one)`);
        return EXIT.ok;
      }
      if (record.state === 'unknown') {
        // An inconclusive answer to a check: the order may still exist.
        io.err(`outcome unknown: ${inconclusiveNote(outcome).replace(/^still unknown: /, '')}, so the order may exist.`);
        io.err(`  ${outcome.message}${outcome.code ? ` [${outcome.code}]` : ''}`);
        io.err(checkAdvice(outcome, a, record.trackingId));
        return EXIT.unknown;
      }
      io.err(`rejected: ${outcome.message}${outcome.code ? ` [${outcome.code}]` : ''}`);
      return EXIT.refused;
    case 'unknown':
      io.err(`outcome unknown: ${outcome.message}`);
      io.err(`to check: ${resubmitCommand(a, record.trackingId)}`);
      return EXIT.unknown;
  }
}

/**
 * What to do about a check that got no definite answer. A 409 without an order id will come back
 * the same on every re-run, so only Colt can say more; anything else may pass, so re-run later.
 */
function checkAdvice(outcome: Extract<SubmitOutcome, { kind: 'rejected' }>, a: SubmitArgs, trackingId: string): string {
  if (outcome.httpStatus === 409)
    return `to check: look the order up with Colt by tracking id ${trackingId} before doing anything else (do not submit it under a new tracking id).`;
  return `to check: ${resubmitCommand(a, trackingId)}`;
}

function resubmitCommand(a: SubmitArgs, trackingId: string): string {
  const parts = ['colt-reactivate submit', quoteArg(a.file), '--target', a.target];
  if (a.baseUrl) parts.push('--base-url', quoteArg(a.baseUrl));
  // Given on this run, so the target (or the base URL) is production: the check needs it too.
  if (a.yesProduction) parts.push('--yes-production');
  if (a.timeoutSeconds !== undefined) parts.push('--timeout', String(a.timeoutSeconds));
  parts.push('--tracking-id', trackingId);
  return parts.join(' ');
}

function quoteArg(value: string): string {
  return /^[\w./:@=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * A batch's Ctrl-C: the first one lets the orders under way finish (their POST may have reached
 * Colt) and the summary print; a second one stops at once.
 */
async function withInterrupt<T>(given: AbortSignal | undefined, run: (signal: AbortSignal) => Promise<T>, io: CliIo): Promise<T> {
  if (given) return run(given);
  const interrupt = new AbortController();
  const again = () => process.exit(130);
  const first = () => {
    io.err('Stopping after the orders under way (Ctrl-C again to stop now)...');
    interrupt.abort();
    process.once('SIGINT', again);
  };
  process.once('SIGINT', first);
  try {
    return await run(interrupt.signal);
  } finally {
    process.off('SIGINT', first);
    process.off('SIGINT', again);
  }
}

export const POLL = { firstMs: 250, factor: 1.6, maxMs: 10_000, maxConsecutiveErrors: 5 };

/** Polls the status with backoff until it is final, printing each change; returns the exit code and the record as it ended. */
export async function follow(client: ColtClient, start: OrderRecord, io: CliIo): Promise<{ code: number; record: OrderRecord }> {
  let record = start;
  let delay = POLL.firstMs;
  let errors = 0;
  let shown: string | undefined;
  while (!isFinal(record)) {
    await sleep(delay);
    delay = Math.min(delay * POLL.factor, POLL.maxMs);
    const outcome = await client.getOrderStatus(record.orderId!);
    if (outcome.kind === 'unavailable') {
      io.out(`status: not available from ${TARGETS[record.target].label} (HTTP ${outcome.httpStatus}); the order ${record.orderId} was accepted.`);
      return { code: EXIT.ok, record };
    }
    if (outcome.kind === 'error') {
      if (++errors >= POLL.maxConsecutiveErrors) {
        io.err(`could not follow the status: ${outcome.message} The order ${record.orderId} was accepted; check its status later.`);
        return { code: EXIT.unknown, record };
      }
      continue;
    }
    errors = 0;
    record = applyStatusOutcome(record, outcome);
    if (outcome.orderStatus !== shown) {
      shown = outcome.orderStatus;
      io.out(`status: ${outcome.orderStatus}`);
    }
  }
  if (record.state === 'completed') return { code: EXIT.ok, record };
  io.err(`failed: ${record.failure?.message ?? `Colt reports the order as ${record.orderStatus}.`}`);
  return { code: EXIT.refused, record };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function parseSubmitArgs(args: readonly string[]): SubmitArgs | { error: string } {
  const files: string[] = [];
  let target: string | undefined;
  let baseUrl: string | undefined;
  let trackingId: string | undefined;
  let timeout: string | undefined;
  let concurrency: string | undefined;
  let state: string | undefined;
  let checkUnknown = false;
  let wait = false;
  let yesProduction = false;
  let verbose = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? args[++i];
    switch (flag) {
      case '--target':
        target = value();
        break;
      case '--base-url':
        baseUrl = value();
        break;
      case '--tracking-id':
        trackingId = value();
        break;
      case '--timeout':
        timeout = value();
        break;
      case '--wait':
        wait = true;
        break;
      case '--concurrency':
        concurrency = value();
        break;
      case '--state':
        state = value();
        break;
      case '--check-unknown':
        checkUnknown = true;
        break;
      case '--yes-production':
        yesProduction = true;
        break;
      case '--verbose':
        verbose = true;
        break;
      default:
        if (arg.startsWith('--')) return { error: `unknown option ${excerpt(flag)}.` };
        files.push(arg);
    }
  }
  if (files.length === 0) return { error: 'give the request file (or files, or a folder of them) to submit.' };
  if (!target) return { error: '--target is required (emulator, sandbox or production).' };
  if (!isTargetName(target)) return { error: `unknown target ${quoted(target)}: use emulator, sandbox or production.` };
  if (baseUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(baseUrl)) return { error: `--base-url must be an http(s) URL, such as http://127.0.0.1:4010.` };
  if (baseUrl !== undefined && target === 'emulator' && !isLoopbackUrl(baseUrl)) {
    // The emulator runs on this machine: a remote server under its name would get none of the production checks.
    return {
      error: `with --target emulator, --base-url must be a loopback http(s) URL (127.0.0.0/8, localhost or [::1]), such as http://127.0.0.1:4010; ${excerpt(baseUrl)} is not. To send to Colt, use --target sandbox or --target production.`,
    };
  }
  if (trackingId !== undefined && !trackingIdSchema.safeParse(trackingId).success) {
    return { error: '--tracking-id may hold only letters, digits and _ . ~ : @ - (at most 255 characters).' };
  }
  const timeoutSeconds = timeout === undefined ? undefined : Number(timeout);
  if (timeoutSeconds !== undefined && !(Number.isFinite(timeoutSeconds) && timeoutSeconds > 0 && timeoutSeconds <= 600)) {
    return { error: '--timeout must be a number of seconds between 0 and 600, such as 30.' };
  }
  const inFlight = concurrency === undefined ? DEFAULT_BATCH_CONCURRENCY : Number(concurrency);
  if (!(Number.isInteger(inFlight) && inFlight >= 1 && inFlight <= MAX_BATCH_CONCURRENCY)) {
    return { error: `--concurrency must be a whole number from 1 to ${MAX_BATCH_CONCURRENCY}, such as ${DEFAULT_BATCH_CONCURRENCY}.` };
  }
  if (state !== undefined && !state.trim()) return { error: '--state needs a file name, such as --state batch.journal.json.' };
  const result: SubmitArgs = { file: files[0]!, files, target, wait, yesProduction, verbose, concurrency: inFlight, checkUnknown };
  if (state !== undefined) result.state = state;
  if (timeoutSeconds !== undefined) result.timeoutSeconds = timeoutSeconds;
  if (baseUrl !== undefined) result.baseUrl = baseUrl;
  if (trackingId !== undefined) result.trackingId = trackingId;
  return result;
}

interface FileProblem {
  line: number;
  column: number;
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
}

/** The same diagnostics as `validate` and the editor, 1-based like compilers print them. */
function fileProblems(text: string): FileProblem[] {
  return computeDiagnostics(text).map((d) => ({
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    severity: d.severity,
    code: d.code,
    message: d.message,
  }));
}
