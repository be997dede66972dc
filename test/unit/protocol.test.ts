import { strict as assert } from 'node:assert';
import { z } from 'zod';
import { hostMessageSchema, parseHostMessage, parseWebviewMessage, PROTOCOL_LIMITS } from '../../src/shared/protocol';
import { buildRequest, initialFormState } from '../../src/webview/formState';
import { fuzzHostMessages, fuzzWebviewMessages, fuzzWellTypedRequests } from '../fuzz/protocolFuzz';

const request = {
  numberRangeList: [{ numberRangeStart: '+442081324758', numberRangeEnd: '+442081324758' }],
  productOffering: { name: 'Wholesale SIP' },
  relatedParty: { reseller: { serviceProfile: 'ANH', country: 'GB' } },
};

describe('webview protocol', () => {
  it('accepts every webview message the form sends', () => {
    for (const message of [
      { type: 'ready' },
      { type: 'submit', request },
      { type: 'save', request },
      { type: 'copyCurl', request },
      { type: 'stateChanged', state: initialFormState() },
      {
        type: 'stateChanged',
        state: {
          ...initialFormState(),
          touched: ['row:r0:start', 'ranges', 'country'],
          submitAttempted: true,
          submitted: { outcome: 'accepted', orderId: 'ORD-1', trackingId: 't', requestKey: 'abc123' },
        },
      },
      { type: 'submit', request: buildRequest(initialFormState()).request },
    ]) {
      const parsed = parseWebviewMessage(message);
      assert.ok(parsed.ok, `${message.type}: ${parsed.ok ? '' : parsed.reason}`);
    }
  });

  it('keeps unfinished drafts (the core rules, not the protocol, judge the values)', () => {
    const draft = { ...request, relatedParty: { reseller: { country: '' } }, numberRangeList: [{ numberRangeStart: '0208', numberRangeEnd: '' }] };
    assert.ok(parseWebviewMessage({ type: 'save', request: draft }).ok);
  });

  it('rejects unknown types, missing fields, wrong types, extra keys and oversized values, naming no values', () => {
    const bad: unknown[] = [
      undefined,
      null,
      42,
      'ready',
      [],
      {},
      { type: 'launchMissiles' },
      { type: 'submit' },
      { type: 'submit', request: { ...request, numberRangeList: 'all of them' } },
      { type: 'submit', request: { ...request, numberRangeList: [{ numberRangeStart: 442081324758, numberRangeEnd: '+442081324758' }] } },
      { type: 'submit', request: { ...request, extra: true } },
      { type: 'submit', request, command: 'rm -rf' },
      { type: 'ready', secret: 'x' },
      {
        type: 'save',
        request: { ...request, numberRangeList: [{ numberRangeStart: '+4'.padEnd(PROTOCOL_LIMITS.maxFieldLength + 1, '1'), numberRangeEnd: '+441' }] },
      },
      { type: 'stateChanged', state: { ...initialFormState(), nextRowId: -1 } },
      { type: 'stateChanged', state: { ...initialFormState(), rows: [{ id: '', start: '', end: '' }] } },
      { type: 'stateChanged', state: { ...initialFormState(), touched: ['x'.repeat(49)] } },
      { type: 'stateChanged', state: { ...initialFormState(), submitted: { outcome: 'maybe', requestKey: 'k' } } },
    ];
    for (const message of bad) {
      const parsed = parseWebviewMessage(message);
      assert.equal(parsed.ok, false, JSON.stringify(message)?.slice(0, 80));
      if (!parsed.ok) assert.doesNotMatch(parsed.reason, /rm -rf|launchMissiles|442081324758/);
    }
  });

  it('survives objects whose getters throw', () => {
    const hostile = {
      get type(): string {
        throw new Error('boom');
      },
    };
    assert.equal(parseWebviewMessage(hostile).ok, false);
    const proxy = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
        ownKeys() {
          throw new Error('boom');
        },
      },
    );
    assert.equal(parseWebviewMessage(proxy).ok, false);
    assert.equal(parseWebviewMessage({ type: 'submit', request: proxy }).ok, false);
  });

  it('fuzz: arbitrary JSON never throws past the check, and whatever passes is a known message, as sent', () => fuzzWebviewMessages({ numRuns: 2000 }));

  it('fuzz: well-typed requests with arbitrary strings pass the shape check', () => fuzzWellTypedRequests({ numRuns: 300 }));

  it('checks host messages on the webview side too', () => {
    const init = {
      type: 'init',
      target: { name: 'emulator', label: 'Local emulator', baseUrl: 'http://127.0.0.1:4010' },
      maxNumbersPerRange: 1000,
      maxNumbersPerOrder: 10_000,
      countries: [{ code: 'GB', name: 'United Kingdom', callingCode: '44', portIn: 'no' }],
      canSubmit: true,
    };
    assert.ok(parseHostMessage(init).ok);
    assert.ok(parseHostMessage({ type: 'submitResult', outcome: 'inProgress', message: 'ok', orderId: 'o1', trackingId: 't1' }).ok);
    assert.equal(parseHostMessage({ ...init, target: { ...init.target, name: 'staging' } }).ok, false);
    assert.equal(parseHostMessage({ type: 'submitResult', outcome: 'maybe', message: '' }).ok, false);
    fuzzHostMessages({ numRuns: 500 });
  });

  it('has no field that could carry a credential to the webview', () => {
    const text = JSON.stringify(z.toJSONSchema(hostMessageSchema));
    assert.match(text, /baseUrl/);
    assert.doesNotMatch(text, /secret|token|password|clientId/i);
  });
});
