// The one message protocol between the reactivation form's webview and the extension host
// (ARCHITECTURE.md, "A new webview message"). Both sides import these types; the host parses every incoming message
// with zod before acting, because the webview is a separate, less trusted context: a message
// that fails the check is logged and ignored, never acted on half-way.
//
// Nothing secret ever travels here: the host sends the target's name, label and base URL,
// never credentials or tokens.
import * as z from 'zod/mini';

/** Bounds keep a hostile or buggy webview from making the host chew on huge payloads. */
export const PROTOCOL_LIMITS = {
  maxRows: 10_000,
  maxFieldLength: 64,
  maxProfileLength: 255,
  maxPasteLength: 1_000_000,
  maxRejectedLines: 1_000,
} as const;

const field = z.string().check(z.maxLength(PROTOCOL_LIMITS.maxFieldLength));

/** One row of the form's range table; `id` keeps the row's identity across edits and re-renders. */
export const formRowSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(32)),
  start: field,
  end: field,
});
export type FormRow = z.infer<typeof formRowSchema>;

/** Everything the form holds: what vscode.setState keeps across a hidden panel, and the host's draft. */
export const formStateSchema = z.object({
  rows: z.array(formRowSchema).check(z.maxLength(PROTOCOL_LIMITS.maxRows)),
  country: z.string().check(z.maxLength(8)),
  serviceProfile: z.string().check(z.maxLength(PROTOCOL_LIMITS.maxProfileLength)),
  pasteText: z.string().check(z.maxLength(PROTOCOL_LIMITS.maxPasteLength)),
  rejectedLines: z.array(z.string().check(z.maxLength(PROTOCOL_LIMITS.maxPasteLength))).check(z.maxLength(PROTOCOL_LIMITS.maxRejectedLines)),
  nextRowId: z.int().check(z.nonnegative()),
  /**
   * Fields the user has changed or left (FieldKeys), so an untouched field shows no error yet.
   * Optional: a state saved by an older form has none, and a field with a value counts as touched.
   */
  touched: z.optional(z.array(z.string().check(z.maxLength(48))).check(z.maxLength(PROTOCOL_LIMITS.maxRows * 2 + 4))),
  /** Set by a press on Submit: from then on every field shows its problems. */
  submitAttempted: z.optional(z.boolean()),
  /**
   * The last request Colt took (or may have taken: 'unknown'), by fingerprint, so the same
   * request is not sent twice by one more click; any change to the request lifts it.
   */
  submitted: z.optional(
    z.object({
      outcome: z.enum(['accepted', 'unknown']),
      orderId: z.optional(z.string().check(z.maxLength(128))),
      trackingId: z.optional(z.string().check(z.maxLength(128))),
      requestKey: z.string().check(z.maxLength(32)),
    }),
  ),
});
export type FormState = z.infer<typeof formStateSchema>;

/**
 * The request the form built, checked here for shape only (strings where strings go). The
 * business rules (E.164, ranges, country) are the core's job in SubmissionService, so a Save
 * of an unfinished draft still works and shows the same problems as the file diagnostics.
 */
export const formRequestSchema = z.strictObject({
  numberRangeList: z.array(z.strictObject({ numberRangeStart: field, numberRangeEnd: field })).check(z.maxLength(PROTOCOL_LIMITS.maxRows)),
  productOffering: z.strictObject({ name: z.string().check(z.maxLength(PROTOCOL_LIMITS.maxFieldLength)) }),
  relatedParty: z.strictObject({
    reseller: z.strictObject({
      serviceProfile: z.optional(z.string().check(z.maxLength(PROTOCOL_LIMITS.maxProfileLength))),
      country: z.string().check(z.maxLength(8)),
    }),
  }),
});
export type FormRequest = z.infer<typeof formRequestSchema>;

// ---- webview → host ----

export const webviewMessageSchema = z.discriminatedUnion('type', [
  /** Handshake: the webview's script runs and listens; the host answers with `init`. */
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('submit'), request: formRequestSchema }),
  z.strictObject({ type: z.literal('save'), request: formRequestSchema }),
  z.strictObject({ type: z.literal('copyCurl'), request: formRequestSchema }),
  /** Lets the host keep the draft when the panel is closed and opened again. */
  z.strictObject({ type: z.literal('stateChanged'), state: formStateSchema }),
  /** Numbers of several countries, or too many for one order: the host hands them to the batch import. */
  z.strictObject({ type: z.literal('makeBatch'), text: z.string().check(z.maxLength(PROTOCOL_LIMITS.maxPasteLength)) }),
]);
export type WebviewMessage = z.infer<typeof webviewMessageSchema>;

// ---- host → webview ----

export const formTargetSchema = z.object({
  name: z.enum(['emulator', 'sandbox', 'production']),
  label: z.string(),
  baseUrl: z.string(),
});
export type FormTarget = z.infer<typeof formTargetSchema>;

export const formCountrySchema = z.object({
  code: z.string(),
  name: z.string(),
  callingCode: z.string(),
  /** 'disputed' when the seed's table and text disagree on port-in reactivation there. */
  portIn: z.enum(['yes', 'disputed', 'no']),
});
export type FormCountry = z.infer<typeof formCountrySchema>;

export const submitResultSchema = z.object({
  type: z.literal('submitResult'),
  outcome: z.enum(['inProgress', 'completed', 'failed', 'rejected', 'unknown', 'cancelled', 'error']),
  message: z.string(),
  orderId: z.optional(z.string()),
  trackingId: z.optional(z.string()),
});
export type SubmitResult = z.infer<typeof submitResultSchema>;

export const hostMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('init'),
    target: formTargetSchema,
    maxNumbersPerRange: z.int().check(z.positive()),
    maxNumbersPerOrder: z.int().check(z.positive()),
    countries: z.array(formCountrySchema),
    /** The host's copy of the draft, used when the webview has no state of its own (a new panel). */
    draft: z.optional(formStateSchema),
    /** False in an untrusted workspace: the form still validates, Submit explains why it is off. */
    canSubmit: z.boolean(),
  }),
  submitResultSchema,
  z.object({ type: z.literal('targetChanged'), target: formTargetSchema }),
  z.object({ type: z.literal('limitsChanged'), maxNumbersPerRange: z.int().check(z.positive()), maxNumbersPerOrder: z.int().check(z.positive()) }),
  z.object({ type: z.literal('actionResult'), action: z.enum(['save', 'copyCurl', 'makeBatch']), ok: z.boolean(), message: z.string() }),
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;

export type ParseResult<T> = { ok: true; message: T } | { ok: false; reason: string };

function summarise(error: z.core.$ZodError): string {
  // Paths and codes only: the values may be user data, and the reason goes to the log.
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(message)'}: ${i.code}`)
    .join('; ');
}

/** Never throws, whatever arrives: the host's boundary against the webview. */
export function parseWebviewMessage(data: unknown): ParseResult<WebviewMessage> {
  try {
    const result = webviewMessageSchema.safeParse(data);
    return result.success ? { ok: true, message: result.data } : { ok: false, reason: summarise(result.error) };
  } catch {
    // zod does not throw on safeParse, but getters or proxies in `data` could.
    return { ok: false, reason: 'the message could not be read' };
  }
}

/** The webview checks the host's messages too, so a version mismatch shows as a log line, not a broken form. */
export function parseHostMessage(data: unknown): ParseResult<HostMessage> {
  try {
    const result = hostMessageSchema.safeParse(data);
    return result.success ? { ok: true, message: result.data } : { ok: false, reason: summarise(result.error) };
  } catch {
    return { ok: false, reason: 'the message could not be read' };
  }
}
