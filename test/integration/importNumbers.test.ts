// Colt: Import Numbers for Bulk Reactivation... in the real extension host: pasted numbers become request
// files in a folder, after the plan is shown and the write confirmed; existing files are replaced only
// after asking. Dialogs are answered through the Prompter seam; the files and documents are real.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { computeDiagnostics } from '../../src/core/diagnostics';
import type { ImportNumbersResult } from '../../src/extension/commands/importNumbers';
import type { ExtensionApi } from '../../src/extension/extension';
import { extensionApi, scriptDialogs, type ScriptedPrompter } from './extensionKit';
import { closeAllEditors, workspaceUri } from './harness';

const PASTED = [
  'Number,Country,Service Profile',
  '+44 20 7946 0200,GB,ANH',
  '+44 20 7946 0201,GB,ANH',
  '+49 40 1234 5150,DE,',
  '+33 1 45 67 01 50,,',
  'call back later,GB,ANH',
  '+44 20 7946 0200,GB,ANH',
].join('\n');

const IMPORT = 'coltReactivate.importNumbers';

describe('Import Numbers for Bulk Reactivation (real extension host)', () => {
  let api: ExtensionApi;
  const folders: vscode.Uri[] = [];
  const freshFolder = () => {
    const folder = workspaceUri(`bulk-import-${Date.now()}-${folders.length}`);
    folders.push(folder);
    return folder;
  };
  /** Answers the modal confirmations with `answers[message start]`, recording each. */
  const answerModals = (prompter: ScriptedPrompter, answers: Record<string, string | undefined>) => {
    prompter.modalAnswer = (message, _detail, items) => {
      const key = Object.keys(answers).find((start) => message.startsWith(start));
      const answer = key === undefined ? undefined : answers[key];
      assert.ok(answer === undefined || items.includes(answer), `${message}: ${items.join(', ')}`);
      return answer;
    };
  };
  const read = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));

  before(async () => {
    api = await extensionApi();
  });
  afterEach(closeAllEditors);
  after(async () => {
    for (const folder of folders) await vscode.workspace.fs.delete(folder, { recursive: true }).then(undefined, () => undefined);
  });

  it('shows the plan, asks once, writes one valid request file per order, and offers Submit Batch', async () => {
    const { prompter, restore } = scriptDialogs(api);
    try {
      answerModals(prompter, { 'Write 3 request files to ': 'Write Files' });
      const folder = freshFolder();
      const result = await vscode.commands.executeCommand<ImportNumbersResult | undefined>(IMPORT, { text: PASTED, fileName: 'numbers.csv', folder });
      assert.ok(result, prompter.messages().join('\n'));
      assert.deepEqual(
        result.files.map((uri) => uri.path.slice(folder.path.length + 1)),
        ['GB-ANH-1.reactivate.json', 'DE-1.reactivate.json', 'FR-1.reactivate.json'],
      );

      // The review: the plan as a plain text document, with the refused rows and their lines.
      const plan = vscode.workspace.textDocuments.find((d) => d.getText().startsWith('Bulk reactivation plan from numbers.csv'));
      assert.ok(plan, 'the plan is open as a text document');
      assert.equal(plan.languageId, 'plaintext');
      assert.match(plan.getText(), /line 6: not-a-number: "call back later"/);
      assert.match(plan.getText(), /line 7: duplicate: \+442079460200 is already on line 2/);

      // One confirmation, naming the count, the folder and the refused rows.
      const confirmations = prompter.shown.filter((m) => m.options.modal);
      assert.equal(confirmations.length, 1, prompter.messages().join('\n'));
      assert.match(confirmations[0]!.message, /^Write 3 request files to .*bulk-import-.*\?$/);
      assert.match(confirmations[0]!.options.detail ?? '', /4 numbers in 3 countries \(GB, DE, FR\).*Nothing is sent to Colt now\. 2 rows were refused/);

      for (const uri of result.files) {
        const text = await read(uri);
        assert.deepEqual(
          computeDiagnostics(text).filter((d) => d.severity !== 'info'),
          [],
          uri.path,
        );
      }
      assert.deepEqual(JSON.parse(await read(result.files[0]!)).numberRangeList, [{ numberRangeStart: '+442079460200', numberRangeEnd: '+442079460201' }]);

      const done = prompter.shown.find((m) => m.kind === 'info' && m.message.startsWith('Colt: Wrote 3 request files to '));
      assert.ok(done, prompter.messages().join('\n'));
      assert.deepEqual(done.items, ['Submit Batch']);
    } finally {
      restore.dispose();
    }
  });

  it('never replaces existing request files without asking; declining writes nothing', async () => {
    const { prompter, restore } = scriptDialogs(api);
    try {
      const folder = freshFolder();
      const existing = vscode.Uri.joinPath(folder, 'DE-1.reactivate.json');
      await vscode.workspace.fs.writeFile(existing, new TextEncoder().encode('reviewed by hand\n'));

      answerModals(prompter, { 'Write 3 request files': 'Write Files', '1 of these request files already exists': undefined });
      const declined = await vscode.commands.executeCommand<ImportNumbersResult | undefined>(IMPORT, { text: PASTED, folder });
      assert.equal(declined, undefined);
      assert.ok(
        prompter.shown.some(
          (m) =>
            m.options.modal &&
            /^1 of these request files already exists in .*\. Replace it\?$/.test(m.message) &&
            /"DE-1\.reactivate\.json"/.test(m.options.detail ?? ''),
        ),
        prompter.messages().join('\n'),
      );
      assert.ok(prompter.messages('info').some((m) => m.startsWith('Colt: Nothing written.')));
      assert.equal(await read(existing), 'reviewed by hand\n');
      const left = (await vscode.workspace.fs.readDirectory(folder)).map(([name]) => name);
      assert.deepEqual(left, ['DE-1.reactivate.json']);

      answerModals(prompter, { 'Write 3 request files': 'Write Files', '1 of these request files already exists': 'Replace' });
      const replaced = await vscode.commands.executeCommand<ImportNumbersResult | undefined>(IMPORT, { text: PASTED, folder });
      assert.ok(replaced);
      assert.equal(JSON.parse(await read(existing)).relatedParty.reseller.country, 'DE');
    } finally {
      restore.dispose();
    }
  });

  it('suggests bulk/ in the workspace for the files; cancelling the choice writes nothing', async () => {
    const { prompter, restore } = scriptDialogs(api);
    try {
      let offered: readonly vscode.QuickPickItem[] = [];
      prompter.picks = [
        (items) => {
          offered = items;
          return undefined;
        },
      ];
      const result = await vscode.commands.executeCommand(IMPORT, { text: PASTED });
      assert.equal(result, undefined);
      assert.deepEqual(
        offered.map((i) => i.label),
        ['$(folder) bulk', '$(folder-opened) Choose Another Folder...'],
      );
      assert.equal(prompter.shown.filter((m) => m.options.modal).length, 0);
    } finally {
      restore.dispose();
    }
  });

  it('says so, and writes nothing, when no number can be reactivated', async () => {
    const { prompter, restore } = scriptDialogs(api);
    try {
      const folder = freshFolder();
      const result = await vscode.commands.executeCommand(IMPORT, { text: 'call back later\n+1 212 555 0100\n', fileName: 'bad.txt', folder });
      assert.equal(result, undefined);
      assert.ok(
        prompter
          .messages('error')
          .some((m) => m === "Colt: No number in bad.txt can be reactivated: the plan beside lists each row's problem with its line number."),
        prompter.messages().join('\n'),
      );
      await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(folder)));
    } finally {
      restore.dispose();
    }
  });
});
