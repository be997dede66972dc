// The emulator's request handling: Colt's three endpoints plus the test-only /__emulator/ ones.
// Handlers return a Reply instead of writing it, so that injected faults can act after the
// order is stored (reset, delay, malformed JSON) exactly where a real network would fail.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { compareE164 } from '../core/e164';
import { quoted, quotedList } from '../core/excerpt';
import { findTooDeepNesting, MAX_NESTING_DEPTH } from '../core/jsonNesting';
import { requestBodySchema, trackingIdSchema } from '../core/schemas';
import { type Fault, type FaultEndpoint, FaultQueue, faultsRequestSchema, OMIT } from './faultQueue';
import { BodyTooLargeError, coltError, malformedJson, mediaType, readBody, type Reply, sendReply } from './httpReplies';
import { formatPath, type InventoryStore } from './inventory';
import { OrderBook } from './orderBook';
import { checkReactivation } from './reactivationRules';
import { TokenStore } from './tokenStore';

export const TOKEN_PATH = '/authentication/v1/oauth/token';
export const ORDER_PATH = '/numberManagement/v1/reactivate/order';
const CONTROL_PREFIX = '/__emulator/';
const MAX_ORDER_BODY_BYTES = 8 * 1024 * 1024;
const MAX_SMALL_BODY_BYTES = 64 * 1024;

export interface EmulatorConfig {
  clientId: string;
  clientSecret: string;
  completeAfterMs: number;
  tokenTtlSeconds: number;
  /** Fixed clock for the business rules; undefined means the real clock. */
  now?: Date;
  /** Completed orders leave their numbers' statuses unchanged (demo mode). */
  recycleNumbers?: boolean;
  log?: (line: string) => void;
}

export interface EmulatorStats {
  tokenRequests: number;
  orderRequests: number;
  statusRequests: number;
}

const STAT_OF: Record<FaultEndpoint, keyof EmulatorStats> = { token: 'tokenRequests', order: 'orderRequests', status: 'statusRequests' };

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

interface Issue {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
  keys?: readonly string[];
}

/** Zod's words, but unknown keys, which are the client's own text and may be huge, quoted short. */
function issueMessage(issue: Issue): string {
  if (issue.code !== 'unrecognized_keys' || !issue.keys) return issue.message;
  return issue.keys.length === 1 ? `Unknown field ${quotedList(issue.keys)}: remove it.` : `Unknown fields ${quotedList(issue.keys)}: remove them.`;
}

function zodReply(error: { issues: readonly Issue[] }, root: string): Reply {
  const details = error.issues.map((i) => ({ field: i.path.length ? formatPath(i.path) : root, message: issueMessage(i) }));
  const first = details[0]!;
  const more = details.length > 1 ? ` (and ${details.length - 1} more problem(s), see details)` : '';
  return coltError(400, `${first.field}: ${first.message}${more}`, { details });
}

/** Colt's token answer, reshaped by a tokenAnswer fault into what another OAuth server may send. */
function tokenAnswerBody(token: string, expiresIn: number, shape?: Extract<Fault, { kind: 'tokenAnswer' }>): Record<string, unknown> {
  const body: Record<string, unknown> = {
    ...shape?.extraFields,
    access_token: shape?.accessToken === 'empty' ? '' : shape?.accessToken === OMIT ? OMIT : token,
    token_type: shape?.tokenType ?? 'Bearer',
    expires_in: shape?.expiresIn ?? expiresIn,
  };
  for (const key of ['access_token', 'token_type', 'expires_in']) if (body[key] === OMIT) delete body[key];
  return body;
}

/** An answer fault's answer, exactly as queued. */
function sendAnswer(res: ServerResponse, fault: Extract<Fault, { kind: 'answer' }>): void {
  sendReply(res, { status: fault.status, body: undefined, headers: { 'content-type': fault.contentType } }, fault.body);
}

export class ColtEmulator {
  readonly faults = new FaultQueue();
  readonly orders: OrderBook;
  readonly stats: EmulatorStats = { tokenRequests: 0, orderRequests: 0, statusRequests: 0 };
  private readonly tokens: TokenStore;
  /** Pending delay faults, each with the way to end it early (release-delays). */
  private readonly sleeps = new Map<NodeJS.Timeout, () => void>();

