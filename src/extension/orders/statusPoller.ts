import { applyStatusOutcome, isFinal, isPollable, type OrderRecord } from '../../core/orderRecord';
import { Disposable } from '../lifecycle';
import type { Log } from '../log';
import type { Prompter } from '../prompter';
import type { ExtensionSettings } from '../settings';
import type { TargetService } from '../targets/targetService';
import { countNumbers, plural } from '../submission/requestSummary';
import type { OrderStore } from './orderStore';

const BACKOFF_FACTOR = 1.6;
const MAX_DELAY_MS = 5 * 60_000;

/**
 * Polls in-progress orders until they are final, with growing intervals, and tells the user
 * when one completes or fails. Each record has at most one timer.
 */
export class StatusPoller extends Disposable {
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; attempts: number }>();
  private readonly inFlight = new Set<string>();
  /** Orders whose target has no status lookup (404/405): not polled again until asked (refreshNow). */
  private readonly lookupUnavailable = new Set<string>();

  constructor(
    private readonly orders: OrderStore,
    private readonly targets: TargetService,
    private readonly settings: ExtensionSettings,
    private readonly log: Log,
    private readonly notifications: Prompter,
  ) {
    super();
    this._register(orders.onDidChange(() => this.scheduleAll()));
    this._register({ dispose: () => this.clearAll() });
    this.scheduleAll();
  }

  /** Whether the last lookup of this order found no status lookup at its target. */
  isLookupUnavailable(trackingId: string): boolean {
    return this.lookupUnavailable.has(trackingId);
  }

  private scheduleAll(): void {
    for (const record of this.orders.list()) {
      const id = record.trackingId;
      if (isPollable(record) && !this.timers.has(id) && !this.inFlight.has(id) && !this.lookupUnavailable.has(id)) this.schedule(id, 0);
      if (!isPollable(record)) this.cancel(id);
    }
    for (const id of this.timers.keys()) if (!this.orders.get(id)) this.cancel(id);
    for (const id of this.lookupUnavailable) if (!this.orders.get(id)) this.lookupUnavailable.delete(id);
  }

  private schedule(trackingId: string, attempts: number): void {
    this.cancel(trackingId);
    if (this.isDisposed) return;
    const delay = Math.min(this.settings.statusPollSeconds * 1000 * BACKOFF_FACTOR ** attempts, MAX_DELAY_MS);
    const timer = setTimeout(() => void this.poll(trackingId, attempts + 1), delay);
    timer.unref?.();
    this.timers.set(trackingId, { timer, attempts });
  }

  private cancel(trackingId: string): void {
    const entry = this.timers.get(trackingId);
    if (entry) clearTimeout(entry.timer);
    this.timers.delete(trackingId);
  }

  private clearAll(): void {
    for (const id of [...this.timers.keys()]) this.cancel(id);
  }

  /** Polls one order now (menu "Refresh Status"), restarting its backoff, even if its lookup was unavailable. */
  async refreshNow(trackingId: string): Promise<OrderRecord | undefined> {
    this.cancel(trackingId);
    this.lookupUnavailable.delete(trackingId);
    return this.poll(trackingId, 0);
  }

  /** Polls every order that can be polled, now. */
  async refreshAll(): Promise<void> {
    await Promise.all(
      this.orders
        .list()
        .filter(isPollable)
        .map((r) => this.refreshNow(r.trackingId)),
    );
  }

  private async poll(trackingId: string, attempts: number): Promise<OrderRecord | undefined> {
    this.timers.delete(trackingId);
    const record = this.orders.get(trackingId);
    if (!record || !isPollable(record) || this.inFlight.has(trackingId)) return record;
    this.inFlight.add(trackingId);
    try {
      const outcome = await this.targets.client(record.target, record.baseUrl).getOrderStatus(record.orderId!);
      const latest = this.orders.get(trackingId);
      if (!latest || this.isDisposed) return latest;
      if (outcome.kind === 'unavailable') {
        // docs/colt-api.md, "Status lookup": a 404/405 from a real target means "no status lookup", not a failed order.
        this.log.warn(`Status lookup for order ${record.orderId} is not available (HTTP ${outcome.httpStatus}); polling stops for it.`);
        this.lookupUnavailable.add(trackingId);
        return latest;
      }
      if (outcome.kind === 'error') this.log.warn(`Status of order ${record.orderId} not read: ${outcome.message}`);
      const updated = applyStatusOutcome(latest, outcome);
      if (updated !== latest) await this.orders.upsert(updated);
      if (isFinal(updated)) this.announce(updated);
      else if (isPollable(updated)) this.schedule(trackingId, attempts);
      return updated;
    } catch (err) {
      this.log.error(`Status of order ${record.orderId} not read: ${(err as Error).message}`);
      this.schedule(trackingId, attempts);
      return this.orders.get(trackingId);
    } finally {
      this.inFlight.delete(trackingId);
    }
  }

  private announce(record: OrderRecord): void {
    const what = `${plural(countNumbers(record.body), 'number')}, ${record.body.relatedParty.reseller.country}`;
    this.log.info(`Order ${record.orderId} is ${record.state} (${record.orderStatus ?? record.state}).`);
    if (record.state === 'completed') {
      void this.notifications.showInformationMessage(`Order ${record.orderId} completed: ${what} reactivated.`, {});
    } else {
      void this.notifications.showErrorMessage(
        `Order ${record.orderId} failed (${what}): ${record.failure?.message ?? record.orderStatus ?? 'no reason given'}`,
        {},
      );
    }
  }
}
