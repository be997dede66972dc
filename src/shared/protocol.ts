// The one message protocol between the reactivation form's webview and the extension host
// (ARCHITECTURE.md, "A new webview message"). Both sides import these types; the host parses every incoming message
// with zod before acting, because the webview is a separate, less trusted context: a message
// that fails the check is logged and ignored, never acted on half-way.
//
// Nothing secret ever travels here: the host sends the target's name, label and base URL,
// never credentials or tokens.
import { z } from 'zod';

/** Bounds keep a hostile or buggy webview from making the host chew on huge payloads. */
export const PROTOCOL_LIMITS = {
  maxRows: 10_000,
  maxFieldLength: 64,
  maxProfileLength: 255,
  maxPasteLength: 1_000_000,
  maxRejectedLines: 1_000,
} as const;

const field = z.string().max(PROTOCOL_LIMITS.maxFieldLength);

/** One row of the form's range table; `id` keeps the row's identity across edits and re-renders. */
export const formRowSchema = z.object({
  id: z.string().min(1).max(32),
  start: field,
  end: field,
});
export type FormRow = z.infer<typeof formRowSchema>;

/** Everything the form holds: what vscode.setState keeps across a hidden panel, and the host's draft. */
export const formStateSchema = z.object({
  rows: z.array(formRowSchema).max(PROTOCOL_LIMITS.maxRows),
  country: z.string().max(8),
  serviceProfile: z.string().max(PROTOCOL_LIMITS.maxProfileLength),
  pasteText: z.string().max(PROTOCOL_LIMITS.maxPasteLength),
  rejectedLines: z.array(z.string().max(PROTOCOL_LIMITS.maxPasteLength)).max(PROTOCOL_LIMITS.maxRejectedLines),
  nextRowId: z.number().int().nonnegative(),
  /**
   * Fields the user has changed or left (FieldKeys), so an untouched field shows no error yet.
   * Optional: a state saved by an older form has none, and a field with a value counts as touched.
   */
  touched: z
    .array(z.string().max(48))
    .max(PROTOCOL_LIMITS.maxRows * 2 + 4)
    .optional(),
  /** Set by a press on Submit: from then on every field shows its problems. */
  submitAttempted: z.boolean().optional(),
  /**
   * The last request Colt took (or may have taken: 'unknown'), by fingerprint, so the same
   * request is not sent twice by one more click; any change to the request lifts it.
   */
  submitted: z
    .object({
      outcome: z.enum(['accepted', 'unknown']),
      orderId: z.string().max(128).optional(),
      trackingId: z.string().max(128).optional(),
      requestKey: z.string().max(32),
    })
    .optional(),
});
export type FormState = z.infer<typeof formStateSchema>;

/**
 * The request the form built, checked here for shape only (strings where strings go). The
 * business rules (E.164, ranges, country) are the core's job in SubmissionService, so a Save
 * of an unfinished draft still works and shows the same problems as the file diagnostics.
 */
export const formRequestSchema = z
  .object({
    numberRangeList: z.array(z.object({ numberRangeStart: field, numberRangeEnd: field }).strict()).max(PROTOCOL_LIMITS.maxRows),
    productOffering: z.object({ name: z.string().max(PROTOCOL_LIMITS.maxFieldLength) }).strict(),
    relatedParty: z
      .object({
        reseller: z
          .object({
            serviceProfile: z.string().max(PROTOCOL_LIMITS.maxProfileLength).optional(),
            country: z.string().max(8),
          })
          .strict(),
      })
      .strict(),
  })
  .strict();
export type FormRequest = z.infer<typeof formRequestSchema>;

// ---- webview → host ----

export const webviewMessageSchema = z.discriminatedUnion('type', [
  /** Handshake: the webview's script runs and listens; the host answers with `init`. */
  z.object({ type: z.literal('ready') }).strict(),
  z.object({ type: z.literal('submit'), request: formRequestSchema }).strict(),
  z.object({ type: z.literal('save'), request: formRequestSchema }).strict(),
  z.object({ type: z.literal('copyCurl'), request: formRequestSchema }).strict(),
  /** Lets the host keep the draft when the panel is closed and opened again. */
  z.object({ type: z.literal('stateChanged'), state: formStateSchema }).strict(),
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
  orderId: z.string().optional(),
  trackingId: z.string().optional(),
});
export type SubmitResult = z.infer<typeof submitResultSchema>;

export const hostMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('init'),
    target: formTargetSchema,
    maxNumbersPerRange: z.number().int().positive(),
    countries: z.array(formCountrySchema),
    /** The host's copy of the draft, used when the webview has no state of its own (a new panel). */
    draft: formStateSchema.optional(),
    /** False in an untrusted workspace: the form still validates, Submit explains why it is off. */
    canSubmit: z.boolean(),
  }),
  submitResultSchema,
  z.object({ type: z.literal('targetChanged'), target: formTargetSchema }),
  z.object({ type: z.literal('maxNumbersPerRangeChanged'), maxNumbersPerRange: z.number().int().positive() }),
  z.object({ type: z.literal('actionResult'), action: z.enum(['save', 'copyCurl']), ok: z.boolean(), message: z.string() }),
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;

export type ParseResult<T> = { ok: true; message: T } | { ok: false; reason: string };

function summarise(error: z.ZodError): string {
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
