import type { OrderRecord } from '../../core/orderRecord';
import type { OrderStore } from './orderStore';
import type { OrdersNode } from './ordersTreeProvider';

/** Tree context menus pass the node; tests and other commands pass the tracking id. */
export function orderFromArg(orders: OrderStore, arg: unknown): OrderRecord | undefined {
  if (typeof arg === 'string') return orders.get(arg);
  const node = arg as OrdersNode | undefined;
  if (node && typeof node === 'object' && 'trackingId' in node) return orders.get(node.trackingId);
  return undefined;
}
