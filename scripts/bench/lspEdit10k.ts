// Benchmark (issue 5 figure): from an edit (textDocument/didChange) to its publishDiagnostics, for
// a request file of 10,000 ranges, against the real bundled server (dist/server.js) in its own
// process over node IPC, as VS Code runs it; then the server's resident memory.
// Run: node esbuild.js && npx tsx scripts/bench/lspEdit10k.ts [--rounds N]
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  createProtocolConnection, IPCMessageReader, IPCMessageWriter, PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { LANGUAGE_ID, ServerProcessRequest, type ServerProcessResult } from '../../src/shared/lspProtocol';

const RANGES = 10_000;
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 31;
const SERVER = path.join(__dirname, '..', '..', 'dist', 'server.js');

function requestText(): string {
  const numberRangeList = Array.from({ length: RANGES }, (_, i) => {
    const start = 10_000_000 + i * 10;
    return { numberRangeStart: `+4420${start}`, numberRangeEnd: `+4420${start + 5}` };
  });
  return JSON.stringify({
    $schema: './reactivate.schema.json',
    numberRangeList,
    productOffering: { name: 'Wholesale SIP' },
    relatedParty: { reseller: { serviceProfile: 'ANH', country: 'GB' } },
  }, null, 2) + '\n';
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  if (!fs.existsSync(SERVER)) throw new Error(`${SERVER} is missing: run "node esbuild.js" first.`);
  const child = fork(SERVER, ['--node-ipc'], { execArgv: [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  const waiting = new Map<number, (p: PublishDiagnosticsParams) => void>();
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    if (params.version !== undefined) waiting.get(params.version)?.(params);
  });
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  await connection.sendNotification('initialized', {});

  const uri = 'file:///bench/large.reactivate.json';
  const text = requestText();
  const published = (version: number) => new Promise<PublishDiagnosticsParams>((resolve) => waiting.set(version, resolve));
  let version = 1;
  const opened = published(version);
  const openStarted = performance.now();
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: LANGUAGE_ID, version, text } });
  await opened;
  const openMs = performance.now() - openStarted;

  // Each edit swaps the end of range 5,000 to before its start and back: every other edit adds a problem.
  const lines = text.split('\n');
  const endLine = lines.findIndex((l, i) => i > 5000 * 4 && l.includes('"numberRangeEnd"'));
  const valueAt = lines[endLine]!.indexOf('+4420') + 5;
  const good = lines[endLine]!.slice(valueAt, valueAt + 8);
  const bad = String(Number(good) - 6);
  const times: number[] = [];
  let problems = 0;
  for (let i = 0; i < rounds + 3; i++) {
    version++;
    const newText = i % 2 === 0 ? bad : good;
    const done = published(version);
    const started = performance.now();
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: endLine, character: valueAt }, end: { line: endLine, character: valueAt + 8 } }, text: newText }],
    });
    const result = await done;
    if (i >= 3) times.push(performance.now() - started); // the first three warm up the JIT
    problems = Math.max(problems, result.diagnostics.length);
  }
  const info = await connection.sendRequest<ServerProcessResult>(ServerProcessRequest, {});
  if (problems !== 1) throw new Error(`expected the edit to raise exactly one problem, saw ${problems}`);
  console.log(`open (first diagnostics): ${openMs.toFixed(0)} ms; ${rounds} edits, debounce included`);
  console.log(`lsp-edit-10k: ${median(times).toFixed(0)} ms, server RSS ${(info.rss / 1024 / 1024).toFixed(0)} MB`);
  connection.dispose();
  child.kill();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
