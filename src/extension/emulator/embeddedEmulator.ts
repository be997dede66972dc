import * as vscode from 'vscode';
import type { RunningEmulator } from '../../emulator/emulator';
import { Disposable } from '../lifecycle';
import type { Log } from '../log';
import { loadPart } from '../parts';

/** The local emulator of Colt's API, running inside the extension host on demand. */
export class EmbeddedEmulator extends Disposable {
  private running: RunningEmulator | undefined;
  private starting: Promise<RunningEmulator> | undefined;
  private readonly changed = this._register(new vscode.EventEmitter<RunningEmulator | undefined>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: Log) {
    super();
  }

  get url(): string | undefined {
    return this.running?.url;
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** Starts on `port` (0: any free port); when the port is taken, falls back to a free one. */
  start(port: number): Promise<RunningEmulator> {
    if (this.running) return Promise.resolve(this.running);
    this.starting ??= this.listen(port).finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async listen(port: number): Promise<RunningEmulator> {
    const log = (line: string) => this.log.info(`[emulator] ${line}`);
    const { startEmulator } = loadPart('emulator');
    let emulator: RunningEmulator;
    try {
      emulator = await startEmulator({ port, log });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw err;
      this.log.warn(`Port ${port} is taken; starting the emulator on a free port instead.`);
      emulator = await startEmulator({ port: 0, log });
    }
    this.running = emulator;
    this.log.info(`Local emulator listening on ${emulator.url}`);
    this.changed.fire(emulator);
    return emulator;
  }

  async stop(): Promise<boolean> {
    const emulator = this.running ?? (await this.starting?.catch(() => undefined));
    if (!emulator) return false;
    this.running = undefined;
    await emulator.close();
    this.log.info('Local emulator stopped.');
    this.changed.fire(undefined);
    return true;
  }

  override dispose(): void {
    void this.stop();
    super.dispose();
  }
}
