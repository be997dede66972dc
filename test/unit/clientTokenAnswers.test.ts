// The client against token answers in every shape RFC 6749 allows, each one sent by the real
// emulator over loopback (its tokenAnswer fault), and against the ones it must still refuse.
// How long a token is kept is read from the outside: the client's cache runs on a clock that
// the test moves ahead, and the emulator counts the token requests.
import * as assert from 'node:assert/strict';
import { newTrackingId, type ColtClient, type SubmitOutcome } from '../../src/core/coltClient';
import { DEFAULT_TOKEN_LIFETIME_MS, REFRESH_MARGIN_MS, TokenCache } from '../../src/core/tokenCache';
import type { FaultSpec } from '../../src/emulator/emulator';
import { EmulatorHarness } from './clientHelpers';

/** Not Colt's 30 minutes nor the client's default, so that the lifetime used is unmistakable. */
const TTL_SECONDS = 1200;
const TTL_MS = TTL_SECONDS * 1000;

describe('Colt client: token answers RFC 6749 allows', function () {
  let emu: EmulatorHarness;
  let client: ColtClient;
  /** How far the client's token cache runs ahead of the real clock. */
  let ahead = 0;

  beforeEach(async () => {
    emu = await EmulatorHarness.start({ tokenTtlSeconds: TTL_SECONDS });
    ahead = 0;
    client = emu.client({ tokenCache: new TokenCache(() => Date.now() + ahead) });
  });
  afterEach(async () => {
    await client.close();
    await emu.close();
  });

  async function submitAccepted(): Promise<void> {
    const outcome = await client.submitOrder(emu.freshBody(), { trackingId: newTrackingId() });
    assert.equal(outcome.kind, 'accepted', JSON.stringify(outcome));
  }

  async function tokenRequests(): Promise<number> {
    return (await emu.stats()).tokenRequests;
  }

  /** The token is reused until `lifetimeMs` minus the refresh margin after it was fetched, and no longer. */
  async function assertKeptFor(lifetimeMs: number): Promise<void> {
    await submitAccepted();
    assert.equal(await tokenRequests(), 1);
    ahead = lifetimeMs - REFRESH_MARGIN_MS - 10_000;
    await submitAccepted();
    assert.equal(await tokenRequests(), 1, 'still reused 10 s before the refresh margin');
    ahead = lifetimeMs - REFRESH_MARGIN_MS + 2_000;
    await submitAccepted();
    assert.equal(await tokenRequests(), 2, 'refreshed 2 s into the refresh margin');
  }

  const kept: { name: string; answer: FaultSpec; lifetimeMs: number }[] = [
    { name: 'no expires_in, a JWT: the lifetime of its exp claim', answer: { kind: 'tokenAnswer', accessToken: 'jwt', expiresIn: 'omit' }, lifetimeMs: TTL_MS },
    { name: 'no expires_in, an opaque token: the short default', answer: { kind: 'tokenAnswer', expiresIn: 'omit' }, lifetimeMs: DEFAULT_TOKEN_LIFETIME_MS },
    { name: 'expires_in 0, a JWT: its exp claim', answer: { kind: 'tokenAnswer', accessToken: 'jwt', expiresIn: 0 }, lifetimeMs: TTL_MS },
    {
      name: 'a negative expires_in, an opaque token: the short default',
      answer: { kind: 'tokenAnswer', expiresIn: -60 },
      lifetimeMs: DEFAULT_TOKEN_LIFETIME_MS,
    },
    { name: 'expires_in as a numeric string', answer: { kind: 'tokenAnswer', expiresIn: String(TTL_SECONDS) }, lifetimeMs: TTL_MS },
    {
      name: '"bearer" in lower case, with scope, refresh_token and id_token: expires_in',
      answer: { kind: 'tokenAnswer', tokenType: 'bearer', extraFields: { scope: 'numberManagement', refresh_token: 'r-1', id_token: 'x.y.z' } },
      lifetimeMs: TTL_MS,
    },
    { name: 'no token_type at all: taken as Bearer', answer: { kind: 'tokenAnswer', tokenType: 'omit' }, lifetimeMs: TTL_MS },
  ];
  for (const c of kept) {
    it(`${c.name}; orders go through`, async () => {
      await emu.fault(c.answer, c.answer);
      await assertKeptFor(c.lifetimeMs);
      assert.equal((await emu.stats()).orderRequests, 3);
    });
  }

  it('no expires_in, a JWT: a 401 mid-flow still drops the token and refreshes once', async () => {
    const answer: FaultSpec = { kind: 'tokenAnswer', accessToken: 'jwt', expiresIn: 'omit' };
    await emu.fault(answer, answer);
    await submitAccepted();
    await emu.control('POST', 'expire-tokens');
    const trackingId = newTrackingId();
    const outcome = await client.submitOrder(emu.freshBody(), { trackingId });
    assert.equal(outcome.kind, 'accepted', JSON.stringify(outcome));
    assert.deepEqual(await emu.stats(), { tokenRequests: 2, orderRequests: 3, statusRequests: 0 }, 'one refresh, one retry');
    assert.equal((await emu.ordersWith(trackingId)).length, 1);
    const status = await client.getOrderStatus((outcome as Extract<SubmitOutcome, { kind: 'accepted' }>).orderId);
    assert.equal(status.kind, 'status');
  });

  const refused: { name: string; answer: FaultSpec; says: RegExp }[] = [
    {
      name: 'no access_token',
      answer: { kind: 'tokenAnswer', accessToken: 'omit' },
      says: /^Local emulator answered the token request without an access token \(HTTP 200\)\. Try again later/,
    },
    {
      name: 'an empty access_token',
      answer: { kind: 'tokenAnswer', accessToken: 'empty' },
      says: /^Local emulator answered the token request with an empty access token \(HTTP 200\)\. Try again later/,
    },
    {
      name: 'a token_type other than Bearer',
      answer: { kind: 'tokenAnswer', tokenType: 'mac' },
      says: /^Local emulator answered the token request with a token of type "mac", but only Bearer tokens can be sent to Colt \(HTTP 200\)\. Check the target's base URL/,
    },
  ];
  for (const c of refused) {
    it(`refuses ${c.name} with a clear message: nothing reaches the order endpoint`, async () => {
      await emu.fault(c.answer, c.answer);
      const outcome = await client.submitOrder(emu.freshBody(), { trackingId: newTrackingId() });
      assert.equal(outcome.kind, 'rejected');
      assert.equal((outcome as Extract<SubmitOutcome, { kind: 'rejected' }>).httpStatus, 0);
      assert.match((outcome as Extract<SubmitOutcome, { kind: 'rejected' }>).message, c.says);
      assert.deepEqual(await client.checkCredentials(), { ok: false, message: (outcome as Extract<SubmitOutcome, { kind: 'rejected' }>).message });
      assert.equal((await emu.stats()).orderRequests, 0);
    });
  }
});
