// Values of any length are quoted short: a 5,000,000-digit number or a 1 MB string in any field
// gives messages of a few hundred characters at most, in the diagnostics, the form, quick fixes,
// hover and outline, `colt-reactivate validate`, the language server and the emulator's answers.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../../src/cli/main';
import { newTrackingId } from '../../src/core/coltClient';
import { computeDiagnostics, validateRequestObject } from '../../src/core/diagnostics';
import { excerpt, quoted, quotedList } from '../../src/core/excerpt';
import { quickFixesFor } from '../../src/core/quickFixes';
import { hoverAt, listRanges, rangeLabel } from '../../src/core/requestAssist';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '../../src/emulator/emulator';
import { parseInventory } from '../../src/emulator/inventory';
import { EmulatorHarness } from './clientHelpers';
import { ServerTestClient } from './serverTestClient';

const MAX_MESSAGE = 300;
const DIGITS = '9'.repeat(5_000_000);
const MEGABYTE = 'x'.repeat(1_000_000);

/** Every field long at once: a 5,000,000-digit number, and 1 MB in each other field and in unknown keys. */
const LONG_REQUEST = {
  numberRangeList: [
    { numberRangeStart: `+44${DIGITS}`, numberRangeEnd: `+44 ${DIGITS}` },
    { numberRangeStart: `0${DIGITS}`, numberRangeEnd: '+442081324758', [MEGABYTE]: 1 },
  ],
  productOffering: { name: MEGABYTE },
  relatedParty: { reseller: { serviceProfile: MEGABYTE, country: `United Kingdom ${MEGABYTE}`, [`contry${MEGABYTE}`]: 'GB' } },
  [MEGABYTE]: true,
  [`numberRangeLis${MEGABYTE}`]: [],
};
const LONG_TEXT = JSON.stringify(LONG_REQUEST, null, 2);

function assertShort(messages: readonly string[], what: string): void {
  assert.ok(messages.length > 0, `${what}: no messages`);
  for (const message of messages) assert.ok(message.length < MAX_MESSAGE, `${what}: ${message.length} characters: ${message.slice(0, 400)}`);
}

