// Accepted orders: "In progress" until completeAfterMs has passed, then "Completed", and only
// then do their numbers change status (as with Colt, where the network is reconfigured first).
import { randomUUID } from 'node:crypto';
import type { InventoryStore } from './inventory';
import { reactivatedStatus } from './reactivationRules';

export type EmulatorOrderStatus = 'In progress' | 'Completed' | 'Failed';

export interface StoredOrder {
  id: string;
  trackingId: string;
  orderStatus: EmulatorOrderStatus;
  orderType: string;
  receivedAt: string;
  /** The JSON body as received. */
  body: unknown;
  numbers: readonly string[];
}

export class OrderBook {
  private readonly orders = new Map<string, StoredOrder>();
  private readonly byTracking = new Map<string, string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Orders still in progress, with the timer that completes each. */
  private readonly pending = new Map<StoredOrder, NodeJS.Timeout>();
  /** Numbers of orders still in progress: a second order for them is refused. */
  readonly inProgress = new Set<string>();

  constructor(
    private readonly inventory: InventoryStore,
    private readonly completeAfterMs: number,
    private readonly recycleNumbers = false,
  ) {}

  orderForTrackingId(trackingId: string): StoredOrder | undefined {
    const id = this.byTracking.get(trackingId);
    return id === undefined ? undefined : this.orders.get(id);
  }

  get(id: string): StoredOrder | undefined {
    return this.orders.get(id);
  }

  list(): StoredOrder[] {
    return [...this.orders.values()];
  }

  store(trackingId: string, body: unknown, numbers: readonly string[], orderType: string): StoredOrder {
    const order: StoredOrder = {
      id: randomUUID(),
      trackingId,
      orderStatus: 'In progress',
      orderType,
      receivedAt: new Date().toISOString(),
      body,
      numbers,
    };
    this.orders.set(order.id, order);
    this.byTracking.set(trackingId, order.id);
    for (const n of numbers) this.inProgress.add(n);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.pending.delete(order);
      this.complete(order);
    }, this.completeAfterMs);
    // Pending completions must never keep a test run or the CLI alive.
    timer.unref();
    this.timers.add(timer);
    this.pending.set(order, timer);
    return order;
  }

  /**
   * Completes every order still in progress now. Tests that assert on "in progress" run the
   * emulator with a long completeAfterMs and complete on cue, instead of racing a short timer
   * that a busy machine can outrun.
   */
  completeAll(): number {
    const orders = [...this.pending.keys()];
    for (const order of orders) {
      const timer = this.pending.get(order)!;
      clearTimeout(timer);
      this.timers.delete(timer);
      this.pending.delete(order);
      this.complete(order);
    }
    return orders.length;
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.pending.clear();
  }

  private complete(order: StoredOrder): void {
    for (const n of order.numbers) {
      const entry = this.inventory.get(n);
      if (entry && !this.recycleNumbers) this.inventory.setStatus(n, reactivatedStatus(entry.status));
      this.inProgress.delete(n);
    }
    order.orderStatus = 'Completed';
  }
}
