// The per-test time limit scales with COLT_TEST_SLOWDOWN like every other deadline (test/deadline.ts).
const slowdown = Math.max(1, Number(process.env.COLT_TEST_SLOWDOWN) || 1);

module.exports = {
  require: ['tsx/cjs'],
  spec: ['test/unit/**/*.test.ts'],
  timeout: 20000 * slowdown,
  exit: true,
};
