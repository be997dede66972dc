// `colt-reactivate lsp --stdio` as another editor runs it: the built dist/cli.js in its own
// process, spoken to with a generic JSON-RPC client over its stdin and stdout.
import { deadline } from '../deadline';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { assertCleanExit, StdioLspClient } from './stdioLspClient';

const ROOT = path.resolve(__dirname, '..', '..');
const URI = 'file:///work/mistakes.reactivate.json';

// A reversed range and a country that is not an ISO code ("UK" for GB).
const TEXT =
  JSON.stringify(
    {
      numberRangeList: [{ numberRangeStart: '+442081324760', numberRangeEnd: '+442081324750' }],
      productOffering: { name: 'Wholesale SIP' },
      relatedParty: { reseller: { serviceProfile: 'ANH', country: 'UK' } },
    },
    null,
    2,
  ) + '\n';

interface CodeAction {
  title: string;
  edit?: {
    changes?: Record<string, Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }>>;
  };
}

/** The text after a code action's WorkspaceEdit, applied the way an editor applies it. */
function applyWorkspaceEdit(text: string, action: CodeAction): string {
  const edits = action.edit?.changes?.[URI];
  assert.ok(edits?.length, `"${action.title}" has no edit for ${URI}`);
  return TextDocument.applyEdits(TextDocument.create(URI, 'json', 1, text), edits);
}

function positionOf(text: string, snippet: string, delta: number): { line: number; character: number } {
  const before = text.slice(0, text.indexOf(snippet) + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

describe('colt-reactivate lsp --stdio (dist/cli.js, another process)', function () {
  this.timeout(deadline(60_000));
  let client: StdioLspClient;

  before(() => {
    // The test runs what an editor runs: the bundle, built from today's src/.
    const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
  });

  beforeEach(async () => {
    client = StdioLspClient.spawn(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'lsp', '--stdio'], ROOT);
  });
  afterEach(() => client.dispose());

  it('diagnoses, fixes, hovers and exits 0 after shutdown and exit', async () => {
    const init = await client.initialize();
    assert.equal(init.serverInfo?.name, 'colt-reactivate-language-server');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'json', version: 1, text: TEXT } });
    const first = await client.diagnostics(URI, 1);
    assert.deepEqual(first.diagnostics.map((d) => d.code).sort(), ['range-reversed', 'unknown-country']);

    const reversed = first.diagnostics.find((d) => d.code === 'range-reversed')!;
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: reversed.range,
      context: { diagnostics: [reversed] },
    });
    assert.ok(actions.length > 0, 'no code action for range-reversed');
    const fixed = applyWorkspaceEdit(TEXT, actions[0]);
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ text: fixed }] });
    assert.deepEqual(
      (await client.diagnostics(URI, 2)).diagnostics.map((d) => d.code),
      ['unknown-country'],
    );

    const hover = await client.connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri: URI },
      position: positionOf(fixed, '"+442081324750"', 3),
    });
    assert.match(hover?.contents.value ?? '', /11 numbers/);

    // No Submit lens: that command exists only in VS Code. Validate runs in the server.
    const lenses = await client.connection.sendRequest<Array<{ command?: { title: string } }>>('textDocument/codeLens', { textDocument: { uri: URI } });
    assert.deepEqual(
      lenses.map((l) => l.command?.title),
      ['Validate'],
    );

    assertCleanExit(client, await client.shutdownAndExit());
  });

  it('exits 1 when stdin closes without a shutdown', async () => {
    await client.initialize();
    client.child.stdin.end();
    const exit = await client.waitFor(() => client.exit, 'the server process to exit');
    assert.equal(exit.code, 1);
  });
});