describe('long values are quoted short', () => {
  describe('excerpt', () => {
    it('keeps values of up to 40 characters whole', () => {
      assert.equal(excerpt('+442081324758'), '+442081324758');
      assert.equal(quoted('United Kingdom'), '"United Kingdom"');
      assert.equal(quoted('x'.repeat(40)), `"${'x'.repeat(40)}"`);
    });

    it('cuts longer ones to their first 32 characters, marked, with their length', () => {
      assert.equal(excerpt(`+44${DIGITS}`), `+44${'9'.repeat(29)}… (5,000,003 characters)`);
      assert.equal(quoted('y'.repeat(41)), `"${'y'.repeat(32)}…" (41 characters)`);
    });

    it('never cuts a character in half', () => {
      const emoji = `${'a'.repeat(31)}😀${'b'.repeat(20)}`;
      assert.equal(excerpt(emoji), `${'a'.repeat(31)}… (${emoji.length} characters)`);
    });

    it('quotes the first few of a list', () => {
      assert.equal(quotedList(['a']), '"a"');
      assert.equal(quotedList(['a', 'b', 'c', 'd', 'e']), '"a", "b", "c" and 2 more');
    });
  });

  describe('core', () => {
    it('every diagnostic of a file with 5,000,000 digits and 1 MB strings stays short, and says how long the value is', () => {
      const found = computeDiagnostics(LONG_TEXT);
      assert.deepEqual([...new Set(found.map((d) => d.code))].sort(), ['e164-length', 'invalid-e164', 'unknown-country', 'unknown-property', 'wrong-product']);
      assertShort(
        found.map((d) => d.message),
        'diagnostics',
      );
      const e164 = found.find((d) => d.code === 'e164-length')!;
      assert.match(e164.message, /^"\+44999+…" \(5,000,003 characters\) is too long for an E\.164 number: it has 5,000,003 characters/);
      assert.ok(found.some((d) => d.message.includes('(1,000,000 characters)')));
    });

    it("the form's live validation too", () => {
      assertShort(
        validateRequestObject(LONG_REQUEST).map((p) => p.message),
        'form',
      );
    });

    it('quick fix titles, hover and the outline', () => {
      // The fixes that name a value: removing an unknown key, adding a missing end.
      const text = JSON.stringify({
        numberRangeList: [{ numberRangeStart: `+${MEGABYTE}` }],
        relatedParty: { reseller: { country: 'GB', [`contry${MEGABYTE}`]: 'GB' } },
        [MEGABYTE]: true,
      });
      const titles = computeDiagnostics(text).flatMap((d) => quickFixesFor(text, d).map((f) => f.title));
      assert.equal(titles.length, 4, titles.join('\n'));
      assertShort(titles, 'quick fixes');
      const [range] = listRanges(LONG_TEXT);
      assertShort([rangeLabel(range!)], 'outline');
      // The hover's range section, after the field's documentation.
      const hover = hoverAt(LONG_TEXT, { line: 3, character: 10 })!.markdown.split('\n\n');
      assertShort(
        hover.filter((section) => section.startsWith('Range 1:')),
        'hover',
      );
    });
  });

  it('colt-reactivate validate prints short lines', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'colt-long-'));
    try {
      const file = path.join(dir, 'long.reactivate.json');
      fs.writeFileSync(file, LONG_TEXT);
      const out: string[] = [];
      const err: string[] = [];
      assert.equal(await runCli(['validate', file], { out: (l) => out.push(l), err: (l) => err.push(l), env: {} }), 1);
      assertShort(
        out.map((line) => line.slice(file.length)),
        'validate',
      );
      assert.deepEqual(err, []);
      // Options are echoed short too.
      const usage: string[] = [];
      await runCli(['validate', `--${MEGABYTE}`, file], { out: () => undefined, err: (l) => usage.push(l), env: {} });
      assertShort([usage[0]!.split('\n')[0]!], 'usage');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the language server publishes short messages', async () => {
    const client = await ServerTestClient.start({ targetLabel: 'Local emulator' }, 0);
    try {
      const uri = pathToFileURL(path.join(os.tmpdir(), 'long.reactivate.json')).toString();
      client.open(uri, LONG_TEXT);
      assertShort(
        (await client.diagnostics(uri)).map((d) => String(d.message)),
        'published',
      );
      client.close(uri);
    } finally {
      client.dispose();
    }
  });

  it('an inventory with a 1 MB unknown field is reported short', () => {
    const inventory = { numbers: [{ number: '+442081324758', country: 'GB', status: 'Quarantined', [MEGABYTE]: 1 }], [MEGABYTE]: 2 };
    assert.throws(
      () => parseInventory(inventory),
      (error: Error) => {
        assertShort([error.message], 'inventory');
        return true;
      },
    );
  });

  describe('emulator', () => {
    let emu: EmulatorHarness;
    let token: string;
    const basic = `Basic ${Buffer.from(`${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}`).toString('base64')}`;
    const tokenCall = (body: string) =>
      fetch(`${emu.url}/authentication/v1/oauth/token`, {
        method: 'POST',
        headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded', 'x-tracking-id': newTrackingId() },
        body,
      });
    const order = (body: unknown) =>
      fetch(`${emu.url}/numberManagement/v1/reactivate/order`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-tracking-id': newTrackingId() },
        body: JSON.stringify(body),
      });

    before(async () => {
      emu = await EmulatorHarness.start();
      token = ((await (await tokenCall('grant_type=client_credentials')).json()) as { access_token: string }).access_token;
    });
    after(() => emu?.close());

    /** The answer's status and its message, which must be short. */
    async function shortAnswer(answer: Response): Promise<number> {
      const body = (await answer.json()) as { message: string; details?: { message: string }[] };
      assertShort([body.message, ...(body.details ?? []).map((d) => d.message)], `HTTP ${answer.status}`);
      return answer.status;
    }

    it('answers a 5,000,000-digit number, a 1 MB product name or country with short 400s', async () => {
      const body = emu.freshBody();
      assert.equal(await shortAnswer(await order({ ...body, numberRangeList: [{ numberRangeStart: `+44${DIGITS}`, numberRangeEnd: '+442081324758' }] })), 400);
      assert.equal(await shortAnswer(await order({ ...body, productOffering: { name: MEGABYTE } })), 400);
      assert.equal(await shortAnswer(await order({ ...body, relatedParty: { reseller: { country: MEGABYTE } } })), 400);
    });

    it('a 1 MB service profile gets a short 422', async () => {
      const body = emu.freshBody();
      assert.equal(await shortAnswer(await order({ ...body, relatedParty: { reseller: { serviceProfile: MEGABYTE, country: 'GB' } } })), 422);
    });

    it('a long grant_type, and long unknown keys in a faults request, get short 400s', async () => {
      assert.equal(await shortAnswer(await tokenCall(`grant_type=${'g'.repeat(60_000)}`)), 400);
      const faults = await fetch(`${emu.url}/__emulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ faults: [], ['k'.repeat(30_000)]: 1, [`${'j'.repeat(30_000)}`]: 2, a: 3, b: 4 }),
      });
      assert.equal(await shortAnswer(faults), 400);
    });
  });
});
