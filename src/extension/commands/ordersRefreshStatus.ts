import { isPollable } from '../../core/orderRecord';
import { orderFromArg } from '../orders/orderArg';
import type { CommandFactory } from '../services';

/** coltReactivate.orders.refreshStatus(node | trackingId): asks Colt for the order's status now. */
export const ordersRefreshStatus: CommandFactory = (s) => async (arg?: unknown) => {
  const record = orderFromArg(s.orders, arg);
  if (!record) return undefined;
  if (!isPollable(record)) {
    void s.prompter.showInformationMessage(
      record.state === 'unknown'
        ? 'This order has no order id yet: its outcome is unknown. Use Check Order to find out.'
        : `This order is ${record.state}; its status no longer changes.`,
      {},
    );
    return record;
  }
  return s.poller.refreshNow(record.trackingId);
};
