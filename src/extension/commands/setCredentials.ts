import * as vscode from 'vscode';
import type { Credentials } from '../../core/coltClient';
import { isTargetName, TARGETS } from '../../core/targets';
import { Commands } from '../constants';
import type { CommandFactory } from '../services';

/**
 * coltReactivate.setCredentials: client id, then the secret (masked), checked at once against the
 * target's token endpoint. Stored in SecretStorage only when the check passes (or the user insists).
 * Returns true when credentials were stored.
 */
export const setCredentials: CommandFactory = (s) => async (arg?: unknown) => {
  const target = typeof arg === 'string' && isTargetName(arg) ? arg : s.targets.target;
  const label = TARGETS[target].label;
  const existing = await s.credentials.get(target);
  const clientId = (
    await s.prompter.showInputBox({
      title: `Colt credentials for ${label} (1/2)`,
      prompt: 'Client id from the Colt developer portal',
      value: existing?.clientId ?? '',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Enter the client id.'),
    })
  )?.trim();
  if (!clientId) return false;
  const clientSecret = await s.prompter.showInputBox({
    title: `Colt credentials for ${label} (2/2)`,
    prompt: `Client secret for ${clientId}. It is kept in VS Code's secret storage only.`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v ? undefined : 'Enter the client secret.'),
  });
  if (!clientSecret) return false;
  const credentials: Credentials = { clientId, clientSecret };
  s.log.addSecret(clientSecret);

  const baseUrl = s.targets.baseUrlOf(target);
  const check = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Checking the credentials against ${label}...` },
    () => s.targets.checkCredentials(target, credentials),
  );
  if (!check.ok) {
    s.log.warn(`Credentials for ${label} not accepted: ${check.message}`);
    const choice = await s.prompter.showErrorMessage(
      `The credentials were not accepted by ${label} (${new URL(baseUrl).host}): ${check.message} They were not saved.`,
      {},
      'Try Again',
      'Save Anyway',
    );
    if (choice === 'Try Again') return vscode.commands.executeCommand<boolean>(Commands.setCredentials, target);
    if (choice !== 'Save Anyway') return false;
  }
  await s.credentials.set(target, credentials);
  s.log.info(`Credentials for ${label} saved (client id ${clientId}${check.ok ? ', checked' : ', not checked'}).`);
  void s.prompter.showInformationMessage(`Credentials for ${label} saved${check.ok ? ' and checked' : ''}.`, {});
  return true;
};
