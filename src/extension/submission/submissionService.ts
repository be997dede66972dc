import * as vscode from 'vscode';
import { alreadyRecorded } from '../../core/batchSubmission';
import type { ColtClient, SubmitOutcome } from '../../core/coltClient';
import { newTrackingId } from '../../core/trackingId';
import { validateRequestObject } from '../../core/diagnostics';
import { applySubmitOutcome, createDraft, markSending, type OrderRecord } from '../../core/orderRecord';
import type { ReactivationRequest } from '../../core/schemas';
import { TARGETS, type TargetName } from '../../core/targets';
import { Commands } from '../constants';
import type { Log } from '../log';
import type { OrderAlreadySentError, OrderStore } from '../orders/orderStore';
import type { Prompter } from '../prompter';
import type { CredentialStore } from '../secrets/credentialStore';
import type { ExtensionSettings } from '../settings';
import type { TargetService } from '../targets/targetService';
import { checkOrderConfirmation, countNumbers, plural, productionConfirmation } from './requestSummary';

export interface SubmitRequest {
  body: ReactivationRequest;
  source: 'file' | 'form' | 'quickInput';
  sourceUri?: vscode.Uri;
}

export interface SubmissionDeps {
  targets: TargetService;
  credentials: CredentialStore;
  orders: OrderStore;
  settings: ExtensionSettings;
  log: Log;
  prompter: Prompter;
  /** Seam for tests: the real one is vscode.workspace.isTrusted. */
  isTrusted?: () => boolean;
  /** Shows the record in the orders tree. */
  reveal?: (record: OrderRecord) => void;
}

export const CONFIRM_PRODUCTION = 'Submit to Production';
export const CONFIRM_CHECK = 'Resend with the Same Tracking Id';
export const ALREADY_SENDING = 'This request is already being sent; wait for its outcome in the Orders view.';

/** How one order of a batch went: sent (with its record as it ended), or not sent and why. */
export type BatchOrderResult =
  | { sent: true; record: OrderRecord }
  | { sent: false; reason: 'busy' | 'notSaved'; message: string }
  /** The list, read again just before the POST, already holds the same request (`record`): not sent twice. */
  | { sent: false; reason: 'alreadySent'; record: OrderRecord; message: string };

/** By name, not instanceof: the store is in the start-up bundle and this is another (src/extension/parts.ts). */
function isAlreadySent(err: unknown): err is OrderAlreadySentError {
  return err instanceof Error && err.name === 'OrderAlreadySentError';
}

/**
 * The one way to submit (file command, CodeLens, quick input and form all come here): trust,
 * validation, credentials, production confirmation, record stored before the POST, progress,
 * outcome. Never resubmits on its own.
 */
export class SubmissionService {
  /** Bodies (as JSON) and source URIs of the submissions under way. */
  private readonly inFlight = new Set<string>();

  constructor(private readonly deps: SubmissionDeps) {}

  private get isTrusted(): boolean {
    return this.deps.isTrusted ? this.deps.isTrusted() : vscode.workspace.isTrusted;
  }

  async submit(request: SubmitRequest): Promise<OrderRecord | undefined> {
    // Claimed before the first await, so that even two calls in the same tick see each other.
    const release = this.claim(request);
    if (!release) return undefined;
    try {
      return await this.submitOnce(request);
    } finally {
      release();
    }
  }

  /**
   * A double-click on the CodeLens or the editor-title button must not place two orders (each
   * would get its own tracking id, so Colt could not tell them apart). While one submission of the
   * same file or the same body is under way, from its first dialog to its outcome, another is
   * refused. Returns the release function, or undefined when refused.
   */
  private claim(request: SubmitRequest, quiet = false): (() => void) | undefined {
    const keys = [`body:${JSON.stringify(request.body)}`];
    if (request.sourceUri) keys.push(`uri:${request.sourceUri.toString()}`);
    if (keys.some((k) => this.inFlight.has(k))) {
      this.deps.log.info(`Submission refused (${request.source}): the same request is already being sent.`);
      if (!quiet) void this.deps.prompter.showInformationMessage(ALREADY_SENDING, {});
      return undefined;
    }
    for (const k of keys) this.inFlight.add(k);
    return () => {
      for (const k of keys) this.inFlight.delete(k);
    };
  }

