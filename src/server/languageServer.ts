// The language server's handlers, on any connection: the IPC one in server.ts, or an in-process
// stream pair in the unit tests. Every answer comes from pure core code through toLsp.ts.
import {
  CodeLensRefreshRequest,
  DocumentSymbol,
  InlayHintRefreshRequest,
  MessageType,
  ShowMessageNotification,
  SymbolKind,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeLens,
  type Command,
  type Connection,
  type InitializeResult,
  type InlayHint,
} from 'vscode-languageserver/node';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DiagnosticOptions } from '../core/diagnostics';
import { quickFixesFor, splitFileNames, splitRequestFile } from '../core/quickFixes';
import { completionsAt, formatCount, hoverAt, rangeLabel } from '../core/requestAssist';
import {
  DEFAULT_SERVER_SETTINGS,
  DIAGNOSTICS_DEBOUNCE_MS,
  DidChangeServerSettings,
  ServerProcessRequest,
  SplitRequestFileCommand,
  SubmitRequestFileCommand,
  ValidateCommand,
  type ServerInitializationOptions,
  type ServerProcessResult,
  type ServerSettings,
  type SplitResult,
  type ValidationSummary,
} from '../shared/lspProtocol';
import { Debouncer } from './debouncer';
import { AnalysisCache, type DocumentAnalysis } from './documentAnalysis';
import { diagnosticData, isOurDiagnostic, toCodeAction, toCompletionItem, toLspDiagnostic, toLspRange, toSplitAction } from './toLsp';

export interface LanguageServerOptions {
  /** Quiet period after an edit before diagnostics run; tests and the benchmark may shorten it. */
  debounceMs?: number;
}

export function startLanguageServer(connection: Connection, options: LanguageServerOptions = {}): void {
  new ReactivateLanguageServer(connection, options.debounceMs ?? DIAGNOSTICS_DEBOUNCE_MS).listen();
}

class ReactivateLanguageServer {
  private readonly documents = new TextDocuments(TextDocument);
  private settings: ServerSettings = { ...DEFAULT_SERVER_SETTINGS };
  private readonly analyses = new AnalysisCache(() => this.diagnosticOptions());
  private readonly debouncer: Debouncer;
  private canRefreshCodeLens = false;
  private canRefreshInlayHints = false;
  private canSubmit = false;

  constructor(
    private readonly connection: Connection,
    debounceMs: number,
  ) {
    this.debouncer = new Debouncer(debounceMs);
  }

