// The Colt API client (docs/colt-api.md): OAuth client credentials, the reactivate order POST,
// and the assumed status lookup. The one rule that shapes it: an order POST is never repeated
// blindly. When the request may have reached Colt and no definite answer came back, the outcome
// is 'unknown', and the way to find out is to resubmit with the SAME tracking id: if Colt already
// has the order it should answer 409 with its id (as the emulator does; not documented by Colt).
// The single exception is a 401, which proves the order was not taken: the token is dropped and
// the POST goes once more with the same tracking id.
import { Agent, ProxyAgent, request, type Dispatcher } from './undici';
import { errorBodySchema, orderAnswerSchema, orderStatusAnswerSchema, tokenAnswerSchema, type ErrorBody } from './answerSchemas';
import type { ReactivationRequest } from './schemas';
import { API_PATHS, resolveBaseUrl, TARGETS, type TargetName } from './targets';
import { defaultTokenCache, tokenCacheKey, tokenFromAnswer, type CachedToken, type TokenCache } from './tokenCache';
import { newTrackingId } from './trackingId';

export { newTrackingId };

export interface Credentials {
  clientId: string;
  clientSecret: string;
}

export interface ClientTimeouts {
  connectMs?: number;
  headersMs?: number;
  bodyMs?: number;
}

export const DEFAULT_TIMEOUTS: Required<ClientTimeouts> = { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000 };

export interface ColtClientOptions {
  target: TargetName;
  baseUrl?: string;
  credentials: () => Promise<Credentials | undefined>;
  /** For proxies. The connect timeout is then the dispatcher's own (see proxyDispatcherFromEnv). */
  dispatcher?: Dispatcher;
  timeouts?: ClientTimeouts;
  /** Lines are already redacted: method, path, status, time; never a token or secret. */
  log?: (entry: { level: 'info' | 'warn' | 'error'; message: string }) => void;
  /** Defaults to one cache per process, keyed by target, base URL and client id. */
  tokenCache?: TokenCache;
}

export type SubmitOutcome =
  | { kind: 'accepted'; trackingId: string; orderId: string }
  | { kind: 'rejected'; trackingId: string; httpStatus: number; code?: string; message: string; existingOrderId?: string }
  | { kind: 'unknown'; trackingId: string; message: string };

export type StatusOutcome = { kind: 'status'; orderStatus: string } | { kind: 'unavailable'; httpStatus: number } | { kind: 'error'; message: string };

export class MissingCredentialsError extends Error {
  constructor(target: TargetName) {
    super(
      `No client id and secret are set for ${TARGETS[target].label}: set them first (Set Credentials, or COLT_CLIENT_ID and COLT_CLIENT_SECRET for the command line).`,
    );
    this.name = 'MissingCredentialsError';
  }
}

/** The token could not be had; nothing reached the order endpoint. */
export class TokenError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

