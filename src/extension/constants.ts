// Every id the extension contributes, in one place (ARCHITECTURE.md, "A new command"). package.json must list
// exactly these commands, and each has its handler in commands/<handlerFileName(id)>.ts
// (test/unit/commands.test.ts checks both).

export const Commands = {
  openForm: 'coltReactivate.openForm',
  reactivateNumbers: 'coltReactivate.reactivateNumbers',
  newRequestFile: 'coltReactivate.newRequestFile',
  importNumbers: 'coltReactivate.importNumbers',
  submitRequestFile: 'coltReactivate.submitRequestFile',
  submitBatch: 'coltReactivate.submitBatch',
  switchTarget: 'coltReactivate.switchTarget',
  setCredentials: 'coltReactivate.setCredentials',
  clearCredentials: 'coltReactivate.clearCredentials',
  refreshOrders: 'coltReactivate.refreshOrders',
  copyAsCurl: 'coltReactivate.copyAsCurl',
  startEmulator: 'coltReactivate.startEmulator',
  stopEmulator: 'coltReactivate.stopEmulator',
  showLog: 'coltReactivate.showLog',
  // Context menu of the orders tree.
  ordersRefreshStatus: 'coltReactivate.orders.refreshStatus',
  ordersCopyOrderId: 'coltReactivate.orders.copyOrderId',
  ordersCopyTrackingId: 'coltReactivate.orders.copyTrackingId',
  ordersOpenRequest: 'coltReactivate.orders.openRequest',
  ordersRemove: 'coltReactivate.orders.remove',
  ordersCheckOrder: 'coltReactivate.orders.checkOrder',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

/**
 * Each command's title as package.json shows it (after "Colt: "), for messages that name a command;
 * test/unit/commands.test.ts keeps the two in step.
 */
export const CommandTitles: Readonly<Record<CommandId, string>> = {
  [Commands.openForm]: 'Open Reactivation Form',
  [Commands.reactivateNumbers]: 'Reactivate Numbers...',
  [Commands.newRequestFile]: 'New Reactivation Request File',
  [Commands.importNumbers]: 'Import Numbers for Bulk Reactivation...',
  [Commands.submitRequestFile]: 'Submit Reactivation Request',
  [Commands.submitBatch]: 'Submit Reactivation Batch...',
  [Commands.switchTarget]: 'Switch Target',
  [Commands.setCredentials]: 'Set Credentials',
  [Commands.clearCredentials]: 'Clear Credentials',
  [Commands.refreshOrders]: 'Refresh Orders',
  [Commands.copyAsCurl]: 'Copy Request as curl',
  [Commands.startEmulator]: 'Start Local Emulator',
  [Commands.stopEmulator]: 'Stop Local Emulator',
  [Commands.showLog]: 'Show Log',
  [Commands.ordersRefreshStatus]: 'Refresh Status',
  [Commands.ordersCopyOrderId]: 'Copy Order Id',
  [Commands.ordersCopyTrackingId]: 'Copy Tracking Id',
  [Commands.ordersOpenRequest]: 'Open the Request',
  [Commands.ordersRemove]: 'Remove from List',
  [Commands.ordersCheckOrder]: 'Check Order (Resend with the Same Tracking Id)...',
};

/** `coltReactivate.orders.copyOrderId` → `ordersCopyOrderId`: the file that handles it. */
export function handlerFileName(id: string): string {
  const parts = id.replace(/^coltReactivate\./, '').split('.');
  return parts.map((p, i) => (i === 0 ? p : p[0].toUpperCase() + p.slice(1))).join('');
}

export const ContextKeys = {
  /** True once credentials exist for the current target (drives viewsWelcome). */
  hasCredentials: 'coltReactivate.hasCredentials',
  target: 'coltReactivate.target',
  emulatorRunning: 'coltReactivate.emulatorRunning',
  hasOrders: 'coltReactivate.hasOrders',
} as const;

export const Settings = {
  section: 'coltReactivate',
  target: 'target',
  requestTimeoutSeconds: 'requestTimeoutSeconds',
  statusPollSeconds: 'statusPollSeconds',
  emulatorPort: 'emulator.port',
  maxNumbersPerRange: 'maxNumbersPerRange',
  maxNumbersPerOrder: 'maxNumbersPerOrder',
} as const;

export const ViewIds = {
  container: 'coltReactivate',
  orders: 'coltReactivate.orders',
} as const;

export const LOG_CHANNEL_NAME = 'Colt Reactivation';

/** Set to 1 to store the emulator's public demo credentials at activation (npm start, e2e). */
export const SEED_EMULATOR_CREDENTIALS_ENV = 'COLT_REACTIVATE_SEED_EMULATOR_CREDENTIALS';

export const REQUEST_FILE_GLOB = '**/*.reactivate.json';
