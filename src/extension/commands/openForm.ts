import * as vscode from 'vscode';
import { Commands } from '../constants';
import { ReactivationFormPanel, type FormPanelServices } from '../form/reactivationFormPanel';

/** coltReactivate.openForm: opens the reactivation form, or brings the open one to the front. */
export function openForm(services: FormPanelServices): ReactivationFormPanel {
  return ReactivationFormPanel.createOrShow(services);
}

/** Registers the command; disposing it also closes the form, so nothing outlives the extension. */
export function registerOpenForm(services: FormPanelServices): vscode.Disposable {
  const command = vscode.commands.registerCommand(Commands.openForm, () => {
    openForm(services);
  });
  return new vscode.Disposable(() => {
    command.dispose();
    ReactivationFormPanel.current?.dispose();
  });
}
