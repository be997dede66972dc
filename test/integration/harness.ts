// Helpers for integration tests, which run inside a real extension host (see index.ts).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { deadline } from '../deadline';

export const EXTENSION_ID = 'colt-reactivate.colt-number-reactivation';

/** The extension under test, activated; its `activate()` return value is `exports`. */
export async function activateExtension<T = unknown>(): Promise<vscode.Extension<T>> {
  const extension = vscode.extensions.getExtension<T>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not loaded in this extension host`);
  await extension.activate();
  return extension;
}

/** The workspace folder the launcher opened (a fresh copy of test/fixtures/workspace). */
export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open');
  return folder;
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder().uri, ...segments);
}

/**
 * Polls `probe` until it returns something truthy (then returns it) or the time is up.
 * Tests wait for conditions, never for fixed sleeps; the deadline only bounds a real failure.
 */
export async function waitFor<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = deadline(30_000),
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > until) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Resolves on the next firing of `event` that satisfies `filter`. */
export function nextEvent<T>(event: vscode.Event<T>, filter: (value: T) => boolean = () => true, timeoutMs = deadline(30_000)): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`event did not fire within ${timeoutMs} ms`));
    }, timeoutMs);
    const sub = event((value) => {
      if (!filter(value)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(value);
    });
  });
}

/** Diagnostics of a document once they satisfy `filter` (the language server is asynchronous). */
export function diagnosticsFor(uri: vscode.Uri, filter: (d: vscode.Diagnostic[]) => boolean, timeoutMs = deadline(30_000)): Promise<vscode.Diagnostic[]> {
  return waitFor(
    () => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      return filter(diagnostics) ? diagnostics : undefined;
    },
    `diagnostics of ${uri.path}`,
    timeoutMs,
  );
}

/** Closes every editor so each test starts from an empty editor area. */
export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
