import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';

type Cleanup = () => Promise<void> | void;

/**
 * Every process and temporary resource a launcher starts, stopped together on success,
 * failure, timeout, Ctrl-C or SIGTERM. Children are spawned in their own process group so
 * that their own children (code-server's extension host, pty host, file watcher) go too.
 */
export class ProcessGroup {
  private readonly children = new Set<ChildProcess>();
  private readonly cleanups: Cleanup[] = [];
  private stopping: Promise<void> | undefined;

  constructor() {
    // Last resort if the launcher dies without calling stop(): never leave a code-server behind.
    process.on('exit', () => {
      for (const child of this.children) killGroup(child, 'SIGKILL');
    });
  }

  /** Stops everything on Ctrl-C / SIGTERM / SIGHUP, then exits with the conventional code. */
  stopOnSignals(): this {
    const onSignal = (signal: NodeJS.Signals, code: number) => {
      console.error(`\n${signal} received: stopping code-server, Chromium and the emulator...`);
      void this.stop().finally(() => process.exit(code));
    };
    process.once('SIGINT', () => onSignal('SIGINT', 130));
    process.once('SIGTERM', () => onSignal('SIGTERM', 143));
    process.once('SIGHUP', () => onSignal('SIGHUP', 129));
    return this;
  }

  spawn(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options, detached: true });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  /** Runs on stop(), most recently added first (browser before server, server before temp dirs). */
  onStop(cleanup: Cleanup): void {
    this.cleanups.unshift(cleanup);
  }

  stop(): Promise<void> {
    this.stopping ??= this.stopAll();
    return this.stopping;
  }

  private async stopAll(): Promise<void> {
    for (const cleanup of this.cleanups) {
      try {
        await withTimeout(Promise.resolve(cleanup()), 10_000);
      } catch (err) {
        console.error(`cleanup failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    await Promise.all([...this.children].map((child) => terminate(child)));
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** SIGTERM the group, then SIGKILL whatever is still there after a grace period. */
async function terminate(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    killGroup(child, 'SIGKILL'); // the leader exited; its group may not have
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  killGroup(child, 'SIGKILL');
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message = `timed out after ${ms} ms`): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