  constructor(
    private readonly config: EmulatorConfig,
    private readonly inventory: InventoryStore,
  ) {
    this.tokens = new TokenStore(config.tokenTtlSeconds);
    this.orders = new OrderBook(inventory, config.completeAfterMs, config.recycleNumbers ?? false);
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    void this.dispatch(req, res);
  };

  close(): void {
    this.orders.close();
    for (const t of this.sleeps.keys()) clearTimeout(t);
    this.sleeps.clear();
  }

  /**
   * Ends every pending delay fault now. A test holds a request with a long delay and releases it
   * once it has done what must happen meanwhile, instead of racing a short delay.
   */
  releaseDelays(): number {
    const pending = [...this.sleeps];
    this.sleeps.clear();
    for (const [timer, resolve] of pending) {
      clearTimeout(timer);
      resolve();
    }
    return pending.length;
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    const log = this.config.log;
    if (log) {
      const started = performance.now();
      // Method, path, status and time only: headers (tokens, Basic credentials) are never logged.
      res.once('close', () => {
        const status = res.writableFinished ? String(res.statusCode) : 'reset';
        log(`${req.method} ${path} ${status} ${(performance.now() - started).toFixed(1)}ms`);
      });
    }
    try {
      await this.route(req, res, path);
    } catch (error) {
      // Whatever went wrong, answer like Colt would and keep serving.
      log?.(`internal error on ${req.method} ${path}: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent && !res.destroyed) {
        sendReply(res, coltError(500, 'The emulator failed to process this request. Try again; if it keeps failing, restart the emulator.'));
      } else {
        res.destroy();
      }
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (path === TOKEN_PATH) return this.endpoint(req, res, 'token', 'POST', (fault) => this.token(req, fault));
    if (path === ORDER_PATH) return this.endpoint(req, res, 'order', 'POST', () => this.order(req));
    if (path.startsWith(ORDER_PATH + '/')) {
      return this.endpoint(req, res, 'status', 'GET', () => this.status(req, path.slice(ORDER_PATH.length + 1)));
    }
    if (path.startsWith(CONTROL_PREFIX)) return sendReply(res, await this.control(req, path.slice(CONTROL_PREFIX.length)));
    sendReply(res, coltError(404, `No such endpoint: ${req.method} ${path}.`));
  }

  private async endpoint(
    req: IncomingMessage,
    res: ServerResponse,
    name: FaultEndpoint,
    method: string,
    handler: (fault: Fault | undefined) => Promise<Reply>,
  ): Promise<void> {
    this.stats[STAT_OF[name]]++;
    if (req.method !== method) {
      return sendReply(res, { ...coltError(405, `Use ${method} on ${(req.url ?? '').split('?')[0]}.`), headers: { allow: method } });
    }
    const fault: Fault | undefined = this.faults.take(name);
    if (fault?.kind === 'status') {
      const message = fault.status === 503 ? 'The service is temporarily unavailable. Try again later.' : 'The service failed to process the request.';
      return sendReply(res, coltError(fault.status, `${message} (fault injected by the emulator)`));
    }
    if (fault?.kind === 'answer' && fault.stage === 'beforeStore') return sendAnswer(res, fault);
    if (fault?.kind === 'delay' && fault.stage === 'beforeStore') await this.sleep(fault.ms);
    if (fault?.kind === 'reset' && fault.stage === 'beforeStore') {
      // Read the request first: the client has sent everything, and then the connection dies.
      await readBody(req, MAX_ORDER_BODY_BYTES).catch(() => '');
      req.socket.destroy();
      return;
    }
    const reply = await handler(fault);
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'delay' && fault.stage === 'afterStore') await this.sleep(fault.ms);
    if (res.destroyed) return;
    if (fault?.kind === 'answer') return sendAnswer(res, fault);
    sendReply(res, reply, fault?.kind === 'malformedJson' ? malformedJson(reply) : undefined);
  }

  private sleep(ms: number): Promise<void> {
    // Cleared on close(): a pending delay must not hold the emulator open.
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sleeps.delete(timer);
        resolve();
      }, ms);
      timer.unref();
      this.sleeps.set(timer, resolve);
    });
  }

  private async body(req: IncomingMessage, limit: number): Promise<string | Reply> {
    try {
      return await readBody(req, limit);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return coltError(413, `${error.message} Send fewer ranges per order.`);
      throw error;
    }
  }

  // --- POST /authentication/v1/oauth/token -------------------------------------------------

  private async token(req: IncomingMessage, fault: Fault | undefined): Promise<Reply> {
    const body = await this.body(req, MAX_SMALL_BODY_BYTES);
    if (typeof body !== 'string') return body;
    const authFailure = this.checkBasic(req.headers.authorization);
    if (authFailure) return { ...coltError(401, authFailure), headers: { 'www-authenticate': 'Basic realm="colt"' } };
    if (mediaType(req) !== 'application/x-www-form-urlencoded') {
      return coltError(415, 'The token request must be sent as Content-Type: application/x-www-form-urlencoded with grant_type=client_credentials.');
    }
    const trackingFailure = this.checkTrackingId(req);
    if (typeof trackingFailure !== 'string') return trackingFailure;
    const grantType = new URLSearchParams(body).get('grant_type');
    if (grantType !== 'client_credentials') {
      return coltError(400, `grant_type: must be "client_credentials"${grantType ? `, not ${quoted(grantType)}` : ' (it is missing)'}.`);
    }
    const shape = fault?.kind === 'tokenAnswer' ? fault : undefined;
    const { token, expiresIn } = this.tokens.issue(shape?.accessToken === 'jwt' ? 'jwt' : 'opaque');
    return { status: 200, body: tokenAnswerBody(token, expiresIn, shape), headers: { 'cache-control': 'no-store' } };
  }

  /** A reason for refusing, or undefined when the Basic credentials are the accepted ones. */
  private checkBasic(header: string | undefined): string | undefined {
    const match = header ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
    if (!match) return 'Client authentication required: send Authorization: Basic base64(client_id:client_secret). Only HTTP Basic is accepted.';
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0) {
      const id = decoded.slice(0, colon);
      const secret = decoded.slice(colon + 1);
      if (sameSecret(id, this.config.clientId) && sameSecret(secret, this.config.clientSecret)) return undefined;
      // RFC 6749 lets clients form-encode both parts first.
      try {
        if (sameSecret(decodeURIComponent(id), this.config.clientId) && sameSecret(decodeURIComponent(secret), this.config.clientSecret)) return undefined;
      } catch {
        // not form-encoded: fall through to the refusal
      }
    }
    return 'Client authentication failed: the client id or secret is wrong. Check the credentials for this target.';
  }

  /** The tracking id, or a 400 reply. */
  private checkTrackingId(req: IncomingMessage): string | Reply {
    const value = req.headers['x-tracking-id'];
    if (value === undefined || value === '') {
      return coltError(400, 'x-tracking-id: the header is required; send a unique id such as a UUID.');
    }
    const parsed = trackingIdSchema.safeParse(value);
    if (!parsed.success) return coltError(400, `x-tracking-id: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data;
  }

  /** undefined when the bearer token is valid, else a 401 reply. */
  private checkBearer(req: IncomingMessage): Reply | undefined {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    let message: string | undefined;
    if (!match) message = `Missing bearer token: get one from POST ${TOKEN_PATH} and send Authorization: Bearer <token>.`;
    else {
      const state = this.tokens.check(match[1]!);
      if (state === 'expired') message = 'The access token has expired: request a new token and try again.';
      else if (state === 'unknown') message = 'The access token is not valid: request a new token and try again.';
    }
    if (!message) return undefined;
    return { ...coltError(401, message), headers: { 'www-authenticate': 'Bearer error="invalid_token"' } };
  }

  // --- POST /numberManagement/v1/reactivate/order ------------------------------------------

  private async order(req: IncomingMessage): Promise<Reply> {
    const raw = await this.body(req, MAX_ORDER_BODY_BYTES);
    if (typeof raw !== 'string') return raw;
    const authFailure = this.checkBearer(req);
    if (authFailure) return authFailure;
    const trackingId = this.checkTrackingId(req);
    if (typeof trackingId !== 'string') return trackingId;
    const existing = this.orders.orderForTrackingId(trackingId);
    if (existing) {
      return coltError(
        409,
        `x-tracking-id "${trackingId}" was already used for order ${existing.id}. Send a new order with a new x-tracking-id, or look up that order.`,
        {
          order: { id: existing.id },
        },
      );
    }
    const type = mediaType(req);
    if (type !== undefined && type !== 'application/json' && !type.endsWith('+json')) {
      return coltError(415, 'The order must be sent as Content-Type: application/json.');
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      return coltError(400, `The body is not valid JSON (${(error as Error).message}). Send the reactivation request as a JSON object.`);
    }
    // The body is kept as received and shown by GET /__emulator/orders, whose JSON.stringify recurses
    // once per level: refuse what no request needs, as the editor's diagnostics do. Colt's own limit
    // is not documented.
    if (findTooDeepNesting(raw) !== undefined) {
      return coltError(400, `The body nests lists and objects more than ${MAX_NESTING_DEPTH} levels deep; a reactivation request needs 3.`);
    }
    const parsed = requestBodySchema.safeParse(json);
    if (!parsed.success) return zodReply(parsed.error, 'body');
    const rangeProblem = this.checkRanges(parsed.data.numberRangeList);
    if (rangeProblem) return rangeProblem;

    const verdict = checkReactivation(parsed.data, {
      inventory: this.inventory,
      inProgress: this.orders.inProgress,
      now: this.config.now ?? new Date(),
    });
    if (!verdict.ok) return coltError(422, verdict.message, { details: verdict.details });
    const order = this.orders.store(trackingId, json, verdict.numbers, verdict.orderType);
    return { status: 201, body: { order: { id: order.id } } };
  }

  private checkRanges(ranges: readonly { numberRangeStart: string; numberRangeEnd: string }[]): Reply | undefined {
    for (let i = 0; i < ranges.length; i++) {
      const { numberRangeStart: start, numberRangeEnd: end } = ranges[i]!;
      const field = `numberRangeList[${i}].numberRangeEnd`;
      if (start.length !== end.length) {
        return coltError(400, `${field}: ${end} and numberRangeStart ${start} differ in length; a range's ends must have the same number of digits.`);
      }
      if (compareE164(start, end) > 0) {
        return coltError(400, `${field}: ${end} comes before numberRangeStart ${start}; swap them.`);
      }
    }
    return undefined;
  }

  // --- GET /numberManagement/v1/reactivate/order/{id} --------------------------------------

  private async status(req: IncomingMessage, rawId: string): Promise<Reply> {
    const authFailure = this.checkBearer(req);
    if (authFailure) return authFailure;
    let id: string;
    try {
      id = decodeURIComponent(rawId);
    } catch {
      id = rawId;
    }
    const order = this.orders.get(id);
    if (!order) return coltError(404, `No order with id ${id}. Check the order id.`);
    return { status: 200, body: { order: { id: order.id, orderStatus: order.orderStatus, orderType: order.orderType } } };
  }

  // --- /__emulator/ (test control, no auth) ------------------------------------------------

  private async control(req: IncomingMessage, action: string): Promise<Reply> {
    const route = `${req.method} ${action}`;
    switch (route) {
      case 'POST faults': {
        const raw = await this.body(req, MAX_SMALL_BODY_BYTES);
        if (typeof raw !== 'string') return raw;
        let json: unknown;
        try {
          json = JSON.parse(raw);
        } catch {
          return coltError(400, 'The body is not valid JSON: send {"faults": [...]}.');
        }
        // A tokenAnswer fault's extraFields are kept and sent with JSON.stringify, which recurses once per level.
        if (findTooDeepNesting(raw) !== undefined) {
          return coltError(400, `The body nests lists and objects more than ${MAX_NESTING_DEPTH} levels deep: send {"faults": [...]}.`);
        }
        const parsed = faultsRequestSchema.safeParse(json);
        if (!parsed.success) return zodReply(parsed.error, 'body');
        this.faults.push(parsed.data.faults);
        return { status: 200, body: { faults: this.faults.pending() } };
      }
      case 'GET faults':
        return { status: 200, body: { faults: this.faults.pending() } };
      case 'DELETE faults':
        this.faults.clear();
        return { status: 200, body: { faults: [] } };
      case 'GET orders':
        return {
          status: 200,
          body: {
            orders: this.orders
              .list()
              .map(({ id, trackingId, orderStatus, orderType, receivedAt, body }) => ({ id, trackingId, orderStatus, orderType, receivedAt, body })),
          },
        };
      case 'GET stats':
        return { status: 200, body: { ...this.stats } };
      case 'POST expire-tokens':
        this.tokens.expireAll();
        return { status: 200, body: { expired: true } };
      case 'POST complete-orders':
        return { status: 200, body: { completed: this.orders.completeAll() } };
      case 'POST release-delays':
        return { status: 200, body: { released: this.releaseDelays() } };
      default:
        return coltError(404, `No such emulator control endpoint: ${req.method} /__emulator/${action}. See README.md, "Emulator".`);
    }
  }
}
