import * as vscode from 'vscode';
import { isTargetName, type TargetName } from '../core/targets';
import { Settings } from './constants';
import { Disposable } from './lifecycle';

/** Typed reader over the `coltReactivate.*` settings, mirroring package.json (ARCHITECTURE.md, "A new setting"). */
export class ExtensionSettings extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor() {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(Settings.section)) this.changed.fire();
      }),
    );
  }

  private get config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(Settings.section);
  }

  get target(): TargetName {
    // Application scope: VS Code ignores workspace and folder values for this setting, so a
    // cloned repository can never switch the user to production.
    const value = this.config.get<string>(Settings.target, 'sandbox');
    return isTargetName(value) ? value : 'sandbox';
  }

  async setTarget(target: TargetName): Promise<void> {
    await this.config.update(Settings.target, target, vscode.ConfigurationTarget.Global);
  }

  get requestTimeoutSeconds(): number {
    return positive(this.config.get<number>(Settings.requestTimeoutSeconds), 30);
  }

  get statusPollSeconds(): number {
    return positive(this.config.get<number>(Settings.statusPollSeconds), 5);
  }

  get emulatorPort(): number {
    const port = this.config.get<number>(Settings.emulatorPort, 4010);
    return Number.isInteger(port) && port >= 0 && port <= 65535 ? port : 4010;
  }

  get maxNumbersPerRange(): number {
    return positive(this.config.get<number>(Settings.maxNumbersPerRange), 1000);
  }

  get maxNumbersPerOrder(): number {
    return positive(this.config.get<number>(Settings.maxNumbersPerOrder), 10_000);
  }

  /** VS Code's own proxy settings, which the client follows, so a corporate proxy needs no setup of its own. */
  get proxy(): { url?: string; strictSSL: boolean } {
    const http = vscode.workspace.getConfiguration('http');
    const url = http.get<string>('proxy')?.trim();
    return { url: url || undefined, strictSSL: http.get<boolean>('proxyStrictSSL', true) };
  }
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}
