// Part "client" (src/extension/parts.ts): the HTTP client and undici, loaded by the first request
// to a target (a submission, a status check, a credentials check).
import type { Dispatcher } from 'undici';
import { ColtClient, type Credentials } from '../../core/coltClient';
import type { TargetName } from '../../core/targets';
import { describeProxy, proxyDispatcher, type ProxySettings } from '../targets/proxyDispatcher';

export interface ClientOptions {
  target: TargetName;
  baseUrl: string;
  credentials: () => Promise<Credentials | undefined>;
  proxy: ProxySettings;
  timeoutMs: number;
  log: (entry: { level: 'info' | 'warn' | 'error'; message: string }) => void;
}

/** A client that follows VS Code's proxy settings, with the dispatcher its owner closes. */
export function buildClient(o: ClientOptions): { client: ColtClient; dispatcher?: Dispatcher } {
  if (o.proxy.url) o.log({ level: 'info', message: `Using proxy ${describeProxy(o.proxy.url)} (strictSSL ${o.proxy.strictSSL}) for ${o.baseUrl}` });
  const dispatcher = proxyDispatcher(o.proxy, o.baseUrl, o.timeoutMs);
  const client = new ColtClient({
    target: o.target,
    baseUrl: o.baseUrl,
    credentials: o.credentials,
    dispatcher,
    timeouts: { connectMs: o.timeoutMs, headersMs: o.timeoutMs, bodyMs: o.timeoutMs },
    log: o.log,
  });
  return { client, dispatcher };
}
