import * as vscode from 'vscode';
import { Commands, CommandTitles } from '../constants';
import type { CommandFactory, Services } from '../services';
import { clearCredentials } from './clearCredentials';
import { copyAsCurl } from './copyAsCurl';
import { newRequestFile } from './newRequestFile';
import { ordersCheckOrder } from './ordersCheckOrder';
import { ordersCopyOrderId } from './ordersCopyOrderId';
import { ordersCopyTrackingId } from './ordersCopyTrackingId';
import { ordersOpenRequest } from './ordersOpenRequest';
import { ordersRefreshStatus } from './ordersRefreshStatus';
import { ordersRemove } from './ordersRemove';
import { reactivateNumbers } from './reactivateNumbers';
import { refreshOrders } from './refreshOrders';
import { setCredentials } from './setCredentials';
import { showLog } from './showLog';
import { startEmulator } from './startEmulator';
import { stopEmulator } from './stopEmulator';
import { submitRequestFile } from './submitRequestFile';
import { switchTarget } from './switchTarget';

/** Every command but openForm (registered by the form's own registerOpenForm). */
export const COMMAND_HANDLERS: Record<Exclude<keyof typeof Commands, 'openForm'>, CommandFactory> = {
  reactivateNumbers,
  newRequestFile,
  submitRequestFile,
  switchTarget,
  setCredentials,
  clearCredentials,
  refreshOrders,
  copyAsCurl,
  startEmulator,
  stopEmulator,
  showLog,
  ordersRefreshStatus,
  ordersCopyOrderId,
  ordersCopyTrackingId,
  ordersOpenRequest,
  ordersRemove,
  ordersCheckOrder,
};

export function registerCommands(services: Services): vscode.Disposable[] {
  return Object.entries(COMMAND_HANDLERS).map(([key, factory]) => {
    const handler = factory(services);
    const id = Commands[key as keyof typeof COMMAND_HANDLERS];
    return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (err) {
        // A user sees a sentence, never a stack; the log keeps the detail.
        services.log.error(`${id} failed: ${(err as Error).stack ?? String(err)}`);
        const title = CommandTitles[id].replace(/(\.\.\.|…)$/, '');
        void services.prompter.showErrorMessage(`Colt: ${title} failed: ${(err as Error).message}. See Colt: Show Log.`, {});
        return undefined;
      }
    });
  });
}
