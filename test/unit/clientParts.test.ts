import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Agent, ProxyAgent } from 'undici';
import { newTrackingId, proxyDispatcherFromEnv, proxyForUrl } from '../../src/core/coltClient';
import { requestAsCurl, shellQuote } from '../../src/core/curl';
import { isLoopbackUrl, isProductionUrl, resolveBaseUrl, TARGETS } from '../../src/core/targets';
import { DEFAULT_TOKEN_LIFETIME_MS, jwtExpiry, MAX_TOKEN_LIFETIME_MS, TokenCache, tokenFromAnswer, type CachedToken } from '../../src/core/tokenCache';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '../../src/emulator/emulator';
import { EmulatorHarness, singleNumberBody } from './clientHelpers';

const run = promisify(execFile);

describe('targets', () => {
  it('has the documented base URLs and strips a trailing slash from overrides', () => {
    assert.equal(TARGETS.production.baseUrl, 'https://apis.colt.net');
    assert.equal(TARGETS.sandbox.baseUrl, 'https://sandbox.apis.colt.net');
    assert.equal(resolveBaseUrl('emulator'), 'http://127.0.0.1:4010');
    assert.equal(resolveBaseUrl('emulator', 'http://127.0.0.1:5000/'), 'http://127.0.0.1:5000');
  });

  it('isProductionUrl goes by the host: case, trailing dot, port, user info and scheme do not hide it', () => {
    for (const url of [
      TARGETS.production.baseUrl,
      'https://APIS.COLT.NET./x',
      'https://apis.colt.net:8443',
      'http://apis.colt.net',
      'https://127.0.0.1@apis.colt.net',
    ]) {
      assert.equal(isProductionUrl(url), true, url);
    }
    for (const url of [
      TARGETS.sandbox.baseUrl,
      TARGETS.emulator.baseUrl,
      'https://apis.colt.net.example.com',
      'https://apis.colt.net@127.0.0.1',
      'not a url',
      'ftp://apis.colt.net',
    ]) {
      assert.equal(isProductionUrl(url), false, url);
    }
  });

  it('isLoopbackUrl accepts 127.0.0.0/8, localhost and [::1] over http(s) only', () => {
    for (const url of [
      'http://127.0.0.1:4010',
      'https://127.255.0.9',
      'http://127.1:4010',
      'http://localhost:4010',
      'http://LOCALHOST./',
      'http://[::1]:4010',
      'http://[0:0:0:0:0:0:0:1]/',
    ]) {
      assert.equal(isLoopbackUrl(url), true, url);
    }
    for (const url of [
      'https://apis.colt.net',
      'http://10.0.0.1',
      'http://128.0.0.1',
      'http://127.0.0.1.example.com',
      'http://localhost.example.com',
      'http://127.0.0.1@example.com',
      'ftp://127.0.0.1',
      'file:///tmp/x',
      '',
    ]) {
      assert.equal(isLoopbackUrl(url), false, url);
    }
  });
});

describe('token cache', () => {
  let clock = 0;
  const cache = () => new TokenCache(() => clock);
  const issue =
    (name: string, ttlSeconds = 1800) =>
    async (): Promise<CachedToken> =>
      tokenFromAnswer(name, ttlSeconds, clock);

  beforeEach(() => {
    clock = 1_000_000;
  });

  it('reuses a token until 60 s before it expires', async () => {
    const c = cache();
    assert.equal((await c.get('k', issue('a'))).accessToken, 'a');
    clock += (1800 - 61) * 1000;
    assert.equal((await c.get('k', issue('b'))).accessToken, 'a');
    clock += 2000;
    assert.equal((await c.get('k', issue('b'))).accessToken, 'b');
  });

  it('shares one refresh between concurrent callers, and a failed refresh is not cached', async () => {
    const c = cache();
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = async () => {
      calls++;
      await gate;
      return tokenFromAnswer('t', 1800, clock);
    };
    const all = Promise.all(Array.from({ length: 20 }, () => c.get('k', slow)));
    release();
    assert.deepEqual(new Set((await all).map((t) => t.accessToken)), new Set(['t']));
    assert.equal(calls, 1);
    const failing = cache();
    await assert.rejects(
      failing.get('k', async () => Promise.reject(new Error('down'))),
      /down/,
    );
    assert.equal((await failing.get('k', issue('ok'))).accessToken, 'ok');
  });

  it('invalidate drops only the refused token, never a newer one', async () => {
    const c = cache();
    await c.get('k', issue('old'));
    c.invalidate('k', 'old');
    assert.equal((await c.get('k', issue('new'))).accessToken, 'new');
    c.invalidate('k', 'old');
    assert.equal((await c.get('k', issue('newer'))).accessToken, 'new');
  });

  it('keys are separate', async () => {
    const c = cache();
    await c.get('a', issue('ta'));
    assert.equal((await c.get('b', issue('tb'))).accessToken, 'tb');
  });

  it('a token that lives under two minutes is reused for half its life', async () => {
    const c = cache();
    await c.get('k', issue('short', 30));
    clock += 14_000;
    assert.equal((await c.get('k', issue('x', 30))).accessToken, 'short');
    clock += 2000;
    assert.equal((await c.get('k', issue('x', 30))).accessToken, 'x');
  });
});

