import type { CommandFactory } from '../services';

/** coltReactivate.refreshOrders: polls every order in progress now, then redraws the tree. */
export const refreshOrders: CommandFactory = (s) => async () => {
  await s.poller.refreshAll();
  s.tree.refresh();
  return s.orders.list();
};
