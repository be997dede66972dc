// What we read from Colt's answers (docs/colt-api.md): apart from the request's schemas in
// schemas.ts, so that the bundles that check requests only (the webview, the extension's start-up)
// do not carry these nor the parts of zod they use; the HTTP client imports them.
import * as z from 'zod/mini';

// Answers are read from the body whatever its Content-Type says (application/json with or
// without a charset, application/problem+json, or a gateway's text/plain): JSON.parse decides.

/**
 * Order ids are opaque: the seed's own example `34aaa520-fg16-...` is not a UUID. Strict all the
 * same: an accepted order must have an id that can be looked up, so neither a blank one nor a
 * number (a long one loses digits in JSON) counts as an id.
 * Without one the outcome is 'unknown', and resubmitting with the same tracking id finds it.
 */
export const orderIdSchema = z.string().check(z.refine((id) => id.trim() !== ''));

/** `{"order": {"id": "..."}}`; other fields, in `order` or beside it, are allowed and ignored. */
export const orderAnswerSchema = z.object({ order: z.object({ id: orderIdSchema }) });
export type OrderAnswer = z.infer<typeof orderAnswerSchema>;

/**
 * Assumed (docs/colt-api.md, "Status lookup"): the seed documents no status endpoint. The status is
 * kept as a string so that an unexpected value from a real target is shown, not rejected; its
 * case and spacing do not matter ("In progress", "inProgress", "COMPLETED": mapOrderStatus).
 * The id is required, and the client also checks that it is the order it asked about.
 */
export const orderStatusAnswerSchema = z.object({
  order: z.looseObject({
    id: orderIdSchema,
    orderStatus: z.string().check(z.minLength(1)),
  }),
});
export type OrderStatusAnswer = z.infer<typeof orderStatusAnswerSchema>;

/** A text field of an error body; one of another type is dropped, not the whole body. */
const errorText = z.catch(z.optional(z.string()), undefined);
const errorCode = z.catch(z.optional(z.union([z.string(), z.number()])), undefined);

/**
 * Error bodies, read for their words only: the HTTP status alone decides what became of an
 * order, so no shape is refused. Colt documents `{code, reason, message, details}`, TM Forum's
 * error is `{code, reason, message, status, referenceError}`, and an OAuth server refuses a
 * token request with RFC 6749's `{error, error_description, error_uri}` (section 5.2). Any other
 * field is kept; a field of an unexpected type (a null message, say) is left out.
 */
export const errorBodySchema = z.looseObject({
  code: errorCode,
  reason: errorText,
  message: errorText,
  details: z.optional(z.unknown()),
  status: errorCode,
  referenceError: errorText,
  error: errorText,
  error_description: errorText,
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/**
 * The OAuth 2.0 token answer (RFC 6749, section 5.1), read as leniently as the RFC allows and
 * strictly only where a wrong reading would matter. Messages complete "<target> answered the
 * token request ...".
 * - access_token: required; missing or blank is refused, as nothing could be sent with it.
 * - token_type: case-insensitive by the RFC ("bearer" is "Bearer"). Another type is refused:
 *   sending it as a Bearer token is bound to fail, and the 401 that follows would wrongly blame
 *   the client secret. Left out or null (the RFC requires it, yet some gateways omit it) it is
 *   taken as Bearer: if it is not one, the order endpoint answers 401, which proves that the
 *   order was not taken.
 * - expires_in: only RECOMMENDED. A number is read, and so is a numeric string (some gateways
 *   quote it); anything else, like null or "soon", counts as not given instead of refusing the
 *   whole answer, and tokenFromAnswer finds the lifetime another way. A wrong lifetime costs at
 *   most a token request, or a 401 and its one retry; never an order.
 * - every other field (scope, refresh_token, id_token, ...) is ignored.
 */
export const tokenAnswerSchema = z.object({
  access_token: z.string({ error: 'without an access token' }).check(z.refine((token) => token.trim() !== '', { error: 'with an empty access token' })),
  token_type: z.optional(z.unknown()).check(
    z.refine((type) => type === undefined || type === null || isBearer(type), {
      error: (issue) => `with a token of type ${JSON.stringify(issue.input)?.slice(0, 40)}, but only Bearer tokens can be sent to Colt`,
    }),
  ),
  expires_in: z.pipe(z.optional(z.unknown()), z.transform(secondsOrUndefined)),
});
export type TokenAnswer = z.infer<typeof tokenAnswerSchema>;

function isBearer(type: unknown): boolean {
  return typeof type === 'string' && type.trim().toLowerCase() === 'bearer';
}

/** A number of seconds: a JSON number as the RFC writes it, or the same digits in a string. */
function secondsOrUndefined(value: unknown): number | undefined {
  const seconds = typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
  return typeof seconds === 'number' && Number.isFinite(seconds) ? seconds : undefined;
}
