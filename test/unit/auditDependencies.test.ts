// `npm audit --omit=dev --audit-level=high`: what ships (the runtime dependencies bundled into
// dist/) has no known high or critical vulnerability. It asks the npm registry's audit API.
// When the registry answers that it offers no audit API (HTTP 405, as the registry proxy of
// this offline workplace and its CI do: only GET and HEAD pass), the test is reported as
// pending with the reason, loudly, rather than passing: nothing was checked. Any other failure
// to get a report fails the test. COLT_SKIP_AUDIT=1 skips it explicitly.
import { deadline } from '../deadline';
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const BLOCKING = new Set(['high', 'critical']);

interface AuditReport {
  vulnerabilities?: Record<string, { severity: string; via: unknown[]; fixAvailable?: unknown }>;
  metadata?: { vulnerabilities: Record<string, number>; dependencies?: { prod?: number; total?: number } };
  message?: string;
  statusCode?: number;
  error?: { summary?: string; detail?: string } | string;
}

/** Runs npm audit and returns its JSON report, or the reason it could not produce one. */
export function runAudit(cwd = ROOT): { report?: AuditReport; problem?: string } {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['audit', '--omit=dev', '--audit-level=high', '--json'], { cwd, encoding: 'utf8', timeout: deadline(90_000) });
  if (r.error) return { problem: `could not run npm audit: ${r.error.message}` };
  let report: AuditReport;
  try {
    report = JSON.parse(r.stdout) as AuditReport;
  } catch {
    return { problem: `npm audit printed no JSON report (exit ${r.status}):\n${(r.stderr || r.stdout).trim().slice(0, 2000)}` };
  }
  if (!report.metadata) {
    const reason = report.message ?? (typeof report.error === 'string' ? report.error : report.error?.summary) ?? r.stderr.trim();
    return { problem: `the registry's audit API gave no report${report.statusCode ? ` (HTTP ${report.statusCode})` : ''}: ${reason}` };
  }
  return { report };
}

describe('npm audit of the runtime dependencies', function () {
  this.timeout(deadline(120_000));

  it('reports no high or critical vulnerability (npm audit --omit=dev --audit-level=high)', function () {
    if (process.env.COLT_SKIP_AUDIT === '1') this.skip();
    const { report, problem } = runAudit();
    if (problem?.includes('(HTTP 405)')) {
      console.warn(`      npm audit NOT CHECKED: ${problem.split('\n')[0]}`);
      this.skip();
    }
    if (problem) {
      assert.fail(
        `npm audit could not check the dependencies, so this security check fails: ${problem}\n` +
          'It needs the npm registry audit endpoint (POST /-/npm/v1/security/advisories/bulk). Run `npm audit --omit=dev` where ' +
          'it is reachable; on a machine whose registry mirror has no audit API, COLT_SKIP_AUDIT=1 skips this test explicitly.',
      );
    }
    const blocking = Object.entries(report!.vulnerabilities ?? {})
      .filter(([, v]) => BLOCKING.has(v.severity))
      .map(([name, v]) => `${name} (${v.severity}${v.fixAvailable ? ', fix available: npm audit fix' : ''})`);
    assert.deepEqual(blocking, [], `high or critical vulnerabilities in runtime dependencies: ${blocking.join(', ')}`);
    const counts = report!.metadata!.vulnerabilities;
    assert.equal((counts.high ?? 0) + (counts.critical ?? 0), 0, JSON.stringify(counts));
  });
});
