import * as vscode from 'vscode';
import { LOG_CHANNEL_NAME } from './constants';
import { redact } from './redact';

export class Log implements vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;
  private readonly secrets = new Set<string>();
  /** The last lines written, already redacted (tests search them for secrets). */
  readonly recent: string[] = [];

  constructor(channel?: vscode.LogOutputChannel) {
    this.channel = channel ?? vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  }

  /** Registers a value that must never appear in the log (a client secret or a token). */
  addSecret(value: string | undefined): void {
    if (value) this.secrets.add(value);
  }

  info(message: string): void {
    this.channel.info(this.keep(message));
  }
  warn(message: string): void {
    this.channel.warn(this.keep(message));
  }
  error(message: string): void {
    this.channel.error(this.keep(message));
  }
  debug(message: string): void {
    this.channel.debug(this.keep(message));
  }

  private keep(message: string): string {
    const line = redact(message, this.secrets);
    this.recent.push(line);
    if (this.recent.length > 1000) this.recent.splice(0, this.recent.length - 1000);
    return line;
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