describe('token lifetime', () => {
  const now = 1_700_000_000_000;
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const jwt = (claims: unknown, parts = 3) => [part({ alg: 'RS256', typ: 'JWT' }), part(claims), ...Array(parts - 2).fill('c2ln')].join('.');
  const lifetime = (accessToken: string, expiresIn?: number) => tokenFromAnswer(accessToken, expiresIn, now).lifetimeMs;

  it('takes expires_in when it is given and believable', () => {
    assert.deepEqual(tokenFromAnswer('t', 1800, now), { accessToken: 't', expiresAt: now + 1_800_000, lifetimeMs: 1_800_000 });
    assert.equal(lifetime(jwt({ exp: now / 1000 + 600 }), 1800), 1_800_000, 'expires_in wins over exp');
  });

  it("without a believable expires_in, takes a JWT's exp claim", () => {
    const token = jwt({ sub: 'client', exp: now / 1000 + 1200 });
    assert.deepEqual(tokenFromAnswer(token, undefined, now), { accessToken: token, expiresAt: now + 1_200_000, lifetimeMs: 1_200_000 });
    for (const expiresIn of [0, -1, 86_401, Number.POSITIVE_INFINITY]) assert.equal(lifetime(token, expiresIn), 1_200_000, String(expiresIn));
    assert.equal(lifetime(jwt({ exp: now / 1000 + 0.5 })), 500, 'a NumericDate may have a fraction');
  });

  it('else assumes the short default: opaque tokens, and exp in the past, absurd or unreadable', () => {
    const cases = {
      opaque: 'k3Jz0_x-opaque',
      'exp in the past': jwt({ exp: now / 1000 - 5 }),
      'exp more than a day ahead': jwt({ exp: now / 1000 + 86_401 }),
      'exp in milliseconds': jwt({ exp: now + 600_000 }),
      'exp as a string': jwt({ exp: String(now / 1000 + 600) }),
      'no exp': jwt({ sub: 'x' }),
      'claims that are not an object': jwt(12),
      'claims that are null': jwt(null),
      'an encrypted JWT (five parts)': jwt({ exp: now / 1000 + 600 }, 5),
      'a payload that is not base64url': `a.${part({ exp: now / 1000 + 600 })}+/.c`,
      'a payload that is not JSON': `a.${Buffer.from('not json').toString('base64url')}.c`,
      'an empty payload': 'a..c',
    };
    for (const [what, token] of Object.entries(cases)) assert.equal(lifetime(token), DEFAULT_TOKEN_LIFETIME_MS, what);
    assert.equal(DEFAULT_TOKEN_LIFETIME_MS, 300_000);
  });

  it('believes a lifetime of up to one day, given as expires_in or as exp', () => {
    assert.equal(lifetime('t', MAX_TOKEN_LIFETIME_MS / 1000), MAX_TOKEN_LIFETIME_MS);
    assert.equal(lifetime(jwt({ exp: (now + MAX_TOKEN_LIFETIME_MS) / 1000 })), MAX_TOKEN_LIFETIME_MS);
  });

  it('jwtExpiry reads the exp claim only, without checking the signature', () => {
    assert.equal(jwtExpiry(jwt({ exp: 1_700_000_600 })), 1_700_000_600_000);
    assert.equal(jwtExpiry(`${part({})}.${part({ exp: 1 })}.`), 1000, 'an unsigned JWT (alg none) has an empty third part');
    assert.equal(jwtExpiry('opaque'), undefined);
  });

  it('keeps a token from the default lifetime until a minute before it ends', async () => {
    let clock = now;
    const c = new TokenCache(() => clock);
    assert.equal((await c.get('k', async () => tokenFromAnswer('a', undefined, clock))).accessToken, 'a');
    clock += DEFAULT_TOKEN_LIFETIME_MS - 61_000;
    assert.equal((await c.get('k', async () => tokenFromAnswer('b', undefined, clock))).accessToken, 'a');
    clock += 2000;
    assert.equal((await c.get('k', async () => tokenFromAnswer('b', undefined, clock))).accessToken, 'b');
  });
});

