// Where a secret could end up in an e2e run, and how to look for it: the raw bytes of every file
// code-server, Chromium and the workspace hold, in the encodings a leak would take.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The byte patterns of a secret as it would be written: UTF-8, UTF-16 (V8/IndexedDB), base64 (Basic auth). */
export function secretPatterns(secret: string, clientId: string): { name: string; bytes: Buffer }[] {
  const basic = Buffer.from(`${clientId}:${secret}`).toString('base64');
  return [
    { name: 'UTF-8', bytes: Buffer.from(secret, 'utf8') },
    { name: 'UTF-16LE', bytes: Buffer.from(secret, 'utf16le') },
    { name: 'base64 of id:secret (Basic auth)', bytes: Buffer.from(basic, 'latin1') },
    // base64 of the secret alone, without the last (partial, padded) group.
    {
      name: 'base64 of the secret',
      bytes: Buffer.from(
        Buffer.from(secret)
          .toString('base64')
          .slice(0, Math.floor(secret.length / 3) * 4),
        'latin1',
      ),
    },
  ];
}

export interface SearchResult {
  files: number;
  bytes: number;
  hits: { file: string; pattern: string }[];
}

/** Searches every regular file under `roots` for each pattern (files that vanish meanwhile are skipped). */
export function searchFiles(roots: string[], patterns: { name: string; bytes: Buffer }[]): SearchResult {
  const result: SearchResult = { files: 0, bytes: 0, hits: [] };
  for (const root of roots) {
    if (!fs.existsSync(root)) continue;
    for (const entry of fs.readdirSync(root, { recursive: true, encoding: 'utf8' })) {
      const file = path.join(root, entry);
      let content: Buffer;
      try {
        const stat = fs.lstatSync(file);
        if (!stat.isFile()) continue;
        content = fs.readFileSync(file);
      } catch {
        continue; // sockets, locks and files removed while we walk
      }
      result.files++;
      result.bytes += content.length;
      for (const p of patterns) if (content.includes(p.bytes)) result.hits.push({ file, pattern: p.name });
    }
  }
  return result;
}

/** The files among `roots` that contain `text` (UTF-8): a positive control for the search. */
export function filesContaining(roots: string[], text: string): string[] {
  return searchFiles(roots, [{ name: 'text', bytes: Buffer.from(text) }]).hits.map((h) => h.file);
}

/**
 * The profile folders of the Chromium browsers this process launched (Playwright gives each a
 * temporary --user-data-dir; IndexedDB and localStorage of the workbench live there).
 */
export function chromiumProfileDirs(parentPid = process.pid): string[] {
  const dirs: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== parentPid) continue;
      const arg = fs
        .readFileSync(`/proc/${pid}/cmdline`, 'utf8')
        .split('\0')
        .find((a) => a.startsWith('--user-data-dir='));
      if (arg) dirs.push(arg.slice('--user-data-dir='.length));
    } catch {
      // The process ended while we looked.
    }
  }
  return dirs;
}
