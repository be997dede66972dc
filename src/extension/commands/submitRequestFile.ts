import type * as vscode from 'vscode';
import type { CommandFactory } from '../services';
import { readRequestFile } from '../submission/requestFile';

/**
 * coltReactivate.submitRequestFile(uri?): the active editor's request file, or the given one
 * (editor title button, explorer menu, CodeLens). A file with errors is never sent.
 */
export const submitRequestFile: CommandFactory = (s) => async (uri?: vscode.Uri) => {
  const read = await readRequestFile(uri, s.settings);
  if (!read.ok) {
    s.log.warn(`Request file not submitted: ${read.message}`);
    void s.prompter.showErrorMessage(read.message, {});
    return undefined;
  }
  return s.submission.submit({ body: read.body, source: 'file', sourceUri: read.document.uri });
};
