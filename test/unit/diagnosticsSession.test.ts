// The language server re-checks only the range an edit touched (src/core/diagnosticsSession.ts): after
// every edit its diagnostics must be exactly those of a full check of the same text.
import * as assert from 'node:assert/strict';
import { computeDiagnostics, type DiagnosticOptions } from '../../src/core/diagnostics';
import { parseTree, type Node } from 'jsonc-parser';
import { DiagnosticsSession, listSpans } from '../../src/core/diagnosticsSession';
import { fuzzDiagnosticsSession } from '../fuzz/diagnosticsFuzz';

/** `count` disjoint GB ranges of 6 numbers, pretty-printed. */
function requestText(count: number): string {
  const numberRangeList = Array.from({ length: count }, (_, i) => {
    const start = 10_000_000 + i * 10;
    return { numberRangeStart: `+4420${start}`, numberRangeEnd: `+4420${start + 5}` };
  });
  const body = { numberRangeList, productOffering: { name: 'Wholesale SIP' }, relatedParty: { reseller: { serviceProfile: 'ANH', country: 'GB' } } };
  return JSON.stringify(body, null, 2) + '\n';
}

/** Replaces the first occurrence of `from` after `after` with `to`. */
function replaceAfter(text: string, after: string, from: string, to: string): string {
  const at = text.indexOf(from, text.indexOf(after));
  assert.ok(at >= 0, `${from} not found after ${after}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

class Checked {
  readonly session = new DiagnosticsSession();
  constructor(private readonly options?: DiagnosticOptions) {}

  /** Updates the session and asserts it agrees with a full check; returns how the update was made. */
  update(text: string): string {
    const found = this.session.update(text, this.options);
    assert.deepEqual(found, computeDiagnostics(text, this.options));
    return this.session.lastUpdate;
  }
}

describe('diagnostics session (incremental re-check)', () => {
  // 1,500 ranges of 6: 9,000 numbers, under the 10,000 per order.
  const text = requestText(1500);

  it('re-checks an edit inside one range incrementally, with the full check’s results', () => {
    const checked = new Checked();
    assert.equal(checked.update(text), 'full');
    // Range 1,000 (+442010010000 to +442010010005) reversed, then reversed differently.
    const reversed = text.replace('"+442010010005"', '"+442010009990"');
    assert.equal(checked.update(reversed), 'incremental');
    assert.deepEqual(
      checked.session.update(reversed).map((d) => [d.code, d.path]),
      [['range-reversed', ['numberRangeList', 1000]]],
    );
    assert.equal(checked.update(text.replace('"+442010010005"', '"+442010009991"')), 'incremental');
    assert.equal(checked.update(text), 'incremental');
    assert.deepEqual(checked.session.update(text), []);
    assert.equal(checked.update(text), 'unchanged');
  });

  it('finds duplicates and overlaps that an edit makes or removes, on either side of the edited range', () => {
    const checked = new Checked();
    checked.update(text);
    // Range 1,000 becomes a copy of range 10: a duplicate reported on 1,000.
    const duplicate = replaceAfter(
      replaceAfter(text, '"+442010010000"', '"+442010010000"', '"+442010000100"'),
      '"+442010000100"',
      '"+442010010005"',
      '"+442010000105"',
    );
    assert.equal(checked.update(replaceAfter(text, '"+442010010000"', '"+442010010000"', '"+442010000100"')), 'incremental');
    assert.equal(checked.update(duplicate), 'incremental');
    assert.deepEqual(
      checked.session.update(duplicate).map((d) => [d.code, d.path]),
      [['duplicate-range', ['numberRangeList', 1000]]],
    );
    // Range 5 now reaches into range 10: the later ranges 6 to 10 overlap it; 1,000 still repeats 10.
    const overlap = replaceAfter(duplicate, '"+442010000050"', '"+442010000055"', '"+442010000102"');
    assert.equal(checked.update(overlap), 'incremental');
    assert.deepEqual(
      checked.session.update(overlap).map((d) => [d.code, d.path]),
      [...[6, 7, 8, 9, 10].map((i) => ['overlapping-range', ['numberRangeList', i]]), ['duplicate-range', ['numberRangeList', 1000]]],
    );
    assert.equal(checked.update(text.replace('"+442010000055"', '"+442010000102"')), 'incremental');
    assert.equal(checked.update(text), 'incremental');
  });

  it('a range widened over many others finds every clash again, still incrementally', () => {
    const checked = new Checked({ maxNumbersPerRange: 100_000 });
    checked.update(text);
    const wide = replaceAfter(text, '"+442010000005"', '"+442010000005"', '"+442010009999"');
    assert.equal(checked.update(wide), 'incremental');
    assert.ok(checked.session.update(wide, { maxNumbersPerRange: 100_000 }).filter((d) => d.code === 'overlapping-range').length > 900);
    assert.equal(checked.update(text), 'incremental');
  });

  it('line breaks typed inside a range move every later problem to the right line', () => {
    const checked = new Checked();
    const withProblem = replaceAfter(text, '"+442010014990"', '"+442010014995"', '"+442010014991x"');
    checked.update(withProblem);
    const broken = replaceAfter(withProblem, '"+442010000100"', '"numberRangeEnd"', '\n\r\n\n"numberRangeEnd"');
    assert.equal(checked.update(broken), 'incremental');
    assert.equal(checked.update(broken.replace('\n\r\n\n"numberRangeEnd"', '"numberRangeEnd"')), 'incremental');
  });

  it('an edit that is not inside one range, or broken JSON, takes the full check; the next edit inside a range is incremental again', () => {
    const checked = new Checked();
    checked.update(text);
    assert.equal(checked.update(text.replace('"GB"', '"FR"')), 'full');
    const unclosed = text.replace('"+442010000105"', '"+442010000105');
    assert.equal(checked.update(unclosed), 'full');
    assert.equal(checked.update(text), 'full');
    const added = text.replace('[\n', '[\n    {"numberRangeStart": "+442010000101", "numberRangeEnd": "+442010000101"},\n');
    assert.equal(checked.update(added), 'full');
    assert.equal(checked.update(added.replace('"+442010000101"}', '"+442010000111"}')), 'incremental');
    // An entry that stops being an object, and back: still one entry, so still incremental.
    assert.equal(checked.update(added.replace('{"numberRangeStart": "+442010000101", "numberRangeEnd": "+442010000101"}', '"+442010000101"')), 'incremental');
    assert.equal(checked.update(added), 'incremental');
  });

  it('an edit that takes the request over maxNumbersPerOrder, or back under it, is still incremental', () => {
    const checked = new Checked();
    checked.update(text);
    // Range 1,000 (+442010010000 to +442010010005) grows to 1,006 numbers (overlapping the next 100): 10,000 in all, not more.
    const atLimit = text.replace('"+442010010005"', '"+442010011005"');
    assert.equal(checked.update(atLimit), 'incremental');
    assert.ok(!checked.session.update(atLimit).some((d) => d.code === 'order-too-large'));
    const over = text.replace('"+442010010005"', '"+442010011006"');
    assert.equal(checked.update(over), 'incremental');
    assert.ok(checked.session.update(over).some((d) => d.code === 'order-too-large' && d.severity === 'error'));
    assert.equal(checked.update(text), 'incremental');
    assert.ok(!checked.session.update(text).some((d) => d.code === 'order-too-large'));
  });

  it('new settings take the full check', () => {
    const session = new DiagnosticsSession();
    const wide = replaceAfter(text, '"+442010000005"', '"+442010000005"', '"+442010001999"');
    session.update(wide);
    assert.deepEqual(
      session.update(wide, { maxNumbersPerRange: 5000 }).map((d) => d.code),
      computeDiagnostics(wide, { maxNumbersPerRange: 5000 }).map((d) => d.code),
    );
    assert.equal(session.lastUpdate, 'full');
  });

  it('finds numberRangeList and its entries where a JSON tree has them, the last key winning', () => {
    for (const json of [
      text,
      '{"numberRangeList": [1, "a\\"]", {"x": [[{}]]}, null], "b": {"numberRangeList": []}}',
      '\ufeff {"numberRangeList":[], "numberRangeList" :\r\n[ {"a":"}"} ,[ ] ]}',
      '{"numberRang\\u0065List": [true, -1.5e3]}',
    ]) {
      const tree = parseTree(json.replace(/^\ufeff/, ' '))!;
      // The last property of that name, as JSON.parse takes it (jsonc-parser's own lookup takes the first).
      const property = tree.children!.filter((p) => p.children![0]!.value === 'numberRangeList').pop()!;
      const [key, list] = property.children! as [Node, Node];
      assert.deepEqual(listSpans(json), {
        key: { offset: key.offset, length: key.length },
        starts: list.children!.map((n) => n.offset),
        ends: list.children!.map((n) => n.offset + n.length),
      });
    }
    assert.equal(listSpans('{"numberRangeList": {}}'), undefined);
    assert.equal(listSpans('[]'), undefined);
  });

  it('random edit sequences: the same diagnostics as a full check after every edit', () => {
    const kinds = fuzzDiagnosticsSession({ numRuns: 300, seed: 1130 });
    assert.ok(kinds.incremental > 100, JSON.stringify(kinds));
  });
});
