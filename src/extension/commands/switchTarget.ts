import * as vscode from 'vscode';
import { isTargetName, TARGET_NAMES, TARGETS, type TargetName } from '../../core/targets';
import { Commands } from '../constants';
import type { CommandFactory } from '../services';

/** coltReactivate.switchTarget: quick pick, or a target name as argument. */
export const switchTarget: CommandFactory = (s) => async (arg?: unknown) => {
  let target: TargetName | undefined = typeof arg === 'string' && isTargetName(arg) ? arg : undefined;
  if (!target) {
    const current = s.targets.target;
    const items = TARGET_NAMES.map((name) => ({
      label: `${name === 'production' ? '$(warning)' : '$(server-environment)'} ${TARGETS[name].label}`,
      description: s.targets.baseUrlOf(name) + (name === current ? ' (current)' : ''),
      detail:
        name === 'production'
          ? 'Real numbers are reactivated; each submission asks for confirmation.'
          : name === 'sandbox'
            ? "Colt's sandbox: mock answers, no real numbers change."
            : "The local emulator of Colt's API (Colt: Start Local Emulator).",
      name,
      picked: name === current,
    }));
    const pick = await s.prompter.showQuickPick(items, { title: 'Colt: where should orders go?', placeHolder: `Current: ${TARGETS[current].label}` });
    target = pick?.name;
  }
  if (!target) return undefined;
  await s.targets.setTarget(target);
  s.log.info(`Target switched to ${TARGETS[target].label} (${s.targets.baseUrlOf(target)}).`);
  if (!(await s.credentials.has(target))) {
    void s.prompter.showInformationMessage(`No credentials are set for ${TARGETS[target].label} yet.`, {}, 'Set Credentials').then((c) => {
      if (c) void vscode.commands.executeCommand(Commands.setCredentials);
    });
  }
  return target;
};
