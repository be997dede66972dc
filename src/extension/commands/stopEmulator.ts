import type { CommandFactory } from '../services';

/** coltReactivate.stopEmulator */
export const stopEmulator: CommandFactory = (s) => async () => {
  const stopped = await s.emulator.stop();
  void s.prompter.showInformationMessage(stopped ? 'Local emulator stopped.' : 'The local emulator is not running.', {});
  return stopped;
};
