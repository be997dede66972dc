// One context per bundle (ARCHITECTURE.md, "Who may use whom"). Type-checking is `tsc --noEmit`, not esbuild's job.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  // jsonc-parser's "main" is a UMD build whose dynamic require('./impl/...') esbuild cannot follow.
  mainFields: ['module', 'main'],
};

/** @type {import('esbuild').BuildOptions[]} */
const bundles = [
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
];
// The extension host's bundles: dist/extension.js, all that VS Code evaluates at start-up, and one
// bundle per part that loads on first use, dist/<name>.part.js from src/extension/parts/<name>.ts
// (src/extension/parts.ts). No code splitting: esbuild splits only ESM, and VS Code loads CommonJS.
const PARTS_DIR = 'src/extension/parts';
const parts = fs.existsSync(PARTS_DIR) ? fs.readdirSync(PARTS_DIR).filter((f) => f.endsWith('.ts')) : [];
/** @type {import('esbuild').BuildOptions} */
const extensionHost = {
  ...common,
  entryPoints: {
    extension: 'src/extension/extension.ts',
    ...Object.fromEntries(parts.map((f) => [`${f.replace(/\.ts$/, '')}.part`, `${PARTS_DIR}/${f}`])),
  },
  outdir: 'dist',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
};
const server = { ...common, entryPoints: ['src/server/server.ts'], outfile: 'dist/server.js', platform: 'node', format: 'cjs', target: 'node20' };
const webview = {
  ...common,
  entryPoints: ['src/webview/main.ts'],
  outfile: 'dist/webview.js',
  platform: 'browser',
  mainFields: ['browser', 'module', 'main'],
  format: 'iife',
  target: 'es2022',
};
const optional = [extensionHost, server, webview];
for (const b of optional) if (fs.existsSync(Object.values(b.entryPoints)[0])) bundles.push(b);

async function writeJsonSchema() {
  // The JSON Schema for request files is generated from the zod schema, so the two never drift.
  const out = path.join(__dirname, 'dist', 'schemaEntry.js');
  await esbuild.build({
    ...common,
    sourcemap: false,
    entryPoints: ['src/core/jsonSchema.ts'],
    outfile: out,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  });
  const { requestJsonSchema } = require(out);
  fs.writeFileSync(path.join(__dirname, 'dist', 'reactivate.schema.json'), JSON.stringify(requestJsonSchema(), null, 2) + '\n');
  fs.rmSync(out);
}

async function main() {
  const contexts = await Promise.all(bundles.map((b) => esbuild.context(b)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  await writeJsonSchema();
  fs.chmodSync(path.join(__dirname, 'dist', 'cli.js'), 0o755);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

// For test/unit/bundles.test.ts, which builds the extension host's bundles as production does and reads what went in.
module.exports = { extensionHost, server, webview };
