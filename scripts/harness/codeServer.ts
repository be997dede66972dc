import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deadline } from '../../test/deadline';
import { type ProcessGroup, withTimeout } from './processGroup';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const INSTALL_SCRIPT = path.join(PROJECT_ROOT, 'scripts', 'installCodeServer.sh');

/** Runs the (cached) offline install and returns code-server's entry script. */
export function ensureCodeServer(): string {
  const result = spawnSync('bash', [INSTALL_SCRIPT], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    throw new Error(`scripts/installCodeServer.sh failed (exit ${result.status}); see its message above.`);
  }
  const cache = process.env.COLT_CODE_SERVER_DIR ?? path.join(PROJECT_ROOT, '.code-server');
  return fs.readFileSync(path.join(cache, 'entry'), 'utf8').trim();
}

export interface CodeServerOptions {
  /** Folder opened in the workbench. */
  workspace: string;
  /** User settings; the two that keep first-run dialogs away are always added. */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and so for the extension host. */
  env?: Record<string, string>;
  /** 0 or absent: a free port. */
  port?: number;
  processes: ProcessGroup;
  /** Where code-server's own log goes (file); defaults to a file in the user-data folder. */
  logFile?: string;
}

export interface WorkbenchUrlOptions {
  extensionDevelopmentPath?: string;
  extensionTestsPath?: string;
}

export interface RunningCodeServer {
  port: number;
  url: string;
  workspace: string;
  userDataDir: string;
  logFile: string;
  /** The page that opens `workspace`, optionally with a development extension and a test module. */
  workbenchUrl(options?: WorkbenchUrlOptions): string;
  /** The last lines code-server logged, for failure messages. */
  tail(lines?: number): string;
}

export const BASE_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  // The emulator's port would otherwise pop up in the Ports view and notifications.
  'remote.autoForwardPorts': false,
  // npm start opens examples/ inside this repository; no "open the parent repository?" prompt.
  'git.openRepositoryInParentFolders': 'never',
};

/** Starts code-server with a fresh user-data folder; it is stopped (and the folder removed) with `processes`. */
export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  const entry = ensureCodeServer();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'colt-code-server-'));
  const userDataDir = path.join(scratch, 'user-data');
  const extensionsDir = path.join(scratch, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir);
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...options.settings }, null, 2));
  const logFile = options.logFile ?? path.join(scratch, 'code-server.log');
  const logStream = fs.createWriteStream(logFile);

  const args = [
    entry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${options.port ?? 0}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    options.workspace,
  ];
  const child = options.processes.spawn(process.execPath, args, { env: childEnv(options.env), cwd: scratch });
  options.processes.onStop(() => {
    logStream.end();
    fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
  });

  let output = '';
  const listening = new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      logStream.write(chunk);
      output += chunk.toString();
      const match = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`code-server exited before it was ready (${signal ?? `exit ${code}`}):\n${lastLines(output, 30)}`)));
  });
  const startLimit = deadline(60_000);
  const port = await withTimeout(listening, startLimit, `code-server did not start within ${startLimit / 1000} s:\n${lastLines(output, 30)}`);
  const url = `http://127.0.0.1:${port}`;
  await waitForHealthy(url);

  return {
    port,
    url,
    workspace: options.workspace,
    userDataDir,
    logFile,
    workbenchUrl: (o = {}) => workbenchUrl(url, port, options.workspace, o),
    tail: (lines = 40) => lastLines(output, lines),
  };
}

function workbenchUrl(url: string, port: number, folder: string, o: WorkbenchUrlOptions): string {
  const remote = (p: string) => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`;
  const payload: [string, string][] = [];
  if (o.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(o.extensionDevelopmentPath)]);
  if (o.extensionTestsPath) payload.push(['extensionTestsPath', remote(o.extensionTestsPath)]);
  const query = new URLSearchParams({ folder: path.resolve(folder) });
  if (payload.length) query.set('payload', JSON.stringify(payload));
  return `${url}/?${query.toString()}`;
}

async function waitForHealthy(url: string): Promise<void> {
  const until = Date.now() + deadline(30_000);
  for (;;) {
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // Not accepting connections yet.
    }
    if (Date.now() > until) throw new Error(`code-server at ${url} did not answer /healthz in time`);
    await new Promise((r) => setTimeout(r, 100)); // polling interval, not a fixed wait
  }
}

/** The launcher may itself run inside VS Code; its variables would confuse the nested one. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

export function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}
