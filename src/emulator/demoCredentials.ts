// The emulator's public demo credentials, apart from the emulator itself: the extension seeds
// them at start-up (demo and e2e runs) without loading the emulator.
export const DEFAULT_CLIENT_ID = 'emulator-client';
export const DEFAULT_CLIENT_SECRET = 'emulator-secret';
