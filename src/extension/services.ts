import type * as vscode from 'vscode';
import type { EmbeddedEmulator } from './emulator/embeddedEmulator';
import type { Log } from './log';
import type { OrderStore } from './orders/orderStore';
import type { OrdersTreeProvider } from './orders/ordersTreeProvider';
import type { StatusPoller } from './orders/statusPoller';
import type { SwitchablePrompter } from './prompter';
import type { CredentialStore } from './secrets/credentialStore';
import type { ExtensionSettings } from './settings';
import type { SubmissionService } from './submission/submissionService';
import type { TargetService } from './targets/targetService';

/** Everything a command handler may use; built once in extension.ts. */
export interface Services {
  extensionUri: vscode.Uri;
  log: Log;
  settings: ExtensionSettings;
  prompter: SwitchablePrompter;
  /**
   * News that no command asked for (an order completing in the background) has its own seam:
   * whoever answers one command's dialogs never receives another order's news.
   */
  notifications: SwitchablePrompter;
  credentials: CredentialStore;
  emulator: EmbeddedEmulator;
  targets: TargetService;
  orders: OrderStore;
  tree: OrdersTreeProvider;
  poller: StatusPoller;
  submission: SubmissionService;
}

/** A command file's export: given the services, the function VS Code calls. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- handlers declare the argument types VS Code passes them (a Uri, a tree item, options); unknown[] would not accept those.
export type CommandFactory = (services: Services) => (...args: any[]) => unknown;
