import * as vscode from 'vscode';
import { Commands, CommandTitles } from '../constants';
import { loadPart } from '../parts';
import type { Services } from '../services';
import type { COMMAND_HANDLERS } from './commandHandlers';

type HandlerKey = keyof typeof COMMAND_HANDLERS;

/**
 * Registers every command but openForm. The handlers (commandHandlers.ts) are a part of their own:
 * they load on the first command run, synchronously, so that command still answers at once.
 */
export function registerCommands(services: Services): vscode.Disposable[] {
  const keys = Object.keys(Commands).filter((key) => key !== 'openForm') as HandlerKey[];
  return keys.map((key) => {
    const id = Commands[key];
    let handler: ((...args: unknown[]) => unknown) | undefined;
    return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        handler ??= loadPart('commands').COMMAND_HANDLERS[key](services);
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
