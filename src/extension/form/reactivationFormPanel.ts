import * as vscode from 'vscode';
import { newTrackingId } from '../../core/trackingId';
import { COUNTRIES, COUNTRY_CODES, portInSupport } from '../../core/countries';
import { requestAsCurl } from '../../core/curl';
import { validateRequestObject } from '../../core/diagnostics';
import { requestJsonSchema } from '../../core/jsonSchema';
import type { OrderRecord } from '../../core/orderRecord';
import type { ReactivationRequest } from '../../core/schemas';
import { TARGETS, type TargetName } from '../../core/targets';
import {
  parseWebviewMessage,
  type FormCountry,
  type FormRequest,
  type FormState,
  type FormTarget,
  type HostMessage,
  type SubmitResult,
  type WebviewMessage,
} from '../../shared/protocol';
import { formHtml } from '../../webview/formHtml';
import { Commands } from '../constants';
import { Disposable } from '../lifecycle';

/** What the form needs from the rest of the extension; the real services fit these shapes. */
export interface FormPanelServices {
  extensionUri: vscode.Uri;
  log: { info(message: string): void; warn(message: string): void; error(message: string): void };
  targets: { readonly target: TargetName; readonly baseUrl: string; readonly onDidChange: vscode.Event<void> };
  settings: { readonly maxNumbersPerRange: number; readonly maxNumbersPerOrder: number; readonly onDidChange: vscode.Event<void> };
  submission: {
    submit(request: { body: ReactivationRequest; source: 'form' }): Promise<OrderRecord | undefined>;
  };
}

type SaveDialog = (options: vscode.SaveDialogOptions) => Thenable<vscode.Uri | undefined>;

/**
 * The reactivation form's webview panel: one at a time, revealed when opened again. Every
 * message from the webview is checked against the shared protocol before anything happens.
 */
export class ReactivationFormPanel extends Disposable {
  static readonly viewType = 'coltReactivate.form';
  private static instance: ReactivationFormPanel | undefined;
  /** The last draft the webview reported, so a closed and reopened form starts where it was. */
  private static draft: FormState | undefined;

  private readonly panel: vscode.WebviewPanel;
  private readonly posted = this._register(new vscode.EventEmitter<HostMessage>());
  /** Every message posted to the webview (for tests, and the secret-leak check of test/e2e/security.test.ts). */
  readonly onDidPostMessage = this.posted.event;
  private readonly disposedEmitter = this._register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.disposedEmitter.event;
  private submitting = false;
  private saveDialog: SaveDialog = (o) => vscode.window.showSaveDialog(o);

  static get current(): ReactivationFormPanel | undefined {
    return ReactivationFormPanel.instance;
  }

