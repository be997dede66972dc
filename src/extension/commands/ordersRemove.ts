import { isFinal, type OrderRecord } from '../../core/orderRecord';
import { orderFromArg } from '../orders/orderArg';
import type { CommandFactory } from '../services';

export const CONFIRM_REMOVE = 'Remove from List';

/**
 * coltReactivate.orders.remove: forgets the record locally; nothing changes at Colt. An order
 * that is not final asks first: its record may be the only trace of it on this side.
 */
export const ordersRemove: CommandFactory = (s) => async (arg?: unknown) => {
  const record = orderFromArg(s.orders, arg);
  if (!record) return false;
  if (!isFinal(record)) {
    const answer = await s.prompter.showWarningMessage(
      `Remove order ${record.orderId ?? record.trackingId} from the list? It is not finished.`,
      { modal: true, detail: whyKeep(record) },
      CONFIRM_REMOVE,
    );
    if (answer !== CONFIRM_REMOVE) return false;
  }
  s.log.info(`Order ${record.orderId ?? record.trackingId} removed from the list (tracking id ${record.trackingId}, state ${record.state}).`);
  return s.orders.remove(record.trackingId);
};

function whyKeep(record: OrderRecord): string {
  const keep = `Copy its tracking id first if you may need it: ${record.trackingId}. Removing changes nothing at Colt.`;
  if (record.state === 'inProgress') {
    return `Colt is still working on it; once removed, its status is no longer followed and you will not be told when it completes or fails. ${keep}`;
  }
  return (
    'Its outcome is not known yet: Colt may or may not have the order. Its tracking id is the only way to find out ' +
    `(Check Order resends it with the same id, so that Colt can recognise an order it already has). ${keep}`
  );
}