/** A transport failure, sorted by whether the request can have reached the server. */
class TransportError extends Error {
  constructor(
    readonly sent: 'no' | 'maybe',
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

interface HttpAnswer {
  status: number;
  text: string;
}

const CANCELLED = 'cancelled';

export class ColtClient {
  readonly target: TargetName;
  readonly baseUrl: string;
  private readonly timeouts: Required<ClientTimeouts>;
  private readonly tokens: TokenCache;
  private ownDispatcher?: Agent;

  constructor(private readonly options: ColtClientOptions) {
    this.target = options.target;
    this.baseUrl = resolveBaseUrl(options.target, options.baseUrl);
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...definedOnly(options.timeouts ?? {}) };
    this.tokens = options.tokenCache ?? defaultTokenCache;
  }

  async submitOrder(body: ReactivationRequest, o: { trackingId: string; signal?: AbortSignal }): Promise<SubmitOutcome> {
    const { trackingId, signal } = o;
    const json = JSON.stringify(stripSchemaKey(body));
    for (let attempt = 1; ; attempt++) {
      const auth = await this.tokenOrFailure(signal);
      if ('failure' in auth) return { kind: 'rejected', trackingId, httpStatus: 0, message: auth.failure };
      if (signal?.aborted) return { kind: 'rejected', trackingId, httpStatus: 0, message: CANCELLED };
      let answer: HttpAnswer;
      try {
        answer = await this.send('POST', API_PATHS.order, {
          headers: {
            authorization: `Bearer ${auth.token.accessToken}`,
            'content-type': 'application/json',
            accept: 'application/json',
            'x-tracking-id': trackingId,
          },
          body: json,
          signal,
          extra: `x-tracking-id ${trackingId}`,
        });
      } catch (error) {
        return this.transportOutcome(error, trackingId);
      }
      if (answer.status === 401 && attempt === 1) {
        // A 401 proves the order was not taken, so this one retry cannot duplicate it.
        this.tokens.invalidate(this.cacheKey(auth.clientId), auth.token.accessToken);
        continue;
      }
      return submitOutcomeFromAnswer(answer, trackingId, this.target);
    }
  }

  async getOrderStatus(orderId: string, o: { signal?: AbortSignal } = {}): Promise<StatusOutcome> {
    for (let attempt = 1; ; attempt++) {
      const auth = await this.tokenOrFailure(o.signal);
      if ('failure' in auth) return { kind: 'error', message: auth.failure };
      let answer: HttpAnswer;
      try {
        answer = await this.send('GET', API_PATHS.orderStatus(orderId), {
          headers: { authorization: `Bearer ${auth.token.accessToken}`, accept: 'application/json', 'x-tracking-id': newTrackingId() },
          signal: o.signal,
        });
      } catch (error) {
        return { kind: 'error', message: o.signal?.aborted ? CANCELLED : `Could not read the status of order ${orderId}: ${describeError(error)}.` };
      }
      if (answer.status === 401 && attempt === 1) {
        this.tokens.invalidate(this.cacheKey(auth.clientId), auth.token.accessToken);
        continue;
      }
      return statusOutcomeFromAnswer(answer, orderId, this.target);
    }
  }

  async checkCredentials(o: { signal?: AbortSignal } = {}): Promise<{ ok: true } | { ok: false; message: string }> {
    const credentials = await this.options.credentials();
    if (!credentials) return { ok: false, message: new MissingCredentialsError(this.target).message };
    try {
      // Always a fresh token: a cached one would not prove that the secret still works.
      await this.fetchToken(credentials, o.signal);
      return { ok: true };
    } catch (error) {
      return { ok: false, message: o.signal?.aborted ? CANCELLED : error instanceof TokenError ? error.message : describeError(error) };
    }
  }

  /** Releases the connections this client opened itself (an injected dispatcher is the caller's). */
  async close(): Promise<void> {
    const own = this.ownDispatcher;
    this.ownDispatcher = undefined;
    await own?.close();
  }

  private async tokenOrFailure(signal?: AbortSignal): Promise<{ token: CachedToken; clientId: string } | { failure: string }> {
    if (signal?.aborted) return { failure: CANCELLED };
    let credentials: Credentials | undefined;
    try {
      credentials = await this.options.credentials();
    } catch (error) {
      return { failure: `Could not read the credentials for ${TARGETS[this.target].label}: ${describeError(error)}.` };
    }
    if (!credentials || !credentials.clientId || !credentials.clientSecret) return { failure: new MissingCredentialsError(this.target).message };
    const found = credentials;
    try {
      // The shared refresh is not tied to one caller's signal: cancelling one order must not fail the others.
      const token = await untilAborted(
        this.tokens.get(this.cacheKey(found.clientId), () => this.fetchToken(found)),
        signal,
      );
      return { token, clientId: found.clientId };
    } catch (error) {
      if (signal?.aborted) return { failure: CANCELLED };
      return { failure: error instanceof TokenError ? error.message : `Could not get a token from ${TARGETS[this.target].label}: ${describeError(error)}.` };
    }
  }

  private async fetchToken(credentials: Credentials, signal?: AbortSignal): Promise<CachedToken> {
    const label = TARGETS[this.target].label;
    const basic = Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`, 'utf8').toString('base64');
    let answer: HttpAnswer;
    try {
      answer = await this.send('POST', API_PATHS.token, {
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          'x-tracking-id': newTrackingId(),
        },
        body: 'grant_type=client_credentials',
        signal,
      });
    } catch (error) {
      throw new TokenError(`Could not reach ${label} at ${this.baseUrl} for a token: ${describeError(error)}. Check the connection and try again.`, 0);
    }
    const err = answer.status < 200 || answer.status > 299 ? parseErrorBody(answer.text) : undefined;
    // RFC 6749 (section 5.2) lets a server refuse the client's credentials with 400 invalid_client, not only 401.
    if (answer.status === 401 || answer.status === 403 || (answer.status === 400 && err?.error === 'invalid_client')) {
      throw new TokenError(
        `Colt refused the client id or secret for ${label}: check them (Colt: Set Credentials in VS Code; COLT_CLIENT_ID and COLT_CLIENT_SECRET for the command line).`,
        answer.status,
      );
    }
    if (answer.status < 200 || answer.status > 299) {
      const words = errorWords(err);
      // Say what to do next unless Colt's own message already does.
      const next = words && /try again/i.test(words) ? '' : answer.status >= 500 ? ' Try again later.' : ' Check the target and the credentials.';
      throw new TokenError(`${label} did not issue a token (HTTP ${answer.status}${words ? `: ${words}` : ''}).${next}`, answer.status);
    }
    const parsed = tokenAnswerSchema.safeParse(parseJson(answer.text));
    if (!parsed.success) throw new TokenError(unusableTokenMessage(label, answer.status, parsed.error.issues[0]), answer.status);
    return tokenFromAnswer(parsed.data.access_token, parsed.data.expires_in, Date.now());
  }

  private async send(
    method: 'GET' | 'POST',
    path: string,
    o: { headers: Record<string, string>; body?: string; signal?: AbortSignal; extra?: string },
  ): Promise<HttpAnswer> {
    const started = performance.now();
    const line = (status: string) => `${method} ${path} ${status} ${Math.round(performance.now() - started)} ms${o.extra ? ` (${o.extra})` : ''}`;
    try {
      const response = await request(this.baseUrl + path, {
        method,
        headers: o.headers,
        body: o.body,
        signal: o.signal,
        dispatcher: this.dispatcher(),
        headersTimeout: this.timeouts.headersMs,
        bodyTimeout: this.timeouts.bodyMs,
      });
      const text = await response.body.text();
      const status = response.statusCode;
      this.log(status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info', line(String(status)));
      return { status, text };
    } catch (error) {
      const failure = classifyTransportError(error, o.signal);
      this.log('error', line(`failed: ${failure.message}`));
      throw failure;
    }
  }

  private dispatcher(): Dispatcher {
    if (this.options.dispatcher) return this.options.dispatcher;
    this.ownDispatcher ??= new Agent({ connect: { timeout: this.timeouts.connectMs } });
    return this.ownDispatcher;
  }

  private cacheKey(clientId: string): string {
    return tokenCacheKey(this.target, this.baseUrl, clientId);
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    this.options.log?.({ level, message });
  }

  private transportOutcome(error: unknown, trackingId: string): SubmitOutcome {
    const failure = error instanceof TransportError ? error : classifyTransportError(error);
    if (failure.sent === 'no') {
      return { kind: 'rejected', trackingId, httpStatus: 0, message: `The order was not sent: ${failure.message}.` };
    }
    return { kind: 'unknown', trackingId, message: unknownMessage(failure.message, trackingId) };
  }
}

export function unknownMessage(reason: string, trackingId: string): string {
  return (
    `No definite answer from Colt (${reason}): the order may exist. ` +
    `To find out, resubmit the same request with the same tracking id ${trackingId}: if Colt already has this order it should answer 409 with its id ` +
    `(as the emulator does; not documented by Colt); if not, the order is placed once.`
  );
}

/** Connection failures that happen before a single byte of the request can have left. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_INVALID_ARG',
  'ERR_INVALID_URL',
  'UND_ERR_PRX_TLS',
  'UND_ERR_SOCKS5',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  const visit = (e: unknown, depth: number) => {
    if (!e || typeof e !== 'object' || depth > 3) return;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    visit((e as { cause?: unknown }).cause, depth + 1);
    // Node's happy-eyeballs connect reports every address it tried in an AggregateError.
    const inner = (e as { errors?: unknown }).errors;
    if (Array.isArray(inner)) for (const i of inner) visit(i, depth + 1);
  };
  visit(error, 0);
  return codes;
}

function classifyTransportError(error: unknown, signal?: AbortSignal): TransportError {
  if (error instanceof TransportError) return error;
  if (signal?.aborted) return new TransportError('maybe', 'cancelled while the request was in flight');
  const codes = errorCodes(error);
  const message = error instanceof Error ? error.message : String(error);
  if (codes.length > 0 && codes.every((c) => NOT_SENT_CODES.has(c) || c.startsWith('ERR_SSL_'))) {
    return new TransportError('no', describeCodes(codes, message));
  }
  // A proxy that refuses the tunnel answers before our request is written.
  if (/^Proxy response \(\d+\)/.test(message)) return new TransportError('no', message);
  if (codes.includes('UND_ERR_HEADERS_TIMEOUT')) return new TransportError('maybe', 'no answer before the time limit');
  if (codes.includes('UND_ERR_BODY_TIMEOUT')) return new TransportError('maybe', 'the answer stopped arriving before the time limit');
  if (codes.includes('UND_ERR_SOCKET') || codes.includes('ECONNRESET') || codes.includes('EPIPE')) {
    return new TransportError('maybe', 'the connection was closed before an answer arrived');
  }
  return new TransportError('maybe', message || 'the request failed');
}

function describeCodes(codes: string[], fallback: string): string {
  if (codes.includes('ECONNREFUSED')) return 'the connection was refused (is the server running, is the URL right?)';
  if (codes.includes('ENOTFOUND') || codes.includes('EAI_AGAIN')) return 'the host name could not be resolved';
  if (codes.includes('UND_ERR_CONNECT_TIMEOUT')) return 'the connection could not be made in time';
  if (codes.includes('EHOSTUNREACH') || codes.includes('ENETUNREACH')) return 'the network or host is unreachable';
  return fallback;
}

function describeError(error: unknown): string {
  if (error instanceof TransportError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** Why a 2xx token answer cannot be used, and what to do next. */
function unusableTokenMessage(label: string, status: number, issue: { path: readonly PropertyKey[]; message: string } | undefined): string {
  // An issue without a path is about the whole answer: not JSON, or not an object.
  const what = issue?.path.length ? issue.message : 'with something that is not a token';
  const next =
    issue?.path[0] === 'token_type'
      ? "Check the target's base URL: it should lead to Colt's token endpoint."
      : "Try again later; if it persists, check the target's base URL.";
  return `${label} answered the token request ${what} (HTTP ${status}). ${next}`;
}

function submitOutcomeFromAnswer(answer: HttpAnswer, trackingId: string, target: TargetName): SubmitOutcome {
  if (answer.status >= 200 && answer.status <= 299) {
    const parsed = orderAnswerSchema.safeParse(parseJson(answer.text));
    if (parsed.success) return { kind: 'accepted', trackingId, orderId: parsed.data.order.id };
    // Colt said yes but we cannot read the order id: the order most likely exists.
    return { kind: 'unknown', trackingId, message: unknownMessage(`HTTP ${answer.status} with an answer that could not be read`, trackingId) };
  }
  if (answer.status === 502 || answer.status === 504) {
    // A gateway gave up on Colt, which may have taken the order all the same.
    return { kind: 'unknown', trackingId, message: unknownMessage(`HTTP ${answer.status} from a gateway`, trackingId) };
  }
  const body = parseErrorBody(answer.text);
  const existingOrderId = answer.status === 409 ? existingOrderIdFrom(answer.text) : undefined;
  const outcome: SubmitOutcome = {
    kind: 'rejected',
    trackingId,
    httpStatus: answer.status,
    message: errorMessage(answer.status, body, target, trackingId),
  };
  if (body?.code !== undefined) outcome.code = String(body.code);
  if (existingOrderId) outcome.existingOrderId = existingOrderId;
  return outcome;
}

function statusOutcomeFromAnswer(answer: HttpAnswer, orderId: string, target: TargetName): StatusOutcome {
  if (answer.status === 404 || answer.status === 405) return { kind: 'unavailable', httpStatus: answer.status };
  if (answer.status >= 200 && answer.status <= 299) {
    const parsed = orderStatusAnswerSchema.safeParse(parseJson(answer.text));
    if (!parsed.success)
      return { kind: 'error', message: `${TARGETS[target].label} answered the status of order ${orderId} with something unreadable (HTTP ${answer.status}).` };
    // Another order's status, taken for this one, could show it completed or failed when it is not.
    if (parsed.data.order.id !== orderId) {
      return {
        kind: 'error',
        message: `${TARGETS[target].label} answered the status of order ${orderId} with the status of order ${parsed.data.order.id}; it was not used.`,
      };
    }
    return { kind: 'status', orderStatus: parsed.data.order.orderStatus };
  }
  return { kind: 'error', message: `Could not read the status of order ${orderId}: ${errorMessage(answer.status, parseErrorBody(answer.text), target)}` };
}

function errorMessage(status: number, body: ErrorBody | undefined, target: TargetName, trackingId?: string): string {
  const label = TARGETS[target].label;
  const text = errorWords(body) ?? `HTTP ${status}`;
  const details = detailsText(body?.details, text);
  const hint =
    status === 401
      ? ' Check the client id and secret (Colt: Set Credentials in VS Code; COLT_CLIENT_ID and COLT_CLIENT_SECRET for the command line).'
      : status === 409
        ? // Never "submit anew": if the order does exist, a new tracking id would place it twice.
          ` Colt reports an order under this tracking id already: look that order up before sending again, by asking Colt about tracking id ${trackingId ?? '(the one sent)'} before doing anything else; a new submission could place the same numbers twice.`
        : status >= 500
          ? ` ${label} had a problem; try again later.`
          : '';
  return `${label} refused the order (HTTP ${status}): ${text}${details}${hint}`;
}

function detailsText(details: unknown, alreadySaid: string): string {
  if (!Array.isArray(details) || details.length === 0) return '';
  const items = details
    .map((d) =>
      typeof d === 'string'
        ? d
        : d && typeof d === 'object' && typeof (d as { message?: unknown }).message === 'string'
          ? (d as { message: string }).message
          : undefined,
    )
    .filter((d): d is string => !!d && !alreadySaid.includes(d));
  if (items.length === 0) return '';
  const shown = items.slice(0, 3).join('; ');
  return ` (${shown}${items.length > 3 ? `; and ${items.length - 3} more` : ''})`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** An error body in Colt's, TM Forum's or OAuth's shape; else a short plain text (or JSON string) as its message. */
function parseErrorBody(text: string): ErrorBody | undefined {
  const json = parseJson(text);
  const parsed = errorBodySchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const message = json === undefined || typeof json === 'string' ? plainTextMessage(json ?? text) : undefined;
  return message ? { message } : undefined;
}

const MAX_PLAIN_TEXT_ERROR = 200;

/**
 * A gateway's plain-text error ("Service Unavailable", say), if it is one short line. An HTML
 * page, a stack trace or anything longer is not shown: the HTTP status says enough.
 */
function plainTextMessage(text: string): string | undefined {
  const line = text.trim();
  if (line === '' || line.length > MAX_PLAIN_TEXT_ERROR || line.startsWith('<')) return undefined;
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for: a line holding one is not plain text.
  return /[\u0000-\u001f\u007f]/.test(line) ? undefined : line;
}

/** What the error body says, in the words most meant for people first. */
function errorWords(body: ErrorBody | undefined): string | undefined {
  const candidates = [body?.message, body?.error_description, body?.reason, body?.error];
  return candidates.find((text): text is string => text !== undefined && text.trim() !== '');
}

/** The id in a 409's `{"order": {"id": ...}}`, read as strictly as an accepted order's. */
function existingOrderIdFrom(text: string): string | undefined {
  const parsed = orderAnswerSchema.safeParse(parseJson(text));
  return parsed.success ? parsed.data.order.id : undefined;
}

function stripSchemaKey(body: ReactivationRequest): ReactivationRequest {
  const { $schema: _ignored, ...rest } = body as ReactivationRequest & { $schema?: unknown };
  return rest;
}

/** Settles with `promise`, or rejects as soon as `signal` aborts (the promise itself keeps running for others). */
function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error(CANCELLED));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The proxy for `targetUrl` from HTTPS_PROXY / HTTP_PROXY (either case) unless NO_PROXY matches.
 * Loopback is never proxied: the emulator runs beside the user, and a corporate proxy cannot reach it.
 */
export function proxyForUrl(env: Readonly<Record<string, string | undefined>>, targetUrl: string): string | undefined {
  const url = new URL(targetUrl);
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === '::1' || /^127\./.test(host)) return undefined;
  const pick = (...names: string[]) =>
    names
      .map((n) => env[n])
      .find((v) => v !== undefined && v.trim() !== '')
      ?.trim();
  const proxy = url.protocol === 'https:' ? pick('HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy') : pick('HTTP_PROXY', 'http_proxy');
  if (!proxy) return undefined;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return noProxyMatches(pick('NO_PROXY', 'no_proxy') ?? '', host, port) ? undefined : proxy;
}

function noProxyMatches(noProxy: string, host: string, port: string): boolean {
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const m = /^(.*?)(?::(\d+))?$/.exec(entry)!;
    const name = m[1]!.replace(/^\*?\./, '');
    if (m[2] && m[2] !== port) continue;
    if (host === name || host.endsWith('.' + name)) return true;
  }
  return false;
}

/** The dispatcher the command line uses: through the proxy from the environment, or direct. */
export function proxyDispatcherFromEnv(env: Readonly<Record<string, string | undefined>>, targetUrl: string, o: { connectMs?: number } = {}): Dispatcher {
  const connect = { timeout: o.connectMs ?? DEFAULT_TIMEOUTS.connectMs };
  const proxy = proxyForUrl(env, targetUrl);
  return proxy ? new ProxyAgent({ uri: proxy, connect, proxyTls: connect, requestTls: connect }) : new Agent({ connect });
}