  static createOrShow(services: FormPanelServices): ReactivationFormPanel {
    const existing = ReactivationFormPanel.instance;
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(ReactivationFormPanel.viewType, 'Reactivate Numbers', vscode.ViewColumn.Active, {
      enableScripts: true,
      // The webview keeps its own state with setState, so a hidden panel costs no memory.
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(services.extensionUri, 'dist'), vscode.Uri.joinPath(services.extensionUri, 'media')],
    });
    ReactivationFormPanel.instance = new ReactivationFormPanel(panel, services);
    return ReactivationFormPanel.instance;
  }

  private constructor(
    panel: vscode.WebviewPanel,
    private readonly services: FormPanelServices,
  ) {
    super();
    this.panel = panel;
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(panel.webview.onDidReceiveMessage((data: unknown) => void this.handleMessage(data)));
    this._register(services.targets.onDidChange(() => this.post({ type: 'targetChanged', target: this.target() })));
    this._register(services.settings.onDidChange(() => this.post({ type: 'limitsChanged', ...this.limits() })));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.postInit()));
    const webview = panel.webview;
    webview.html = formHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(services.extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(services.extensionUri, 'media', 'form.css')).toString(),
    });
  }

  get webviewPanel(): vscode.WebviewPanel {
    return this.panel;
  }

  /**
   * The seam tests use: feeds `data` exactly as if the webview had posted it, and resolves when
   * the host has finished acting on it (a submit resolves after the outcome is posted back).
   */
  receiveForTest(data: unknown): Promise<void> {
    return this.handleMessage(data);
  }

  /** Replaces the save dialog, which a test cannot click. */
  setSaveDialogForTest(dialog: SaveDialog): void {
    this.saveDialog = dialog;
  }

  private async handleMessage(data: unknown): Promise<void> {
    const parsed = parseWebviewMessage(data);
    if (!parsed.ok) {
      this.services.log.warn(`Reactivation form: ignored a message that failed the protocol check (${parsed.reason}).`);
      return;
    }
    try {
      await this.act(parsed.message);
    } catch (err) {
      // A failure here must never reach the user as a stack: log it, answer the webview plainly.
      this.services.log.error(`Reactivation form: ${parsed.message.type} failed: ${err instanceof Error ? err.message : String(err)}`);
      if (parsed.message.type === 'save' || parsed.message.type === 'copyCurl' || parsed.message.type === 'makeBatch') {
        this.post({ type: 'actionResult', action: parsed.message.type, ok: false, message: 'That did not work; the log (Colt: Show Log) says why.' });
      }
    }
  }

  private async act(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.postInit();
      case 'stateChanged':
        ReactivationFormPanel.draft = message.state;
        return;
      case 'submit':
        return this.submit(message.request);
      case 'save':
        return this.save(message.request);
      case 'copyCurl':
        return this.copyCurl(message.request);
      case 'makeBatch':
        return this.makeBatch(message.text);
    }
  }

  private postInit(): void {
    this.post({
      type: 'init',
      target: this.target(),
      ...this.limits(),
      countries: formCountries(),
      draft: ReactivationFormPanel.draft,
      canSubmit: vscode.workspace.isTrusted,
    });
  }

  private async submit(request: FormRequest): Promise<void> {
    if (this.submitting) {
      this.post({ type: 'submitResult', outcome: 'error', message: 'This form is already submitting; wait for its answer.' });
      return;
    }
    this.submitting = true;
    try {
      // SubmissionService validates, confirms production, stores the record and reports progress.
      const record = await this.services.submission.submit({ body: request as ReactivationRequest, source: 'form' });
      this.post(submitResultFor(record));
    } catch (err) {
      this.services.log.error(`Reactivation form: submission failed: ${err instanceof Error ? err.message : String(err)}`);
      this.post({ type: 'submitResult', outcome: 'error', message: 'The request could not be submitted; the log (Colt: Show Log) says why.' });
    } finally {
      this.submitting = false;
    }
  }

  private async save(request: FormRequest): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = await this.saveDialog({
      title: 'Save Reactivation Request',
      saveLabel: 'Save',
      defaultUri: folder ? vscode.Uri.joinPath(folder, 'request.reactivate.json') : undefined,
      filters: { 'Reactivation request': ['reactivate.json', 'json'] },
    });
    if (!uri) {
      this.post({ type: 'actionResult', action: 'save', ok: true, message: 'Not saved.' });
      return;
    }
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(requestFileText(request)));
    const name = uri.path.split('/').pop() ?? uri.path;
    const hint = name.endsWith('.reactivate.json') ? '' : ' Name it *.reactivate.json to get validation in the editor.';
    this.post({ type: 'actionResult', action: 'save', ok: true, message: `Saved ${name}.${hint}` });
    void vscode.window.showInformationMessage(`Saved the reactivation request as ${name}.`, 'Open').then((choice) => {
      if (choice === 'Open') void vscode.window.showTextDocument(uri);
    });
  }

  /** The limits the form checks with: the same settings the editor's diagnostics follow. */
  private limits(): { maxNumbersPerRange: number; maxNumbersPerOrder: number } {
    return { maxNumbersPerRange: this.services.settings.maxNumbersPerRange, maxNumbersPerOrder: this.services.settings.maxNumbersPerOrder };
  }

  private async copyCurl(request: FormRequest): Promise<void> {
    const curl = requestAsCurl({ baseUrl: this.services.targets.baseUrl, body: request as ReactivationRequest, trackingId: newTrackingId() });
    await vscode.env.clipboard.writeText(curl);
    const errors = validateRequestObject(request, this.limits()).filter((p) => p.severity === 'error').length;
    const message = errors
      ? `Copied as curl, but the request has ${errors} problem${errors === 1 ? '' : 's'} the API will refuse.`
      : 'Copied as curl. It reads the token from $COLT_TOKEN; the comment above it shows how to get one.';
    this.post({ type: 'actionResult', action: 'copyCurl', ok: errors === 0, message });
  }

  /** Numbers of several countries (or too many for one order) go to the batch import, which plans one order per country and size. */
  private async makeBatch(text: string): Promise<void> {
    // The import takes `{ text }` as pasted (CSV, TSV or one number per line); its plan opens beside for review.
    await vscode.commands.executeCommand(Commands.importNumbers, { text });
    this.post({
      type: 'actionResult',
      action: 'makeBatch',
      ok: true,
      message: 'The numbers went to the batch import, which shows its plan before anything is sent.',
    });
  }

  private target(): FormTarget {
    const name = this.services.targets.target;
    return { name, label: TARGETS[name].label, baseUrl: this.services.targets.baseUrl };
  }

  private post(message: HostMessage): void {
    if (this.isDisposed) return;
    this.posted.fire(message);
    void this.panel.webview.postMessage(message);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    if (ReactivationFormPanel.instance === this) ReactivationFormPanel.instance = undefined;
    this.disposedEmitter.fire();
    super.dispose();
    this.panel.dispose();
  }

  /** Forgets the kept draft (tests start from a blank form). */
  static resetDraftForTest(): void {
    ReactivationFormPanel.draft = undefined;
  }
}

