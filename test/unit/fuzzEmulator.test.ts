// Fuzz tests of the emulator over real HTTP: the properties (random requests, broken HTTP on a raw
// socket) live in test/fuzz/emulatorFuzz.ts, shared with `npm run fuzz`, which runs them longer.
// Here they run briefly with fixed seeds, and the emulator must keep serving afterwards.
import { deadline } from '../deadline';
import * as assert from 'node:assert/strict';
import { newTrackingId } from '../../src/core/coltClient';
import { EmulatorFuzz } from '../fuzz/emulatorFuzz';

describe('fuzz: HTTP requests into the emulator', function () {
  this.timeout(deadline(30_000));
  let fuzz: EmulatorFuzz;

  before(async () => {
    fuzz = await EmulatorFuzz.start();
  });
  after(async () => {
    await fuzz?.close();
  });

  it('random methods, paths, headers and bodies: always a Colt-shaped JSON answer, never a crash', async () => {
    const started = performance.now();
    await fuzz.httpRequests({ numRuns: 600, seed: 6004 });
    const ms = performance.now() - started;
    const statuses = JSON.stringify(Object.fromEntries([...fuzz.statuses].sort()));
    console.log(`      fuzz: ${[...fuzz.statuses.values()].reduce((a, b) => a + b, 0)} requests in ${ms.toFixed(0)} ms; statuses ${statuses}`);
    assert.ok(ms < deadline(20_000), `bounded in time: ${ms.toFixed(0)} ms`);
  });

  it('broken HTTP on a raw socket: a Colt-shaped answer (or none), never a crash', async () => {
    await fuzz.rawSocket({ numRuns: 150, seed: 6005 });
  });

  it('keeps serving afterwards: a fresh token and a valid order are accepted', async () => {
    const client = fuzz.emu.client();
    const outcome = await client.submitOrder(fuzz.emu.freshBody(), { trackingId: newTrackingId() });
    assert.equal(outcome.kind, 'accepted', JSON.stringify(outcome));
    await client.close();
  });
});
