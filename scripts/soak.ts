// npm run test:soak -- --runs N [--busy [--nice N]] [--tier unit|integration|e2e]
//
// Runs the test suite N times on a fresh clone of the current commit (its own `npm ci`), as a
// newcomer's machine would, and prints one line per run and `soak: P/N runs green`. A suite
// that is green once is not yet trustworthy: a test that fails one run in ten fails here.
// --busy keeps every core busy with low-priority load for the whole soak (a machine half as
// fast, or shared); the load stops when the soak stops, Ctrl-C included. Its priority is
// nice 19 by default (background load that yields to the suite); --nice 0 makes it compete as
// an equal, which is closer to a machine of half the speed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from './harness/codeServer';

const TIERS = { all: 'test', unit: 'test:unit', integration: 'test:integration', e2e: 'test:e2e' } as const;
type Tier = keyof typeof TIERS;
const RESULTS = path.join(PROJECT_ROOT, 'test-results', 'soak');

interface RunResult {
  green: boolean;
  seconds: number;
  failures: string[];
  log: string;
}

function options(): { runs: number; busy: boolean; nice: number; tier: Tier; keep: boolean } {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '10' },
      busy: { type: 'boolean', default: false },
      nice: { type: 'string', default: '19' },
      tier: { type: 'string', default: 'all' },
      keep: { type: 'boolean', default: false },
    },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) fail(`--runs takes a whole number of runs, 1 or more (got "${values.runs}").`);
  if (!(values.tier! in TIERS)) fail(`--tier takes one of ${Object.keys(TIERS).join(', ')} (got "${values.tier}").`);
  const nice = Number(values.nice);
  if (!Number.isInteger(nice) || nice < 0 || nice > 19) fail(`--nice takes a priority from 0 to 19 (got "${values.nice}").`);
  return { runs, busy: values.busy!, nice, tier: values.tier as Tier, keep: values.keep! };
}

function fail(message: string): never {
  console.error(`soak: ${message}`);
  process.exit(2);
}

