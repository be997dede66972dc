import * as assert from 'node:assert/strict';
import { failingTitles } from '../../scripts/soak';

describe('npm run test:soak: reading a run', () => {
  it('names each failing test from the summary, not from the progress lines', () => {
    const output = [
      '  faults (real extension host)',
      '    1) a reset after the order is stored',
      '      ✔ a nested test that passed',
      '',
      '  64 passing (27s)',
      '  2 failing',
      '',
      '  1) faults (real extension host)',
      '       a reset after the order is stored:',
      '     AssertionError [ERR_ASSERTION]: says what to do next',
      '      at Context.<anonymous> (test/integration/faults.test.ts:140:7)',
      '',
      '  2) security (e2e)',
      '       the form',
      '         runs in a webview:',
      '     TypeError: boom',
    ].join('\n');
    assert.deepEqual(failingTitles(output), [
      'faults (real extension host) › a reset after the order is stored',
      'security (e2e) › the form › runs in a webview',
    ]);
  });

  it('finds nothing in a green run', () => {
    assert.deepEqual(failingTitles('  3 passing (1s)\n'), []);
  });
});
