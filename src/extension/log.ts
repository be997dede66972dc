import * as vscode from 'vscode';
import { LOG_CHANNEL_NAME } from './constants';

/**
 * Removes anything that looks like a credential before a line reaches the channel.
 * Known secrets (registered with addSecret) are replaced verbatim; patterns catch bearer/basic
 * headers, token fields and form-encoded secrets even when we never saw the value.
 */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join('***');
  }
  return out
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 ***')
    .replace(/("?(?:access_token|client_secret|clientSecret|password|token)"?\s*[:=]\s*"?)[^"&\s,}]+/gi, '$1***');
}

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