  private async submitOnce(request: SubmitRequest): Promise<OrderRecord | undefined> {
    const { prompter, targets, log } = this.deps;
    if (!this.refuseIfUntrusted()) return undefined;

    const errors = validateRequestObject(request.body, {
      maxNumbersPerRange: this.deps.settings.maxNumbersPerRange,
      maxNumbersPerOrder: this.deps.settings.maxNumbersPerOrder,
    }).filter((p) => p.severity === 'error');
    if (errors.length) {
      const where = errors[0].path.length ? ` (at ${errors[0].path.join('.')})` : '';
      const hint = request.source === 'file' ? ' See the Problems panel for all of them.' : '';
      void prompter.showErrorMessage(`Nothing was sent: the request has ${plural(errors.length, 'error')}. First: ${errors[0].message}${where}.${hint}`, {});
      log.warn(`Submission refused (${request.source}): ${errors.length} validation error(s).`);
      return undefined;
    }

    const target = targets.target;
    if (!(await this.hasCredentials(target))) return undefined;
    const baseUrl = targets.baseUrl;
    const draft = createDraft({ target, baseUrl, body: request.body, trackingId: newTrackingId() });

    if (target === 'production') {
      const { message, detail } = productionConfirmation({ host: targets.host(target), body: draft.body, trackingId: draft.trackingId });
      const answer = await prompter.showWarningMessage(message, { modal: true, detail }, CONFIRM_PRODUCTION);
      if (answer !== CONFIRM_PRODUCTION) {
        log.info(`Production submission declined by the user; nothing was sent (tracking id ${draft.trackingId}).`);
        return undefined;
      }
    }

    log.info(
      `Submitting to ${TARGETS[target].label} (${baseUrl}) from ${request.source}: ${plural(countNumbers(draft.body), 'number')} in ` +
        `${plural(draft.body.numberRangeList.length, 'range')}, tracking id ${draft.trackingId}.`,
    );
    return this.send(draft, targets.client(target, baseUrl), `Submitting to ${TARGETS[target].label}`);
  }

  /** What a batch checks once before its confirmation (each refusal tells the user, as submit() does). */
  async canSubmit(target: TargetName): Promise<boolean> {
    return this.refuseIfUntrusted() && (await this.hasCredentials(target));
  }

  /**
   * One order of a batch (batchSubmission.ts), after the batch's own checks and its one
   * confirmation: the same path as submit() from there on (claimed, saved before the POST, outcome
   * applied and saved), without a dialog or progress of its own: the batch shows those once.
   */
  async sendBatchOrder(draft: OrderRecord, sourceUri?: vscode.Uri): Promise<BatchOrderResult> {
    const release = this.claim({ body: draft.body, source: 'file', sourceUri }, true);
    if (!release) return { sent: false, reason: 'busy', message: 'the same request was already being sent' };
    try {
      const current = markSending(draft);
      try {
        // The batch planned from the list as it was when it started: another window, another
        // batch or this file's CodeLens may have sent the same request since. Asked under the lock.
        await this.deps.orders.saveBeforeSend(current, alreadyRecorded);
      } catch (err) {
        if (isAlreadySent(err)) {
          this.deps.log.info(`Not sent: the same request was sent meanwhile (tracking id ${err.record.trackingId}, ${err.record.state}).`);
          return { sent: false, reason: 'alreadySent', record: err.record, message: err.message };
        }
        // By name: the store may come from another bundle than this class (src/extension/parts.ts).
        if (!(err instanceof Error && err.name === 'OrderNotSavedError')) throw err;
        this.deps.log.warn(`Not sent: the record for tracking id ${current.trackingId} could not be saved first.`);
        return { sent: false, reason: 'notSaved', message: err.message };
      }
      const client = this.deps.targets.client(current.target, current.baseUrl);
      const started = Date.now();
      // No cancellation: a batch's cancel stops before the next order, never in the middle of one.
      const outcome = await this.exchange(client, current);
      return { sent: true, record: await this.settle(current, outcome, Date.now() - started) };
    } finally {
      release();
    }
  }

