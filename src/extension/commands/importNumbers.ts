import * as vscode from 'vscode';
import { decodeText, importNumbers as readNumbers, SPREADSHEET_FILE } from '../../core/bulkImport';
import { formatPlan, planBatch, requestFileText, type BatchPlan } from '../../core/bulkPlan';
import { MAX_NUMBERS_PER_ORDER_SETTING } from '../../core/diagnostics';
import { quotedList } from '../../core/excerpt';
import type { CommandFactory, Services } from '../services';

/** The batch submission command, called by id: it lives with the batch submission, not here. */
const SUBMIT_BATCH_COMMAND = 'coltReactivate.submitBatch';
const REQUEST_FILE_SUFFIX = '.reactivate.json';
/** Where the request files go unless the user picks another folder. */
const DEFAULT_FOLDER = 'bulk';
/** Above this many characters, reading and planning shows a progress notification. */
const PROGRESS_ABOVE_CHARS = 200_000;

export interface ImportNumbersOptions {
  /** Numbers as pasted (the form, Reactivate Numbers...): no file is asked for. */
  text?: string;
  /** Names the source in the plan; defaults to "pasted numbers". */
  fileName?: string;
  /** The folder for the request files: no folder is asked for. */
  folder?: vscode.Uri | string;
}

export interface ImportNumbersResult {
  folder: vscode.Uri;
  files: vscode.Uri[];
  plan: BatchPlan;
}

/**
 * coltReactivate.importNumbers([Uri | { text, fileName?, folder? }]): numbers from a CSV, TSV or text file
 * (asked for unless given) become one request file per order. The plan is shown as a plain text
 * document first, then a modal confirmation names the folder and the count; existing files are
 * replaced only after asking. Finally the files are revealed and Submit Batch is offered.
 */
export const importNumbers: CommandFactory = (s) => async (arg?: vscode.Uri | ImportNumbersOptions) => {
  const source = await readSource(s, arg);
  if (!source) return undefined;

  const plan = await withProgressIfBig(source.text.length, `Colt: Reading ${source.fileName}...`, () =>
    planBatch(readNumbers(source.text, { fileName: source.fileName }), {
      maxNumbersPerOrder: vscode.workspace.getConfiguration().get<number>(MAX_NUMBERS_PER_ORDER_SETTING),
      maxNumbersPerRange: s.settings.maxNumbersPerRange,
    }),
  );
  s.log.info(`Import of ${source.fileName}: ${plan.totalNumbers} numbers in ${plan.orders.length} orders, ${plan.refusedRows} rows refused.`);
  const review = await vscode.workspace.openTextDocument({ language: 'plaintext', content: formatPlan(plan) });
  // Beside the file being imported when one is open; else in the editor area itself, not next to an empty one.
  const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
  await vscode.window.showTextDocument(review, { viewColumn: column, preview: true });

  if (plan.orders.length === 0) {
    void s.prompter.showErrorMessage(
      `Colt: No number in ${source.fileName} can be reactivated: the plan beside lists each row's problem with its line number.`,
      {},
    );
    return undefined;
  }

  const folder = await chooseFolder(s, arg);
  if (!folder) return undefined;
  const where = vscode.workspace.asRelativePath(folder, true);
  const refused =
    plan.refusedRows === 0
      ? ''
      : ` ${plan.refusedRows} ${plan.refusedRows === 1 ? 'row was' : 'rows were'} refused and ${plan.refusedRows === 1 ? 'is' : 'are'} in no order (listed with line numbers under Problems in the plan).`;
  const write = 'Write Files';
  const go = await s.prompter.showWarningMessage(
    `Write ${plan.orders.length} request ${plan.orders.length === 1 ? 'file' : 'files'} to ${where}?`,
    {
      modal: true,
      detail: `${plan.totalNumbers.toLocaleString('en-GB')} numbers in ${plan.countries.length} ${plan.countries.length === 1 ? 'country' : 'countries'} (${plan.countries.join(', ')}), one order per file. Nothing is sent to Colt now.${refused}`,
    },
    write,
  );
  if (go !== write) return undefined;

  const targets = plan.orders.map((order) => ({ uri: vscode.Uri.joinPath(folder, order.fileName), text: requestFileText(order) }));
  const existing: vscode.Uri[] = [];
  for (const target of targets) if (await exists(target.uri)) existing.push(target.uri);
  if (existing.length > 0) {
    const replace = 'Replace';
    const answer = await s.prompter.showWarningMessage(
      `${existing.length} of these request files already ${existing.length === 1 ? 'exists' : 'exist'} in ${where}. Replace ${existing.length === 1 ? 'it' : 'them'}?`,
      {
        modal: true,
        detail: `${quotedList(
          existing.map((uri) => uri.path.slice(uri.path.lastIndexOf('/') + 1)),
          5,
        )}. Nothing has been written yet.`,
      },
      replace,
    );
    if (answer !== replace) {
      void s.prompter.showInformationMessage(`Colt: Nothing written. Choose another folder to keep the existing request files in ${where}.`, {});
      return undefined;
    }
  }

  await vscode.workspace.fs.createDirectory(folder);
  const encoder = new TextEncoder();
  for (const target of targets) await vscode.workspace.fs.writeFile(target.uri, encoder.encode(target.text));
  const files = targets.map((t) => t.uri);
  s.log.info(`Wrote ${files.length} request files to ${folder.toString(true)}.`);
  await vscode.commands.executeCommand('revealInExplorer', files[0]).then(undefined, () => undefined);

  // Submit Batch sends exactly these files: request files already in the folder (an earlier import's,
  // say) are named in the message, so the user knows they were left out, not that they are gone.
  const others = await otherRequestFiles(folder, files);
  const left =
    others.length === 0
      ? ''
      : ` The folder also holds ${others.length} other request ${others.length === 1 ? 'file' : 'files'} this import did not write (${quotedList(others, 3)}); Submit Batch sends only the ${files.length} just written.`;
  // Not awaited: the notification stays until dismissed, and whoever ran the import should not wait for it.
  const submit = 'Submit Batch';
  void s.prompter
    .showInformationMessage(`Colt: Wrote ${files.length} request ${files.length === 1 ? 'file' : 'files'} to ${where}.${left}`, {}, submit)
    .then((choice) => (choice === submit ? vscode.commands.executeCommand(SUBMIT_BATCH_COMMAND, files[0], files) : undefined));
  const result: ImportNumbersResult = { folder, files, plan };
  return result;
};

