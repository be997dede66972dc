// Wiring only (ARCHITECTURE.md, `src/extension`): build the services, hand them to the features, return.
// Nothing here touches the network; the language server starts when a request file opens. This is the
// start-up bundle: what else loads on first use is in parts.ts.
import * as vscode from 'vscode';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '../emulator/demoCredentials';
import { registerCommands } from './commands/registerCommands';
import { registerOpenForm } from './commands/openForm';
import { LanguageClientFeature } from './languageClient';
import { SEED_EMULATOR_CREDENTIALS_ENV, ViewIds } from './constants';
import { EmbeddedEmulator } from './emulator/embeddedEmulator';
import { Log } from './log';
import { loadPart, partLoadMs, type PartName } from './parts';
import { OrderStore, orderStoreFile } from './orders/orderStore';
import { OrdersTreeProvider, type OrdersNode } from './orders/ordersTreeProvider';
import { StatusPoller } from './orders/statusPoller';
import { SwitchablePrompter } from './prompter';
import { CredentialStore } from './secrets/credentialStore';
import type { Services } from './services';
import { ExtensionSettings } from './settings';
import type { SubmissionService } from './submission/submissionService';
import { TargetService } from './targets/targetService';
import { TargetStatusBar } from './targets/targetStatusBar';

/** What activate() returns: the services, so integration tests can reach the real objects. */
export interface ExtensionApi {
  services: Services;
  /** The request-file language client: its state and server process, for integration tests. */
  languageClient: LanguageClientFeature;
  /** Where the extension may write, so the security test can search it all for secrets. */
  storage: { globalState: vscode.Memento; workspaceState: vscode.Memento; logUri: vscode.Uri; globalStorageUri: vscode.Uri; storageUri?: vscode.Uri };
  /** How long activate() took, ms, measured by itself: `npm run bench` reads it in a real host. */
  activationMs: number;
  /** The parts (parts.ts) loaded before activate() returned: none, so start-up evaluates dist/extension.js alone. */
  partsAtStartup: PartName[];
  /** Each part loaded so far and how long its load took, ms. */
  partLoadMs: Readonly<Partial<Record<PartName, number>>>;
}

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const started = performance.now();
  const own = <T extends vscode.Disposable>(d: T): T => {
    context.subscriptions.push(d);
    return d;
  };
  const log = own(new Log());
  const settings = own(new ExtensionSettings());
  const prompter = new SwitchablePrompter();
  const notifications = new SwitchablePrompter();
  const credentials = own(new CredentialStore(context.secrets));
  await seedEmulatorCredentials(credentials, log);
  const emulator = own(new EmbeddedEmulator(log));
  const targets = own(new TargetService(settings, credentials, emulator, log));
  own(new TargetStatusBar(targets));

  const orders = own(new OrderStore(orderStoreFile(context.globalStorageUri), log, { legacyState: context.globalState, notifications }));
  const tree = own(new OrdersTreeProvider(orders));
  const view = own(vscode.window.createTreeView<OrdersNode>(ViewIds.orders, { treeDataProvider: tree, showCollapseAll: true }));
  tree.attach(view);
  const poller = own(new StatusPoller(orders, targets, settings, log, notifications));

  let submission: SubmissionService | undefined;
  const services: Services = {
    extensionUri: context.extensionUri,
    log,
    settings,
    prompter,
    notifications,
    credentials,
    emulator,
    targets,
    orders,
    tree,
    poller,
    // The submission path is a part of its own: it loads with the first submission.
    get submission(): SubmissionService {
      submission ??= new (loadPart('submission').SubmissionService)({ targets, credentials, orders, settings, log, prompter, reveal: (r) => tree.reveal(r) });
      return submission;
    },
  };
  for (const d of registerCommands(services)) own(d);
  own(registerOpenForm(services));
  const languageClient = own(new LanguageClientFeature({ extensionUri: context.extensionUri, settings, targets, log }));

  log.info(`Colt Reactivation ${String(context.extension.packageJSON.version)} activated; target ${targets.label}.`);
  const { globalState, workspaceState, logUri, globalStorageUri, storageUri } = context;
  const storage = { globalState, workspaceState, logUri, globalStorageUri, storageUri };
  const partsAtStartup = Object.keys(partLoadMs) as PartName[];
  return { services, languageClient, storage, activationMs: performance.now() - started, partsAtStartup, partLoadMs };
}

/** Demo and e2e runs: the emulator's public defaults, only when nothing is stored yet. */
async function seedEmulatorCredentials(credentials: CredentialStore, log: Log): Promise<void> {
  if (process.env[SEED_EMULATOR_CREDENTIALS_ENV] !== '1' || (await credentials.has('emulator'))) return;
  await credentials.set('emulator', { clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET });
  log.info(`Stored the local emulator's demo credentials (${SEED_EMULATOR_CREDENTIALS_ENV}=1).`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
