// What the server knows about one version of a document, computed once and shared by every
// handler: diagnostics (for the current settings) and, only when asked, the list of ranges.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DiagnosticOptions, RequestDiagnostic } from '../core/diagnostics';
import { DiagnosticsSession } from '../core/diagnosticsSession';
import { listRanges, type RangeEntry } from '../core/requestAssist';

export class DocumentAnalysis {
  private rangeList: RangeEntry[] | undefined;
  readonly errorCount: number;

  constructor(
    readonly text: string,
    readonly version: number,
    readonly diagnostics: RequestDiagnostic[],
  ) {
    this.errorCount = diagnostics.filter((d) => d.severity === 'error').length;
  }

  get ranges(): RangeEntry[] {
    this.rangeList ??= listRanges(this.text);
    return this.rangeList;
  }

  get totalNumbers(): bigint {
    return this.ranges.reduce((sum, r) => sum + r.count, 0n);
  }

  count(severity: RequestDiagnostic['severity']): number {
    return this.diagnostics.filter((d) => d.severity === severity).length;
  }
}

/**
 * One analysis per open document, recomputed when its version or the settings change. Each document
 * keeps a DiagnosticsSession, so that an edit inside one range re-checks that range, not the whole file.
 */
export class AnalysisCache {
  private readonly entries = new Map<string, { analysis: DocumentAnalysis; generation: number }>();
  private readonly sessions = new Map<string, DiagnosticsSession>();
  private generation = 0;

  constructor(private readonly options: () => DiagnosticOptions) {}

  get(document: TextDocument): DocumentAnalysis {
    const cached = this.entries.get(document.uri);
    if (cached && cached.analysis.version === document.version && cached.generation === this.generation) return cached.analysis;
    const text = document.getText();
    let session = this.sessions.get(document.uri);
    if (!session) this.sessions.set(document.uri, (session = new DiagnosticsSession()));
    const analysis = new DocumentAnalysis(text, document.version, session.update(text, this.options()));
    this.entries.set(document.uri, { analysis, generation: this.generation });
    return analysis;
  }

  /** Settings changed: every analysis is stale. */
  invalidateAll(): void {
    this.generation++;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
    this.sessions.delete(uri);
  }
}
