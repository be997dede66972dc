/** Every id the extension contributes. package.json must list exactly these (test/unit/commands.test.ts). */
export const Commands = {
  showLog: 'coltReactivate.showLog',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

export const ContextKeys = {} as const;

export const Settings = {
  section: 'coltReactivate',
} as const;

export const ViewIds = {
  container: 'coltReactivate',
  orders: 'coltReactivate.orders',
} as const;

export const LOG_CHANNEL_NAME = 'Colt Reactivation';
