// The exact order POST as a curl command, for users who want to try it by hand or hand it to
// Colt support. The token and credentials are shell variables, never values: the command can be
// pasted into a ticket without leaking anything.
import type { ReactivationRequest } from './schemas';
import { API_PATHS } from './targets';

/** Single-quotes a word for POSIX shells; a quote inside becomes '\''. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function requestAsCurl(o: { baseUrl: string; body: ReactivationRequest; trackingId: string }): string {
  const base = o.baseUrl.replace(/\/+$/, '');
  const { $schema: _never, ...body } = o.body as ReactivationRequest & { $schema?: unknown };
  const tokenCall = [
    'curl -sS -X POST',
    shellQuote(base + API_PATHS.token),
    '-u "$COLT_CLIENT_ID:$COLT_CLIENT_SECRET"',
    "-H 'Content-Type: application/x-www-form-urlencoded'",
    '-H "x-tracking-id: token-$(date +%s)"',
    '-d grant_type=client_credentials',
  ].join(' ');
  return [
    '# Get a token first (needs COLT_CLIENT_ID and COLT_CLIENT_SECRET set, and jq):',
    `# COLT_TOKEN=$(${tokenCall} | jq -r .access_token)`,
    `curl -sS -X POST ${shellQuote(base + API_PATHS.order)} \\`,
    '  -H "Authorization: Bearer $COLT_TOKEN" \\',
    "  -H 'Content-Type: application/json' \\",
    `  -H ${shellQuote(`x-tracking-id: ${o.trackingId}`)} \\`,
    `  --data-raw ${shellQuote(JSON.stringify(body, null, 2))}`,
  ].join('\n');
}
