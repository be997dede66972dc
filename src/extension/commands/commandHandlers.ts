// Every command's handler but openForm's (registered by the form's own registerOpenForm). The
// handlers are the part "commands" (src/extension/parts.ts): registerCommands registers each id at
// start-up and loads this on the first command run.
import type { Commands } from '../constants';
import type { CommandFactory } from '../services';
import { clearCredentials } from './clearCredentials';
import { copyAsCurl } from './copyAsCurl';
import { importNumbers } from './importNumbers';
import { newRequestFile } from './newRequestFile';
import { ordersCheckOrder } from './ordersCheckOrder';
import { ordersCopyOrderId } from './ordersCopyOrderId';
import { ordersCopyTrackingId } from './ordersCopyTrackingId';
import { ordersOpenRequest } from './ordersOpenRequest';
import { ordersRefreshStatus } from './ordersRefreshStatus';
import { ordersRemove } from './ordersRemove';
import { reactivateNumbers } from './reactivateNumbers';
import { refreshOrders } from './refreshOrders';
import { setCredentials } from './setCredentials';
import { showLog } from './showLog';
import { startEmulator } from './startEmulator';
import { stopEmulator } from './stopEmulator';
import { submitBatch } from './submitBatch';
import { submitRequestFile } from './submitRequestFile';
import { switchTarget } from './switchTarget';

export const COMMAND_HANDLERS: Record<Exclude<keyof typeof Commands, 'openForm'>, CommandFactory> = {
  reactivateNumbers,
  newRequestFile,
  importNumbers,
  submitRequestFile,
  submitBatch,
  switchTarget,
  setCredentials,
  clearCredentials,
  refreshOrders,
  copyAsCurl,
  startEmulator,
  stopEmulator,
  showLog,
  ordersRefreshStatus,
  ordersCopyOrderId,
  ordersCopyTrackingId,
  ordersOpenRequest,
  ordersRemove,
  ordersCheckOrder,
};
