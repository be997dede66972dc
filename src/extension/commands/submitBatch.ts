import * as vscode from 'vscode';
import type { CommandFactory } from '../services';
import { askForBatch, submitRequestBatch } from '../submission/batchSubmission';

/**
 * coltReactivate.submitBatch(uri?, uris?): the Explorer passes the clicked folder or file and the
 * whole selection; from the palette, a folder of request files is picked. Every request file is one
 * order; see submission/batchSubmission.ts.
 */
export const submitBatch: CommandFactory = (s) => async (uri?: vscode.Uri, uris?: vscode.Uri[]) => {
  const selected = Array.isArray(uris) && uris.length ? uris : uri instanceof vscode.Uri ? [uri] : await askForBatch(s);
  if (!selected?.length) return undefined;
  return submitRequestBatch(s, selected);
};
