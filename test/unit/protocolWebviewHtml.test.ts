import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formCsp, formHtml, newNonce } from '../../src/webview/formHtml';

const cspSource = 'https://file+.vscode-resource.vscode-cdn.net';

function cspOf(html: string): Map<string, string[]> {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
  assert.ok(m, 'the HTML has a CSP meta tag');
  const directives = new Map<string, string[]>();
  for (const part of m[1].replace(/&#39;|&apos;/g, "'").split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name, values);
  }
  return directives;
}

describe('webview HTML hardening', () => {
  const nonce = newNonce();
  const html = formHtml({ cspSource, nonce, scriptUri: `${cspSource}/ext/dist/webview.js`, styleUri: `${cspSource}/ext/media/form.css` });

  it("has default-src 'none', scripts only by nonce, styles only from cspSource, no network", () => {
    const csp = cspOf(html);
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    assert.deepEqual(csp.get('script-src'), [`'nonce-${nonce}'`]);
    assert.deepEqual(csp.get('style-src'), [cspSource]);
    assert.deepEqual(csp.get('connect-src'), ["'none'"]);
    for (const values of csp.values()) {
      assert.ok(!values.includes("'unsafe-inline'") && !values.includes("'unsafe-eval'") && !values.includes('*'), values.join(' '));
    }
  });

  it('every script carries the nonce and has a src; no inline script, handler or javascript: URL', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    for (const [, attrs, body] of scripts) {
      assert.match(attrs, new RegExp(`nonce="${nonce}"`));
      assert.match(attrs, /src="[^"]+webview\.js"/);
      assert.equal(body.trim(), '');
    }
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i);
    assert.doesNotMatch(html, /javascript:/i);
    assert.doesNotMatch(html, /style=/i);
  });

  it('nonces are fresh and long enough', () => {
    const seen = new Set(Array.from({ length: 100 }, newNonce));
    assert.equal(seen.size, 100);
    assert.ok([...seen].every((n) => /^[A-Za-z0-9_-]{24}$/.test(n)));
    assert.match(formCsp(cspSource, 'abc'), /script-src 'nonce-abc'/);
  });

  it('escapes the URIs it is given', () => {
    const evil = formHtml({ cspSource, scriptUri: 'x"><script>alert(1)</script>', styleUri: 'y' });
    assert.equal([...evil.matchAll(/<script\b/g)].length, 1);
  });

  it('the webview source sets no inline handlers and never writes HTML from strings', () => {
    const dir = path.join(__dirname, '../../src/webview');
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      assert.doesNotMatch(text, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/, file);
      assert.doesNotMatch(text, /setAttribute\(\s*['"]on/i, file);
      assert.doesNotMatch(text, /'on[a-z]+':/i, file);
    }
  });
});