function git(args: string[], cwd = PROJECT_ROOT): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) fail(`git ${args.join(' ')} failed: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

/** A fresh clone of HEAD with its own node_modules: what a newcomer gets. */
function freshClone(): string {
  const commit = git(['rev-parse', 'HEAD']);
  if (git(['status', '--porcelain', '--untracked-files=no'])) {
    console.log('soak: the working tree has uncommitted changes; they are not part of the soak (commit them first).');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'colt-soak-'));
  console.log(`soak: cloning ${commit.slice(0, 10)} into ${dir}, then npm ci`);
  git(['clone', '--quiet', PROJECT_ROOT, dir]);
  git(['checkout', '--quiet', commit], dir);
  const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'inherit' });
  if (ci.status !== 0) fail(`npm ci failed in ${dir} (exit ${ci.status}).`);
  // A single tier may read the bundles (the CLI tests run dist/cli.js); npm test builds them itself.
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: dir, stdio: 'inherit' });
  if (build.status !== 0) fail(`npm run build failed in ${dir} (exit ${build.status}).`);
  return dir;
}

/**
 * One busy loop per core at priority `nice` (the lowest, 19, unless asked). Each loop also ends on
 * its own once the soak is gone (its parent changes), so not even a killed soak leaves load behind.
 */
function startLoad(nice: number): ChildProcess[] {
  const loop = 'const p = process.ppid; for (let i = 0; ; i++) if ((i & 0xffffff) === 0 && process.ppid !== p) process.exit(0);';
  return os.cpus().map(() => spawn('nice', ['-n', String(nice), process.execPath, '-e', loop], { stdio: 'ignore' }));
}

/**
 * The failing tests' titles, from the summary that mocha's spec reporter prints after
 * "N failing": "  1) suite" and then the nested titles, the last one ending in ':'.
 */
export function failingTitles(output: string): string[] {
  const titles: string[] = [];
  let inSummary = false;
  const lines = output.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*\d+ failing/.test(lines[i]!)) inSummary = true;
    // Exactly two spaces and the next number: an error message's own "  2) ..." is not a title.
    const first = inSummary && new RegExp(`^  ${titles.length + 1}\\) (.+)$`).exec(lines[i]!);
    if (!first) continue;
    const parts = [first[1]!.trim()];
    for (let j = i + 1; j < lines.length && !parts.at(-1)!.endsWith(':') && lines[j]!.trim(); j++) parts.push(lines[j]!.trim());
    const title = parts.join(' › ').replace(/:$/, '');
    if (!titles.includes(title)) titles.push(title);
  }
  return titles;
}

let current: ChildProcess | undefined;

/** Stops the run in progress (its whole process group) and waits for it to end. */
function stopRun(): Promise<void> {
  const child = current;
  if (!child?.pid || child.exitCode !== null) return Promise.resolve();
  const ended = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return Promise.resolve(); // already gone
  }
  return ended;
}

function runOnce(dir: string, tier: Tier, index: number, env: NodeJS.ProcessEnv): Promise<RunResult> {
  const log = path.join(dir, `soak-run-${index}.log`);
  const out = fs.openSync(log, 'w');
  const started = Date.now();
  // Its own process group, so that stopping the soak stops code-server and Chromium with it.
  const child = spawn('npm', ['run', TIERS[tier]], { cwd: dir, env, stdio: ['ignore', out, out], detached: true });
  current = child;
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      fs.closeSync(out);
      const output = fs.readFileSync(log, 'utf8');
      resolve({ green: code === 0, seconds: (Date.now() - started) / 1000, failures: code === 0 ? [] : failingTitles(output), log });
    });
  });
}

async function main(): Promise<void> {
  const { runs, busy, nice, tier, keep } = options();
  const dir = freshClone();
  // The clone shares this checkout's code-server cache: it installs once, not once per clone.
  const env = { ...process.env, COLT_CODE_SERVER_DIR: process.env.COLT_CODE_SERVER_DIR ?? path.join(PROJECT_ROOT, '.code-server') };
  const load = busy ? startLoad(nice) : [];
  const stopLoad = () => {
    for (const p of load) p.kill('SIGKILL');
  };
  process.on('exit', stopLoad);
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    process.once(signal, () => {
      console.error(`\nsoak: ${signal}: stopping the load and the run.`);
      stopLoad();
      void stopRun().finally(() => {
        fs.rmSync(dir, { recursive: true, force: true });
        process.exit(code);
      });
    });
  }
  console.log(`soak: ${runs} run(s) of npm run ${TIERS[tier]}${busy ? `, every core busy (${load.length} loops at nice ${nice})` : ''}`);

  const results: RunResult[] = [];
  for (let i = 1; i <= runs; i++) {
    const r = await runOnce(dir, tier, i, env);
    results.push(r);
    const line = `run ${i}/${runs}: ${r.green ? 'pass' : 'FAIL'} ${r.seconds.toFixed(0)} s`;
    if (r.green) {
      console.log(line);
    } else {
      // The clone goes at the end: keep the log and what failing tests left (screenshots, logs).
      const kept = path.join(RESULTS, `run-${i}`);
      fs.mkdirSync(kept, { recursive: true });
      fs.copyFileSync(r.log, path.join(kept, 'output.log'));
      const left = path.join(dir, 'test-results');
      for (const name of fs.existsSync(left) ? fs.readdirSync(left) : []) {
        if (!name.startsWith('failed-')) continue;
        fs.cpSync(path.join(left, name), path.join(kept, name), { recursive: true });
        fs.rmSync(path.join(left, name), { recursive: true }); // not kept again for a later run
      }
      console.log(`${line}  failing: ${r.failures.length ? r.failures.join(' | ') : '(no mocha failure: see the log)'}  kept: ${kept}`);
    }
  }
  stopLoad();
  const green = results.filter((r) => r.green).length;
  const slowest = Math.max(...results.map((r) => r.seconds));
  console.log(`soak: ${green}/${runs} runs green (slowest ${slowest.toFixed(0)} s${busy ? `, cores busy at nice ${nice}` : ''})`);
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  else console.log(`soak: the clone is kept in ${dir}`);
  process.exitCode = green === runs ? 0 : 1;
}

if (require.main === module) void main();
