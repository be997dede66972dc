import { deadline } from '../deadline';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, CodeLens, CompletionItem, DocumentSymbol, Hover, InlayHint } from 'vscode-languageserver/node';
import { runCli } from '../../src/cli/main';
import { computeDiagnostics } from '../../src/core/diagnostics';
import { applyTextEdits } from '../../src/core/quickFixes';
import {
  DIAGNOSTIC_SOURCE,
  DidChangeServerSettings,
  ServerProcessRequest,
  SplitRequestFileCommand,
  SubmitRequestFileCommand,
  ValidateCommand,
  type ServerProcessResult,
  type SplitResult,
  type ValidationSummary,
} from '../../src/shared/lspProtocol';
import { ServerTestClient } from './serverTestClient';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'requests');
const fixtureFiles = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.reactivate.json'))
  .sort();

function fixture(name: string): { uri: string; text: string; file: string } {
  const file = path.join(FIXTURES, name);
  return { uri: pathToFileURL(file).toString(), text: fs.readFileSync(file, 'utf8'), file };
}

const SEED = {
  numberRangeList: [{ numberRangeStart: '+442081324758', numberRangeEnd: '+442081324758' }],
  productOffering: { name: 'Wholesale SIP' },
  relatedParty: { reseller: { serviceProfile: 'ANH', country: 'GB' } },
};
const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

