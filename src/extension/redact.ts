// No vscode import: unit-tested in plain Node.

/**
 * Removes anything that looks like a credential before a line reaches the channel.
 * Known secrets (registered with addSecret) are replaced verbatim; patterns catch bearer/basic
 * headers, token fields and form-encoded secrets even when we never saw the value.
 */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join('***');
  }
  return out
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 ***')
    .replace(/("?(?:access_token|client_secret|clientSecret|password|token)"?\s*[:=]\s*"?)[^"&\s,}]+/gi, '$1***');
}
