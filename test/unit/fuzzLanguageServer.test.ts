// Issue 6, point 4 (fuzz), the language server: random texts and random incremental edits sent to
// the real server over its in-process LSP connection, followed by every request the editor makes
// (completion, hover, symbols, inlay hints, CodeLens, code actions, validate) at random positions.
// Each request must be answered (no error response: nothing throws past a handler), diagnostics
// must arrive for the last version, and the same server must still be healthy after all runs.
// computeDiagnostics itself is fuzzed in diagnosticsProperties.test.ts.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Diagnostic } from 'vscode-languageserver/node';
import { computeDiagnostics } from '../../src/core/diagnostics';
import { ServerProcessRequest, ValidateCommand, type ServerProcessResult } from '../../src/shared/lspProtocol';
import { ServerTestClient } from './serverTestClient';

const SEED = `{
  "$schema": "./reactivate.schema.json",
  "numberRangeList": [
    { "numberRangeStart": "+442081324758", "numberRangeEnd": "+442081324760" },
    { "numberRangeStart": "+442081324759", "numberRangeEnd": "+4420813247" }
  ],
  "productOffering": { "name": "Wholesale Voice" },
  "relatedParty": { "reseller": { "serviceProfile": "", "country": "United Kingdom" } }
}
`;

const TOKENS = ['{', '}', '[', ']', ',', ':', '"', ' ', '\n', '\r\n', '\t', '"numberRangeList"', '"numberRangeStart"', '"numberRangeEnd"',
  '"relatedParty"', '"reseller"', '"country"', '"GB"', '"NL"', '"serviceProfile"', '"productOffering"', '"name"', '"Wholesale SIP"',
  '"+442081324758"', '"+31201234567"', '"0044 20 8132 4758"', '1e999', '-0', '12345678901234567890', 'true', 'null', '//', '/*', '*/',
  '\\', '\\u00', '\u0000', '\uFEFF', '\u2028', '😀', '"__proto__"', '"constructor"'];

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((parts) => parts.join('')),
  fc.constant(SEED),
);

const position = fc.record({ line: fc.integer({ min: 0, max: 30 }), character: fc.integer({ min: 0, max: 120 }) });
const edit = fc.record({
  start: position,
  end: position,
  text: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constantFrom(...TOKENS)),
});

/** Diagnostics a client could send back with a code action request, including made-up ones. */
const strangeDiagnostic = fc.record({
  range: fc.record({ start: position, end: position }),
  message: fc.string({ maxLength: 20 }),
  source: fc.constantFrom('colt-reactivate', 'json', undefined),
  code: fc.oneof(fc.constantFrom('invalid-e164', 'wrong-product', 'unknown-country', 'missing-property', 'range-reversed', 'duplicate-range'), fc.string({ maxLength: 8 })),
  data: fc.oneof(fc.jsonValue(), fc.record({ path: fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: -2, max: 5 })), { maxLength: 4 }), data: fc.jsonValue() })),
}).map((d) => JSON.parse(JSON.stringify(d)) as Diagnostic);

describe('fuzz: the language server over its LSP connection', function () {
  this.timeout(30_000);
  let client: ServerTestClient;
  let documents = 0;

  before(async () => {
    client = await ServerTestClient.start({ targetLabel: 'Local emulator' }, 0);
  });
  after(() => client?.dispose());

  it('random texts and edits, then every request at random positions: always answered, diagnostics for the last version', async () => {
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(text, fc.array(edit, { maxLength: 6 }), fc.array(position, { minLength: 1, maxLength: 3 }), fc.array(strangeDiagnostic, { maxLength: 3 }), async (initial, edits, positions, strange) => {
        const uri = `file:///fuzz/doc-${documents++}.reactivate.json`;
        client.open(uri, initial);
        let version = 1;
        for (const e of edits) version = client.edit(uri, { start: e.start, end: e.end }, e.text);
        const published = await client.diagnostics(uri, version);
        for (const d of published) {
          assert.ok(d.range.start.line >= 0 && d.range.start.character >= 0, JSON.stringify(d));
          assert.ok(typeof d.message === 'string' && d.message.length > 0);
        }
        const textDocument = { uri };
        const requests: Promise<unknown>[] = [
          client.request('textDocument/documentSymbol', { textDocument }),
          client.request('textDocument/inlayHint', { textDocument, range: { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } } }),
          client.request('textDocument/codeLens', { textDocument }),
          client.request('workspace/executeCommand', { command: ValidateCommand, arguments: [uri] }),
          client.request('textDocument/codeAction', {
            textDocument,
            range: { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } },
            context: { diagnostics: [...published, ...strange] },
          }),
        ];
        for (const p of positions) {
          requests.push(client.request('textDocument/completion', { textDocument, position: p }));
          requests.push(client.request('textDocument/hover', { textDocument, position: p }));
        }
        // Every answer arrives, and none is an error response.
        await Promise.all(requests);
        client.close(uri);
      }),
      { numRuns: 300, seed: 6006 },
    );
    const ms = performance.now() - started;
    assert.ok(ms < 20_000, `bounded in time: ${ms.toFixed(0)} ms`);
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
    const uri = 'file:///fuzz/far.reactivate.json';
    client.open(uri, SEED);
    await client.diagnostics(uri);
    await fc.assert(
      fc.asyncProperty(fc.record({ line: fc.nat({ max: 2 ** 31 - 1 }), character: fc.nat({ max: 2 ** 31 - 1 }) }), async (p) => {
        await Promise.all([
          client.request('textDocument/completion', { textDocument: { uri }, position: p }),
          client.request('textDocument/hover', { textDocument: { uri }, position: p }),
        ]);
      }),
      { numRuns: 100, seed: 6007 },
    );
    client.close(uri);
  });

  it('is still the same healthy server afterwards: a broken example gets exactly the core diagnostics', async () => {
    const before = await client.request<ServerProcessResult>(ServerProcessRequest, {});
    assert.equal(before.pid, process.pid, 'in-process server still answering');
    const uri = 'file:///fuzz/after.reactivate.json';
    client.open(uri, SEED);
    const codes = (await client.diagnostics(uri)).map((d) => d.code).sort();
    assert.deepEqual(codes, computeDiagnostics(SEED).map((d) => d.code).sort());
    assert.ok(codes.length >= 4, 'the broken example has its problems found');
    client.close(uri);
  });
});
