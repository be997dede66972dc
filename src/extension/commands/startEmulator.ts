import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '../../emulator/demoCredentials';
import type { CommandFactory } from '../services';

/**
 * coltReactivate.startEmulator: the local emulator inside the extension host. With
 * `{ switchTarget: true }` (the "Try the Local Emulator" link) it also becomes the target, with
 * the emulator's public demo credentials when none are set. Returns the emulator's URL.
 */
export const startEmulator: CommandFactory = (s) => async (options?: { switchTarget?: boolean; port?: number }) => {
  let url: string;
  try {
    url = (await s.emulator.start(options?.port ?? s.settings.emulatorPort)).url;
  } catch (err) {
    s.log.error(`The local emulator did not start: ${(err as Error).message}`);
    void s.prompter.showErrorMessage(`The local emulator did not start: ${(err as Error).message}. See Colt: Show Log.`, {});
    return undefined;
  }
  // The emulator's defaults are public test values, not secrets of anyone's account.
  if (!(await s.credentials.has('emulator'))) {
    await s.credentials.set('emulator', { clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET });
  }
  if (options?.switchTarget && s.targets.target !== 'emulator') await s.targets.setTarget('emulator');
  if (s.targets.target === 'emulator') {
    void s.prompter.showInformationMessage(`Local emulator running at ${url}; orders now go there.`, {});
  } else {
    void s.prompter.showInformationMessage(`Local emulator running at ${url}.`, {}, 'Use It as Target').then(async (c) => {
      if (c) await s.targets.setTarget('emulator');
    });
  }
  return url;
};
