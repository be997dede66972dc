import { isTargetName, TARGETS } from '../../core/targets';
import type { CommandFactory } from '../services';

/** coltReactivate.clearCredentials: removes the current (or given) target's client id and secret. */
export const clearCredentials: CommandFactory = (s) => async (arg?: unknown) => {
  const target = typeof arg === 'string' && isTargetName(arg) ? arg : s.targets.target;
  const label = TARGETS[target].label;
  if (!(await s.credentials.has(target))) {
    void s.prompter.showInformationMessage(`No credentials are set for ${label}.`, {});
    return false;
  }
  await s.credentials.clear(target);
  s.log.info(`Credentials for ${label} cleared.`);
  void s.prompter.showInformationMessage(`Credentials for ${label} cleared.`, {});
  return true;
};
