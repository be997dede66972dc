import * as vscode from 'vscode';
import { Commands } from '../constants';
import { loadedPart, loadPart } from '../parts';
import type { CommandFactory, Services } from '../services';

/**
 * coltReactivate.openForm: opens the reactivation form, or brings the open one to the front.
 * Returns the panel, so tests reach its message seam through executeCommand.
 */
export const openForm: CommandFactory = (s) => () => loadPart('form').ReactivationFormPanel.createOrShow(s);

/** Registers the command; disposing it also closes the form, so no panel outlives the extension. */
export function registerOpenForm(services: Services): vscode.Disposable {
  const command = vscode.commands.registerCommand(Commands.openForm, openForm(services));
  return new vscode.Disposable(() => {
    command.dispose();
    loadedPart('form')?.ReactivationFormPanel.current?.dispose();
  });
}
