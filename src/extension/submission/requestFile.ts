import * as vscode from 'vscode';
import { computeDiagnostics, type DiagnosticOptions, type RequestDiagnostic } from '../../core/diagnostics';
import { requestBodySchema, type ReactivationRequest } from '../../core/schemas';

export type RequestFileRead =
  | { ok: true; document: vscode.TextDocument; body: ReactivationRequest; warnings: RequestDiagnostic[] }
  | { ok: false; message: string; document?: vscode.TextDocument };

/**
 * The request in `uri`, or in the active editor: its text as shown (unsaved edits included, since
 * that is what the user sees), checked with the same diagnostics as the language server.
 */
export async function readRequestFile(uri: vscode.Uri | undefined, limits: Required<DiagnosticOptions>): Promise<RequestFileRead> {
  let document: vscode.TextDocument | undefined;
  if (uri instanceof vscode.Uri) {
    try {
      document = await vscode.workspace.openTextDocument(uri);
    } catch (err) {
      return { ok: false, message: `Could not open ${uri.fsPath || uri.toString()}: ${(err as Error).message}` };
    }
  } else {
    document = vscode.window.activeTextEditor?.document;
  }
  if (!document) {
    return { ok: false, message: 'Open a .reactivate.json request file first (or create one with Colt: New Reactivation Request File).' };
  }
  const name = document.uri.path.split('/').pop() ?? document.uri.toString();
  const problems = computeDiagnostics(document.getText(), { maxNumbersPerRange: limits.maxNumbersPerRange, maxNumbersPerOrder: limits.maxNumbersPerOrder });
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length) {
    const first = errors[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more; see the Problems panel)` : '';
    return {
      ok: false,
      document,
      message: `Nothing was sent: ${name} has ${errors.length === 1 ? 'an error' : `${errors.length} errors`}. Line ${first.range.start.line + 1}: ${first.message}${more}`,
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(document.getText());
  } catch {
    return { ok: false, document, message: `Nothing was sent: ${name} is not valid JSON.` };
  }
  const body = requestBodySchema.safeParse(parsed);
  if (!body.success) return { ok: false, document, message: `Nothing was sent: ${name} is not a reactivation request.` };
  return { ok: true, document, body: body.data, warnings: problems.filter((p) => p.severity !== 'error') };
}
