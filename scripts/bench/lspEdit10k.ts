// Benchmark (`lsp-edit-10k`, README.md "Performance"): from an edit (textDocument/didChange) to its publishDiagnostics, for
// a request file of 10,000 ranges, against the real bundled server (dist/server.js) in its own
// process over node IPC, as VS Code runs it (same execArgv as the language client); then the
// server's resident memory. Part of `npm run bench` (run.ts); alone:
// node esbuild.js && npx tsx scripts/bench/lspEdit10k.ts [--rounds N] [--server path/to/server.js]
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { LANGUAGE_ID, SERVER_EXEC_ARGV, ServerProcessRequest, type ServerProcessResult } from '../../src/shared/lspProtocol';
import { median, printFigures, type Figure } from './benchStats';
import { BENCH_LIMITS, requestText } from './validate10k';

const WARMUP_EDITS = 3;

export interface LspEditResult {
  /** Median ms from didChange to its publishDiagnostics, debounce included. */
  editMs: number;
  /** The server's CPU time (all its threads, GC included) per edit, on average: steadier than wall time on a busy machine. */
  cpuPerEditMs: number;
  openMs: number;
  /** Resident memory after the edits, and its peak over the run (MB, from /proc). */
  rssMb: number;
  peakRssMb: number;
  /** Before any document is open. */
  idleRssMb: number;
  rounds: number;
}

export async function measureLspEdit10k(options: { server: string; rounds?: number; execArgv?: string[] }): Promise<LspEditResult> {
  const rounds = options.rounds ?? 31;
  if (!fs.existsSync(options.server)) throw new Error(`${options.server} is missing: run "node esbuild.js" first.`);
  const child = fork(options.server, ['--node-ipc'], {
    execArgv: options.execArgv ?? [...SERVER_EXEC_ARGV],
    stdio: ['ignore', process.env.BENCH_SERVER_STDOUT ? 'inherit' : 'ignore', 'inherit', 'ipc'],
  });
  const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  try {
    const waiting = new Map<number, (p: PublishDiagnosticsParams) => void>();
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      if (params.version !== undefined) waiting.get(params.version)?.(params);
    });
    connection.listen();
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { ...BENCH_LIMITS } });
    await connection.sendNotification('initialized', {});
    const idle = await connection.sendRequest<ServerProcessResult>(ServerProcessRequest, {});

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
    let cpuBefore = 0;
    for (let i = 0; i < rounds + WARMUP_EDITS; i++) {
      version++;
      const done = published(version);
      const started = performance.now();
      await connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [
          { range: { start: { line: endLine, character: valueAt }, end: { line: endLine, character: valueAt + 8 } }, text: i % 2 === 0 ? bad : good },
        ],
      });
      const result = await done;
      if (i === WARMUP_EDITS - 1) cpuBefore = procCpuMs(idle.pid);
      if (i >= WARMUP_EDITS) times.push(performance.now() - started); // the first edits warm up the JIT
      problems = Math.max(problems, result.diagnostics.length);
    }
    const cpuPerEditMs = (procCpuMs(idle.pid) - cpuBefore) / rounds;
    // VS Code also asks for the lenses and the outline of the open file: both keep the list of ranges.
    await connection.sendRequest('textDocument/codeLens', { textDocument: { uri } });
    await connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    const info = await connection.sendRequest<ServerProcessResult>(ServerProcessRequest, {});
    if (problems !== 1) throw new Error(`expected the edit to raise exactly one problem, saw ${problems}`);
    const status = procStatus(info.pid);
    return {
      editMs: median(times),
      cpuPerEditMs,
      openMs,
      rssMb: (status.VmRSS ?? info.rss / 1024) / 1024,
      peakRssMb: (status.VmHWM ?? NaN) / 1024,
      idleRssMb: idle.rss / 2 ** 20,
      rounds,
    };
  } finally {
    connection.dispose();
    child.kill();
  }
}

/** User + system CPU time of a process so far, ms (Linux /proc; NaN elsewhere). */
function procCpuMs(pid: number): number {
  try {
    const fields = fs
      .readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

/** kB values of /proc/PID/status (Linux); empty elsewhere. */
function procStatus(pid: number): Record<string, number> {
  try {
    const entries = fs
      .readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .map((l) => /^(\w+):\s+(\d+) kB/.exec(l))
      .filter((m) => m !== null);
    return Object.fromEntries(entries.map((m) => [m[1], Number(m[2])]));
  } catch {
    return {};
  }
}

export async function lspEdit10kFigures(server: string, rounds?: number): Promise<Figure[]> {
  const r = await measureLspEdit10k({ server, rounds });
  const where = `${path.basename(server)} in its own process over IPC with the language client's execArgv (${SERVER_EXEC_ARGV.join(' ')})`;
  return [
    {
      name: 'lsp-edit-10k',
      value: r.editMs,
      unit: 'ms',
      digits: 0,
      note: `didChange → publishDiagnostics, debounce included, ${where}, median of ${r.rounds} edits; server CPU ${r.cpuPerEditMs.toFixed(0)} ms per edit on average; first diagnostics on open ${r.openMs.toFixed(0)} ms`,
    },
    {
      name: 'lsp-server-rss',
      value: r.rssMb,
      unit: 'MB',
      digits: 0,
      note: `resident memory of the server with the 10,000-range file open, after the edits and a CodeLens and outline request; peak ${r.peakRssMb.toFixed(0)} MB, ${r.idleRssMb.toFixed(0)} MB before the file opened`,
    },
  ];
}

if (require.main === module) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const server = path.resolve(arg('server') ?? path.join(__dirname, '..', '..', 'dist', 'server.js'));
  lspEdit10kFigures(server, arg('rounds') ? Number(arg('rounds')) : undefined).then(printFigures, (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
