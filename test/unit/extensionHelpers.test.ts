// Pure helpers of the extension (no vscode import): input parsing, summaries, proxy choice.
import * as assert from 'node:assert/strict';
import { ProxyAgent } from 'undici';
import { parseNumberInput } from '../../src/extension/submission/parseNumberInput';
import { checkOrderConfirmation, countNumbers, listRanges, productionConfirmation } from '../../src/extension/submission/requestSummary';
import { describeProxy, proxyDispatcher } from '../../src/extension/targets/proxyDispatcher';
import { redact } from '../../src/extension/redact';
import { createDraft } from '../../src/core/orderRecord';
import type { ReactivationRequest } from '../../src/core/schemas';

const body = (ranges: [string, string][]): ReactivationRequest => ({
  numberRangeList: ranges.map(([s, e]) => ({ numberRangeStart: s, numberRangeEnd: e })),
  productOffering: { name: 'Wholesale SIP' },
  relatedParty: { reseller: { serviceProfile: 'ANH', country: 'GB' } },
});

describe('parseNumberInput (Reactivate Numbers input box)', () => {
  it('groups consecutive pasted numbers into ranges and normalises formats', () => {
    const r = parseNumberInput('+44 20 8132 4758, 0044 (0)20 8132 4759; +442081324760\n+442081324770');
    assert.deepEqual(r.rejected, []);
    assert.deepEqual(r.ranges, [
      { numberRangeStart: '+442081324758', numberRangeEnd: '+442081324760' },
      { numberRangeStart: '+442081324770', numberRangeEnd: '+442081324770' },
    ]);
  });

  it('reads explicit ranges in several spellings', () => {
    for (const text of ['+442081324700 - +442081324709', '+442081324700..+442081324709', '+442081324700-+442081324709', '+442081324700 to +442081324709']) {
      assert.deepEqual(parseNumberInput(text).ranges, [{ numberRangeStart: '+442081324700', numberRangeEnd: '+442081324709' }], text);
    }
  });

  it('splits numbers separated by spaces only', () => {
    assert.deepEqual(parseNumberInput('+442081324758 +442081324759').ranges, [{ numberRangeStart: '+442081324758', numberRangeEnd: '+442081324759' }]);
  });

  it('rejects what it cannot read instead of guessing (national numbers, words)', () => {
    const r = parseNumberInput('020 8132 4758, hello, +442081324758');
    assert.deepEqual(r.rejected, ['020 8132 4758', 'hello']);
    assert.equal(r.ranges.length, 1);
  });
});

describe('requestSummary', () => {
  it('counts numbers exactly across ranges', () => {
    assert.equal(
      countNumbers(
        body([
          ['+442081324700', '+442081324709'],
          ['+442081324758', '+442081324758'],
        ]),
      ),
      11n,
    );
  });

  it('cuts long range lists', () => {
    const many = body(Array.from({ length: 12 }, (_, i) => [`+4420813247${10 + i}`, `+4420813247${10 + i}`] as [string, string]));
    const text = listRanges(many, 10);
    assert.equal(text.split('\n').length, 11);
    assert.match(text, /and 2 more ranges/);
  });

  it('the production confirmation names host, count, ranges and tracking id', () => {
    const { message, detail } = productionConfirmation({ host: 'apis.colt.net', body: body([['+442081324700', '+442081324709']]), trackingId: 'abc-123' });
    assert.match(message, /10 numbers/);
    assert.match(message, /PRODUCTION at apis\.colt\.net/);
    assert.match(detail, /\+442081324700 – \+442081324709/);
    assert.match(detail, /Tracking id: abc-123/);
    assert.match(detail, /United Kingdom \(GB\), service profile ANH/);
  });

  it('Check Order on a production order shows what the production confirmation shows, and words the 409 as an assumption', () => {
    const record = createDraft({
      target: 'production',
      baseUrl: 'https://apis.colt.net',
      body: body([['+442081324700', '+442081324709']]),
      trackingId: 'abc-123',
    });
    const { message, detail } = checkOrderConfirmation(record);
    assert.match(message, /Resend order abc-123 to PRODUCTION at apis\.colt\.net\? It may reactivate 10 numbers\./);
    assert.match(detail, /Numbers: 10 in 1 range/);
    assert.match(detail, /\+442081324700 – \+442081324709/);
    assert.match(detail, /Tracking id: abc-123/);
    assert.match(detail, /should answer 409 with its order id.*as the emulator does \(Colt does not document this\)/);
  });

  it('Check Order elsewhere asks briefly, with the same 409 caveat', () => {
    const record = createDraft({
      target: 'sandbox',
      baseUrl: 'https://api.sandbox.colt.net',
      body: body([['+442081324700', '+442081324709']]),
      trackingId: 'abc-123',
    });
    const { message, detail } = checkOrderConfirmation(record);
    assert.equal(message, 'Resend order abc-123 to api.sandbox.colt.net with the same tracking id?');
    assert.doesNotMatch(detail, /Numbers:/);
    assert.match(detail, /Colt does not document this/);
  });
});

describe('proxyDispatcher (http.proxy / http.proxyStrictSSL)', () => {
  it('uses a ProxyAgent for remote targets when http.proxy is set', async () => {
    const d = proxyDispatcher({ url: 'http://proxy.example:3128', strictSSL: true }, 'https://sandbox.apis.colt.net', 1000, {});
    assert.ok(d instanceof ProxyAgent);
    await d.close();
  });

  it('never proxies the loopback emulator, and falls back to the environment', async () => {
    for (const loopback of ['http://127.0.0.1:4010', 'http://127.0.0.2:4010', 'http://localhost:4010', 'http://[::1]:4010']) {
      assert.equal(proxyDispatcher({ url: 'http://proxy.example:3128', strictSSL: true }, loopback, 1000, {}), undefined, loopback);
    }
    const fromEnv = proxyDispatcher({ strictSSL: true }, 'https://apis.colt.net', 1000, { HTTPS_PROXY: 'http://envproxy:8080' });
    assert.ok(fromEnv instanceof ProxyAgent);
    await fromEnv.close();
    assert.equal(proxyDispatcher({ strictSSL: true }, 'https://apis.colt.net', 1000, {}), undefined);
  });

  it('keeps credentials of the proxy URL out of the log line', () => {
    assert.equal(describeProxy('http://user:pa55@proxy.example:3128/'), 'http://proxy.example:3128/');
  });
});

describe('redact (log channel)', () => {
  it('removes registered secrets, bearer and basic headers, and token fields', () => {
    const line = redact('POST /token Authorization: Basic ZW11OnNlY3JldA== secret=s3cr3t-Value {"access_token":"eyJabc.def"} Bearer eyJ.x.y', ['s3cr3t-Value']);
    assert.doesNotMatch(line, /ZW11OnNlY3JldA|s3cr3t-Value|eyJabc|eyJ\.x\.y/);
    assert.match(line, /Basic \*\*\*/);
  });
});
