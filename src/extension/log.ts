import * as vscode from 'vscode';
import { LOG_CHANNEL_NAME } from './constants';
import { redact } from './redact';

export class Log implements vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;
  private readonly secrets = new Set<string>();

  constructor(channel?: vscode.LogOutputChannel) {
    this.channel = channel ?? vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  }

  /** Registers a value that must never appear in the log (a client secret or a token). */
  addSecret(value: string | undefined): void {
    if (value) this.secrets.add(value);
  }

  info(message: string): void {
    this.channel.info(redact(message, this.secrets));
  }
  warn(message: string): void {
    this.channel.warn(redact(message, this.secrets));
  }
  error(message: string): void {
    this.channel.error(redact(message, this.secrets));
  }
  debug(message: string): void {
    this.channel.debug(redact(message, this.secrets));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
