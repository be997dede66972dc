// The request-file language server in a real extension host: lazy start, diagnostics, quick
// fixes, completion, hover, outline, CodeLens, settings, and a restart after a crash.
import { deadline } from '../deadline';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { computeDiagnostics } from '../../src/core/diagnostics';
import { DIAGNOSTIC_SOURCE, LANGUAGE_ID, ValidateCommand, type ValidationSummary } from '../../src/shared/lspProtocol';
import { extensionApi } from './extensionKit';
import { closeAllEditors, diagnosticsFor, waitFor, workspaceUri } from './harness';

const REQUESTS = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'requests');

/** A fixture copied into the workspace, so tests may edit it freely. */
async function requestFile(fixture: string, name = `lsp-${fixture}`): Promise<vscode.TextDocument> {
  const uri = workspaceUri(name);
  const text = fs.existsSync(path.join(REQUESTS, fixture)) ? fs.readFileSync(path.join(REQUESTS, fixture)) : Buffer.from(fixture);
  await vscode.workspace.fs.writeFile(uri, text);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  return document;
}

const ours = (d: vscode.Diagnostic[]) => d.filter((x) => x.source === DIAGNOSTIC_SOURCE);
const codeOf = (d: vscode.Diagnostic) => String(typeof d.code === 'object' ? d.code.value : d.code);

