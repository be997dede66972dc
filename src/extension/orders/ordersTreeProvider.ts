import * as vscode from 'vscode';
import type { OrderRecord, OrderState } from '../../core/orderRecord';
import { rangeSize } from '../../core/e164';
import { TARGET_NAMES, TARGETS, type TargetName } from '../../core/targets';
import { ContextKeys } from '../constants';
import { Disposable } from '../lifecycle';
import { countNumbers, describeRange, plural } from '../submission/requestSummary';
import type { OrderStore } from './orderStore';

export type OrdersNode =
  | { kind: 'target'; target: TargetName }
  | { kind: 'batch'; target: TargetName; batchId: string }
  | { kind: 'order'; trackingId: string }
  | { kind: 'range'; trackingId: string; index: number };

const STATE_LABEL: Record<OrderState, string> = {
  draft: 'Draft',
  sending: 'Sending',
  inProgress: 'In progress',
  completed: 'Completed',
  failed: 'Failed',
  rejected: 'Rejected',
  unknown: 'Unknown outcome',
};

const STATE_ICON: Record<OrderState, [string, string?]> = {
  draft: ['edit'],
  sending: ['loading~spin'],
  inProgress: ['sync~spin', 'charts.blue'],
  completed: ['pass-filled', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  rejected: ['circle-slash', 'list.errorForeground'],
  unknown: ['question', 'list.warningForeground'],
};

/**
 * Orders grouped by target, newest first; the orders of a batch (README.md, "Bulk reactivation")
 * together under one node, in file order; each order's children are its ranges.
 */
export class OrdersTreeProvider extends Disposable implements vscode.TreeDataProvider<OrdersNode> {
  private readonly changed = this._register(new vscode.EventEmitter<OrdersNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new Map<string, OrdersNode>();
  private view?: vscode.TreeView<OrdersNode>;

  constructor(private readonly orders: OrderStore) {
    super();
    this._register(orders.onDidChange(() => this.refresh()));
    void this.updateContext();
  }

  attach(view: vscode.TreeView<OrdersNode>): void {
    this.view = view;
  }

  refresh(): void {
    this.changed.fire(undefined);
    void this.updateContext();
  }

  /** Shows a record in the view, if the view is open (never forces the sidebar open). */
  reveal(record: OrderRecord): void {
    if (!this.view?.visible) return;
    void Promise.resolve(this.view.reveal(this.orderNode(record.trackingId), { select: true, focus: false })).catch(() => undefined);
  }

  getChildren(element?: OrdersNode): OrdersNode[] {
    const records = this.orders.list();
    if (!element) {
      return TARGET_NAMES.filter((t) => records.some((r) => r.target === t)).map((target) => this.intern({ kind: 'target', target }));
    }
    if (element.kind === 'target') {
      // A batch takes the place of its newest order; the list is already newest first.
      const nodes: OrdersNode[] = [];
      const batches = new Set<string>();
      for (const r of records) {
        if (r.target !== element.target) continue;
        if (!r.batchId) nodes.push(this.orderNode(r.trackingId));
        else if (!batches.has(r.batchId)) {
          batches.add(r.batchId);
          nodes.push(this.intern({ kind: 'batch', target: r.target, batchId: r.batchId }));
        }
      }
      return nodes;
    }
    if (element.kind === 'batch') {
      return this.batchRecords(element).map((r) => this.orderNode(r.trackingId));
    }
    if (element.kind === 'order') {
      const record = this.orders.get(element.trackingId);
      return record ? record.body.numberRangeList.map((_, index) => this.intern({ kind: 'range', trackingId: element.trackingId, index })) : [];
    }
    return [];
  }

  getParent(element: OrdersNode): OrdersNode | undefined {
    if (element.kind === 'target') return undefined;
    if (element.kind === 'range') return this.orderNode(element.trackingId);
    if (element.kind === 'batch') return this.intern({ kind: 'target', target: element.target });
    const record = this.orders.get(element.trackingId);
    if (!record) return undefined;
    return record.batchId
      ? this.intern({ kind: 'batch', target: record.target, batchId: record.batchId })
      : this.intern({ kind: 'target', target: record.target });
  }

  getTreeItem(element: OrdersNode): vscode.TreeItem {
    if (element.kind === 'target') {
      const count = this.orders.list().filter((r) => r.target === element.target).length;
      const item = new vscode.TreeItem(TARGETS[element.target].label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = keyOf(element);
      item.description = plural(count, 'order');
      item.iconPath = new vscode.ThemeIcon(element.target === 'production' ? 'warning' : 'server-environment');
      item.contextValue = `target:${element.target}`;
      return item;
    }
    if (element.kind === 'batch') return batchItem(element, this.batchRecords(element));
    const record = this.orders.get(element.trackingId);
    if (!record) return new vscode.TreeItem('(removed)');
    return element.kind === 'order' ? orderItem(record) : rangeItem(record, element.index);
  }

  /** A batch's orders in the order of their files (GB-ANH-2 before GB-ANH-10). */
  private batchRecords(batch: Extract<OrdersNode, { kind: 'batch' }>): OrderRecord[] {
    return this.orders
      .list()
      .filter((r) => r.batchId === batch.batchId && r.target === batch.target)
      .sort((a, b) => (a.sourceFile ?? '').localeCompare(b.sourceFile ?? '', undefined, { numeric: true }) || a.createdAt.localeCompare(b.createdAt));
  }

  private orderNode(trackingId: string): OrdersNode {
    return this.intern({ kind: 'order', trackingId });
  }

  /** The same object for the same node: TreeView.reveal and selection compare by identity. */
  private intern(node: OrdersNode): OrdersNode {
    const key = keyOf(node);
    let existing = this.nodes.get(key);
    if (!existing) this.nodes.set(key, (existing = node));
    return existing;
  }

  private async updateContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', ContextKeys.hasOrders, this.orders.size > 0);
  }
}

function keyOf(node: OrdersNode): string {
  switch (node.kind) {
    case 'target':
      return `target:${node.target}`;
    case 'batch':
      return `batch:${node.target}:${node.batchId}`;
    case 'order':
      return `order:${node.trackingId}`;
    case 'range':
      return `range:${node.trackingId}:${node.index}`;
  }
}

/** Label: when it was sent; description: how many orders and how they stand, in words. */
export function batchItem(batch: Extract<OrdersNode, { kind: 'batch' }>, records: readonly OrderRecord[]): vscode.TreeItem {
  const first = records.map((r) => r.submittedAt ?? r.createdAt).sort()[0];
  const item = new vscode.TreeItem(`Batch ${first ? shortTime(first) : ''}`.trim(), vscode.TreeItemCollapsibleState.Expanded);
  item.id = keyOf(batch);
  const counts = new Map<OrderState, number>();
  for (const r of records) counts.set(r.state, (counts.get(r.state) ?? 0) + 1);
  const states = ORDER_STATE_ORDER.filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${STATE_LABEL[s].toLowerCase()}`);
  item.description = `${plural(records.length, 'order')} · ${states.join(', ')}`;
  const total = records.reduce((sum, r) => sum + countNumbers(r.body), 0n);
  item.iconPath = new vscode.ThemeIcon(
    counts.has('unknown') ? 'warning' : 'layers',
    counts.has('unknown') ? new vscode.ThemeColor('list.warningForeground') : undefined,
  );
  item.contextValue = 'batch';
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.appendMarkdown(`**Batch of ${plural(records.length, 'order')}**, ${plural(total, 'number')}\n\n`);
  if (first) tooltip.appendMarkdown(`- Sent: ${formats().full.format(new Date(first))}\n`);
  for (const s of states) tooltip.appendMarkdown(`- ${s}\n`);
  tooltip.appendMarkdown(`- Batch id: \`${batch.batchId}\`\n\nSubmitting the same files again sends only the orders that have no record yet.`);
  item.tooltip = tooltip;
  item.accessibilityInformation = { label: `Batch of ${plural(records.length, 'order')}: ${states.join(', ')}` };
  return item;
}

/** The order a batch's state counts are told in: what needs attention first. */
const ORDER_STATE_ORDER: readonly OrderState[] = ['unknown', 'rejected', 'failed', 'sending', 'inProgress', 'completed', 'draft'];

export function orderItem(record: OrderRecord): vscode.TreeItem {
  const item = new vscode.TreeItem(record.orderId ?? `(no order id) ${record.trackingId.slice(0, 8)}`, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `order:${record.trackingId}`;
  const count = countNumbers(record.body);
  const [icon, color] = STATE_ICON[record.state];
  item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
  // The state in words as well as the icon: colour and shape alone are not enough to read it.
  // In a batch, the file says which order this is; its time is the batch's.
  const when = record.sourceFile ? (record.sourceFile.split(/[\\/]/).pop() ?? record.sourceFile) : shortTime(record.submittedAt ?? record.createdAt);
  item.description = `${STATE_LABEL[record.state]} · ${plural(count, 'number')} · ${record.body.relatedParty.reseller.country} · ${when}`;
  item.contextValue = `order:${record.state}`;
  const tooltip = new vscode.MarkdownString(undefined, true);
  // Colt's own word only where it says more than ours ("acknowledged", a status we don't map).
  const coltSays = record.orderStatus && record.orderStatus !== STATE_LABEL[record.state] ? ` (Colt: ${record.orderStatus})` : '';
  tooltip.appendMarkdown(`**${STATE_LABEL[record.state]}**${coltSays}\n\n`);
  tooltip.appendMarkdown(`- Order id: \`${record.orderId ?? 'none yet'}\`\n- Tracking id: \`${record.trackingId}\`\n`);
  tooltip.appendMarkdown(`- Target: ${TARGETS[record.target].label} (\`${record.baseUrl}\`)\n`);
  tooltip.appendMarkdown(
    `- ${plural(count, 'number')} in ${plural(record.body.numberRangeList.length, 'range')}, country ${record.body.relatedParty.reseller.country}\n`,
  );
  tooltip.appendMarkdown(`- Submitted: ${formats().full.format(new Date(record.submittedAt ?? record.createdAt))}\n`);
  if (record.sourceFile) tooltip.appendMarkdown(`- From: ${record.sourceFile.replace(/[\\`*_[\]<>]/g, '\\$&')}\n`);
  if (record.failure) tooltip.appendText(`\n${record.failure.message}\n`);
  if (record.state === 'unknown')
    tooltip.appendMarkdown('\nThe order may or may not exist at Colt. Use **Check Order** to resend it with the same tracking id.');
  item.tooltip = tooltip;
  item.accessibilityInformation = { label: `Order ${record.orderId ?? record.trackingId}, ${STATE_LABEL[record.state]}, ${plural(count, 'number')}` };
  return item;
}

function rangeItem(record: OrderRecord, index: number): vscode.TreeItem {
  const range = record.body.numberRangeList[index];
  const item = new vscode.TreeItem(range ? describeRange(range) : '(missing range)', vscode.TreeItemCollapsibleState.None);
  item.id = `range:${record.trackingId}:${index}`;
  item.description = range ? plural(rangeSize(range), 'number') : undefined;
  item.iconPath = new vscode.ThemeIcon('symbol-number');
  item.contextValue = 'range';
  return item;
}

// Formatters are built once: toLocale*String builds one per call, which made 10,000 tree
// items take over a second (npm run bench, tree-10k-items).
let cachedFormats: { full: Intl.DateTimeFormat; time: Intl.DateTimeFormat; day: Intl.DateTimeFormat } | undefined;
function formats() {
  return (cachedFormats ??= {
    full: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }),
    time: new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }),
    day: new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' }),
  });
}

function shortTime(iso: string): string {
  const d = new Date(iso);
  const now = new Date();
  const today = now.getFullYear() === d.getFullYear() && now.getMonth() === d.getMonth() && now.getDate() === d.getDate();
  const time = formats().time.format(d);
  return today ? time : `${formats().day.format(d)} ${time}`;
}
