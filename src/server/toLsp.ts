// The only place core results become LSP types, so core stays free of editor libraries and the
// command line and the form share it (ARCHITECTURE.md, "Who may use whom").
import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  InsertTextFormat,
  type CodeAction,
  type CompletionItem,
  type Diagnostic,
  type Range,
} from 'vscode-languageserver/node';
import type { RequestDiagnostic, Severity } from '../core/diagnostics';
import type { QuickFix } from '../core/quickFixes';
import type { AssistCompletion, CompletionKind, TextRange } from '../core/requestAssist';
import { DIAGNOSTIC_SOURCE, SplitRequestFileCommand } from '../shared/lspProtocol';

/** Carried in Diagnostic.data, so a code action knows the problem's path and hints without recomputing. */
export interface DiagnosticData {
  path: RequestDiagnostic['path'];
  data?: RequestDiagnostic['data'];
}

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toLspRange(range: TextRange): Range {
  return { start: { ...range.start }, end: { ...range.end } };
}

export function toLspDiagnostic(d: RequestDiagnostic): Diagnostic {
  const data: DiagnosticData = { path: d.path, data: d.data };
  return { range: toLspRange(d.range), severity: SEVERITIES[d.severity], code: d.code, source: DIAGNOSTIC_SOURCE, message: d.message, data };
}

export function isOurDiagnostic(d: Diagnostic): d is Diagnostic & { code: string } {
  return d.source === DIAGNOSTIC_SOURCE && typeof d.code === 'string';
}

export function diagnosticData(d: Diagnostic): DiagnosticData | undefined {
  const data = d.data as Partial<DiagnosticData> | undefined;
  return data && Array.isArray(data.path) ? { path: data.path, data: data.data } : undefined;
}

export function toCodeAction(uri: string, fix: QuickFix, diagnostic: Diagnostic): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.isPreferred,
    edit: { changes: { [uri]: fix.edits.map((e) => ({ range: toLspRange(e.range), newText: e.newText })) } },
  };
}

/** The order-too-large quick fix: a command the server runs, since a text edit cannot create files. */
export function toSplitAction(uri: string, files: number, maxNumbersPerOrder: number, diagnostic: Diagnostic): CodeAction {
  const title = `Split into ${files} request files of at most ${maxNumbersPerOrder.toLocaleString('en-GB')} numbers`;
  return {
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: true,
    command: { title, command: SplitRequestFileCommand, arguments: [uri] },
  };
}

const COMPLETION_KINDS: Record<CompletionKind, CompletionItemKind> = {
  value: CompletionItemKind.Value,
  property: CompletionItemKind.Property,
  snippet: CompletionItemKind.Snippet,
  country: CompletionItemKind.EnumMember,
};

export function toCompletionItem(item: AssistCompletion): CompletionItem {
  return {
    label: item.label,
    kind: COMPLETION_KINDS[item.kind],
    detail: item.detail,
    documentation: item.documentation ? { kind: 'markdown', value: item.documentation } : undefined,
    insertTextFormat: item.isSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    sortText: item.sortText,
    // Filtering matches what is typed against the quoted text the item replaces.
    filterText: item.replace ? item.insertText.split(':')[0] : undefined,
    ...(item.replace ? { textEdit: { range: toLspRange(item.replace), newText: item.insertText } } : { insertText: item.insertText }),
  };
}
