import { orderFromArg } from '../orders/orderArg';
import type { CommandFactory } from '../services';

/** coltReactivate.orders.remove: forgets the record locally; nothing changes at Colt. */
export const ordersRemove: CommandFactory = (s) => async (arg?: unknown) => {
  const record = orderFromArg(s.orders, arg);
  if (!record) return false;
  s.log.info(`Order ${record.orderId ?? record.trackingId} removed from the list (tracking id ${record.trackingId}).`);
  return s.orders.remove(record.trackingId);
};
