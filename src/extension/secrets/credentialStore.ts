import * as vscode from 'vscode';
import type { Credentials } from '../../core/coltClient';
import type { TargetName } from '../../core/targets';
import { Disposable } from '../lifecycle';

const KEY_PREFIX = 'coltReactivate.credentials.';

/** Client id and secret per target, in SecretStorage only (never settings or globalState). */
export class CredentialStore extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<TargetName>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly storage: vscode.SecretStorage) {
    super();
    this._register(
      storage.onDidChange((e) => {
        if (e.key.startsWith(KEY_PREFIX)) this.changed.fire(e.key.slice(KEY_PREFIX.length) as TargetName);
      }),
    );
  }

  async get(target: TargetName): Promise<Credentials | undefined> {
    const raw = await this.storage.get(KEY_PREFIX + target);
    if (!raw) return undefined;
    try {
      const value = JSON.parse(raw) as Partial<Credentials>;
      if (typeof value.clientId === 'string' && typeof value.clientSecret === 'string' && value.clientId && value.clientSecret) {
        return { clientId: value.clientId, clientSecret: value.clientSecret };
      }
    } catch {
      // A damaged entry counts as missing: the user is asked again.
    }
    return undefined;
  }

  async has(target: TargetName): Promise<boolean> {
    return (await this.get(target)) !== undefined;
  }

  async set(target: TargetName, credentials: Credentials): Promise<void> {
    await this.storage.store(KEY_PREFIX + target, JSON.stringify(credentials));
  }

  async clear(target: TargetName): Promise<void> {
    await this.storage.delete(KEY_PREFIX + target);
  }
}
