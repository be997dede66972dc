// A request file nested 100,000 levels deep ("[[[[..." or {"a":{"a":...) gets a syntax diagnostic
// of its own, through the core, `colt-reactivate validate` and the language server, instead of an
// internal error: nothing that walks the JSON tree recursively is handed such a text.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../../src/cli/main';
import { newTrackingId } from '../../src/core/coltClient';
import { computeDiagnostics } from '../../src/core/diagnostics';
import { findTooDeepNesting, MAX_NESTING_DEPTH } from '../../src/core/jsonNesting';
import { quickFixesFor } from '../../src/core/quickFixes';
import { completionsAt, hoverAt, listRanges } from '../../src/core/requestAssist';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '../../src/emulator/emulator';
import { ValidateCommand } from '../../src/shared/lspProtocol';
import { fuzzNestingMeasure } from '../fuzz/diagnosticsFuzz';
import { EmulatorHarness } from './clientHelpers';
import { ServerTestClient } from './serverTestClient';

const ROOT = path.join(__dirname, '..', '..');
const LEVELS = 100_000;
const REQUEST =
  '{"numberRangeList": [{"numberRangeStart": "+442081324758", "numberRangeEnd": "+442081324758"}], ' +
  '"productOffering": {"name": "Wholesale SIP"}, "relatedParty": {"reseller": {"country": "GB"}}';

/** Each deep text, with the offset of the first bracket past the limit (where the problem is shown). */
const DEEP: { name: string; text: string; offset: number }[] = [
  { name: `${LEVELS} "["`, text: '['.repeat(LEVELS), offset: MAX_NESTING_DEPTH },
  { name: `${LEVELS} {"a":`, text: '{"a":'.repeat(LEVELS), offset: MAX_NESTING_DEPTH * 5 },
  { name: `${LEVELS} "[" closed again (valid JSON)`, text: '['.repeat(LEVELS) + ']'.repeat(LEVELS), offset: MAX_NESTING_DEPTH },
  {
    name: 'a valid request with a deep unknown property',
    text: `${REQUEST}, "notes": ${'{"a":'.repeat(LEVELS)}1${'}'.repeat(LEVELS)}}`,
    offset: REQUEST.length + ', "notes": '.length + (MAX_NESTING_DEPTH - 1) * 5,
  },
];

const TOO_DEEP = /^Nested too deeply: more than 64 levels of lists and objects, where a request file needs 3\. Check for "\[" or "\{" that are never closed\.$/;