async function readSource(s: Services, arg: vscode.Uri | ImportNumbersOptions | undefined): Promise<{ text: string; fileName: string } | undefined> {
  if (arg && !(arg instanceof vscode.Uri) && typeof arg.text === 'string') return { text: arg.text, fileName: arg.fileName ?? 'pasted numbers' };
  let uri = arg instanceof vscode.Uri ? arg : undefined;
  if (!uri) {
    const picked = await vscode.window.showOpenDialog({
      title: 'Import Numbers for Bulk Reactivation',
      openLabel: 'Import',
      canSelectMany: false,
      filters: { 'Numbers (CSV, TSV, text)': ['csv', 'tsv', 'txt'], 'All files': ['*'] },
      ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
    });
    uri = picked?.[0];
    if (!uri) return undefined;
  }
  const fileName = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  if (SPREADSHEET_FILE.test(fileName)) {
    void s.prompter.showErrorMessage(`Colt: ${fileName} is a spreadsheet: save the sheet as CSV (UTF-8) and import that file.`, {});
    return undefined;
  }
  return { text: decodeText(await vscode.workspace.fs.readFile(uri)), fileName };
}

async function chooseFolder(s: Services, arg: vscode.Uri | ImportNumbersOptions | undefined): Promise<vscode.Uri | undefined> {
  const given = arg && !(arg instanceof vscode.Uri) ? arg.folder : undefined;
  if (given !== undefined) return typeof given === 'string' ? vscode.Uri.file(given) : given;
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (workspace) {
    const suggested = vscode.Uri.joinPath(workspace, DEFAULT_FOLDER);
    const other = { label: '$(folder-opened) Choose Another Folder...', description: '' };
    const picked = await s.prompter.showQuickPick(
      [{ label: `$(folder) ${DEFAULT_FOLDER}`, description: vscode.workspace.asRelativePath(suggested, true) }, other],
      {
        title: 'Import Numbers: folder for the request files',
        placeHolder: 'Where should the request files go?',
        ignoreFocusOut: true,
      },
    );
    if (!picked) return undefined;
    if (picked !== other) return suggested;
  }
  const chosen = await vscode.window.showOpenDialog({
    title: 'Folder for the request files',
    openLabel: 'Write Request Files Here',
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    ...(workspace ? { defaultUri: workspace } : {}),
  });
  return chosen?.[0];
}

/** The names of the request files directly in `folder` that are not among `written`, sorted. */
async function otherRequestFiles(folder: vscode.Uri, written: readonly vscode.Uri[]): Promise<string[]> {
  const mine = new Set(written.map((uri) => uri.path.slice(uri.path.lastIndexOf('/') + 1)));
  const entries = await vscode.workspace.fs.readDirectory(folder).then(undefined, () => [] as [string, vscode.FileType][]);
  return entries
    .filter(([name, type]) => type & vscode.FileType.File && name.endsWith(REQUEST_FILE_SUFFIX) && !mine.has(name))
    .map(([name]) => name)
    .sort();
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function withProgressIfBig<T>(size: number, title: string, work: () => T): Promise<T> {
  if (size <= PROGRESS_ABOVE_CHARS) return work();
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, async () => {
    // Let the notification paint before the synchronous work takes the extension host.
    await new Promise((resolve) => setTimeout(resolve, 0));
    return work();
  });
}
