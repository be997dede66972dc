// The form's HTML shell. It runs on the host (ReactivationFormPanel), not in the webview, but
// lives beside the webview code it loads and stays free of `vscode`, so the CSP is unit-tested
// in plain Node. Hardening: nothing loads unless listed; the one script
// runs by nonce; styles come only from the extension's own files; no network at all.
import { randomBytes } from 'node:crypto';

export interface FormHtmlOptions {
  /** webview.cspSource: the origin VS Code serves local resources from. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce?: string;
}

export function newNonce(): string {
  return randomBytes(18).toString('base64url');
}

export function formCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
    "connect-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function formHtml(o: FormHtmlOptions): string {
  const nonce = o.nonce ?? newNonce();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(formCsp(o.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(o.styleUri)}">
<title>Reactivate Numbers</title>
</head>
<body>
<main id="app" aria-label="Reactivation form"></main>
<script nonce="${attr(nonce)}" src="${attr(o.scriptUri)}"></script>
</body>
</html>`;
}
