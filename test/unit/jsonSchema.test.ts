// The generated JSON Schema (VS Code's own JSON validation, other editors, CI linters) and the
// zod schema must agree on every fixture: same accepted, same rejected.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { requestJsonSchema } from '../../src/core/jsonSchema';
import { requestBodySchema, requestFileSchema } from '../../src/core/schemas';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'requests');
const expectations = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'expectations.json'), 'utf8')) as Record<
  string,
  { schema: 'accept' | 'reject' | 'unparseable' }
>;

describe('JSON Schema for request files', () => {
  const schema = requestJsonSchema();
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);

  it('is draft 2020-12 with an $id, a title and descriptions', () => {
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.equal(typeof schema.$id, 'string');
    assert.equal(typeof schema.title, 'string');
    assert.ok(JSON.stringify(schema).includes('E.164'));
  });

  it('lists every fixture in expectations.json, and every expectation has a fixture', () => {
    const files = fs
      .readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.reactivate.json'))
      .map((f) => f.replace('.reactivate.json', ''))
      .sort();
    assert.deepEqual(files, Object.keys(expectations).sort());
  });

  for (const [name, expected] of Object.entries(expectations)) {
    if (expected.schema === 'unparseable') continue;
    it(`${name}: ajv and zod both ${expected.schema}`, () => {
      const value = JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.reactivate.json`), 'utf8'));
      const byAjv = validate(value);
      const byZod = requestFileSchema.safeParse(value).success;
      assert.equal(byAjv, byZod, `ajv ${byAjv} (${ajv.errorsText(validate.errors)}), zod ${byZod}`);
      assert.equal(byZod, expected.schema === 'accept');
    });
  }

  it('covers each rule with at least one rejected fixture', () => {
    const rejected = Object.entries(expectations).filter(([, e]) => e.schema === 'reject').length;
    assert.ok(rejected >= 20, `${rejected} rejected fixtures`);
  });

  it('allows "$schema" and unknown properties, as zod does (they are stripped before sending)', () => {
    const value = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'unknown-property.reactivate.json'), 'utf8'));
    assert.equal(validate({ $schema: 'x', ...value }), true);
    assert.deepEqual(Object.keys(requestBodySchema.parse({ $schema: 'x', ...value })).sort(), ['numberRangeList', 'productOffering', 'relatedParty']);
  });

  it('examples/ name it by its $id, as the New Request File template and the form do (no path into a checkout)', () => {
    const examples = path.join(__dirname, '..', '..', 'examples');
    const files = fs.readdirSync(examples).filter((f) => f.endsWith('.reactivate.json'));
    assert.ok(files.length >= 3, files.join());
    for (const file of files) assert.equal(JSON.parse(fs.readFileSync(path.join(examples, file), 'utf8')).$schema, schema.$id, file);
    assert.match(String(schema.$id), /^https:\/\/[^/]+\/reactivate\.schema\.json$/);
  });

  it('is what `npm run build` writes, when the build has run', function () {
    const built = path.join(__dirname, '..', '..', 'dist', 'reactivate.schema.json');
    if (!fs.existsSync(built)) this.skip();
    assert.deepEqual(JSON.parse(fs.readFileSync(built, 'utf8')), JSON.parse(JSON.stringify(schema)));
  });
});