  listen(): void {
    const { connection, documents } = this;
    connection.onInitialize((params) => this.initialize(params.initializationOptions, params.capabilities));
    connection.onNotification(DidChangeServerSettings, (settings: Partial<ServerSettings>) => this.updateSettings(settings));
    connection.onRequest(ServerProcessRequest, (): ServerProcessResult => ({ pid: process.pid, rss: process.memoryUsage().rss }));

    // Opening computes at once; typing waits for a pause so that a burst of keys costs one run.
    documents.onDidOpen(({ document }) => this.publish(document));
    documents.onDidChangeContent(({ document }) => this.debouncer.schedule(document.uri, () => this.publishCurrent(document.uri)));
    documents.onDidClose(({ document }) => {
      this.debouncer.cancel(document.uri);
      this.analyses.delete(document.uri);
      void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    });

    connection.onCodeAction((params) => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return [];
      const text = document.getText();
      return params.context.diagnostics.filter(isOurDiagnostic).flatMap((diagnostic) => {
        const data = diagnosticData(diagnostic);
        if (!data) return [];
        // The split writes new files, which a text edit cannot: the server runs it as a command.
        if (diagnostic.code === 'order-too-large') {
          const files = data.data?.splitFiles;
          return files && document.uri.startsWith('file:') ? [toSplitAction(document.uri, files, this.settings.maxNumbersPerOrder, diagnostic)] : [];
        }
        return quickFixesFor(text, { code: diagnostic.code, path: data.path, data: data.data }).map((fix) => toCodeAction(document.uri, fix, diagnostic));
      });
    });
    connection.onCompletion((params) => {
      const document = documents.get(params.textDocument.uri);
      return document ? completionsAt(document.getText(), params.position).map(toCompletionItem) : [];
    });
    connection.onHover((params) => {
      const document = documents.get(params.textDocument.uri);
      const hover = document ? hoverAt(document.getText(), params.position) : undefined;
      return hover ? { contents: { kind: 'markdown', value: hover.markdown }, range: hover.range && toLspRange(hover.range) } : null;
    });
    connection.onDocumentSymbol((params) => {
      const document = documents.get(params.textDocument.uri);
      return document ? this.symbols(this.analyses.get(document)) : [];
    });
    connection.languages.inlayHint.on((params) => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return [];
      const first = params.range.start.line;
      const last = params.range.end.line;
      // Only the visible lines: a 10,000-range file would otherwise send 10,000 hints per scroll.
      return this.analyses
        .get(document)
        .ranges.filter((r) => r.count > 0n && r.range.end.line >= first && r.range.end.line <= last)
        .map((r): InlayHint => ({ position: r.range.end, label: `${formatCount(r.count)}${r.country ? ` · ${r.country}` : ''}`, paddingLeft: true }));
    });
    connection.onCodeLens((params) => {
      const document = documents.get(params.textDocument.uri);
      return document ? this.codeLenses(document.uri, this.analyses.get(document)) : [];
    });
    connection.onExecuteCommand((params) => {
      const uri = typeof params.arguments?.[0] === 'string' ? params.arguments[0] : undefined;
      if (!uri) return undefined;
      if (params.command === ValidateCommand) return this.validate(uri);
      if (params.command === SplitRequestFileCommand) return this.split(uri);
      return undefined;
    });

    documents.listen(connection);
    connection.listen();
  }

  private initialize(
    initializationOptions: unknown,
    capabilities: { workspace?: { codeLens?: { refreshSupport?: boolean }; inlayHint?: { refreshSupport?: boolean } } },
  ): InitializeResult {
    const options = initializationOptions as ServerInitializationOptions | undefined;
    this.applySettings(options);
    this.canSubmit = options?.submitCommand === true;
    this.canRefreshCodeLens = !!capabilities.workspace?.codeLens?.refreshSupport;
    this.canRefreshInlayHints = !!capabilities.workspace?.inlayHint?.refreshSupport;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        completionProvider: { triggerCharacters: ['"'] },
        hoverProvider: true,
        documentSymbolProvider: true,
        inlayHintProvider: true,
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [ValidateCommand, SplitRequestFileCommand] },
      },
      serverInfo: { name: 'colt-reactivate-language-server' },
    };
  }

  private applySettings(settings: Partial<ServerSettings> | undefined): void {
    const max = settings?.maxNumbersPerRange;
    const maxPerOrder = settings?.maxNumbersPerOrder;
    this.settings = {
      maxNumbersPerRange: typeof max === 'number' && Number.isFinite(max) && max > 0 ? max : DEFAULT_SERVER_SETTINGS.maxNumbersPerRange,
      maxNumbersPerOrder:
        typeof maxPerOrder === 'number' && Number.isFinite(maxPerOrder) && maxPerOrder >= 1
          ? Math.floor(maxPerOrder)
          : DEFAULT_SERVER_SETTINGS.maxNumbersPerOrder,
      targetLabel: typeof settings?.targetLabel === 'string' && settings.targetLabel ? settings.targetLabel : DEFAULT_SERVER_SETTINGS.targetLabel,
    };
  }

  private updateSettings(settings: Partial<ServerSettings>): void {
    this.applySettings(settings);
    this.analyses.invalidateAll();
    for (const document of this.documents.all()) this.publish(document);
    if (this.canRefreshInlayHints) void this.connection.sendRequest(InlayHintRefreshRequest.type).catch(() => undefined);
  }

  private publishCurrent(uri: string): void {
    const document = this.documents.get(uri);
    if (document) this.publish(document);
  }

  private publish(document: TextDocument): DocumentAnalysis {
    this.debouncer.cancel(document.uri);
    const analysis = this.analyses.get(document);
    void this.connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: analysis.diagnostics.map(toLspDiagnostic) });
    // The Submit lens says whether the file has errors: it must follow the diagnostics.
    if (this.canRefreshCodeLens) void this.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    return analysis;
  }

  private validate(uri: string): ValidationSummary | undefined {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const analysis = this.publish(document);
    const summary: ValidationSummary = {
      uri,
      errors: analysis.errorCount,
      warnings: analysis.count('warning'),
      infos: analysis.count('info'),
      ranges: analysis.ranges.length,
      numbers: analysis.totalNumbers.toString(),
    };
    void this.connection.sendNotification(ShowMessageNotification.type, {
      type: summary.errors ? MessageType.Warning : MessageType.Info,
      message: describeSummary(document.uri, summary, this.settings.targetLabel),
    });
    return summary;
  }

  private diagnosticOptions(): DiagnosticOptions {
    return { maxNumbersPerRange: this.settings.maxNumbersPerRange, maxNumbersPerOrder: this.settings.maxNumbersPerOrder };
  }

  /** The order-too-large quick fix: the parts of the file as shown (unsaved edits included) written next to it, never over a file. */
  private async split(uri: string): Promise<SplitResult> {
    const document = this.documents.get(uri);
    const refuse = (refused: string): SplitResult => {
      void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: refused });
      return { files: [], refused };
    };
    if (!document) return refuse('Open the request file to split it.');
    if (!uri.startsWith('file:')) return refuse('Save the request file first: its parts are written next to it.');
    const file = fileURLToPath(uri);
    const name = path.basename(file);
    const outcome = splitRequestFile(document.getText(), this.diagnosticOptions());
    if ('refused' in outcome) return refuse(`${name} was not split: ${outcome.refused}`);
    const folder = path.dirname(file);
    const files: string[] = [];
    try {
      const names = splitFileNames(name, outcome.parts.length, new Set(await fs.readdir(folder)));
      for (const [i, part] of outcome.parts.entries()) {
        const target = path.join(folder, names[i]!);
        // 'wx' fails if the file appeared meanwhile: an existing file is never overwritten.
        await fs.writeFile(target, part, { flag: 'wx' });
        files.push(pathToFileURL(target).href);
      }
    } catch (error) {
      const reason =
        (error as NodeJS.ErrnoException).code === 'EEXIST'
          ? 'a file of that name appeared meanwhile, and it was left as it is'
          : String((error as Error).message ?? error);
      const done = files.length ? ` ${files.length} of ${outcome.parts.length} parts were written; delete them and split again.` : '';
      return { ...refuse(`${name} was not split completely: ${reason}.${done}`), files };
    }
    const first = path.basename(fileURLToPath(files[0]!));
    const last = path.basename(fileURLToPath(files[files.length - 1]!));
    void this.connection.sendNotification(ShowMessageNotification.type, {
      type: MessageType.Info,
      message: `${name} split into ${files.length} request files of at most ${outcome.maxNumbersPerOrder.toLocaleString('en-GB')} numbers: ${first} to ${last}. ${name} is unchanged: delete it once you have checked the parts.`,
    });
    return { files };
  }

  private codeLenses(uri: string, analysis: DocumentAnalysis): CodeLens[] {
    const top = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    // Validate runs in the server (workspace/executeCommand), so every editor can offer it.
    const validate: CodeLens = { range: top, command: { title: 'Validate', command: ValidateCommand, arguments: [uri] } };
    if (!this.canSubmit) return [validate];
    return [validate, { range: top, command: this.submitLensCommand(uri, analysis) }];
  }

  private submitLensCommand(uri: string, analysis: DocumentAnalysis): Command {
    const errors = analysis.errorCount;
    // A lens with an empty command id shows as plain text: visibly there, but not clickable.
    if (errors) return { title: `Fix ${errors} ${errors === 1 ? 'error' : 'errors'} before submitting`, command: '' };
    return { title: `Submit to ${this.settings.targetLabel} (${formatCount(analysis.totalNumbers)})`, command: SubmitRequestFileCommand, arguments: [uri] };
  }

  private symbols(analysis: DocumentAnalysis): DocumentSymbol[] {
    const ranges = analysis.ranges;
    if (ranges.length === 0) return [];
    const children = ranges.map((r) =>
      DocumentSymbol.create(
        rangeLabel(r),
        r.count > 0n ? formatCount(r.count) : undefined,
        SymbolKind.Object,
        toLspRange(r.range),
        toLspRange(r.selectionRange),
      ),
    );
    const whole = { start: ranges[0].range.start, end: ranges[ranges.length - 1].range.end };
    return [
      DocumentSymbol.create(
        'numberRangeList',
        `${ranges.length} ${ranges.length === 1 ? 'range' : 'ranges'}, ${formatCount(analysis.totalNumbers)}`,
        SymbolKind.Array,
        whole,
        toLspRange(ranges[0].selectionRange),
        children,
      ),
    ];
  }
}

export function describeSummary(uri: string, s: ValidationSummary, targetLabel: string): string {
  const file = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
  const problems = [
    s.errors && `${s.errors} ${s.errors === 1 ? 'error' : 'errors'}`,
    s.warnings && `${s.warnings} ${s.warnings === 1 ? 'warning' : 'warnings'}`,
    s.infos && `${s.infos} ${s.infos === 1 ? 'note' : 'notes'}`,
  ].filter(Boolean);
  const content = `${s.ranges} ${s.ranges === 1 ? 'range' : 'ranges'}, ${formatCount(BigInt(s.numbers))}`;
  if (s.errors) return `${file}: ${problems.join(', ')} (${content}). Fix the errors shown in the Problems panel before submitting.`;
  const rest = problems.length ? ` (${problems.join(', ')})` : '';
  return `${file} is valid${rest}: ${content}, ready to submit to ${targetLabel}.`;
}
