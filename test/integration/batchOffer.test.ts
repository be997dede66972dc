// Numbers of several countries, pasted into the form or typed into Reactivate Numbers..., are
// offered to the batch import (one order per country) instead of a mismatch per number. The
// import's plan document is the proof that the numbers reached it; its own confirmation is
// declined, so nothing is written.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension/extension';
import type { ReactivationFormPanel } from '../../src/extension/form/reactivationFormPanel';
import type { HostMessage } from '../../src/shared/protocol';
import { extensionApi, scriptDialogs } from './extensionKit';
import { closeAllEditors, waitFor } from './harness';

const GB = '+442081324758';
const FR = '+33142685300';

/** The batch import's plan document that lists `numbers`, once it is open. */
function planShowing(...numbers: string[]): Promise<vscode.TextDocument> {
  return waitFor(
    () =>
      vscode.workspace.textDocuments.find((d) => {
        const text = d.getText();
        return text.startsWith('Bulk reactivation plan') && numbers.every((n) => text.includes(n));
      }),
    `the batch plan listing ${numbers.join(', ')}`,
  );
}

describe('numbers of several countries become a batch (real extension host)', () => {
  let api: ExtensionApi;

  before(async () => {
    api = await extensionApi();
  });
  afterEach(closeAllEditors);

  it('Reactivate Numbers... offers a batch and hands the numbers to the import, one per line', async () => {
    const { prompter, restore } = scriptDialogs(api);
    try {
      prompter.inputs = [`${GB}, ${FR}`];
      // Our offer is taken; the import's own confirmation (write the files?) is declined.
      prompter.modalAnswer = (_message, _detail, items) => (items.includes('Make a Batch') ? 'Make a Batch' : undefined);
      assert.equal(await vscode.commands.executeCommand('coltReactivate.reactivateNumbers'), undefined);
      const offer = prompter.shown.find((m) => m.options.modal && m.items.includes('Make a Batch'));
      assert.ok(offer, prompter.messages().join('\n'));
      assert.equal(offer.message, 'These numbers belong to 2 countries: France 1 and United Kingdom 1.');
      assert.deepEqual(offer.items, ['Make a Batch', 'Continue with One Order']);
      const plan = await planShowing(GB, FR);
      assert.match(plan.getText(), /in 2 countries/);
      assert.equal(prompter.picks.length, 0);
    } finally {
      restore.dispose();
    }
  });

  it('Reactivate Numbers... goes on with one order when the user says so, and makes no offer for one country', async () => {
    const { prompter, restore } = scriptDialogs(api);
    try {
      let countryListShown = false;
      prompter.inputs = [`${GB}, ${FR}`];
      prompter.picks = [
        (items) => {
          countryListShown = items.some((i) => i.label === 'United Kingdom');
          return undefined;
        },
      ];
      prompter.modalAnswer = (_message, _detail, items) => (items.includes('Continue with One Order') ? 'Continue with One Order' : undefined);
      assert.equal(await vscode.commands.executeCommand('coltReactivate.reactivateNumbers'), undefined);
      assert.ok(countryListShown, 'the country step follows, as for numbers of one country');

      prompter.shown.length = 0;
      prompter.inputs = [`${GB}, +442081324790`];
      prompter.picks = [() => undefined];
      assert.equal(await vscode.commands.executeCommand('coltReactivate.reactivateNumbers'), undefined);
      assert.ok(!prompter.shown.some((m) => m.items.includes('Make a Batch')), 'numbers of one country are one order');
    } finally {
      restore.dispose();
    }
  });

  it('the form hands a pasted mix to the import and says so', async () => {
    const { prompter, restore } = scriptDialogs(api);
    const panel = await vscode.commands.executeCommand<ReactivationFormPanel>('coltReactivate.openForm');
    assert.ok(panel);
    const posted: HostMessage[] = [];
    const sub = panel.onDidPostMessage((m) => posted.push(m));
    try {
      prompter.modalAnswer = () => undefined;
      await panel.receiveForTest({ type: 'makeBatch', text: `${GB}\n${FR}` });
      await planShowing(GB, FR);
      const answer = posted.find((m) => m.type === 'actionResult' && m.action === 'makeBatch');
      assert.ok(answer && answer.type === 'actionResult' && answer.ok, JSON.stringify(posted));
      assert.match(answer.message, /batch import/);
    } finally {
      sub.dispose();
      restore.dispose();
      panel.dispose();
    }
  });

  it('a pasted CSV reaches the import as it was: each row keeps its country and profile, and the plan names the pasted lines', async () => {
    const { prompter, restore } = scriptDialogs(api);
    const panel = await vscode.commands.executeCommand<ReactivationFormPanel>('coltReactivate.openForm');
    assert.ok(panel);
    try {
      prompter.modalAnswer = () => undefined;
      // What the form posts for a paste since Make a batch stopped splitting it on commas.
      await panel.receiveForTest({
        type: 'makeBatch',
        text: ['Number,Country,Service Profile', `${GB},GB,ANH`, `${FR},FR,`, 'call back later,GB,ANH'].join('\n'),
      });
      const plan = (await planShowing(GB, FR)).getText();
      assert.match(plan, /GB-ANH-1\.reactivate\.json\s+GB\s+profile ANH/);
      assert.match(plan, /line 4: not-a-number: "call back later"/);
    } finally {
      restore.dispose();
      panel.dispose();
    }
  });
});
