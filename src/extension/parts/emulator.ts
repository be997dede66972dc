// Part "emulator" (src/extension/parts.ts): the embedded emulator, loaded by Start Local Emulator.
export { startEmulator } from '../../emulator/emulator';
