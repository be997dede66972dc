// What a failing integration test leaves behind so it can be diagnosed without a rerun: every
// message the extension showed through a scripted seam during the test, and the order records
// the test touched. The same hook puts back any scripted seam a test left installed, so that one
// test's answers never leak into the next.
//
// Each test file is its own bundle with its own copy of extensionKit, so the registry lives on
// globalThis under a registered symbol that every bundle resolves to the same object.
import type * as vscode from 'vscode';
import type { OrderRecord } from '../../src/core/orderRecord';

export interface RecordedMessage {
  kind: string;
  message: string;
}

interface TestRegistry {
  /** Every scripted seam created during the current test, with what it was shown. */
  seams: { name: string; shown: readonly RecordedMessage[] }[];
  /** Restores of seams installed during the current test, undone afterwards (each removes only its own). */
  restores: vscode.Disposable[];
}

const KEY = Symbol.for('colt.integration.testRegistry');

export function testRegistry(): TestRegistry {
  const holder = globalThis as { [KEY]?: TestRegistry };
  return (holder[KEY] ??= { seams: [], restores: [] });
}

/** Undoes what the test left installed; on failure, prints the messages and the records. */
export function afterTest(test: Mocha.Test | undefined, startedAt: number, records: () => readonly OrderRecord[]): void {
  const registry = testRegistry();
  if (test?.state === 'failed') console.log(describeFailure(registry, startedAt, records));
  for (const restore of registry.restores.splice(0)) restore.dispose();
  registry.seams.length = 0;
}

function describeFailure(registry: TestRegistry, startedAt: number, records: () => readonly OrderRecord[]): string {
  const lines = ['      -- what the extension showed during this test:'];
  for (const seam of registry.seams) {
    if (seam.shown.length === 0) continue;
    for (const m of seam.shown) lines.push(`         [${seam.name} ${m.kind}] ${m.message}`);
  }
  if (lines.length === 1) lines.push('         (no message)');
  lines.push('      -- order records changed during this test:');
  let touched: readonly OrderRecord[] = [];
  try {
    touched = records().filter((r) => r.history.some((h) => Date.parse(h.at) >= startedAt - 1000));
  } catch (err) {
    lines.push(`         (could not be read: ${(err as Error).message})`);
  }
  for (const r of touched) {
    lines.push(
      `         ${r.trackingId} ${r.state} order ${r.orderId ?? '-'} at ${r.baseUrl}: ${r.history.map((h) => `${h.state}${h.note ? ` (${h.note})` : ''}`).join(' -> ')}`,
    );
  }
  if (touched.length === 0) lines.push('         (none)');
  return lines.join('\n');
}
