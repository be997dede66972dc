// Benchmark (issue 2 figure): diagnostics for a request file of 10,000 ranges, in-process, against
// vscode-json-languageservice (the engine of VS Code's own JSON validation) checking the same text
// with our generated JSON Schema. Run: npx tsx scripts/bench/validate10k.ts [--rounds N]
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from 'vscode-json-languageservice';
import { computeDiagnostics } from '../../src/core/diagnostics';
import { requestJsonSchema } from '../../src/core/jsonSchema';

const RANGES = 10_000;
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 31;

/** 10,000 disjoint GB ranges of 6 numbers, pretty-printed as people keep them in git. */
function requestText(mistakes: boolean): string {
  const numberRangeList = Array.from({ length: RANGES }, (_, i) => {
    const start = 10_000_000 + i * 10;
    const end = mistakes ? start - 1 : start + 5; // with mistakes: every range reversed
    return { numberRangeStart: `+4420${start}`, numberRangeEnd: `+4420${end}` };
  });
  return JSON.stringify({
    $schema: './reactivate.schema.json',
    numberRangeList,
    productOffering: { name: 'Wholesale SIP' },
    relatedParty: { reseller: { serviceProfile: 'ANH', country: 'GB' } },
  }, null, 2) + '\n';
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timeRounds(run: () => unknown): Promise<number> {
  for (let i = 0; i < 3; i++) await run(); // warm-up: JIT and caches
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return median(times);
}

async function main(): Promise<void> {
  const schemaUri = 'file:///reactivate.schema.json';
  const service = getLanguageService({ schemaRequestService: async () => JSON.stringify(requestJsonSchema()) });
  service.configure({ validate: true, allowComments: false, schemas: [{ uri: schemaUri, fileMatch: ['*.reactivate.json'], schema: requestJsonSchema() as never }] });

  for (const mistakes of [false, true]) {
    const text = requestText(mistakes);
    const ours = await timeRounds(() => computeDiagnostics(text));
    let version = 0;
    const theirs = await timeRounds(async () => {
      // A fresh document each round, as after an edit: parse and validate.
      const document = TextDocument.create('file:///bench.reactivate.json', 'json', ++version, text);
      await service.doValidation(document, service.parseJSONDocument(document));
    });
    const count = computeDiagnostics(text).length;
    const label = mistakes ? `validate-10k (every range reversed, ${count} problems)` : 'validate-10k';
    console.log(`${label}: ${ours.toFixed(1)} ms (ratio ${(ours / theirs).toFixed(2)} vs vscode-json-languageservice at ${theirs.toFixed(1)} ms; ${(text.length / 1e6).toFixed(2)} MB, median of ${rounds})`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
