import * as vscode from 'vscode';
import { orderFromArg } from '../orders/orderArg';
import type { CommandFactory } from '../services';

/** coltReactivate.orders.copyOrderId */
export const ordersCopyOrderId: CommandFactory = (s) => async (arg?: unknown) => {
  const record = orderFromArg(s.orders, arg);
  if (!record) return undefined;
  if (!record.orderId) {
    void s.prompter.showInformationMessage('This order has no order id (it was not accepted, or its outcome is unknown). Copy its tracking id instead.', {});
    return undefined;
  }
  await vscode.env.clipboard.writeText(record.orderId);
  return record.orderId;
};
