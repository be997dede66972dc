// The parts of undici the client uses, required one by one. undici's index also loads fetch,
// WebSocket, EventSource, its caches and its mocks, about 65 KB more (gzipped) in the .vsix
// (README.md, "Packaging"). The types still come from undici's own declarations.
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as Undici from 'undici';

const DispatcherClass = require('undici/lib/dispatcher/dispatcher') as typeof Undici.Dispatcher;
// What undici's index does: request(), connect() and the rest live on every dispatcher. ProxyAgent
// itself calls connect() on its inner client to open the tunnel.
Object.assign(DispatcherClass.prototype, require('undici/lib/api') as object);

export const Agent = require('undici/lib/dispatcher/agent') as typeof Undici.Agent;
export type Agent = Undici.Agent;
export const ProxyAgent = require('undici/lib/dispatcher/proxy-agent') as typeof Undici.ProxyAgent;
export type Dispatcher = Undici.Dispatcher;

/** undici's request(url, options) for a given dispatcher (the client always names its own). */
export function request(
  url: string,
  options: Omit<Undici.Dispatcher.RequestOptions, 'origin' | 'path'> & { dispatcher: Dispatcher },
): Promise<Undici.Dispatcher.ResponseData> {
  const { dispatcher, ...rest } = options;
  const u = new URL(url);
  return dispatcher.request({ ...rest, origin: u.origin, path: u.pathname + u.search });
}
