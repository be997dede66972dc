// The local Colt API emulator: a faithful stand-in for Colt's reactivation API for demos and
// tests (docs/colt-api.md says how it plays each rule). Binds 127.0.0.1 only: it accepts a fixed
// credential and must never be reachable from the network.
import { createServer, STATUS_CODES } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ColtEmulator } from './coltEmulator';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from './demoCredentials';
import { coltError } from './httpReplies';
import { buildDemoInventory, DEMO_INVENTORY } from './demoInventory';
import { type Inventory, InventoryStore, parseInventory } from './inventory';

export type { Inventory, InventoryNumber, NumberStatus } from './inventory';
export { InventoryError, loadInventoryFile, parseInventory } from './inventory';
export { DEMO_INVENTORY, numberBlock } from './demoInventory';
export { MAX_NUMBERS_PER_ORDER } from './reactivationRules';
export { ORDER_PATH, TOKEN_PATH } from './coltEmulator';
export { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET };

export const DEFAULT_COMPLETE_AFTER_MS = 3000;
export const DEFAULT_TOKEN_TTL_SECONDS = 1800;

export interface EmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to DEMO_INVENTORY (with its NL dates relative to `now` when `now` is given). */
  inventory?: Inventory;
  clientId?: string;
  clientSecret?: string;
  completeAfterMs?: number;
  /** ISO date that fixes the clock of the business rules (the NL 60-day rule). */
  now?: string;
  tokenTtlSeconds?: number;
  /**
   * Demo mode: a completed order leaves its numbers as they were, so the same request (the
   * seed's example, say) can be submitted again from the form and from the file.
   */
  recycleNumbers?: boolean;
  /** One line per request: method, path, status, milliseconds. Never a token or secret. */
  log?: (line: string) => void;
}

export interface RunningEmulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

function parseNow(now: string | undefined): Date | undefined {
  if (now === undefined) return undefined;
  const time = Date.parse(now);
  if (Number.isNaN(time)) throw new Error(`now: "${now}" is not an ISO date; use a form such as 2026-11-26 or 2026-11-26T12:00:00Z.`);
  return new Date(time);
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const now = parseNow(options.now);
  const inventory = options.inventory ? parseInventory(options.inventory) : now ? buildDemoInventory(now.getTime()) : DEMO_INVENTORY;
  const emulator = new ColtEmulator(
    {
      clientId: options.clientId ?? DEFAULT_CLIENT_ID,
      clientSecret: options.clientSecret ?? DEFAULT_CLIENT_SECRET,
      completeAfterMs: options.completeAfterMs ?? DEFAULT_COMPLETE_AFTER_MS,
      tokenTtlSeconds: options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
      now,
      recycleNumbers: options.recycleNumbers ?? false,
      log: options.log,
    },
    new InventoryStore(inventory),
  );

  const server = createServer({ keepAlive: true }, emulator.handle);
  // Requests Node's parser refuses (an unknown method, broken framing) never reach the handler;
  // answer them like every other error, in Colt's JSON shape, instead of Node's bare 400.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    // A request whose body breaks mid-way already has Node's own answer on the wire: just close
    // (the same check as Node's default handler, on the socket's in-flight response).
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) return void socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const text = JSON.stringify(coltError(status, 'The request is not valid HTTP/1.1 (method, headers or framing). Check the client.').body);
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
    );
  });
  // Clients keep connections for a few seconds; outlive them so no request meets a closing socket.
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${options.port} on 127.0.0.1 is already in use: stop the other process or choose another port (--port 0 picks a free one).`)
          : error,
      );
    };
    server.once('error', onError);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', onError);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        emulator.close();
        server.close(() => resolve());
        // Idle keep-alive connections (and requests held by a delay fault) would keep close() waiting.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

export { EmulatorControl, type EmulatorOrderView, type FaultSpec } from './emulatorControl';
export type { Fault } from './faultQueue';
export type { EmulatorStats } from './coltEmulator';
