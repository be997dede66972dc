import * as vscode from 'vscode';
import { orderFromArg } from '../orders/orderArg';
import type { CommandFactory } from '../services';

/** coltReactivate.orders.copyTrackingId */
export const ordersCopyTrackingId: CommandFactory = (s) => async (arg?: unknown) => {
  const record = orderFromArg(s.orders, arg);
  if (!record) return undefined;
  await vscode.env.clipboard.writeText(record.trackingId);
  return record.trackingId;
};