describe('deeply nested request files', () => {
  describe('core', () => {
    for (const { name, text, offset } of DEEP) {
      it(`${name}: one json-syntax problem at the first bracket past ${MAX_NESTING_DEPTH} levels`, () => {
        const found = computeDiagnostics(text);
        assert.equal(found.length, 1, JSON.stringify(found.map((d) => d.message)));
        assert.equal(found[0]!.code, 'json-syntax');
        assert.equal(found[0]!.severity, 'error');
        assert.match(found[0]!.message, TOO_DEEP);
        assert.deepEqual(found[0]!.range, { start: { line: 0, character: offset }, end: { line: 0, character: offset + 1 } });
      });

      it(`${name}: the editor helpers answer with nothing rather than overflow the stack`, () => {
        assert.deepEqual(listRanges(text), []);
        assert.equal(hoverAt(text, { line: 0, character: 200 }), undefined);
        assert.deepEqual(completionsAt(text, { line: 0, character: 200 }), []);
        for (const code of ['unknown-property', 'wrong-product', 'missing-property', 'range-reversed']) {
          assert.deepEqual(quickFixesFor(text, { code, path: ['notes'], data: { missing: 'country' } }), []);
        }
      });
    }

    it(`${MAX_NESTING_DEPTH} levels are still checked as usual`, () => {
      const text = '['.repeat(MAX_NESTING_DEPTH) + ']'.repeat(MAX_NESTING_DEPTH);
      assert.deepEqual(
        computeDiagnostics(text).map((d) => d.code),
        ['not-an-object'],
      );
      const deepNote = `${REQUEST}, "notes": ${'{"a":'.repeat(MAX_NESTING_DEPTH - 1)}1${'}'.repeat(MAX_NESTING_DEPTH - 1)}}`;
      assert.deepEqual(
        computeDiagnostics(deepNote).map((d) => d.code),
        ['unknown-property'],
      );
    });

    it('ignores brackets in strings and comments, as the parser does', () => {
      const inString = `{"a": "${'['.repeat(1000)}", "b": "\\"${'{'.repeat(1000)}"}`;
      assert.equal(findTooDeepNesting(inString), undefined);
      assert.equal(findTooDeepNesting(`// ${'['.repeat(1000)}\n/* ${'{'.repeat(1000)} */ {}`), undefined);
      // An unterminated string ends at the line break, so the brackets after it count.
      assert.equal(findTooDeepNesting(`"open\n${'['.repeat(100)}`), 6 + MAX_NESTING_DEPTH);
    });

    it('never measures less than jsonc-parser nests, even in broken text (property)', () => fuzzNestingMeasure({ numRuns: 3000, seed: 6101 }));
  });

  describe('colt-reactivate validate', () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'colt-deep-'));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    for (const { name, text, offset } of DEEP.slice(0, 2)) {
      it(`${name}: prints the nesting problem and exits 1`, async () => {
        const file = path.join(dir, 'deep.reactivate.json');
        fs.writeFileSync(file, text);
        const out: string[] = [];
        const err: string[] = [];
        const code = await runCli(['validate', file], { out: (l) => out.push(l), err: (l) => err.push(l), env: {} });
        assert.equal(code, 1);
        assert.deepEqual(err, []);
        assert.equal(out.length, 1);
        assert.ok(out[0]!.startsWith(`${file}:1:${offset + 1}: error json-syntax Nested too deeply: more than 64 levels`), out[0]);
      });
    }

    it('as a real process, with its own stack size', () => {
      const file = path.join(dir, 'deep-process.reactivate.json');
      fs.writeFileSync(file, '['.repeat(LEVELS));
      const run = spawnSync(process.execPath, ['-r', 'tsx/cjs', 'src/cli/main.ts', 'validate', file], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(run.status, 1, run.stderr);
      assert.equal(run.stderr, '');
      assert.match(run.stdout, /^.*:1:65: error json-syntax Nested too deeply: more than 64 levels/);
      assert.doesNotMatch(run.stdout, /Could not check this request|call stack/);
    });
  });

  describe('language server', () => {
    let client: ServerTestClient;
    before(async () => {
      client = await ServerTestClient.start({ targetLabel: 'Local emulator' }, 0);
    });
    after(() => client?.dispose());

    for (const { name, text, offset } of DEEP.slice(0, 2)) {
      it(`${name}: publishes the nesting problem and answers every request`, async () => {
        const uri = pathToFileURL(path.join(os.tmpdir(), `deep-${offset}.reactivate.json`)).toString();
        client.open(uri, text);
        const published = await client.diagnostics(uri);
        assert.equal(published.length, 1);
        assert.equal(published[0]!.code, 'json-syntax');
        assert.match(String(published[0]!.message), TOO_DEEP);
        assert.deepEqual(published[0]!.range, { start: { line: 0, character: offset }, end: { line: 0, character: offset + 1 } });

        const textDocument = { uri };
        const everything = { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } };
        const answers = await Promise.all([
          client.request('textDocument/completion', { textDocument, position: { line: 0, character: offset } }),
          client.request('textDocument/hover', { textDocument, position: { line: 0, character: offset } }),
          client.request('textDocument/documentSymbol', { textDocument }),
          client.request('textDocument/inlayHint', { textDocument, range: everything }),
          client.request('textDocument/codeAction', { textDocument, range: everything, context: { diagnostics: published } }),
          client.request('workspace/executeCommand', { command: ValidateCommand, arguments: [uri] }),
        ]);
        assert.deepEqual(answers.slice(0, 5), [[], null, [], [], []]);
        assert.deepEqual(answers[5], { uri, errors: 1, warnings: 0, infos: 0, ranges: 0, numbers: '0' });
        client.close(uri);
      });
    }
  });

  describe('emulator', () => {
    let emu: EmulatorHarness;
    before(async () => {
      emu = await EmulatorHarness.start();
    });
    after(() => emu?.close());

    it('refuses an order nested too deeply with a 400, and still lists its orders', async () => {
      const basic = `Basic ${Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString('base64')}`;
      const tokenAnswer = await fetch(`${emu.url}/authentication/v1/oauth/token`, {
        method: 'POST',
        headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded', 'x-tracking-id': newTrackingId() },
        body: 'grant_type=client_credentials',
      });
      const token = ((await tokenAnswer.json()) as { access_token: string }).access_token;
      // A valid order but for an unknown property nested 100,000 levels: JSON.parse takes it, JSON.stringify would not.
      const body = `${JSON.stringify(emu.freshBody()).slice(0, -1)}, "notes": ${'['.repeat(LEVELS)}${']'.repeat(LEVELS)}}`;
      const answer = await fetch(`${emu.url}/numberManagement/v1/reactivate/order`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-tracking-id': newTrackingId() },
        body,
      });
      assert.equal(answer.status, 400);
      const error = (await answer.json()) as { code: string; message: string };
      assert.equal(error.code, 'INVALID_REQUEST');
      assert.equal(error.message, 'The body nests lists and objects more than 64 levels deep; a reactivation request needs 3.');
      const orders = await fetch(`${emu.url}/__emulator/orders`);
      assert.equal(orders.status, 200);
    });

    it('refuses a faults request nested too deeply, whose extra token fields it would keep', async () => {
      const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
      const answer = await fetch(`${emu.url}/__emulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"faults": [{"kind": "tokenAnswer", "extraFields": {"scope": ${deep}}}]}`,
      });
      assert.equal(answer.status, 400);
      assert.match(((await answer.json()) as { message: string }).message, /^The body nests lists and objects more than 64 levels deep/);
      assert.deepEqual(await (await fetch(`${emu.url}/__emulator/faults`)).json(), { faults: [] });
    });
  });
});
