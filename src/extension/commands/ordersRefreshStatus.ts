import { isFinal, isPollable, type OrderRecord } from '../../core/orderRecord';
import { orderFromArg } from '../orders/orderArg';
import type { CommandFactory } from '../services';

/** coltReactivate.orders.refreshStatus(node | trackingId): asks Colt for the order's status now. */
export const ordersRefreshStatus: CommandFactory = (s) => async (arg?: unknown) => {
  const record = orderFromArg(s.orders, arg);
  if (!record) return undefined;
  if (!isPollable(record)) {
    void s.prompter.showInformationMessage(notPollableMessage(record), {});
    return record;
  }
  const refreshed = await s.poller.refreshNow(record.trackingId);
  if (s.poller.isLookupUnavailable(record.trackingId)) {
    void s.prompter.showInformationMessage(
      `${record.baseUrl} offers no status lookup for order ${record.orderId}, so its status is not followed here. Ask Colt for its status.`,
      {},
    );
  }
  return refreshed;
};

/** Why there is nothing to ask Colt, and what to do instead. */
function notPollableMessage(record: OrderRecord): string {
  if (isFinal(record)) return `This order is ${record.state}; its status no longer changes.`;
  switch (record.state) {
    case 'unknown':
      return 'This order has no order id yet: its outcome is unknown. Use Check Order to find out.';
    case 'sending':
    case 'draft':
      return 'This order is still being sent; its status can be refreshed once Colt has answered with an order id.';
    default:
      return 'This order has no order id, so Colt cannot be asked for its status.';
  }
}
