import * as vscode from 'vscode';
import { newTrackingId } from '../../core/trackingId';
import { requestAsCurl } from '../../core/curl';
import type { CommandFactory } from '../services';
import { readRequestFile } from '../submission/requestFile';

/**
 * coltReactivate.copyAsCurl(uri?): the exact POST for the active request file, to the current
 * target, with the token as a shell variable (never a value). Returns the copied text.
 */
export const copyAsCurl: CommandFactory = (s) => async (uri?: vscode.Uri) => {
  const read = await readRequestFile(uri, s.settings);
  if (!read.ok) {
    void s.prompter.showErrorMessage(read.message.replace('Nothing was sent', 'Nothing was copied'), {});
    return undefined;
  }
  const text = requestAsCurl({ baseUrl: s.targets.baseUrl, body: read.body, trackingId: newTrackingId() });
  await vscode.env.clipboard.writeText(text);
  void s.prompter.showInformationMessage(
    `curl command for ${s.targets.label} copied. It reads the token from $COLT_TOKEN; the comment above it shows how to get one.`,
    {},
  );
  return text;
};