describe('proxy from the environment', () => {
  const env = {
    HTTPS_PROXY: 'http://proxy.corp:3128',
    HTTP_PROXY: 'http://plain.corp:8080',
    NO_PROXY: 'internal.example, .colt.local,sandbox.apis.colt.net:8443',
  };

  it('uses HTTPS_PROXY for https and HTTP_PROXY for http', () => {
    assert.equal(proxyForUrl(env, 'https://apis.colt.net'), 'http://proxy.corp:3128');
    assert.equal(proxyForUrl(env, 'http://example.org'), 'http://plain.corp:8080');
    assert.equal(proxyForUrl({ https_proxy: 'http://lower:1' }, 'https://apis.colt.net'), 'http://lower:1');
    assert.equal(proxyForUrl({}, 'https://apis.colt.net'), undefined);
  });

  it('honours NO_PROXY (names, suffixes, ports, *) and never proxies loopback', () => {
    assert.equal(proxyForUrl(env, 'https://internal.example/x'), undefined);
    assert.equal(proxyForUrl(env, 'https://api.internal.example'), undefined);
    assert.equal(proxyForUrl(env, 'https://a.colt.local'), undefined);
    assert.equal(proxyForUrl(env, 'https://sandbox.apis.colt.net'), 'http://proxy.corp:3128', 'port 443 is not 8443');
    assert.equal(proxyForUrl(env, 'https://sandbox.apis.colt.net:8443'), undefined);
    assert.equal(proxyForUrl({ ...env, NO_PROXY: '*' }, 'https://apis.colt.net'), undefined);
    assert.equal(proxyForUrl(env, 'http://127.0.0.1:4010'), undefined);
    assert.equal(proxyForUrl(env, 'http://localhost:4010'), undefined);
  });

  it('builds a ProxyAgent only when a proxy applies', async () => {
    const proxied = proxyDispatcherFromEnv(env, 'https://apis.colt.net');
    const direct = proxyDispatcherFromEnv(env, 'http://127.0.0.1:4010');
    assert.ok(proxied instanceof ProxyAgent);
    assert.ok(direct instanceof Agent);
    await proxied.close();
    await direct.close();
  });
});

describe('request as curl', () => {
  it('shell-quotes single quotes', () => {
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
  });

  it('shows the exact POST with placeholders, never a token or secret', () => {
    const text = requestAsCurl({ baseUrl: 'https://apis.colt.net/', body: singleNumberBody('+442081324758'), trackingId: 'abc-1' });
    assert.match(text, /curl -sS -X POST 'https:\/\/apis\.colt\.net\/numberManagement\/v1\/reactivate\/order'/);
    assert.match(text, /Authorization: Bearer \$COLT_TOKEN/);
    assert.match(text, /-u "\$COLT_CLIENT_ID:\$COLT_CLIENT_SECRET"/);
    assert.match(text, /x-tracking-id: abc-1/);
  });

  it('runs as printed against the emulator (token line uncommented), and places exactly the order', async function () {
    const emu = await EmulatorHarness.start();
    try {
      const trackingId = newTrackingId();
      const body = singleNumberBody('+442071830000');
      body.relatedParty.reseller.serviceProfile = 'ANH';
      const script = requestAsCurl({ baseUrl: emu.url, body, trackingId })
        .split('\n')
        .map((line) => line.replace(/^# (COLT_TOKEN=)/, '$1'))
        .join('\n');
      const { stdout } = await run('bash', ['-c', script], {
        env: { ...process.env, NO_PROXY: '127.0.0.1', no_proxy: '127.0.0.1', COLT_CLIENT_ID: DEFAULT_CLIENT_ID, COLT_CLIENT_SECRET: DEFAULT_CLIENT_SECRET },
      });
      const answer = JSON.parse(stdout) as { order: { id: string } };
      const stored = await emu.ordersWith(trackingId);
      assert.equal(stored.length, 1);
      assert.equal(stored[0]!.id, answer.order.id);
      assert.deepEqual(stored[0]!.body, body);
    } finally {
      await emu.close();
    }
  });

  it('quotes a body that holds a single quote so that the shell passes it through unchanged', async () => {
    const body = singleNumberBody('+442081324758');
    body.relatedParty.reseller.serviceProfile = "O'Neil $(rm -rf /) `x`";
    const script = requestAsCurl({ baseUrl: 'http://127.0.0.1:1', body, trackingId: 't' });
    const dataArg = script.slice(script.indexOf('--data-raw ') + '--data-raw '.length);
    const { stdout } = await run('bash', ['-c', `printf %s ${dataArg}`]);
    assert.deepEqual(JSON.parse(stdout), body);
  });
});
