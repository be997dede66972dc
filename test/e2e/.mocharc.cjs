// The per-test time limit scales with COLT_TEST_SLOWDOWN like every other deadline (test/deadline.ts).
const slowdown = Math.max(1, Number(process.env.COLT_TEST_SLOWDOWN) || 1);

module.exports = {
  require: ['tsx/cjs', 'test/e2e/hooks.ts'],
  spec: ['test/e2e/**/*.test.ts'],
  timeout: 60000 * slowdown,
  slow: 5000,
  exit: true,
};
