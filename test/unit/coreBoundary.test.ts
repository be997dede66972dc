// src/core runs in plain Node, in the language server and in the webview: it must never reach
// for the editor (vscode) or for the layers built on top of it (ARCHITECTURE.md, "Who may use whom").
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const CORE = path.join(__dirname, '..', '..', 'src', 'core');
const FORBIDDEN_PACKAGES = [/^vscode$/, /^vscode-languageserver/, /^vscode-languageclient/];
const FORBIDDEN_LAYERS = ['emulator', 'cli', 'extension', 'server', 'webview'].map((dir) => path.join(CORE, '..', dir));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(entry.name) ? [full] : [];
  });
}

/** Every module specifier: static imports and exports, `import type`, dynamic import() and require(). */
function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of source.matchAll(pattern)) specifiers.push(match[1]!);
  }
  return specifiers;
}

describe('src/core boundary', () => {
  const files = sourceFiles(CORE);

  it('finds the core sources', () => {
    assert.ok(files.some((f) => f.endsWith('diagnostics.ts')));
    assert.ok(files.length >= 5);
  });

  it('recognises every import form (self-check)', () => {
    const sample = `import * as vscode from 'vscode';\nimport type { X } from "../extension/x";\nexport { y } from './y';\nconst z = require('vscode');\nawait import('../cli/main');\nimport './side-effect';`;
    assert.deepEqual(importsOf(sample).sort(), ['../cli/main', '../extension/x', './side-effect', './y', 'vscode', 'vscode'].sort());
  });

  for (const file of files) {
    it(`${path.relative(CORE, file)} imports neither vscode nor an outer layer`, () => {
      for (const specifier of importsOf(fs.readFileSync(file, 'utf8'))) {
        assert.ok(!FORBIDDEN_PACKAGES.some((p) => p.test(specifier)), `${specifier} is an editor package`);
        if (specifier.startsWith('.')) {
          const target = path.resolve(path.dirname(file), specifier);
          const layer = FORBIDDEN_LAYERS.find((dir) => target === dir || target.startsWith(dir + path.sep));
          assert.equal(layer, undefined, `${specifier} reaches into src/${path.basename(layer ?? '')}`);
        }
      }
    });
  }
});
