// npm run fuzz -- [--runs N] [--seed S] [--only TEXT]: every fuzz target of the unit tests, with N
// cases each (1,000 by default) instead of the unit tests' few hundred. One seed for all targets,
// random unless given, printed so that a failure can be replayed case for case with --seed; --only
// runs the targets whose name contains TEXT. Exit code 1 when a target fails. Not part of npm test.
import { randomInt } from 'node:crypto';
import { diagnosticsFuzz } from '../test/fuzz/diagnosticsFuzz';
import { emulatorFuzz } from '../test/fuzz/emulatorFuzz';
import type { FuzzGroup, FuzzTarget } from '../test/fuzz/fuzzOptions';
import { languageServerFuzz } from '../test/fuzz/languageServerFuzz';
import { protocolFuzz } from '../test/fuzz/protocolFuzz';

const USAGE = 'Usage: npm run fuzz -- [--runs N] [--seed S] [--only TEXT]';
/** A counterexample can hold a 50 kB request body, its path thousands of steps: enough to recognise. */
const MAX_REPORT_LINE = 500;

interface FuzzArgs {
  runs: number;
  seed: number;
  only?: string;
}

function parseArgs(args: readonly string[]): FuzzArgs | string {
  let runs = 1000;
  let seed = randomInt(2 ** 31);
  let only: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i]!.includes('=') ? args[i]!.split(/=(.*)/s, 2) : [args[i]!, undefined];
    const value = inline ?? args[++i];
    if (flag === '--runs' && value !== undefined && /^[1-9][0-9]*$/.test(value)) runs = Number(value);
    else if (flag === '--seed' && value !== undefined && /^-?[0-9]+$/.test(value) && Number.isSafeInteger(Number(value))) seed = Number(value);
    else if (flag === '--only' && value !== undefined) only = value;
    else return `unexpected ${flag === '--runs' || flag === '--seed' || flag === '--only' ? `value for ${flag}` : `argument ${flag}`}`;
  }
  return only === undefined ? { runs, seed } : { runs, seed, only };
}

function replayCommand(a: FuzzArgs, target?: FuzzTarget): string {
  const only = target ? ` --only '${target.name.replace(/'/g, `'\\''`)}'` : '';
  return `npm run fuzz -- --runs ${a.runs} --seed ${a.seed}${only}`;
}

/** fast-check's report (the counterexample, its seed and path) and what the property threw. */
function describeFailure(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e !== undefined && parts.length < 3; e = (e as { cause?: unknown }).cause) {
    parts.push(e instanceof Error ? `${parts.length ? 'Caused by: ' : ''}${e.message}` : String(e));
    if (!(e instanceof Error)) break;
  }
  return parts
    .join('\n')
    .split('\n')
    .map((line) => (line.length > MAX_REPORT_LINE ? `${line.slice(0, MAX_REPORT_LINE)}… (${line.length} characters)` : line))
    .map((line) => `    ${line}`)
    .join('\n');
}

async function runTarget(target: FuzzTarget, a: FuzzArgs): Promise<boolean> {
  const started = performance.now();
  let failure: unknown;
  try {
    await target.run({ numRuns: a.runs, seed: a.seed });
  } catch (error) {
    failure = error ?? new Error('failed');
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`${target.name.padEnd(40)} ${String(a.runs).padStart(7)} cases ${seconds.padStart(7)} s  ${failure === undefined ? 'pass' : 'FAIL'}`);
  if (failure !== undefined) {
    console.log(describeFailure(failure));
    console.log(`    replay: ${replayCommand(a, target)}`);
  }
  return failure === undefined;
}

async function runGroup(group: FuzzGroup, a: FuzzArgs): Promise<boolean[]> {
  const targets = group.targets.filter((t) => a.only === undefined || t.name.includes(a.only));
  if (targets.length === 0) return [];
  await group.start?.();
  try {
    const results: boolean[] = [];
    for (const target of targets) results.push(await runTarget(target, a));
    return results;
  } finally {
    await group.stop?.();
  }
}

async function main(): Promise<number> {
  const a = parseArgs(process.argv.slice(2));
  if (typeof a === 'string') {
    console.error(`fuzz: ${a}\n${USAGE}`);
    return 2;
  }
  console.log(`fuzz: ${a.runs} cases per target, seed ${a.seed} (replay: ${replayCommand(a)})`);
  const started = performance.now();
  const results: boolean[] = [];
  for (const group of [diagnosticsFuzz, protocolFuzz, languageServerFuzz(), emulatorFuzz()]) results.push(...(await runGroup(group, a)));
  const passed = results.filter(Boolean).length;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (results.length === 0) console.log(`fuzz: no target's name contains "${a.only}"`);
  console.log(`fuzz: ${seconds} s in all`);
  console.log(`fuzz: ${passed}/${results.length} targets passed (seed ${a.seed})`);
  return passed === results.length && results.length > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
