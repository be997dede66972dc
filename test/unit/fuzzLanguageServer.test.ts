// Fuzz tests of the language server: the properties (random texts and edits, then every
// request the editor makes) live in test/fuzz/languageServerFuzz.ts, shared with `npm run fuzz`,
// which runs them longer. Here they run briefly with fixed seeds, and the same server must still be
// healthy afterwards. computeDiagnostics itself is fuzzed in diagnosticsProperties.test.ts.
import { deadline } from '../deadline';
import * as assert from 'node:assert/strict';
import { computeDiagnostics } from '../../src/core/diagnostics';
import { ServerProcessRequest, ValidateCommand, type ServerProcessResult } from '../../src/shared/lspProtocol';
import { BROKEN_REQUEST, fuzzEditsAndRequests, fuzzFarPositions } from '../fuzz/languageServerFuzz';
import { ServerTestClient } from './serverTestClient';

describe('fuzz: the language server over its LSP connection', function () {
  this.timeout(deadline(30_000));
  let client: ServerTestClient;

  before(async () => {
    client = await ServerTestClient.start({ targetLabel: 'Local emulator' }, 0);
  });
  after(() => client?.dispose());

  it('random texts and edits, then every request at random positions: always answered, diagnostics for the last version', async () => {
    const started = performance.now();
    await fuzzEditsAndRequests(client, { numRuns: 300, seed: 6006 });
    const ms = performance.now() - started;
    assert.ok(ms < deadline(20_000), `bounded in time: ${ms.toFixed(0)} ms`);
  });

  it('requests for documents it never saw, and out-of-range positions, are answered', async () => {
    const ghost = { uri: 'file:///fuzz/never-opened.reactivate.json' };
    await Promise.all([
      client.request('textDocument/completion', { textDocument: ghost, position: { line: 5, character: 5 } }),
      client.request('textDocument/hover', { textDocument: ghost, position: { line: 0, character: 0 } }),
      client.request('textDocument/documentSymbol', { textDocument: ghost }),
      client.request('textDocument/codeLens', { textDocument: ghost }),
      client.request('workspace/executeCommand', { command: ValidateCommand, arguments: [ghost.uri] }),
      client.request('workspace/executeCommand', { command: 'no.such.command', arguments: [42, null] }),
    ]);
    await fuzzFarPositions(client, { numRuns: 100, seed: 6007 });
  });

  it('is still the same healthy server afterwards: a broken example gets exactly the core diagnostics', async () => {
    const before = await client.request<ServerProcessResult>(ServerProcessRequest, {});
    assert.equal(before.pid, process.pid, 'in-process server still answering');
    const uri = 'file:///fuzz/after.reactivate.json';
    client.open(uri, BROKEN_REQUEST);
    const codes = (await client.diagnostics(uri)).map((d) => d.code).sort();
    assert.deepEqual(
      codes,
      computeDiagnostics(BROKEN_REQUEST)
        .map((d) => d.code)
        .sort(),
    );
    assert.ok(codes.length >= 4, 'the broken example has its problems found');
    client.close(uri);
  });
});
