// Small HTTP helpers for the emulator: Colt-shaped error bodies and bounded body reading.
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const ERROR_CODES: Record<number, string> = {
  400: 'INVALID_REQUEST',
  401: 'UNAUTHORIZED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'DUPLICATE_TRACKING_ID',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'REACTIVATION_NOT_ALLOWED',
  500: 'INTERNAL_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

/** Colt's error body: {code, reason, message, status[, details]}, plus any extra fields (409's order). */
export function coltError(status: number, message: string, extra: Record<string, unknown> = {}): Reply {
  return {
    status,
    body: { code: ERROR_CODES[status] ?? `HTTP_${status}`, reason: STATUS_CODES[status] ?? 'Error', message, status, ...extra },
  };
}

export function sendReply(res: ServerResponse, reply: Reply, rawBody?: string): void {
  const text = rawBody ?? JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...reply.headers,
  });
  res.end(text);
}

/** A JSON text cut in half: what a proxy or a crashing server may deliver with a 2xx status. */
export function malformedJson(reply: Reply): string {
  const text = JSON.stringify(reply.body);
  return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
}

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage, limitBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new BodyTooLargeError(`The body is larger than ${limitBytes} bytes.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function mediaType(req: IncomingMessage): string | undefined {
  const header = req.headers['content-type'];
  return header?.split(';')[0]?.trim().toLowerCase() || undefined;
}