function formCountries(): FormCountry[] {
  return COUNTRY_CODES.map((code) => ({ code, name: COUNTRIES[code].name, callingCode: COUNTRIES[code].callingCode, portIn: portInSupport(code) }));
}

let schemaId: string | undefined;
/** A request file as the form saves it: "$schema" first, for editors that read it. */
export function requestFileText(request: FormRequest): string {
  schemaId ??= String(requestJsonSchema().$id);
  return JSON.stringify({ $schema: schemaId, ...request }, null, 2) + '\n';
}

/** What the form says after a submission; the full story is in the Orders view and the log. */
export function submitResultFor(record: OrderRecord | undefined): SubmitResult {
  if (!record) {
    return { type: 'submitResult', outcome: 'cancelled', message: 'Not submitted (cancelled or refused; a notification says why).' };
  }
  const ids = { trackingId: record.trackingId, ...(record.orderId ? { orderId: record.orderId } : {}) };
  switch (record.state) {
    case 'inProgress':
    case 'completed':
      return {
        type: 'submitResult',
        outcome: record.state,
        ...ids,
        // No status word here: the line stays on screen while the order moves on, and the Orders view has the live one.
        message: `Order ${record.orderId ?? ''} accepted by ${TARGETS[record.target].label}. Follow its status in the Orders view.`,
      };
    case 'failed':
      return {
        type: 'submitResult',
        outcome: 'failed',
        ...ids,
        message: `Order ${record.orderId ?? ''} failed${record.failure ? `: ${record.failure.message}` : '.'}`,
      };
    case 'rejected':
      return { type: 'submitResult', outcome: 'rejected', ...ids, message: `Refused: ${record.failure?.message ?? 'the API did not accept the order.'}` };
    default:
      return {
        type: 'submitResult',
        outcome: 'unknown',
        ...ids,
        message: `No answer came back, so the order may or may not exist. It was not sent again: check it from the Orders view (tracking id ${record.trackingId}).`,
      };
  }
}
