import { orderFromArg } from '../orders/orderArg';
import type { CommandFactory } from '../services';

/**
 * coltReactivate.orders.checkOrder: for an unknown outcome, resends with the SAME tracking id
 * after an explicit confirmation (Colt answers 409 with the order id if it has the order).
 */
export const ordersCheckOrder: CommandFactory = (s) => async (arg?: unknown) => {
  const record = orderFromArg(s.orders, arg);
  if (!record) return undefined;
  return s.submission.checkOrder(record.trackingId);
};
