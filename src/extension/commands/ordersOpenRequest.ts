import * as vscode from 'vscode';
import { orderFromArg } from '../orders/orderArg';
import type { CommandFactory } from '../services';

/** coltReactivate.orders.openRequest: the body that was sent, as an untitled JSON document. */
export const ordersOpenRequest: CommandFactory = (s) => async (arg?: unknown) => {
  const record = orderFromArg(s.orders, arg);
  if (!record) return undefined;
  const document = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(record.body, null, 2) + '\n' });
  await vscode.window.showTextDocument(document, { preview: true });
  return document;
};
