// Fuzz properties of the language server: random texts and random incremental edits sent to the real
// server over its in-process LSP connection, followed by every request the editor makes (completion,
// hover, symbols, inlay hints, CodeLens, code actions, validate) at random positions. Each request
// must be answered (no error response: nothing throws past a handler), and diagnostics must arrive
// for the last version. Used by test/unit/fuzzLanguageServer.test.ts and by `npm run fuzz`.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Diagnostic } from 'vscode-languageserver/node';
import { MAX_NESTING_DEPTH } from '../../src/core/jsonNesting';
import { ValidateCommand } from '../../src/shared/lspProtocol';
import { ServerTestClient } from '../unit/serverTestClient';
import type { FuzzGroup, FuzzOptions } from './fuzzOptions';

/** A request file with several problems, to start edits from. */
export const BROKEN_REQUEST = `{
  "$schema": "./reactivate.schema.json",
  "numberRangeList": [
    { "numberRangeStart": "+442081324758", "numberRangeEnd": "+442081324760" },
    { "numberRangeStart": "+442081324759", "numberRangeEnd": "+4420813247" }
  ],
  "productOffering": { "name": "Wholesale Voice" },
  "relatedParty": { "reseller": { "serviceProfile": "", "country": "United Kingdom" } }
}
`;

const TOKENS = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  ' ',
  '\n',
  '\r\n',
  '\t',
  '"numberRangeList"',
  '"numberRangeStart"',
  '"numberRangeEnd"',
  '"relatedParty"',
  '"reseller"',
  '"country"',
  '"GB"',
  '"NL"',
  '"serviceProfile"',
  '"productOffering"',
  '"name"',
  '"Wholesale SIP"',
  '"+442081324758"',
  '"+31201234567"',
  '"0044 20 8132 4758"',
  '1e999',
  '-0',
  '12345678901234567890',
  'true',
  'null',
  '//',
  '/*',
  '*/',
  '\\',
  '\\u00',
  '\u0000',
  '\uFEFF',
  '\u2028',
  '😀',
  '"__proto__"',
  '"constructor"',
];

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((parts) => parts.join('')),
  fc.constant(BROKEN_REQUEST),
  // Around the nesting limit, so that edits cross it both ways.
  fc.integer({ min: MAX_NESTING_DEPTH - 2, max: MAX_NESTING_DEPTH + 2 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
);

const position = fc.record({ line: fc.integer({ min: 0, max: 30 }), character: fc.integer({ min: 0, max: 120 }) });
const edit = fc.record({
  start: position,
  end: position,
  text: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constantFrom(...TOKENS)),
});

/** Diagnostics a client could send back with a code action request, including made-up ones. */
const strangeDiagnostic = fc
  .record({
    range: fc.record({ start: position, end: position }),
    message: fc.string({ maxLength: 20 }),
    source: fc.constantFrom('colt-reactivate', 'json', undefined),
    code: fc.oneof(
      fc.constantFrom('invalid-e164', 'wrong-product', 'unknown-country', 'missing-property', 'range-reversed', 'duplicate-range'),
      fc.string({ maxLength: 8 }),
    ),
    data: fc.oneof(
      fc.jsonValue(),
      fc.record({ path: fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: -2, max: 5 })), { maxLength: 4 }), data: fc.jsonValue() }),
    ),
  })
  .map((d) => JSON.parse(JSON.stringify(d)) as Diagnostic);

let documents = 0;

/** Random texts and edits, then every request at random positions: always answered, diagnostics for the last version. */
export async function fuzzEditsAndRequests(client: ServerTestClient, { numRuns, seed }: FuzzOptions): Promise<void> {
  await fc.assert(
    fc.asyncProperty(
      text,
      fc.array(edit, { maxLength: 6 }),
      fc.array(position, { minLength: 1, maxLength: 3 }),
      fc.array(strangeDiagnostic, { maxLength: 3 }),
      async (initial, edits, positions, strange) => {
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
      },
    ),
    { numRuns, seed },
  );
}

/** Completion and hover at any position, even far past the end of the text: always answered. */
export async function fuzzFarPositions(client: ServerTestClient, { numRuns, seed }: FuzzOptions): Promise<void> {
  const uri = `file:///fuzz/far-${documents++}.reactivate.json`;
  client.open(uri, BROKEN_REQUEST);
  await client.diagnostics(uri);
  await fc.assert(
    fc.asyncProperty(fc.record({ line: fc.nat({ max: 2 ** 31 - 1 }), character: fc.nat({ max: 2 ** 31 - 1 }) }), async (p) => {
      await Promise.all([
        client.request('textDocument/completion', { textDocument: { uri }, position: p }),
        client.request('textDocument/hover', { textDocument: { uri }, position: p }),
      ]);
    }),
    { numRuns, seed },
  );
  client.close(uri);
}

/** For `npm run fuzz`: one in-process server for both targets, as the unit test has. */
export function languageServerFuzz(): FuzzGroup {
  let client: ServerTestClient | undefined;
  const started = (): ServerTestClient => {
    if (!client) throw new Error('the language server is not started');
    return client;
  };
  return {
    start: async () => {
      client = await ServerTestClient.start({ targetLabel: 'Local emulator' }, 0);
    },
    stop: async () => client?.dispose(),
    targets: [
      { name: 'language server: edits and requests', run: (o) => fuzzEditsAndRequests(started(), o) },
      { name: 'language server: far positions', run: (o) => fuzzFarPositions(started(), o) },
    ],
  };
}
