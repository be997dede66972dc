// What the server knows about one version of a document, computed once and shared by every
// handler: diagnostics (for the current settings) and, only when asked, the list of ranges.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { computeDiagnostics, type DiagnosticOptions, type RequestDiagnostic } from '../core/diagnostics';
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

/** One analysis per open document, recomputed when its version or the settings change. */
export class AnalysisCache {
  private readonly entries = new Map<string, { analysis: DocumentAnalysis; generation: number }>();
  private generation = 0;

  constructor(private readonly options: () => DiagnosticOptions) {}

  get(document: TextDocument): DocumentAnalysis {
    const cached = this.entries.get(document.uri);
    if (cached && cached.analysis.version === document.version && cached.generation === this.generation) return cached.analysis;
    const text = document.getText();
    const analysis = new DocumentAnalysis(text, document.version, computeDiagnostics(text, this.options()));
    this.entries.set(document.uri, { analysis, generation: this.generation });
    return analysis;
  }

  /** Settings changed: every analysis is stale. */
  invalidateAll(): void {
    this.generation++;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
