// Benchmark (`validate-10k`, README.md "Performance"): diagnostics for a request file of 10,000 ranges, in-process, against
// vscode-json-languageservice (the engine of VS Code's own JSON validation) checking the same text
// with our generated JSON Schema. Part of `npm run bench` (run.ts); alone:
// npx tsx scripts/bench/validate10k.ts [--rounds N]
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from 'vscode-json-languageservice';
import { computeDiagnostics } from '../../src/core/diagnostics';
import { requestJsonSchema } from '../../src/core/jsonSchema';
import { median, printFigures, timeRounds, type Figure } from './benchStats';

export const RANGES = 10_000;
/**
 * The file holds 60,000 numbers, above the default 10,000 per order: the limit a team that keeps such
 * files would set (coltReactivate.maxNumbersPerOrder), so that the figures measure the same checks as before the limit.
 */
export const BENCH_LIMITS = { maxNumbersPerOrder: 100_000 } as const;

/** 10,000 disjoint GB ranges of 6 numbers, pretty-printed as people keep them in git. */
export function requestText(mistakes = false): string {
  const numberRangeList = Array.from({ length: RANGES }, (_, i) => {
    const start = 10_000_000 + i * 10;
    const end = mistakes ? start - 1 : start + 5; // with mistakes: every range reversed
    return { numberRangeStart: `+4420${start}`, numberRangeEnd: `+4420${end}` };
  });
  return (
    JSON.stringify(
      {
        $schema: './reactivate.schema.json',
        numberRangeList,
        productOffering: { name: 'Wholesale SIP' },
        relatedParty: { reseller: { serviceProfile: 'ANH', country: 'GB' } },
      },
      null,
      2,
    ) + '\n'
  );
}

export interface ValidateResult {
  /** Medians, ms. */
  ours: number;
  theirs: number;
  problems: number;
  megabytes: number;
  rounds: number;
}

/** Ours and the peer alternate round by round, so that a slow spell of the machine hits both alike. */
export async function measureValidate10k(options: { rounds?: number; mistakes?: boolean } = {}): Promise<ValidateResult> {
  const rounds = options.rounds ?? 31;
  const schemaUri = 'file:///reactivate.schema.json';
  const service = getLanguageService({ schemaRequestService: async () => JSON.stringify(requestJsonSchema()) });
  service.configure({
    validate: true,
    allowComments: false,
    schemas: [{ uri: schemaUri, fileMatch: ['*.reactivate.json'], schema: requestJsonSchema() as never }],
  });
  const text = requestText(options.mistakes);
  let version = 0;
  const ours = () => computeDiagnostics(text, BENCH_LIMITS);
  const theirs = async () => {
    // A fresh document each round, as after an edit: parse and validate.
    const document = TextDocument.create('file:///bench.reactivate.json', 'json', ++version, text);
    await service.doValidation(document, service.parseJSONDocument(document));
  };
  await timeRounds(ours, 0, 3);
  await timeRounds(theirs, 0, 3);
  const oursTimes: number[] = [];
  const theirTimes: number[] = [];
  for (let i = 0; i < rounds; i++) {
    oursTimes.push(...(await timeRounds(ours, 1, 0)));
    theirTimes.push(...(await timeRounds(theirs, 1, 0)));
  }
  return { ours: median(oursTimes), theirs: median(theirTimes), problems: computeDiagnostics(text, BENCH_LIMITS).length, megabytes: text.length / 1e6, rounds };
}

export async function validate10kFigures(rounds?: number): Promise<Figure[]> {
  const peer = 'vscode-json-languageservice';
  const clean = await measureValidate10k({ rounds });
  const reversed = await measureValidate10k({ rounds, mistakes: true });
  const how = (r: ValidateResult) =>
    `in-process, ${r.megabytes.toFixed(2)} MB of text, median of ${r.rounds} alternating rounds; the peer parses and validates against our generated JSON Schema`;
  return [
    {
      name: 'validate-10k',
      value: clean.ours,
      unit: 'ms',
      digits: 1,
      peer: { name: peer, value: clean.theirs },
      note: `${how(clean)}; ${clean.problems} problems`,
    },
    {
      name: 'validate-10k-reversed',
      value: reversed.ours,
      unit: 'ms',
      digits: 1,
      peer: { name: peer, value: reversed.theirs },
      note: `every range reversed: we report ${reversed.problems} problems, the schema sees none; ${how(reversed)}`,
    },
  ];
}

if (require.main === module) {
  const i = process.argv.indexOf('--rounds');
  validate10kFigures(i > 0 ? Number(process.argv[i + 1]) : undefined).then(printFigures, (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
