// One clock for every wait in the three test tiers. Deadlines are generous on purpose: a wait
// ends as soon as its condition holds, so a long deadline costs nothing on a fast machine and
// only decides how long a real failure takes to report. COLT_TEST_SLOWDOWN multiplies every
// deadline for a machine slower or busier than that (e.g. COLT_TEST_SLOWDOWN=3).
// The mocha config files (.mocharc.cjs) read the same variable for the per-test time limit.

export const TEST_SLOWDOWN = slowdownFrom(process.env.COLT_TEST_SLOWDOWN);

/** `ms` scaled by COLT_TEST_SLOWDOWN: pass every time limit of a test through this. */
export function deadline(ms: number): number {
  return Math.round(ms * TEST_SLOWDOWN);
}

export function slowdownFrom(value: string | undefined): number {
  const factor = Number(value);
  return Number.isFinite(factor) && factor >= 1 ? factor : 1;
}