  /**
   * For an order whose outcome is unknown: resend the very same request with the SAME tracking
   * id, only after the user says so. We assume Colt answers 409 with the order id if it has the
   * order, as the emulator does; Colt does not document it.
   */
  async checkOrder(trackingId: string): Promise<OrderRecord | undefined> {
    const { orders, prompter, targets, log } = this.deps;
    const record = orders.get(trackingId);
    if (!record || record.state !== 'unknown') {
      void prompter.showInformationMessage('Only an order whose outcome is unknown can be checked this way.', {});
      return undefined;
    }
    if (!this.refuseIfUntrusted()) return undefined;
    if (!(await this.hasCredentials(record.target))) return undefined;
    const { message, detail } = checkOrderConfirmation(record);
    const answer = await prompter.showWarningMessage(message, { modal: true, detail }, CONFIRM_CHECK);
    if (answer !== CONFIRM_CHECK) return undefined;
    log.info(`Checking unknown order by resending tracking id ${trackingId} to ${record.baseUrl}.`);
    return this.send(record, targets.client(record.target, record.baseUrl), `Checking order ${trackingId}`);
  }

  private async send(record: OrderRecord, client: ColtClient, title: string): Promise<OrderRecord | undefined> {
    const { log } = this.deps;
    // Stored before the POST leaves: if the window dies now, the tracking id survives. Not stored, not sent.
    const isNew = record.state === 'draft';
    let current = isNew ? markSending(record) : record;
    if (!(await this.storedBeforeSend(current, isNew))) return undefined;
    this.deps.reveal?.(current);

    const started = Date.now();
    const outcome: SubmitOutcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      async (_progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        try {
          return await this.exchange(client, current, abort.signal);
        } finally {
          sub.dispose();
        }
      },
    );
    const ms = Date.now() - started;
    if (current.state === 'unknown' && outcome.kind === 'rejected' && outcome.httpStatus === 0) {
      // Nothing left this time (no token, cancelled): the first send may still have reached Colt.
      log.warn(`Check of ${current.trackingId} not sent after ${ms} ms: ${outcome.message}. The order stays unknown.`);
      void this.deps.prompter.showErrorMessage(`The check was not sent, so the order stays unknown: ${outcome.message}`, {});
      return current;
    }
    current = await this.settle(current, outcome, ms);
    this.announce(current, outcome);
    return current;
  }

  /** The POST. The client reports outcomes rather than throwing; anything else may have left the machine. */
  private async exchange(client: ColtClient, record: OrderRecord, signal?: AbortSignal): Promise<SubmitOutcome> {
    try {
      return await client.submitOrder(record.body, { trackingId: record.trackingId, signal });
    } catch (err) {
      return { kind: 'unknown', trackingId: record.trackingId, message: `Unexpected error: ${(err as Error).message}` };
    }
  }

  /** The answer applied to the record, saved and shown in the view. */
  private async settle(record: OrderRecord, outcome: SubmitOutcome, ms: number): Promise<OrderRecord> {
    const settled = applySubmitOutcome(record, outcome);
    await this.deps.orders.upsert(settled);
    this.deps.reveal?.(settled);
    this.deps.log.info(`Outcome for ${settled.trackingId} after ${ms} ms: ${describeOutcome(outcome)}.`);
    return settled;
  }

  /**
   * False, after telling the user, when the record could not be saved: then nothing is sent. A new
   * order is also refused while the same request is being sent (by a batch, or another window):
   * sending one file again later stays the user's choice, sending it twice at once never is.
   */
  private async storedBeforeSend(record: OrderRecord, isNew: boolean): Promise<boolean> {
    try {
      await this.deps.orders.saveBeforeSend(record, isNew ? (mine, all) => alreadyRecorded(mine, all, { inFlightOnly: true }) : undefined);
      return true;
    } catch (err) {
      if (isAlreadySent(err)) {
        this.deps.log.info(`Submission refused: the same request is being sent (tracking id ${err.record.trackingId}).`);
        void this.deps.prompter.showInformationMessage(ALREADY_SENDING, {});
        return false;
      }
      // By name, not instanceof: the store is in the start-up bundle and this is another (src/extension/parts.ts).
      if (!(err instanceof Error && err.name === 'OrderNotSavedError')) throw err;
      this.deps.log.warn(`Not sent: the record for tracking id ${record.trackingId} could not be saved first.`);
      void this.deps.prompter.showErrorMessage(err.message, {});
      return false;
    }
  }

  private announce(record: OrderRecord, outcome: SubmitOutcome): void {
    const { prompter } = this.deps;
    if (record.state === 'unknown' && outcome.kind === 'rejected') {
      // A Check Order whose answer settles nothing (a 503, a 401, a 409 without an id): the order
      // may still exist, so say that, not "refused", and offer the check again.
      outcome = { kind: 'unknown', trackingId: record.trackingId, message: `The check got no definite answer (${outcome.message})` };
    }
    switch (outcome.kind) {
      case 'accepted':
        void prompter.showInformationMessage(
          `Order ${outcome.orderId} accepted by ${TARGETS[record.target].label}; it is in progress (see the Orders view).`,
          {},
        );
        return;
      case 'rejected':
        if (record.orderId) {
          void prompter.showInformationMessage(`Colt already had this order: ${record.orderId}. It is in progress (see the Orders view).`, {});
        } else if (outcome.message === 'cancelled') {
          void prompter.showInformationMessage('Submission cancelled before it was sent; nothing reached Colt.', {});
        } else if (outcome.httpStatus === 0) {
          // Status 0: the order never reached Colt (no token, no connection), so Colt refused nothing.
          void prompter.showErrorMessage(/^The order was not sent/.test(outcome.message) ? outcome.message : `The order was not sent: ${outcome.message}`, {});
        } else {
          // The client's message already names the target and the HTTP status.
          void prompter.showErrorMessage(outcome.message, {});
        }
        return;
      case 'unknown':
        void prompter
          .showWarningMessage(
            `The outcome of order ${record.trackingId} is unknown: ${outcome.message} It is kept in the Orders view as "unknown".`,
            {},
            'Check Order...',
          )
          .then((choice) => {
            if (choice) void vscode.commands.executeCommand(Commands.ordersCheckOrder, record.trackingId);
          });
    }
  }

  /** Untrusted workspaces can validate but never submit: a cloned repository's request file must not place orders. */
  private refuseIfUntrusted(): boolean {
    if (this.isTrusted) return true;
    this.deps.log.warn('Submission refused: the workspace is not trusted.');
    void this.deps.prompter
      .showErrorMessage(
        'Orders cannot be submitted from an untrusted workspace: a request file from an unknown repository could reactivate numbers you did not mean to. Trust this workspace first (validation keeps working meanwhile).',
        {},
        'Manage Workspace Trust',
      )
      .then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
      });
    return false;
  }

  private async hasCredentials(target: TargetName): Promise<boolean> {
    if (await this.deps.credentials.has(target)) return true;
    void this.deps.prompter
      .showErrorMessage(`Nothing was sent: no client id and secret are set for ${TARGETS[target].label}.`, {}, 'Set Credentials', 'Try the Local Emulator')
      .then((choice) => {
        if (choice === 'Set Credentials') void vscode.commands.executeCommand(Commands.setCredentials);
        if (choice === 'Try the Local Emulator') void vscode.commands.executeCommand(Commands.startEmulator, { switchTarget: true });
      });
    return false;
  }
}

function describeOutcome(o: SubmitOutcome): string {
  switch (o.kind) {
    case 'accepted':
      return `accepted, order id ${o.orderId}`;
    case 'rejected':
      return `rejected (HTTP ${o.httpStatus}${o.code ? `, ${o.code}` : ''}): ${o.message}`;
    case 'unknown':
      return `unknown: ${o.message}`;
  }
}
