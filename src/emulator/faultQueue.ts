// Faults queued by tests through POST /__emulator/faults; each is consumed by the next request
// to its endpoint. They make the client's hard cases (timeouts, resets, broken answers)
// reproducible without timing luck.
import * as z from 'zod/mini';

export const FAULT_ENDPOINTS = ['order', 'token', 'status'] as const;
export type FaultEndpoint = (typeof FAULT_ENDPOINTS)[number];

const on = z._default(z.enum(FAULT_ENDPOINTS), 'order');
const stage = z._default(z.enum(['beforeStore', 'afterStore']), 'beforeStore');

/** Written in a tokenAnswer fault to leave a field out of the answer. */
export const OMIT = 'omit';

/**
 * The next token answer in the shape another OAuth server might give, every one of them allowed by
 * RFC 6749 (section 5.1): a JWT instead of an opaque token, `expires_in` left out ("omit") or
 * given as a string, `token_type` in another case, and extra fields such as scope or
 * refresh_token. Also two it does not allow, for the client's refusals: another `token_type`,
 * and an access token that is "empty" or left out ("omit"). The token stays valid for the
 * emulator's usual lifetime whatever `expires_in` says; a JWT's `exp` tells that lifetime truthfully.
 */
const tokenAnswerFault = z.strictObject({
  on: z._default(z.literal('token'), 'token'),
  kind: z.literal('tokenAnswer'),
  accessToken: z._default(z.enum(['opaque', 'jwt', 'empty', OMIT]), 'opaque'),
  expiresIn: z.optional(z.union([z.number(), z.string()])),
  tokenType: z.optional(z.string()),
  extraFields: z.optional(z.record(z.string(), z.unknown())),
});

/**
 * The next answer of an endpoint exactly as given (status, body text, Content-Type), as another
 * server or a gateway in front of Colt might send it: a TM Forum or OAuth error body, plain
 * text, an accepted order whose id cannot be tracked, another order's status. With `afterStore`
 * the order endpoint takes the order first and only its answer is replaced.
 */
const answerFault = z.strictObject({
  on,
  kind: z.literal('answer'),
  status: z.int().check(z.gte(200), z.lte(599)),
  body: z.string().check(z.maxLength(64 * 1024)),
  contentType: z._default(z.string().check(z.minLength(1)), 'application/json; charset=utf-8'),
  stage,
});

export const faultSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ on, kind: z.literal('status'), status: z.int().check(z.gte(400), z.lte(599)) }),
    z.strictObject({ on, kind: z.literal('delay'), ms: z.int().check(z.gte(0), z.lte(600_000)), stage }),
    z.strictObject({ on, kind: z.literal('reset'), stage }),
    z.strictObject({ on, kind: z.literal('malformedJson') }),
    tokenAnswerFault,
    answerFault,
  ],
  { error: 'kind must be one of status, delay, reset, malformedJson, tokenAnswer, answer.' },
);
export type Fault = z.infer<typeof faultSchema>;
/** A fault as written in POST /__emulator/faults: `on` and `stage` may be left out. */
export type FaultSpec = z.input<typeof faultSchema>;

export const faultsRequestSchema = z.strictObject({ faults: z.array(faultSchema) });

export class FaultQueue {
  private readonly queue: Fault[] = [];

  push(faults: readonly Fault[]): void {
    this.queue.push(...faults);
  }

  /** The first queued fault for this endpoint, removed from the queue. */
  take(endpoint: FaultEndpoint): Fault | undefined {
    if (this.queue.length === 0) return undefined;
    const index = this.queue.findIndex((f) => f.on === endpoint);
    return index < 0 ? undefined : this.queue.splice(index, 1)[0];
  }

  pending(): readonly Fault[] {
    return [...this.queue];
  }

  clear(): void {
    this.queue.length = 0;
  }
}
