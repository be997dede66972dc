import * as vscode from 'vscode';
import { Commands } from './constants';
import { Log } from './log';

export interface ExtensionApi {
  log: Log;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = new Log();
  context.subscriptions.push(log);
  context.subscriptions.push(vscode.commands.registerCommand(Commands.showLog, () => log.show()));
  log.info('Colt Reactivation activated');
  return { log };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
