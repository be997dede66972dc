import { Agent, ProxyAgent, type Dispatcher } from '../../core/undici';
import { proxyForUrl } from '../../core/coltClient';
import { isLoopbackUrl } from '../../core/targets';

export interface ProxySettings {
  /** VS Code's `http.proxy`; empty means "from the environment", as VS Code itself does. */
  url?: string;
  /** VS Code's `http.proxyStrictSSL`. */
  strictSSL: boolean;
}

/**
 * The dispatcher that makes the client follow VS Code's `http.proxy` and `http.proxyStrictSSL`
 * (a corporate proxy then needs no setup of its own). Loopback targets (the emulator) never go through a proxy.
 */
export function proxyDispatcher(proxy: ProxySettings, baseUrl: string, connectMs: number, env = process.env): Dispatcher | undefined {
  const uri = isLoopbackUrl(baseUrl) ? undefined : proxy.url || proxyForUrl(env, baseUrl);
  const tls = { timeout: connectMs, rejectUnauthorized: proxy.strictSSL };
  if (uri) return new ProxyAgent({ uri, connect: { timeout: connectMs }, proxyTls: tls, requestTls: tls });
  if (!proxy.strictSSL) return new Agent({ connect: tls });
  return undefined; // the client's own direct agent
}

/** The proxy URL without any user:password, for the log. */
export function describeProxy(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return '(unparsable proxy URL)';
  }
}