/** Where a snippet of text starts, as an LSP position (plus `delta` characters). */
function positionOf(text: string, snippet: string, delta = 0): { line: number; character: number } {
  const offset = text.indexOf(snippet);
  assert.ok(offset >= 0, `"${snippet}" not in text`);
  const before = text.slice(0, offset + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

describe('language server (over an in-process LSP connection)', () => {
  let client: ServerTestClient;
  beforeEach(async () => {
    // As the extension's client starts it: with the Submit command at hand.
    client = await ServerTestClient.start({ targetLabel: 'Local emulator', submitCommand: true });
  });
  afterEach(() => client.dispose());

  describe('diagnostics', () => {
    for (const name of fixtureFiles) {
      it(`publishes exactly the core diagnostics for ${name}`, async () => {
        const { uri, text } = fixture(name);
        client.open(uri, text);
        const published = await client.diagnostics(uri, 1);
        const expected = computeDiagnostics(text);
        assert.deepEqual(
          published.map((d) => ({ code: d.code, message: d.message, range: d.range, severity: d.severity, source: d.source })),
          expected.map((d) => ({
            code: d.code,
            message: d.message,
            range: d.range,
            severity: { error: 1, warning: 2, info: 3 }[d.severity],
            source: DIAGNOSTIC_SOURCE,
          })),
        );
      });
    }

    it('publishes, line for line, what `colt-reactivate validate` prints for every fixture', async () => {
      const severities = ['', 'error', 'warning', 'info'];
      let compared = 0;
      for (const name of fixtureFiles) {
        const { file, uri, text } = fixture(name);
        const cli: string[] = [];
        await runCli(['validate', file], { out: (l) => cli.push(l), err: (l) => cli.push(l), env: {} });
        client.open(uri, text);
        const lsp = (await client.diagnostics(uri, 1)).map(
          (d) => `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${severities[d.severity!]} ${d.code} ${d.message}`,
        );
        assert.deepEqual(
          lsp,
          cli.filter((l) => l.startsWith(file + ':')),
          name,
        );
        compared += lsp.length;
      }
      assert.ok(compared > 40, `compared ${compared} problems`);
    });

    it('waits for a pause in typing, then publishes once for the latest version', async () => {
      // A pause long enough that a stall of this busy process between two keystrokes is not one.
      const typing = await ServerTestClient.start(undefined, deadline(1_000));
      try {
        const uri = 'file:///typing.reactivate.json';
        typing.open(uri, json(SEED));
        await typing.diagnostics(uri, 1);
        let last = 1;
        for (const name of ['W', 'Wh', 'Who', 'Whol', 'Wholesale SIP']) last = typing.change(uri, json({ ...SEED, productOffering: { name } }));
        assert.deepEqual(await typing.diagnostics(uri, last), []);
        const versions = typing.published.get(uri)!.map((p) => p.version);
        assert.deepEqual(versions, [1, last], 'no run for the intermediate versions');
      } finally {
        typing.dispose();
      }
    });

    it('applies incremental edits', async () => {
      const uri = 'file:///incremental.reactivate.json';
      const text = json(SEED);
      client.open(uri, text);
      await client.diagnostics(uri, 1);
      const start = positionOf(text, '"GB"', 1);
      const version = client.edit(uri, { start, end: { line: start.line, character: start.character + 2 } }, 'UK');
      assert.deepEqual(
        (await client.diagnostics(uri, version)).map((d) => d.code),
        ['unknown-country'],
      );
    });

    it('re-runs when maxNumbersPerRange changes', async () => {
      const uri = 'file:///big.reactivate.json';
      client.open(uri, json({ ...SEED, numberRangeList: [{ numberRangeStart: '+442081320000', numberRangeEnd: '+442081321499' }] }));
      assert.deepEqual(
        (await client.diagnostics(uri, 1)).map((d) => d.code),
        ['range-too-large'],
      );
      const before = client.published.get(uri)!.length;
      await client.connection.sendNotification(DidChangeServerSettings, { maxNumbersPerRange: 2000, targetLabel: 'Local emulator' });
      await client.waitFor(() => client.published.get(uri)!.length > before);
      assert.deepEqual(await client.diagnostics(uri), []);
    });

    it('clears the diagnostics when the file closes', async () => {
      const { uri, text } = fixture('range-reversed.reactivate.json');
      client.open(uri, text);
      assert.equal((await client.diagnostics(uri, 1)).length, 1);
      client.close(uri);
      await client.waitFor(() => client.published.get(uri)!.length === 2);
      assert.deepEqual(await client.diagnostics(uri), []);
    });
  });

  describe('code actions', () => {
    for (const [name, code] of [
      ['range-reversed.reactivate.json', 'range-reversed'],
      ['rule-wrong-product-name.reactivate.json', 'wrong-product'],
      ['rule-unknown-country.reactivate.json', 'unknown-country'],
      ['range-duplicate.reactivate.json', 'duplicate-range'],
      ['rule-missing-product-offering.reactivate.json', 'missing-property'],
      ['rule-missing-related-party.reactivate.json', 'missing-property'],
      ['rule-e164-pattern.reactivate.json', 'invalid-e164'],
    ] as const) {
      it(`fixes ${code} in ${name} through textDocument/codeAction`, async () => {
        const { uri, text } = fixture(name);
        client.open(uri, text);
        const diagnostics = (await client.diagnostics(uri, 1)).filter((d) => d.code === code);
        assert.equal(diagnostics.length, 1, `one ${code}`);
        const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
          textDocument: { uri },
          range: diagnostics[0].range,
          context: { diagnostics, only: ['quickfix'] },
        });
        assert.ok(actions.length >= 1, `a fix for ${code}`);
        assert.equal(actions[0].kind, 'quickfix');
        assert.deepEqual(actions[0].diagnostics, diagnostics);
        const fixed = applyTextEdits(text, actions[0].edit!.changes![uri]);
        const version = client.change(uri, fixed);
        const after = await client.diagnostics(uri, version);
        assert.ok(!after.some((d) => d.code === code && d.severity === 1), `${code} is gone: ${JSON.stringify(after.map((d) => d.message))}`);
      });
    }

    it('splits a request above maxNumbersPerOrder into files next to it, never over an existing file', async () => {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'colt-split-'));
      try {
        const file = path.join(folder, 'big.reactivate.json');
        const uri = pathToFileURL(file).toString();
        // 25,000 numbers in 25 ranges of 1,000: three orders of at most 10,000.
        const ranges = Array.from({ length: 25 }, (_, i) => ({ numberRangeStart: `+4420813${20 + i}000`, numberRangeEnd: `+4420813${20 + i}999` }));
        const text = json({ ...SEED, numberRangeList: ranges });
        fs.writeFileSync(file, text);
        fs.writeFileSync(path.join(folder, 'big-1.reactivate.json'), 'mine\n');
        client.open(uri, text);
        const diagnostics = (await client.diagnostics(uri, 1)).filter((d) => d.code === 'order-too-large');
        assert.equal(diagnostics.length, 1);
        assert.equal(diagnostics[0].severity, 1);
        const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
          textDocument: { uri },
          range: diagnostics[0].range,
          context: { diagnostics },
        });
        assert.deepEqual(
          actions.map((a) => [a.title, a.command?.command, a.command?.arguments]),
          [['Split into 3 request files of at most 10,000 numbers', SplitRequestFileCommand, [uri]]],
        );
        const result = await client.request<SplitResult>('workspace/executeCommand', actions[0].command!);
        assert.deepEqual(
          result.files.map((f) => path.basename(f)),
          ['big-2.reactivate.json', 'big-3.reactivate.json', 'big-4.reactivate.json'],
        );
        assert.equal(fs.readFileSync(path.join(folder, 'big-1.reactivate.json'), 'utf8'), 'mine\n');
        assert.equal(fs.readFileSync(file, 'utf8'), text);
        const parts = result.files.map((f) => fs.readFileSync(new URL(f), 'utf8'));
        assert.deepEqual(
          parts.map((p) => computeDiagnostics(p)),
          [[], [], []],
        );
        assert.deepEqual(
          parts.map((p) => (JSON.parse(p) as typeof SEED).numberRangeList.length),
          [10, 10, 5],
        );
        const message = await client.waitFor(() => client.messages.find((m) => m.message.startsWith('big.reactivate.json split')));
        assert.equal(
          message.message,
          'big.reactivate.json split into 3 request files of at most 10,000 numbers: big-2.reactivate.json to big-4.reactivate.json. big.reactivate.json is unchanged: delete it once you have checked the parts.',
        );
      } finally {
        fs.rmSync(folder, { recursive: true, force: true });
      }
    });

    it('offers no split beyond 100 files, and follows maxNumbersPerOrder from the settings', async () => {
      const uri = 'file:///huge.reactivate.json';
      client.open(uri, json({ ...SEED, numberRangeList: [{ numberRangeStart: '+441000000000000', numberRangeEnd: '+449999999999999' }] }));
      const diagnostics = (await client.diagnostics(uri, 1)).filter((d) => d.code === 'order-too-large');
      assert.match(String(diagnostics[0]?.message), /surely mistyped/);
      assert.deepEqual(
        await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics } }),
        [],
      );
      const small = 'file:///small.reactivate.json';
      client.open(small, json({ ...SEED, numberRangeList: [{ numberRangeStart: '+442081320000', numberRangeEnd: '+442081320999' }] }));
      assert.deepEqual(
        (await client.diagnostics(small, 1)).map((d) => d.code),
        [],
      );
      const before = client.published.get(small)!.length;
      await client.connection.sendNotification(DidChangeServerSettings, { maxNumbersPerRange: 1000, maxNumbersPerOrder: 500, targetLabel: 'Local emulator' });
      await client.waitFor(() => client.published.get(small)!.length > before);
      assert.deepEqual(
        (await client.diagnostics(small)).map((d) => [d.code, (d.data as { data?: unknown }).data]),
        [['order-too-large', { splitFiles: 2 }]],
      );
    });

    it("offers nothing for other sources' diagnostics", async () => {
      const { uri, text } = fixture('range-reversed.reactivate.json');
      client.open(uri, text);
      const [d] = await client.diagnostics(uri, 1);
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: d.range,
        context: { diagnostics: [{ ...d, source: 'json' }] },
      });
      assert.deepEqual(actions, []);
    });
  });

  describe('completion and hover', () => {
    it('completes the 20 country codes with their names inside the country value', async () => {
      const uri = 'file:///complete.reactivate.json';
      const text = json({ ...SEED, relatedParty: { reseller: { country: '' } } });
      client.open(uri, text);
      const items = await client.request<CompletionItem[]>('textDocument/completion', {
        textDocument: { uri },
        position: positionOf(text, '"country": ""', 12),
      });
      assert.equal(items.length, 20);
      const gb = items.find((i) => i.label === 'GB')!;
      assert.equal(gb.detail, 'United Kingdom (+44)');
      assert.equal((gb.textEdit as { newText: string }).newText, '"GB"');
      assert.ok(items.some((i) => i.label === 'SK' && i.detail === 'Slovakia (+421)'));
    });

    it('completes the product name, a new range and missing property names', async () => {
      const uri = 'file:///complete2.reactivate.json';
      const text = '{\n  "numberRangeList": [\n    \n  ],\n  "productOffering": {"name": ""},\n  \n}\n';
      client.open(uri, text);
      const product = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionOf(text, '"name": ""', 9) });
      assert.deepEqual(
        product.map((i) => i.label),
        ['Wholesale SIP'],
      );
      const range = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 4 } });
      assert.equal(range[0].label, 'New number range');
      assert.equal(range[0].insertTextFormat, 2, 'a snippet');
      assert.match(range[0].insertText!, /"numberRangeStart": "\+\$\{1:442081324758\}"/);
      const props = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 5, character: 2 } });
      assert.deepEqual(
        props.map((i) => i.label),
        ['relatedParty', '$schema'],
        'only the missing ones',
      );
    });

    it("explains each field, and a range's count and country", async () => {
      const uri = 'file:///hover.reactivate.json';
      const text = json({ ...SEED, numberRangeList: [{ numberRangeStart: '+4930123400', numberRangeEnd: '+4930123499' }] });
      client.open(uri, text);
      const onKey = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '"serviceProfile"', 3) });
      assert.match((onKey.contents as { value: string }).value, /more than one service profile per country/);
      const onRange = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '"+4930123400"', 3) });
      const value = (onRange.contents as { value: string }).value;
      assert.match(value, /\*\*numberRangeStart\*\*: Mandatory/);
      assert.match(value, /100 numbers/);
      assert.match(value, /Germany \(DE, \+49\)/);
    });
  });

  describe('outline, counts and CodeLens', () => {
    const twoRanges = json({
      ...SEED,
      numberRangeList: [
        { numberRangeStart: '+442081324700', numberRangeEnd: '+442081324749' },
        { numberRangeStart: '+442081324758', numberRangeEnd: '+442081324758' },
      ],
    });

    it('lists the ranges as document symbols', async () => {
      const uri = 'file:///symbols.reactivate.json';
      client.open(uri, twoRanges);
      const [list] = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
      assert.equal(list.name, 'numberRangeList');
      assert.equal(list.detail, '2 ranges, 51 numbers');
      assert.deepEqual(
        list.children!.map((c) => [c.name, c.detail]),
        [
          ['+442081324700 – +442081324749', '50 numbers'],
          ['+442081324758', '1 number'],
        ],
      );
    });

    it('shows the count of numbers per range as inlay hints in the visible lines', async () => {
      const uri = 'file:///hints.reactivate.json';
      client.open(uri, twoRanges);
      const all = await client.request<InlayHint[]>('textDocument/inlayHint', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } },
      });
      assert.deepEqual(
        all.map((h) => h.label),
        ['50 numbers · GB', '1 number · GB'],
      );
      const firstOnly = await client.request<InlayHint[]>('textDocument/inlayHint', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 6, character: 0 } },
      });
      assert.deepEqual(
        firstOnly.map((h) => h.label),
        ['50 numbers · GB'],
      );
    });

    it('offers Validate and Submit to the target with the count, and disables Submit while there are errors', async () => {
      const uri = 'file:///lens.reactivate.json';
      client.open(uri, twoRanges);
      await client.diagnostics(uri, 1);
      const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
      assert.deepEqual(
        lenses.map((l) => l.command),
        [
          { title: 'Validate', command: ValidateCommand, arguments: [uri] },
          { title: 'Submit to Local emulator (51 numbers)', command: SubmitRequestFileCommand, arguments: [uri] },
        ],
      );
      const refreshes = client.codeLensRefreshes;
      const version = client.change(uri, twoRanges.replace('"GB"', '"UK"').replace('Wholesale SIP', 'Voice'));
      await client.diagnostics(uri, version);
      await client.waitFor(() => client.codeLensRefreshes > refreshes, undefined, 'a CodeLens refresh');
      const broken = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
      assert.deepEqual(broken[1].command, { title: 'Fix 2 errors before submitting', command: '' });
    });

    it('offers only Validate to a client without the Submit command (another editor)', async () => {
      const other = await ServerTestClient.start({ targetLabel: 'Local emulator' });
      try {
        const uri = 'file:///other-editor.reactivate.json';
        other.open(uri, twoRanges);
        await other.diagnostics(uri, 1);
        const lenses = await other.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
        assert.deepEqual(
          lenses.map((l) => l.command),
          [{ title: 'Validate', command: ValidateCommand, arguments: [uri] }],
        );
      } finally {
        other.dispose();
      }
    });

    it('validates on demand, with a summary', async () => {
      const { uri, text } = fixture('range-reversed.reactivate.json');
      client.open(uri, text);
      const summary = await client.request<ValidationSummary>('workspace/executeCommand', { command: ValidateCommand, arguments: [uri] });
      assert.deepEqual(summary, { uri, errors: 1, warnings: 0, infos: 0, ranges: 1, numbers: '0' });
      const message = await client.waitFor(() => client.messages[0]);
      assert.equal(message.type, 2);
      assert.match(message.message, /^range-reversed\.reactivate\.json: 1 error \(1 range, 0 numbers\)\. Fix the errors/);
    });
  });

  it('tells which process it runs in', async () => {
    const info = await client.request<ServerProcessResult>(ServerProcessRequest, {});
    assert.equal(info.pid, process.pid);
    assert.ok(info.rss > 0);
  });
});
