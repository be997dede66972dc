import * as vscode from 'vscode';
import { requestJsonSchema } from '../../core/jsonSchema';
import { PRODUCT_NAME } from '../../core/schemas';
import type { CommandFactory } from '../services';

export function requestTemplate(): string {
  const template = {
    $schema: String(requestJsonSchema().$id),
    numberRangeList: [{ numberRangeStart: '+442081324758', numberRangeEnd: '+442081324758' }],
    productOffering: { name: PRODUCT_NAME },
    relatedParty: { reseller: { serviceProfile: 'ANH', country: 'GB' } },
  };
  return JSON.stringify(template, null, 2) + '\n';
}

/**
 * coltReactivate.newRequestFile(folder?): an untitled `request.reactivate.json` (then -2, -3...)
 * tied to a path in the folder, so that Save writes it there without a dialog. Also offered in
 * the explorer's New File menu (file/newFile). Returns the document.
 */
export const newRequestFile: CommandFactory = () => async (folder?: vscode.Uri) => {
  const base = folder instanceof vscode.Uri ? folder : vscode.workspace.workspaceFolders?.[0]?.uri;
  let uri: vscode.Uri;
  if (base && base.scheme === 'file') {
    uri = (await freeName(base)).with({ scheme: 'untitled' });
  } else {
    uri = vscode.Uri.from({ scheme: 'untitled', path: 'request.reactivate.json' });
  }
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  if (!document.getText()) {
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), requestTemplate()));
  }
  return document;
};

async function freeName(folder: vscode.Uri): Promise<vscode.Uri> {
  const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.path));
  for (let i = 1; ; i++) {
    const candidate = vscode.Uri.joinPath(folder, `request${i === 1 ? '' : `-${i}`}.reactivate.json`);
    if (open.has(candidate.path)) continue;
    try {
      await vscode.workspace.fs.stat(candidate);
    } catch {
      return candidate;
    }
  }
}
