// Fuzz properties of the webview protocol: parsing a message from either side never throws, whatever
// arrives, and a message that passes keeps its shape: it parses to itself again, and a webview
// request arrives exactly as sent (its schemas are strict; only a form state and the host's
// messages drop fields they do not know). Used by test/unit/protocol.test.ts and by `npm run fuzz`.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseHostMessage, parseWebviewMessage, PROTOCOL_LIMITS } from '../../src/shared/protocol';
import type { FuzzGroup, FuzzOptions } from './fuzzOptions';

const WEBVIEW_TYPES = ['ready', 'submit', 'save', 'copyCurl', 'stateChanged'];
const HOST_TYPES = ['init', 'submitResult', 'targetChanged', 'limitsChanged', 'actionResult'];

/** Arbitrary JSON, or an object of a known (or nearly known) type with arbitrary fields. */
const webviewCandidate = fc.oneof(
  fc.jsonValue(),
  fc.record({ type: fc.constantFrom(...WEBVIEW_TYPES, 'init', ''), request: fc.jsonValue(), state: fc.jsonValue() }, { requiredKeys: ['type'] }),
);

const target = fc.record({ name: fc.constantFrom('emulator', 'sandbox', 'production', 'staging'), label: fc.string(), baseUrl: fc.string() });
const hostCandidate = fc.oneof(
  fc.jsonValue(),
  fc.record(
    {
      type: fc.constantFrom(...HOST_TYPES, 'ready', ''),
      target: fc.oneof(target, fc.jsonValue()),
      maxNumbersPerRange: fc.oneof(fc.integer(), fc.double()),
      maxNumbersPerOrder: fc.oneof(fc.integer(), fc.double()),
      countries: fc.array(
        fc.record({ code: fc.string(), name: fc.string(), callingCode: fc.string(), portIn: fc.constantFrom('yes', 'disputed', 'no', 'maybe') }),
      ),
      canSubmit: fc.boolean(),
      outcome: fc.constantFrom('inProgress', 'completed', 'failed', 'rejected', 'unknown', 'cancelled', 'error', 'maybe'),
      message: fc.string(),
      action: fc.constantFrom('save', 'copyCurl', 'print'),
      ok: fc.boolean(),
      extra: fc.jsonValue(),
    },
    { requiredKeys: ['type'] },
  ),
);

/** Whatever passes is a known message that parses to itself again; a failure only says why. */
function assertKeepsShape<T extends { type: string }>(
  parse: (data: unknown) => { ok: true; message: T } | { ok: false; reason: string },
  types: string[],
  value: unknown,
): T | undefined {
  const parsed = parse(value);
  if (!parsed.ok) {
    assert.equal(typeof parsed.reason, 'string');
    return undefined;
  }
  assert.ok(types.includes(parsed.message.type));
  const again = parse(parsed.message);
  assert.ok(again.ok);
  assert.deepEqual(again.message, parsed.message);
  return parsed.message;
}

/** Webview messages: never a throw; whatever passes keeps its shape, and a request arrives exactly as sent. */
export function fuzzWebviewMessages({ numRuns, seed }: FuzzOptions): void {
  fc.assert(
    fc.property(webviewCandidate, (value) => {
      const message = assertKeepsShape(parseWebviewMessage, WEBVIEW_TYPES, value);
      // structuredClone: fast-check's objects may have no prototype; zod's always have one.
      if (message && message.type !== 'stateChanged') assert.deepEqual(message, structuredClone(value));
    }),
    { numRuns, seed },
  );
}

/** Well-typed requests with arbitrary strings pass the shape check: the business rules are the core's. */
export function fuzzWellTypedRequests({ numRuns, seed }: FuzzOptions): void {
  const str = fc.string({ maxLength: PROTOCOL_LIMITS.maxFieldLength });
  fc.assert(
    fc.property(fc.array(fc.record({ numberRangeStart: str, numberRangeEnd: str }), { maxLength: 20 }), fc.string({ maxLength: 8 }), (ranges, country) => {
      const parsed = parseWebviewMessage({
        type: 'submit',
        request: { numberRangeList: ranges, productOffering: { name: 'Wholesale SIP' }, relatedParty: { reseller: { country } } },
      });
      assert.ok(parsed.ok);
    }),
    { numRuns, seed },
  );
}

/** Host messages: never a throw; whatever passes keeps its shape. */
export function fuzzHostMessages({ numRuns, seed }: FuzzOptions): void {
  fc.assert(
    fc.property(hostCandidate, (value) => void assertKeepsShape(parseHostMessage, HOST_TYPES, value)),
    { numRuns, seed },
  );
}

export const protocolFuzz: FuzzGroup = {
  targets: [
    { name: 'protocol: webview messages', run: async (o) => fuzzWebviewMessages(o) },
    { name: 'protocol: well-typed requests', run: async (o) => fuzzWellTypedRequests(o) },
    { name: 'protocol: host messages', run: async (o) => fuzzHostMessages(o) },
  ],
};