describe('request-file language server (real extension host)', function () {
  this.timeout(deadline(90_000));
  afterEach(closeAllEditors);

  it('starts only once a *.reactivate.json file is open', async () => {
    const api = await extensionApi();
    const client = api.languageClient;
    const requestFileOpen = vscode.workspace.textDocuments.some((d) => d.languageId === LANGUAGE_ID);
    if (client.state === 'notStarted') {
      assert.equal(requestFileOpen, false);
      assert.equal(client.startedFor, undefined);
    } else {
      // An earlier suite opened a request file: the server must have started for that file.
      assert.match(client.startedFor?.path ?? '', /\.reactivate\.json$/);
    }
    const document = await requestFile('seed-example-1.reactivate.json');
    assert.equal(document.languageId, LANGUAGE_ID);
    await waitFor(() => client.state === 'running', 'the language client to run');
    assert.match(client.startedFor?.path ?? '', /\.reactivate\.json$/);
    const info = await client.serverProcess();
    assert.ok(info && info.pid !== process.pid, 'the server runs in its own process');
  });

  it('reports each problem once, only from our server, even with "$schema"', async () => {
    const text = fs.readFileSync(path.join(REQUESTS, 'many-mistakes.reactivate.json'), 'utf8');
    assert.match(text, /"\$schema"/);
    const document = await requestFile('many-mistakes.reactivate.json');
    const expected = computeDiagnostics(document.getText());
    const diagnostics = await diagnosticsFor(document.uri, (d) => d.length >= expected.length);
    // A round trip to the server lets any other validator publish too, if it were going to.
    await vscode.commands.executeCommand(ValidateCommand, document.uri.toString());
    const all = vscode.languages.getDiagnostics(document.uri);
    assert.deepEqual(
      all.filter((d) => d.source !== DIAGNOSTIC_SOURCE).map((d) => `${d.source}: ${d.message}`),
      [],
    );
    assert.deepEqual(
      diagnostics.map((d) => [codeOf(d), d.message]),
      expected.map((d) => [d.code, d.message]),
    );
  });

  it('fixes a reversed range with its code action', async () => {
    const document = await requestFile('range-reversed.reactivate.json');
    const [problem] = await diagnosticsFor(document.uri, (d) => ours(d).length === 1);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      problem.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const swap = actions.find((a) => a.title === 'Swap numberRangeStart and numberRangeEnd');
    assert.ok(swap?.edit, `actions: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(swap.edit));
    await diagnosticsFor(document.uri, (d) => ours(d).length === 0);
  });

  it('turns "UK" into "GB" and the product name into "Wholesale SIP"', async () => {
    const document = await requestFile(
      fs.readFileSync(path.join(REQUESTS, 'seed-example-1.reactivate.json'), 'utf8').replace('"GB"', '"UK"').replace('"Wholesale SIP"', '"Wholesale Sip"'),
      'lsp-two-fixes.reactivate.json',
    );
    for (const [code, title] of [
      ['unknown-country', /^Change to "GB"/],
      ['wrong-product', /^Set productOffering\.name to "Wholesale SIP"/],
    ] as const) {
      const diagnostics = await diagnosticsFor(document.uri, (d) => ours(d).some((x) => codeOf(x) === code));
      const problem = diagnostics.find((x) => codeOf(x) === code)!;
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, problem.range);
      const fix = actions.find((a) => title.test(a.title));
      assert.ok(fix?.edit, `a fix for ${code} among ${JSON.stringify(actions.map((a) => a.title))}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      await diagnosticsFor(document.uri, (d) => !ours(d).some((x) => codeOf(x) === code));
    }
    assert.deepEqual(ours(vscode.languages.getDiagnostics(document.uri)), []);
  });

  it('completes countries, explains fields on hover, outlines ranges and offers the CodeLens', async () => {
    const document = await requestFile('seed-example-2.reactivate.json');
    await diagnosticsFor(document.uri, (d) => ours(d).length === 0);
    const text = document.getText();
    const countryValue = document.positionAt(text.indexOf('"GB"') + 1);
    const completions = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, countryValue);
    const labels = completions.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const code of ['GB', 'DE', 'SK', 'IE']) assert.ok(labels.includes(code), `${code} in ${labels.join(',')}`);

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      document.positionAt(text.indexOf('+442081324759') + 2),
    );
    const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(hoverText, /1 number/);
    assert.match(hoverText, /United Kingdom \(GB, \+44\)/);

    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
    assert.deepEqual(
      symbols[0].children.map((s) => s.name),
      ['+442081324759'],
    );

    // The lenses resolve asynchronously (the Submit one asks the server for the count).
    const lenses = await waitFor(async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
      return found.length === 2 && found.every((l) => l.command?.title) ? found : undefined;
    }, 'the Validate and Submit CodeLens');
    const titles = lenses.map((l) => l.command?.title);
    assert.equal(titles[0], 'Validate');
    assert.match(titles[1] ?? '', /^Submit to .+ \(1 number\)$/);
    assert.equal(lenses[1].command?.command, 'coltReactivate.submitRequestFile');
    assert.ok(lenses[1].command?.arguments?.[0] instanceof vscode.Uri, 'the submit command gets a vscode.Uri');

    const summary = await vscode.commands.executeCommand<ValidationSummary>(ValidateCommand, document.uri.toString());
    assert.deepEqual({ ...summary, uri: undefined }, { uri: undefined, errors: 0, warnings: 0, infos: 0, ranges: 1, numbers: '1' });
  });

  it('disables Submit while the file has errors', async () => {
    const document = await requestFile('range-reversed.reactivate.json', 'lsp-lens-errors.reactivate.json');
    await diagnosticsFor(document.uri, (d) => ours(d).length === 1);
    const lenses = await waitFor(async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
      return found.length === 2 ? found : undefined;
    }, 'CodeLens');
    assert.equal(lenses[1].command?.title, 'Fix 1 error before submitting');
    assert.ok(!lenses[1].command?.command, 'not clickable');
  });

  it('re-checks open files when maxNumbersPerRange changes', async () => {
    const config = vscode.workspace.getConfiguration('coltReactivate');
    const document = await requestFile('valid-two-ranges-fr.reactivate.json');
    await diagnosticsFor(document.uri, (d) => ours(d).length === 0);
    try {
      await config.update('maxNumbersPerRange', 1, vscode.ConfigurationTarget.Global);
      await diagnosticsFor(document.uri, (d) => ours(d).some((x) => codeOf(x) === 'range-too-large'));
    } finally {
      await config.update('maxNumbersPerRange', undefined, vscode.ConfigurationTarget.Global);
    }
    await diagnosticsFor(document.uri, (d) => ours(d).length === 0);
  });

  it('a file above maxNumbersPerOrder is an error whose quick fix writes the parts next to it, never over a file', async () => {
    // 25 ranges of 1,000 numbers: 25,000 numbers, three orders of at most 10,000.
    const numberRangeList = Array.from({ length: 25 }, (_, i) => ({ numberRangeStart: `+4420813${20 + i}000`, numberRangeEnd: `+4420813${20 + i}999` }));
    const text = JSON.stringify({ numberRangeList, productOffering: { name: 'Wholesale SIP' }, relatedParty: { reseller: { country: 'GB' } } }, null, 2) + '\n';
    await vscode.workspace.fs.writeFile(workspaceUri('lsp-split-1.reactivate.json'), Buffer.from('kept as it is\n'));
    const document = await requestFile(text, 'lsp-split.reactivate.json');
    const [problem] = await diagnosticsFor(document.uri, (d) => ours(d).length === 1 && codeOf(ours(d)[0]!) === 'order-too-large');
    assert.equal(problem!.severity, vscode.DiagnosticSeverity.Error);

    // The setting moves the limit, as maxNumbersPerRange does.
    const config = vscode.workspace.getConfiguration('coltReactivate');
    try {
      await config.update('maxNumbersPerOrder', 25_000, vscode.ConfigurationTarget.Global);
      await diagnosticsFor(document.uri, (d) => ours(d).length === 0);
    } finally {
      await config.update('maxNumbersPerOrder', undefined, vscode.ConfigurationTarget.Global);
    }
    const [again] = await diagnosticsFor(document.uri, (d) => ours(d).some((x) => codeOf(x) === 'order-too-large'));

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      again!.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const split = actions.find((a) => a.title === 'Split into 3 request files of at most 10,000 numbers');
    assert.ok(split?.command, `actions: ${actions.map((a) => a.title).join(', ')}`);
    const result = await vscode.commands.executeCommand<{ files: string[] }>(split.command.command, ...(split.command.arguments ?? []));
    assert.deepEqual(
      result.files.map((f) => path.basename(vscode.Uri.parse(f).path)),
      ['lsp-split-2.reactivate.json', 'lsp-split-3.reactivate.json', 'lsp-split-4.reactivate.json'],
    );
    const read = async (name: string) => Buffer.from(await vscode.workspace.fs.readFile(workspaceUri(name))).toString('utf8');
    const parts = await Promise.all([2, 3, 4].map((n) => read(`lsp-split-${n}.reactivate.json`)));
    assert.deepEqual(
      parts.map((p) => computeDiagnostics(p)),
      [[], [], []],
    );
    assert.deepEqual(
      parts.map((p) => (JSON.parse(p) as { numberRangeList: unknown[] }).numberRangeList.length),
      [10, 10, 5],
    );
    assert.equal(await read('lsp-split-1.reactivate.json'), 'kept as it is\n');
    assert.equal(await read('lsp-split.reactivate.json'), text);
  });

  it('restarts the server after it is killed, and diagnoses again', async () => {
    const client = (await extensionApi()).languageClient;
    const document = await requestFile('seed-example-1.reactivate.json', 'lsp-crash.reactivate.json');
    await diagnosticsFor(document.uri, (d) => ours(d).length === 0);
    const before = await waitFor(() => client.serverProcess(), 'the server process');
    process.kill(before.pid, 'SIGKILL');
    const after = await waitFor(
      async () => {
        const info = await client.serverProcess().catch(() => undefined);
        return info && info.pid !== before.pid ? info : undefined;
      },
      'a new server process',
      deadline(30_000),
    );
    assert.notEqual(after.pid, before.pid);
    const edit = new vscode.WorkspaceEdit();
    const text = document.getText();
    const at = text.indexOf('"GB"');
    edit.replace(document.uri, new vscode.Range(document.positionAt(at), document.positionAt(at + 4)), '"Germany"');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await diagnosticsFor(document.uri, (d) => ours(d).some((x) => codeOf(x) === 'unknown-country'));
  });
});
